// `npm run plan -- --stack <name> [--out plan.json] [--diff base.json] [--allow-replace] [--readme]`
//
// Evaluates the stack program under the shared Pulumi mocks (tools/evaluate.ts) with the stack's real
// config: no Pulumi CLI, no cloud credentials. Prints every resource with its key inputs, writes the
// full plan as JSON (default plan/<stack>.json) and a Mermaid graph beside it (.mmd), and optionally
// diffs against a base plan, failing when a stateful resource (user pool, client, identity pool) would
// be replaced or deleted, or would get an update that fails (planDiff.ts).
// Exit codes: 0 fine, 1 refused diff, 2 usage or evaluation error.
import * as fs from "fs";
import * as path from "path";
import { parseCommandLine, UsageError } from "./commandLine";
import { ROOT } from "./evaluate";
import { diffPlans, renderDiff } from "./planDiff";
import { README_STACK, README_COMMAND, renderMermaid, renderReadmeBlock, replaceReadmeBlock } from "./planGraph";
import { parsePlan, PlanFormatError, planStack, renderListing, serializePlan, type Plan } from "./planModel";

export interface PlanOptions {
    stack: string;
    /** JSON plan path; the Mermaid graph goes beside it with a .mmd extension. */
    out: string;
    diff?: string;
    allowReplace: boolean;
    readme: boolean;
}

export const USAGE = "usage: npm run plan -- --stack <dev|prod> [--out <plan.json>] [--diff <base.json>] [--allow-replace] [--readme]";

export { UsageError };

/** The flags, as `node:util` parseArgs takes them. */
const FLAGS = {
    stack: { type: "string" },
    out: { type: "string" },
    diff: { type: "string" },
    "allow-replace": { type: "boolean" },
    readme: { type: "boolean" },
} as const;

/**
 * The options of a command line. `node:util` parseArgs splits it into tokens; it runs non-strict
 * so that the checks below, not Node's own messages, say what is wrong in the words of USAGE.
 */
export function parseArgs(argv: string[]): PlanOptions {
    const values = parseCommandLine(argv, FLAGS);
    const { stack, out, diff } = values as { stack?: string; out?: string; diff?: string };
    const readme = values.readme === true;
    if (!stack) throw new UsageError("--stack is required");
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new UsageError(`bad stack name ${stack}`);
    if (readme && stack !== README_STACK) throw new UsageError(`the README diagram is drawn from the ${README_STACK} stack: ${README_COMMAND}`);
    return { stack, out: path.resolve(out ?? path.join(ROOT, "plan", `${stack}.json`)), diff, allowReplace: values["allow-replace"] === true, readme };
}

/** `.json` → `.mmd` (or `.mmd` appended). */
export const graphPath = (out: string) => (out.endsWith(".json") ? `${out.slice(0, -5)}.mmd` : `${out}.mmd`);

/** A path as the user would type it: relative inside the working folder, absolute outside. */
const shown = (p: string) => {
    const relative = path.relative(process.cwd(), p);
    return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : p;
};

/** The whole command; returns the exit code instead of exiting so tests can call it (with another README). */
export async function run(argv: string[], log: (line: string) => void = console.log, readmeFile = path.join(ROOT, "README.md")): Promise<number> {
    let options: PlanOptions;
    try {
        options = parseArgs(argv);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        log(`${e.message}\n${USAGE}`);
        return 2;
    }
    try {
        const plan = await planStack(options.stack);
        log(renderListing(plan));
        fs.mkdirSync(path.dirname(options.out), { recursive: true });
        fs.writeFileSync(options.out, serializePlan(plan));
        fs.writeFileSync(graphPath(options.out), renderMermaid(plan));
        log(`Wrote ${shown(options.out)} and ${shown(graphPath(options.out))}`);

        if (options.readme) {
            const before = fs.readFileSync(readmeFile, "utf8");
            const after = replaceReadmeBlock(before, renderReadmeBlock(plan));
            if (after !== before) fs.writeFileSync(readmeFile, after);
            log(after === before ? "README.md diagram is up to date" : "Updated the diagram in README.md");
        }

        if (options.diff) {
            let base: Plan;
            try {
                base = parsePlan(fs.readFileSync(options.diff, "utf8"), options.diff);
            } catch (e) {
                // The PR that changes the plan format cannot be diffed against its base; the real preview still guards it.
                if (!(e instanceof PlanFormatError)) throw e;
                log(`Skipping the diff: ${e.message}`);
                return 0;
            }
            const diff = diffPlans(base, plan);
            log(renderDiff(diff, options.stack, shown(path.resolve(options.diff)), options.allowReplace));
            if (diff.hazards.length > 0 && !options.allowReplace) return 1;
        }
        return 0;
    } catch (e) {
        log(`plan failed: ${e instanceof Error ? e.message : String(e)}`);
        return 2;
    }
}

if (require.main === module) {
    run(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (e: unknown) => {
            console.error(e);
            process.exitCode = 2;
        },
    );
}
