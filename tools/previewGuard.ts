// Fails a real `pulumi preview --json` that would replace or delete a stateful resource (user pool,
// user pool client, identity pool), or change the schema of an existing user pool, which the
// provider refuses at `pulumi up`. The offline plan diff (tools/plan.ts --diff) predicts this from
// the program; this reads what the engine actually decided against the deployed state, so it also
// catches drift and provider rules the offline list does not know.
//   node dist/tools/previewGuard.js [--allow-replace] <preview.json>...
import * as fs from "fs";
import { parseArgs } from "node:util";
import { SCHEMA_INPUT, STATEFUL_NAMES, STATEFUL_TYPES } from "./planDiff";

/** Step operations that destroy (or start destroying) the resource a step is about. */
export const DESTRUCTIVE_OPS: readonly string[] = [
    "delete",
    "replace",
    "create-replacement",
    "delete-replaced",
    "discard",
    "discard-replaced",
    "read-replacement",
    "import-replacement",
    "remove-pending-replace",
];

export const USAGE = "usage: previewGuard [--allow-replace] <preview.json>...";

/**
 * One step of `pulumi preview --json` (pulumi/pkg/display/json.go, previewStep). `detailedDiff` maps
 * property paths to a kind: add, add-replace, delete, delete-replace, update, update-replace.
 */
interface PreviewStep {
    op?: string;
    urn?: string;
    oldState?: { type?: string };
    newState?: { type?: string };
    diffReasons?: string[];
    replaceReasons?: string[];
    detailedDiff?: Record<string, { kind?: string }>;
}

export interface RefusedStep {
    op: string;
    urn: string;
    type: string;
    /** Why it is refused: the engine's replace reasons, or the failing update. */
    why: string;
}

function typeOf(step: PreviewStep): string {
    const fromState = step.newState?.type ?? step.oldState?.type;
    if (fromState) return fromState;
    // urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>
    const parts = String(step.urn ?? "").split("::");
    return parts.length >= 4 ? (parts[2].split("$").pop() as string) : "";
}

const underSchemas = (path: string) => path === SCHEMA_INPUT.input || path.startsWith(`${SCHEMA_INPUT.input}[`) || path.startsWith(`${SCHEMA_INPUT.input}.`);

/**
 * Whether an update of a user pool changes or removes schema entries, which the provider refuses
 * ("cannot modify or remove schema items"; see SCHEMA_INPUT in planDiff.ts). Only additions pass.
 * Without a detailed diff an addition cannot be told from a change, so a schema diff is refused.
 */
export function schemaUpdateFails(step: PreviewStep): boolean {
    if (step.op !== "update" || typeOf(step) !== SCHEMA_INPUT.type) return false;
    const kinds = Object.entries(step.detailedDiff ?? {})
        .filter(([path]) => underSchemas(path))
        .map(([, diff]) => diff?.kind);
    if (kinds.length > 0) return kinds.some((kind) => kind !== "add");
    return (step.diffReasons ?? []).includes(SCHEMA_INPUT.input);
}

/** The refused steps on stateful resources. Throws when `preview` is not a preview (fail closed). */
export function refusedSteps(preview: unknown): RefusedStep[] {
    const steps = (preview as { steps?: unknown } | null)?.steps;
    if (!Array.isArray(steps)) throw new Error("not the output of `pulumi preview --json`: it has no steps list");
    return (steps as PreviewStep[]).flatMap((s): RefusedStep[] => {
        const type = typeOf(s);
        if (!STATEFUL_TYPES.includes(type)) return [];
        const base = { op: String(s.op), urn: String(s.urn), type };
        if (DESTRUCTIVE_OPS.includes(base.op)) return [{ ...base, why: s.replaceReasons?.length ? `replace reasons: ${s.replaceReasons.join(", ")}` : "" }];
        if (schemaUpdateFails(s)) return [{ ...base, why: 'changes or removes schema entries: the update fails with "cannot modify or remove schema items"' }];
        return [];
    });
}

/** Exit code: 0 clean (or allowed), 1 refused steps, 2 usage error or unreadable input. */
export function main(argv: string[], log: (line: string) => void = console.log): number {
    let allowReplace: boolean;
    let files: string[];
    try {
        const { values, positionals } = parseArgs({ args: argv, options: { "allow-replace": { type: "boolean" } }, allowPositionals: true, strict: true });
        allowReplace = values["allow-replace"] === true;
        files = positionals;
    } catch (e) {
        // Node's own message names the bad flag (ERR_PARSE_ARGS_UNKNOWN_OPTION, ...).
        log(`${(e as Error).message}\n${USAGE}`);
        return 2;
    }
    if (files.length === 0) {
        log(USAGE);
        return 2;
    }
    let found = 0;
    for (const file of files) {
        let steps: RefusedStep[];
        try {
            steps = refusedSteps(JSON.parse(fs.readFileSync(file, "utf8")));
        } catch (e) {
            log(`${file}: ${(e as Error).message}`);
            return 2;
        }
        for (const s of steps) log(`${file}: ${s.op} ${s.urn}${s.why ? ` (${s.why})` : ""}`);
        if (steps.length === 0) log(`${file}: no ${STATEFUL_NAMES} would be replaced or deleted, and no user pool schema would change`);
        found += steps.length;
    }
    if (found === 0) return 0;
    const what = `${found} step(s) would replace, delete or fail to update a stateful resource`;
    log(allowReplace ? `${what}; allowed by --allow-replace` : `Refusing: ${what}. If that is intended, re-run with --allow-replace.`);
    return allowReplace ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
