// §4 Stack evaluation under Pulumi's runtime mocks (tools/evaluate.ts, the one evaluation module). Each
// configuration runs in its own child process so its first evaluation starts from a cold module cache
// (as a `pulumi up` program does) and the mocks tools/evaluate.ts installs stay out of the bench process.
import { fork } from "child_process";
import type * as Components from "../components";
import type { CognitoAuthArgs } from "../components";
import type { Yaml } from "../tools/cliConfig";
import type * as Evaluate from "../tools/evaluate";
import type { RecordedNode } from "./criticalPath";
import { median, nsToMs } from "./stats";

/**
 * A stack file plus config overrides, as if written into that file; or, with `args`, the component
 * built directly with those arguments in that stack's region (for features stack config cannot set).
 */
export interface StackConfiguration {
    label: string;
    stack: string;
    overrides: Record<string, Yaml>;
    args?: CognitoAuthArgs;
}

export interface StackEvalResult {
    label: string;
    /** Loading tools/evaluate.ts (and with it @pulumi/pulumi, and the mocks), ms. */
    evaluateLoadMs: number;
    /** First evaluateStack: loads the program, the component and @pulumi/aws, then registers everything. */
    firstMs: number;
    warmMs: number[];
    warmMedianMs: number;
    /** Child process spawn to exit, ms. */
    processWallMs: number;
    resources: RecordedNode[];
}

type Message = { error: string } | Omit<StackEvalResult, "processWallMs" | "warmMedianMs">;

async function child(config: StackConfiguration, warmRuns: number): Promise<void> {
    const t0 = process.hrtime.bigint();
    // Loaded here, not at the top: only the child may install the mocks.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const evaluate = require("../tools/evaluate") as typeof Evaluate;
    const t1 = process.hrtime.bigint();
    const once = async () => {
        if (!config.args) return evaluate.evaluateStack(config.stack, config.overrides);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { CognitoAuth } = require("../components") as typeof Components;
        const args = config.args;
        return evaluate.evaluate(() => {
            evaluate.applyStackConfig(config.stack, config.overrides);
            return { userPoolId: new CognitoAuth("auth", args).userPoolId };
        });
    };
    const first = await once();
    const t2 = process.hrtime.bigint();
    const warmMs: number[] = [];
    for (let i = 0; i < warmRuns; i++) {
        const s = process.hrtime.bigint();
        await once();
        warmMs.push(nsToMs(process.hrtime.bigint() - s));
    }
    const message: Message = {
        label: config.label,
        evaluateLoadMs: nsToMs(t1 - t0),
        firstMs: nsToMs(t2 - t1),
        warmMs,
        resources: first.resources.map(({ type, name, custom, urn, dependencies }) => ({ type, name, custom, urn, dependencies })),
    };
    // Exit right after delivery: the Pulumi runtime may keep handles open and the wall time should not wait for them.
    process.send!(message, () => process.exit(0));
}

export function measureStackEvaluation(config: StackConfiguration, warmRuns: number): Promise<StackEvalResult> {
    const { label } = config;
    return new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const proc = fork(__filename, ["--child", JSON.stringify(config), String(warmRuns)], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
        let stderr = "";
        proc.stderr?.on("data", (d) => (stderr += d));
        let message: Message | undefined;
        // The Pulumi runtime may keep handles open after the last evaluation; stop the child (ours) if so.
        let killTimer: NodeJS.Timeout | undefined;
        const timeout = setTimeout(() => proc.kill(), 120_000);
        proc.on("message", (m: Message) => {
            message = m;
            killTimer = setTimeout(() => proc.kill(), 5_000);
        });
        proc.on("exit", (code, signal) => {
            clearTimeout(timeout);
            if (killTimer) clearTimeout(killTimer);
            const processWallMs = nsToMs(process.hrtime.bigint() - start);
            if (message === undefined) return reject(new Error(`stack evaluation child for ${label} exited (${code ?? signal}) without a result: ${stderr}`));
            if ("error" in message) return reject(new Error(`stack evaluation of ${label} failed: ${message.error}`));
            resolve({ ...message, warmMedianMs: median(message.warmMs), processWallMs });
        });
    });
}

if (require.main === module && process.argv[2] === "--child") {
    child(JSON.parse(process.argv[3]) as StackConfiguration, Number(process.argv[4])).catch((e: unknown) => {
        process.send?.({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        process.exitCode = 1;
    });
}
