// The one error type for bad input: arguments, config, transforms, statements that arrive as outputs.

export interface LabeledProblem {
    /** The argument path or config key the problem is about. */
    label: string;
    /** What is wrong, starting with "must" or "is". */
    message: string;
}

/** Thrown before anything is created when arguments or config are invalid; lists every problem once. */
export class CognitoAuthValidationError extends Error {
    readonly problems: ReadonlyArray<LabeledProblem>;

    constructor(problems: ReadonlyArray<LabeledProblem>, context: string) {
        const unique = problems.filter((p, i) => problems.findIndex((q) => q.label === p.label && q.message === p.message) === i);
        super(`${context}: ${unique.length} problem(s):\n` + unique.map((p) => `  - ${p.label} ${p.message}`).join("\n"));
        this.problems = unique;
        this.name = "CognitoAuthValidationError";
    }
}

/** A value for messages: as JSON (strings quoted), or `String(v)` for what JSON has no text for (undefined, functions, symbols). */
export const show = (v: unknown): string => JSON.stringify(v) ?? String(v);
