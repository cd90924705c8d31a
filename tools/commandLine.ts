// Command lines of the tools: `node:util` parseArgs splits them into tokens, non-strict, so that the
// checks here (not Node's own messages) say what is wrong, in the same words for every tool.
import { parseArgs } from "node:util";

/** A command line that cannot be run: the tools print it with their usage and exit 2. */
export class UsageError extends Error {}

export type Flags = Record<string, { type: "string" | "boolean" }>;

/** The values of `argv`'s flags; throws UsageError on anything but the known flags, used as declared. */
export function parseCommandLine<F extends Flags>(argv: string[], flags: F): { [K in keyof F]?: F[K]["type"] extends "boolean" ? boolean : string } {
    const { values, tokens } = parseArgs({ args: argv, options: flags, strict: false, allowPositionals: true, tokens: true });
    for (const token of tokens) {
        if (token.kind === "positional") throw new UsageError(`unknown argument ${token.value}`);
        if (token.kind === "option-terminator") throw new UsageError("unknown argument --");
        if (!Object.prototype.hasOwnProperty.call(flags, token.name)) throw new UsageError(`unknown argument ${token.rawName}`);
        const type = flags[token.name].type;
        // Non-strict parsing takes the next argument as the value even when it is another flag.
        if (type === "string" && (!token.value || token.value.startsWith("--"))) throw new UsageError(`${token.rawName} needs a value`);
        if (type === "boolean" && token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
    }
    return values as { [K in keyof F]?: F[K]["type"] extends "boolean" ? boolean : string };
}
