// §2 Cold start: a fresh `node` per sample loads the handler file and runs one invocation, the way
// the Lambda runtime does on a cold start (minus the runtime's own bootstrap, which we do not have).
import { spawnSync } from "child_process";
import { lambdaNode } from "../tools/lambdaRuntime";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { median, nsToMs, percentile } from "./stats";

// Runs inside the child. Timing starts before `require` so module read + compile + first call count.
// With "mock-iot", the handler's own (lazy) require of @aws-sdk/client-iot is timed on its own and the
// client is then stubbed with aws-sdk-client-mock (mockClient(IoTClient) resolving AttachPolicy), so no
// request leaves the machine; aws-sdk-client-mock is loaded before timing and the stub's installation is
// timed separately, to be subtracted. Lambda's Node.js runtime resolves the SDK through NODE_PATH
// (/var/runtime/node_modules); the parent points NODE_PATH at the repository's node_modules.
// The handler logs to stdout too (as Lambda's console does); the runner's result follows this mark.
const MARK = "\n@@bench-result@@";
const RUNNER = `"use strict";
const MARK = ${JSON.stringify(MARK)};
const Module = require("module");
const [file, eventJson, mode] = process.argv.slice(2);
let sdkNs = 0n, mockNs = 0n;
if (mode === "mock-iot") {
    const { mockClient } = require("aws-sdk-client-mock");
    const load = Module._load;
    Module._load = function (request, ...rest) {
        if (request !== "@aws-sdk/client-iot" || sdkNs !== 0n) return load.call(this, request, ...rest);
        const a = process.hrtime.bigint();
        const sdk = load.call(this, request, ...rest);
        const b = process.hrtime.bigint();
        mockClient(sdk.IoTClient).on(sdk.AttachPolicyCommand).resolves({});
        mockNs = process.hrtime.bigint() - b;
        sdkNs = b - a;
        return sdk;
    };
}
const event = JSON.parse(eventJson);
const t0 = process.hrtime.bigint();
const uptimeAtStart = process.uptime();
const mod = require(file);
const t1 = process.hrtime.bigint();
Promise.resolve(mod.handler(event)).then((result) => {
    const t2 = process.hrtime.bigint();
    process.stdout.write(MARK + JSON.stringify({
        loadNs: String(t1 - t0), invokeNs: String(t2 - t1 - mockNs), totalNs: String(t2 - t0 - mockNs),
        sdkNs: String(sdkNs), mockNs: String(mockNs), nodeBootMs: uptimeAtStart * 1000, result,
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
    /** With mockIot: the handler's first `require("@aws-sdk/client-iot")` (ms), part of the first invocation. */
    sdkLoadMs?: Distribution;
    /** With mockIot: installing the stub (ms), subtracted from the figures above. */
    mockInstallMs?: Distribution;
}

export interface ColdStartOptions {
    /** Stub @aws-sdk/client-iot when the handler first requires it (see RUNNER). */
    mockIot?: boolean;
    /** Folder the handler's requires resolve from (NODE_PATH), as Lambda's runtime SDK folder. */
    nodePath?: string;
    /** Whether the first invocation's result is the expected one; a sample that is not fails the run. */
    accept: (result: unknown) => boolean;
}

export function distribution(values: number[]): Distribution {
    return { median: median(values), p90: percentile(values, 90), min: percentile(values, 0), max: percentile(values, 100) };
}

function runOnce(file: string, args: string[], env: Record<string, string>): { wallMs: number; stdout: string } {
    const start = process.hrtime.bigint();
    // The Node of the functions' Lambda runtime (nodejs24.x → Node 24), not whatever runs the bench.
    const child = spawnSync(lambdaNode(), [file, ...args], {
        env: { PATH: process.env.PATH ?? "", ...env },
        encoding: "utf8",
        timeout: 30_000,
    });
    const wallMs = nsToMs(process.hrtime.bigint() - start);
    if (child.status !== 0) throw new Error(`cold-start child failed (${child.status ?? child.signal}): ${child.stderr || child.error}`);
    return { wallMs, stdout: child.stdout };
}

/**
 * Cold-start samples for a handler file. `code` is written as `fileName` in a fresh temp dir, next to the
 * runner; `event` is a request the handler accepts with `env`.
 */
export function measureColdStart(code: string, fileName: string, event: unknown, env: Record<string, string>, samples: number, options: ColdStartOptions): ColdStartResult {
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
        const sdk: number[] = [];
        const mock: number[] = [];
        const childEnv = options.nodePath === undefined ? env : { ...env, NODE_PATH: options.nodePath };
        const args = [path.join(dir, fileName), JSON.stringify(event), options.mockIot ? "mock-iot" : "plain"];
        // One unrecorded run warms the OS file cache, as a Lambda host's cache would be for the runtime.
        for (let i = -1; i < samples; i++) {
            const { wallMs, stdout } = runOnce(runner, args, childEnv);
            const r = JSON.parse(stdout.slice(stdout.lastIndexOf(MARK) + MARK.length)) as { loadNs: string; invokeNs: string; totalNs: string; sdkNs: string; mockNs: string; nodeBootMs: number; result: unknown };
            if (!options.accept(r.result)) throw new Error(`cold-start invocation of ${fileName} returned an unexpected result: ${stdout}`);
            if (i < 0) continue;
            load.push(nsToMs(BigInt(r.loadNs)));
            invoke.push(nsToMs(BigInt(r.invokeNs)));
            total.push(nsToMs(BigInt(r.totalNs)));
            wall.push(wallMs);
            boot.push(r.nodeBootMs);
            sdk.push(nsToMs(BigInt(r.sdkNs)));
            mock.push(nsToMs(BigInt(r.mockNs)));
        }
        return {
            samples,
            loadAndInvokeMs: distribution(total),
            loadMs: distribution(load),
            firstInvokeMs: distribution(invoke),
            processWallMs: distribution(wall),
            nodeBootMs: distribution(boot),
            ...(options.mockIot ? { sdkLoadMs: distribution(sdk), mockInstallMs: distribution(mock) } : {}),
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
        const child = spawnSync(lambdaNode(), ["-e", ""], { env: { PATH: process.env.PATH ?? "" }, timeout: 30_000 });
        if (child.status !== 0) throw new Error(`empty node failed: ${child.stderr}`);
        if (i >= 0) wall.push(nsToMs(process.hrtime.bigint() - start));
    }
    return distribution(wall);
}
