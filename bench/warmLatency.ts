// §3 Warm latency of the PreSignUp function: per-invocation time of the deployed handler bytes in an already-warm process.
import { loadDeployedHandler, signUpEvent } from "../tools/deployedCode";
import { nsToMs, percentile, seededRandom } from "./stats";

type Kind = "allowed" | "external" | "admin" | "rejectedDomain" | "rejectedMalformed" | "rejectedSource";

/** Share of each kind in the generated mix, and whether the handler must accept it. */
const MIX: readonly { kind: Kind; weight: number; accepted: boolean }[] = [
    { kind: "allowed", weight: 40, accepted: true },
    { kind: "external", weight: 15, accepted: true },
    { kind: "admin", weight: 15, accepted: true },
    { kind: "rejectedDomain", weight: 15, accepted: false },
    { kind: "rejectedMalformed", weight: 10, accepted: false },
    { kind: "rejectedSource", weight: 5, accepted: false },
];

export interface WarmLatencyResult {
    events: number;
    warmup: number;
    allowedDomains: string[];
    p50Ms: number;
    p90Ms: number;
    p99Ms: number;
    maxMs: number;
    /** p99 per kind of event, ms. */
    p99ByKindMs: Record<string, number>;
    counts: Record<string, { total: number; accepted: number; rejected: number }>;
    /** Events whose outcome differed from the expectation for their kind (must be 0). */
    unexpectedOutcomes: number;
    seconds: number;
}

function makeEvents(n: number, seed: number, domains: readonly string[]): { kind: Kind; event: unknown }[] {
    const random = seededRandom(seed);
    const total = MIX.reduce((s, m) => s + m.weight, 0);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const user = () => `user${Math.floor(random() * 1e6)}`;
    const events: { kind: Kind; event: unknown }[] = [];
    for (let i = 0; i < n; i++) {
        let r = random() * total;
        const kind = MIX.find((m) => (r -= m.weight) < 0)?.kind ?? "allowed";
        switch (kind) {
            case "allowed":
                events.push({ kind, event: signUpEvent(`${user()}@${pick(domains).toUpperCase()}`) });
                break;
            case "external":
                events.push({ kind, event: signUpEvent(`${user()}@${pick(domains)}`, "PreSignUp_ExternalProvider") });
                break;
            case "admin":
                events.push({ kind, event: signUpEvent(`${user()}@elsewhere.net`, "PreSignUp_AdminCreateUser") });
                break;
            case "rejectedDomain":
                events.push({ kind, event: signUpEvent(`${user()}@${pick(["evil.com", "example.com.evil.net", "gmail.com"])}`) });
                break;
            case "rejectedMalformed":
                events.push({ kind, event: signUpEvent(pick<unknown>(["", "no-at-sign", `${user()}@`, `a@b@${domains[0]}`, 42, undefined])) });
                break;
            case "rejectedSource":
                events.push({ kind, event: signUpEvent(`${user()}@${domains[0]}`, pick(["PreSignUp_Unknown", "CustomMessage_SignUp"])) });
                break;
        }
    }
    return events;
}

export async function measureWarmLatency(env: Record<string, string>, domains: string[], count: number, warmup: number): Promise<WarmLatencyResult> {
    const start = process.hrtime.bigint();
    const deployed = loadDeployedHandler(env);
    const expected = new Map(MIX.map((m) => [m.kind, m.accepted]));
    // Events are built before timing so generation cost stays out of the samples.
    const warm = makeEvents(warmup, 1, domains);
    const events = makeEvents(count, 2, domains);
    for (const { event } of warm) {
        try {
            await deployed.handler(event);
        } catch {
            // rejected sign-ups throw by design
        }
        deployed.logs.length = 0;
    }
    const samples = new Float64Array(count);
    const byKind = new Map<Kind, number[]>();
    const counts: WarmLatencyResult["counts"] = {};
    let unexpected = 0;
    for (let i = 0; i < count; i++) {
        const { kind, event } = events[i];
        let accepted = true;
        const t0 = process.hrtime.bigint();
        try {
            await deployed.handler(event);
        } catch {
            accepted = false;
        }
        const t1 = process.hrtime.bigint();
        // The loader captures log lines instead of printing them; drop them so memory stays flat.
        deployed.logs.length = 0;
        const ms = nsToMs(t1 - t0);
        samples[i] = ms;
        (byKind.get(kind) ?? byKind.set(kind, []).get(kind)!).push(ms);
        const c = (counts[kind] ??= { total: 0, accepted: 0, rejected: 0 });
        c.total++;
        if (accepted) c.accepted++;
        else c.rejected++;
        if (accepted !== expected.get(kind)) unexpected++;
    }
    const all = Array.from(samples);
    return {
        events: count,
        warmup,
        allowedDomains: domains,
        p50Ms: percentile(all, 50),
        p90Ms: percentile(all, 90),
        p99Ms: percentile(all, 99),
        maxMs: all.reduce((m, v) => Math.max(m, v), 0),
        p99ByKindMs: Object.fromEntries([...byKind].map(([k, v]) => [k, percentile(v, 99)])),
        counts,
        unexpectedOutcomes: unexpected,
        seconds: Number(process.hrtime.bigint() - start) / 1e9,
    };
}
