// Fails a real `pulumi preview --json` that would replace or delete a user pool or identity pool.
// The offline plan diff (tools/plan.ts --diff) predicts this from the program; this reads what the
// engine actually decided against the deployed state, so it also catches drift and provider rules
// the offline list does not know.
//   node dist/tools/previewGuard.js [--allow-replace] <preview.json>...
import * as fs from "fs";
import { STATEFUL_TYPES } from "./planDiff";

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

interface PreviewStep {
    op?: string;
    urn?: string;
    oldState?: { type?: string };
    newState?: { type?: string };
    replaceReasons?: string[];
}

export interface DestructiveStep {
    op: string;
    urn: string;
    type: string;
    replaceReasons: string[];
}

function typeOf(step: PreviewStep): string {
    const fromState = step.newState?.type ?? step.oldState?.type;
    if (fromState) return fromState;
    // urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>
    const parts = String(step.urn ?? "").split("::");
    return parts.length >= 4 ? (parts[2].split("$").pop() as string) : "";
}

/** The destructive steps on stateful resources. Throws when `preview` is not a preview (fail closed). */
export function destructiveSteps(preview: unknown): DestructiveStep[] {
    const steps = (preview as { steps?: unknown } | null)?.steps;
    if (!Array.isArray(steps)) throw new Error("not the output of `pulumi preview --json`: it has no steps list");
    return (steps as PreviewStep[])
        .filter((s) => DESTRUCTIVE_OPS.includes(String(s.op)) && STATEFUL_TYPES.includes(typeOf(s)))
        .map((s) => ({ op: String(s.op), urn: String(s.urn), type: typeOf(s), replaceReasons: s.replaceReasons ?? [] }));
}

/** Exit code: 0 clean (or allowed), 1 destructive steps, 2 unreadable input. */
export function main(argv: string[], log: (line: string) => void = console.log): number {
    const allowReplace = argv.includes("--allow-replace");
    const files = argv.filter((a) => a !== "--allow-replace");
    if (files.length === 0) {
        log("usage: previewGuard [--allow-replace] <preview.json>...");
        return 2;
    }
    let found = 0;
    for (const file of files) {
        let steps: DestructiveStep[];
        try {
            steps = destructiveSteps(JSON.parse(fs.readFileSync(file, "utf8")));
        } catch (e) {
            log(`${file}: ${(e as Error).message}`);
            return 2;
        }
        for (const s of steps) {
            const reasons = s.replaceReasons.length ? ` (replace reasons: ${s.replaceReasons.join(", ")})` : "";
            log(`${file}: ${s.op} ${s.urn}${reasons}`);
        }
        if (steps.length === 0) log(`${file}: no user pool or identity pool would be replaced or deleted`);
        found += steps.length;
    }
    if (found === 0) return 0;
    log(allowReplace ? `${found} destructive step(s) on stateful resources, allowed by --allow-replace` : `Refusing: ${found} destructive step(s) on stateful resources`);
    return allowReplace ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
