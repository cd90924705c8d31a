// §4 Stack evaluation under the test harness's mocks. Each stack runs in its own child process so its
// first evaluation starts from a cold module cache (as a `pulumi up` program does) and the mocks the
// harness installs stay out of the benchmark process.
import { fork } from "child_process";
import type * as Harness from "../tests/harness";
import type { RecordedNode } from "./criticalPath";
import { median, nsToMs } from "./stats";

export interface StackEvalResult {
    stack: string;
    /** Loading the harness (and with it @pulumi/pulumi), ms. */
    harnessLoadMs: number;
    /** First evaluateStack: loads the program, the component and @pulumi/aws, then registers everything. */
    firstMs: number;
    warmMs: number[];
    warmMedianMs: number;
    /** Child process spawn to exit, ms. */
    processWallMs: number;
    resources: RecordedNode[];
}

type Message = { error: string } | Omit<StackEvalResult, "processWallMs" | "warmMedianMs">;

async function child(stack: string, warmRuns: number): Promise<void> {
    const t0 = process.hrtime.bigint();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const harness = require("../tests/harness") as typeof Harness;
    const t1 = process.hrtime.bigint();
    const first = await harness.evaluateStack(stack);
    const t2 = process.hrtime.bigint();
    const warmMs: number[] = [];
    for (let i = 0; i < warmRuns; i++) {
        const s = process.hrtime.bigint();
        await harness.evaluateStack(stack);
        warmMs.push(nsToMs(process.hrtime.bigint() - s));
    }
    const message: Message = {
        stack,
        harnessLoadMs: nsToMs(t1 - t0),
        firstMs: nsToMs(t2 - t1),
        warmMs,
        resources: first.resources.map(({ type, name, custom, urn, dependencies }) => ({ type, name, custom, urn, dependencies })),
    };
    // Exit right after delivery: the Pulumi runtime may keep handles open and the wall time should not wait for them.
    process.send!(message, () => process.exit(0));
}

export function measureStackEvaluation(stack: string, warmRuns: number): Promise<StackEvalResult> {
    return new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const proc = fork(__filename, ["--child", stack, String(warmRuns)], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
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
            if (message === undefined) return reject(new Error(`stack evaluation child for ${stack} exited (${code ?? signal}) without a result: ${stderr}`));
            if ("error" in message) return reject(new Error(`stack evaluation of ${stack} failed: ${message.error}`));
            resolve({ ...message, warmMedianMs: median(message.warmMs), processWallMs });
        });
    });
}

if (require.main === module && process.argv[2] === "--child") {
    child(process.argv[3], Number(process.argv[4])).catch((e: unknown) => {
        process.send?.({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        process.exitCode = 1;
    });
}
