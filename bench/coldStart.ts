// §2 Cold start: a fresh `node` per sample loads the handler file and runs one invocation, the way
// the Lambda runtime does on a cold start (minus the runtime's own bootstrap, which we do not have).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { median, nsToMs, percentile } from "./stats";

// Runs inside the child. Timing starts before `require` so module read + compile + first call count.
const RUNNER = `"use strict";
const t0 = process.hrtime.bigint();
const uptimeAtStart = process.uptime();
const mod = require(process.argv[2]);
const t1 = process.hrtime.bigint();
const event = JSON.parse(process.argv[3]);
Promise.resolve(mod.handler(event)).then((result) => {
    const t2 = process.hrtime.bigint();
    process.stdout.write(JSON.stringify({
        loadNs: String(t1 - t0), invokeNs: String(t2 - t1), totalNs: String(t2 - t0),
        nodeBootMs: uptimeAtStart * 1000, autoConfirmUser: result && result.response && result.response.autoConfirmUser,
    }));
}, (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

export interface Distribution {
    median: number;
    p90: number;
    min: number;
    max: number;
}

export interface ColdStartResult {
    samples: number;
    /** require + first invocation, measured inside the child (ms). */
    loadAndInvokeMs: Distribution;
    loadMs: Distribution;
    firstInvokeMs: Distribution;
    /** spawn to exit of the whole child, as seen by the parent (ms). */
    processWallMs: Distribution;
    /** Node's own bootstrap before the runner's first line (process.uptime()) (ms). */
    nodeBootMs: Distribution;
}

export function distribution(values: number[]): Distribution {
    return { median: median(values), p90: percentile(values, 90), min: percentile(values, 0), max: percentile(values, 100) };
}

function runOnce(file: string, args: string[], env: Record<string, string>): { wallMs: number; stdout: string } {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [file, ...args], {
        env: { PATH: process.env.PATH ?? "", ...env },
        encoding: "utf8",
        timeout: 30_000,
    });
    const wallMs = nsToMs(process.hrtime.bigint() - start);
    if (child.status !== 0) throw new Error(`cold-start child failed (${child.status ?? child.signal}): ${child.stderr || child.error}`);
    return { wallMs, stdout: child.stdout };
}

/**
 * Cold-start samples for a handler file. `file` is written as `fileName` in a fresh temp dir, next to the
 * runner; `event` is a sign-up the handler accepts with `env`.
 */
export function measureColdStart(code: string, fileName: string, event: unknown, env: Record<string, string>, samples: number): ColdStartResult {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognito-auth-bench-"));
    try {
        fs.writeFileSync(path.join(dir, fileName), code);
        const runner = path.join(dir, "runner.js");
        fs.writeFileSync(runner, RUNNER);
        const load: number[] = [];
        const invoke: number[] = [];
        const total: number[] = [];
        const wall: number[] = [];
        const boot: number[] = [];
        // One unrecorded run warms the OS file cache, as a Lambda host's cache would be for the runtime.
        for (let i = -1; i < samples; i++) {
            const { wallMs, stdout } = runOnce(runner, [path.join(dir, fileName), JSON.stringify(event)], env);
            const r = JSON.parse(stdout) as { loadNs: string; invokeNs: string; totalNs: string; nodeBootMs: number; autoConfirmUser: unknown };
            if (r.autoConfirmUser !== true) throw new Error(`cold-start sign-up was not auto-confirmed: ${stdout}`);
            if (i < 0) continue;
            load.push(nsToMs(BigInt(r.loadNs)));
            invoke.push(nsToMs(BigInt(r.invokeNs)));
            total.push(nsToMs(BigInt(r.totalNs)));
            wall.push(wallMs);
            boot.push(r.nodeBootMs);
        }
        return {
            samples,
            loadAndInvokeMs: distribution(total),
            loadMs: distribution(load),
            firstInvokeMs: distribution(invoke),
            processWallMs: distribution(wall),
            nodeBootMs: distribution(boot),
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Wall time of `node -e ""`: the floor every cold-start sample above includes. */
export function measureEmptyNode(samples: number): Distribution {
    const wall: number[] = [];
    for (let i = -1; i < samples; i++) {
        const start = process.hrtime.bigint();
        const child = spawnSync(process.execPath, ["-e", ""], { env: { PATH: process.env.PATH ?? "" }, timeout: 30_000 });
        if (child.status !== 0) throw new Error(`empty node failed: ${child.stderr}`);
        if (i >= 0) wall.push(nsToMs(process.hrtime.bigint() - start));
    }
    return distribution(wall);
}
