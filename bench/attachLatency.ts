// §3 Warm latency of the IoT attach function: the deployed bytes, in this process, answering accepted
// requests. Its IoT client is stubbed with aws-sdk-client-mock (mockClient(IoTClient) resolving
// AttachPolicy), so the figures are the function's own work plus the SDK's command construction and
// the stub's bookkeeping, without the network call to IoT (tens of ms in Lambda, not measurable here).
import * as path from "path";
import type * as IotSdk from "@aws-sdk/client-iot";
import { mockClient } from "aws-sdk-client-mock";
import { loadDeployed } from "../tools/deployedCode";
import { attachEvent, identityId, isAttached } from "./attachEvent";
import { nsToMs, percentile } from "./stats";

type Handler = (event: unknown) => Promise<unknown>;

export interface AttachLatencyResult {
    /** The first accepted request of the container: requires @aws-sdk/client-iot and builds the client (ms). */
    firstRequestMs: number;
    /** … of which the SDK's `require` (ms). */
    firstSdkRequireMs: number;
    /** Installing the stub (ms): excluded from firstRequestMs. */
    mockInstallMs: number;
    events: number;
    warmup: number;
    p50Ms: number;
    p90Ms: number;
    p99Ms: number;
    maxMs: number;
    /** Responses other than the 200 for the caller's identity (must be 0). */
    unexpectedOutcomes: number;
    seconds: number;
}

/** AWS SDK v3 modules (the IoT client and the packages it is built from) already loaded in this process. */
const sdkModulesLoaded = () => Object.keys(require.cache).filter((f) => [`${path.sep}@aws-sdk${path.sep}`, `${path.sep}@smithy${path.sep}`].some((p) => f.includes(p)));

export async function measureAttachLatency(count: number, warmup: number): Promise<AttachLatencyResult> {
    const start = process.hrtime.bigint();
    // The first request must pay for loading the SDK, as in a fresh Lambda container.
    const preloaded = sdkModulesLoaded();
    if (preloaded.length > 0) throw new Error(`AWS SDK modules are already loaded in the bench process, so the first-request figure would miss part of the SDK's load: ${preloaded.slice(0, 3).join(", ")}`);
    let sdk: typeof IotSdk | undefined;
    let stub: ReturnType<typeof mockClient> | undefined;
    let sdkRequireNs = 0n;
    let mockNs = 0n;
    // The module the deployed code may require, loaded (and stubbed) on its first `require`, which the
    // function makes on its first accepted request.
    const modules: Record<string, unknown> = {};
    Object.defineProperty(modules, "@aws-sdk/client-iot", {
        enumerable: true,
        get() {
            if (sdk === undefined) {
                const a = process.hrtime.bigint();
                // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the moment the function asks for it
                sdk = require("@aws-sdk/client-iot") as typeof IotSdk;
                const b = process.hrtime.bigint();
                stub = mockClient(sdk.IoTClient);
                stub.on(sdk.AttachPolicyCommand).resolves({});
                mockNs = process.hrtime.bigint() - b;
                sdkRequireNs = b - a;
            }
            return sdk;
        },
    });
    const deployed = loadDeployed<Handler>("iotAttach", {}, modules);
    try {
        const first = attachEvent(identityId(0));
        const t0 = process.hrtime.bigint();
        const firstResponse = await deployed.handler(first);
        const firstNs = process.hrtime.bigint() - t0 - mockNs;
        if (!isAttached(firstResponse, identityId(0))) throw new Error(`the first attach request was not accepted: ${JSON.stringify(firstResponse)} ${deployed.logs.join("\n")}`);
        if (sdkRequireNs === 0n) throw new Error("the first accepted request did not require @aws-sdk/client-iot");

        // Events are built before timing; identities vary so every response is checked against its own.
        const identities = Array.from({ length: warmup + count }, (_, i) => identityId(i + 1));
        const events = identities.map((id) => attachEvent(id));
        let unexpected = 0;
        const samples = new Float64Array(count);
        for (let i = 0; i < warmup + count; i++) {
            const t1 = process.hrtime.bigint();
            const response = await deployed.handler(events[i]);
            const t2 = process.hrtime.bigint();
            if (i >= warmup) samples[i - warmup] = nsToMs(t2 - t1);
            if (!isAttached(response, identities[i])) unexpected++;
            // Captured log lines and the stub's call history would grow without bound.
            deployed.logs.length = 0;
            if (i % 1000 === 0) stub!.resetHistory();
        }
        const all = Array.from(samples);
        return {
            firstRequestMs: nsToMs(firstNs),
            firstSdkRequireMs: nsToMs(sdkRequireNs),
            mockInstallMs: nsToMs(mockNs),
            events: count,
            warmup,
            p50Ms: percentile(all, 50),
            p90Ms: percentile(all, 90),
            p99Ms: percentile(all, 99),
            maxMs: all.reduce((m, v) => Math.max(m, v), 0),
            unexpectedOutcomes: unexpected,
            seconds: Number(process.hrtime.bigint() - start) / 1e9,
        };
    } finally {
        stub?.restore();
    }
}
