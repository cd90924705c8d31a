// Property-based tests of the deployed handler bytes: whatever Cognito (or an attacker shaping
// attributes) sends, the handler only ever accepts allowed domains, only ever throws its own generic
// rejection, and never logs an address.
import * as assert from "assert";
import * as fc from "fast-check";
import { ENV_ALLOWED_DOMAINS, ENV_AUTO_CONFIRM, REJECTION_MESSAGE } from "../../../lambdas/preSignUp";
import { loadDeployedHandler, signUpEvent } from "../../deployedHandler";

/** Cases per property; four properties give well over 10,000 generated events per run. */
const RUNS = 10_000;
const ALLOWED = ["example.com", "iot.example.org"];
const SOURCES = ["PreSignUp_SignUp", "PreSignUp_ExternalProvider", "PreSignUp_AdminCreateUser"];
const deployed = loadDeployedHandler({ [ENV_ALLOWED_DOMAINS]: ALLOWED.join(","), [ENV_AUTO_CONFIRM]: "true" });

/** Run the handler; `accepted` is false when it threw (any other throw fails the property). */
async function run(event: unknown): Promise<{ accepted: boolean; result?: any }> {
    try {
        return { accepted: true, result: await deployed.handler(event) };
    } catch (e) {
        assert.ok(e instanceof Error && e.message === REJECTION_MESSAGE, `unexpected throw: ${String(e)}`);
        return { accepted: false };
    }
}

/** Independent oracle: the lower-cased part after the only "@", when it is plain ASCII. */
function oracleDomain(email: unknown): string | undefined {
    if (typeof email !== "string" || email.split("@").length !== 2 || email.startsWith("@")) return undefined;
    const domain = email.split("@")[1];
    return /^[\x21-\x7e]+$/.test(domain) ? domain.toLowerCase() : undefined;
}

const odd = fc.oneof(fc.anything(), fc.string({ maxLength: 2000 }), fc.constant(undefined), fc.constant(null));
const email = fc.oneof(
    fc.emailAddress(),
    fc.tuple(fc.string(), fc.constantFrom(...ALLOWED, "EXAMPLE.COM", "example.com.", "evil-example.com", "example.com.evil.io", "sub.example.com")).map(([l, d]) => `${l}@${d}`),
    fc.string({ maxLength: 600, unit: "grapheme" }),
    odd,
);
const eventShape = fc.record(
    {
        triggerSource: fc.oneof(fc.constantFrom(...SOURCES), odd),
        request: fc.oneof(fc.record({ userAttributes: fc.oneof(fc.record({ email }, { requiredKeys: [] }), odd) }, { requiredKeys: [] }), odd),
        response: fc.oneof(fc.record({ autoConfirmUser: fc.boolean(), autoVerifyEmail: fc.boolean() }), odd),
        userName: odd,
    },
    { requiredKeys: [] },
);

/** An allowed address mutated the ways attackers and typos do; `ok` says whether it must pass. */
const mutated = fc
    .tuple(
        fc.constantFrom(...ALLOWED),
        fc.stringMatching(/^[a-z0-9._-]{1,20}$/),
        fc.constantFrom("none", "upper", "mixed", "plus", "trailingDot", "subdomain", "suffix", "prefix", "homoglyph", "kelvin", "fullwidth", "space"),
    )
    .map(([domain, local, how]) => {
        const variants: Record<string, [string, boolean]> = {
            none: [`${local}@${domain}`, true],
            upper: [`${local}@${domain.toUpperCase()}`, true],
            mixed: [`${local}@${domain.replace(/[aeiou]/g, (c) => c.toUpperCase())}`, true],
            plus: [`${local}+tag@${domain}`, true],
            trailingDot: [`${local}@${domain}.`, false],
            subdomain: [`${local}@mail.${domain}`, false],
            suffix: [`${local}@${domain}.evil.io`, false],
            prefix: [`${local}@evil-${domain}`, false],
            homoglyph: [`${local}@${domain.replace("e", "\u0435")}`, false],
            kelvin: [`${local}@${domain.replace("e", "\u212A")}`, false],
            fullwidth: [`${local}@${domain.replace(".", "\uFF0E")}`, false],
            space: [`${local}@ ${domain}`, false],
        };
        const [address, ok] = variants[how];
        return { address, ok, how };
    });

describe("PreSignUp handler properties (fast-check, deployed bytes)", () => {
    beforeEach(() => {
        deployed.logs.length = 0;
    });

    it("never throws anything but its generic rejection, whatever the event", async () => {
        await fc.assert(fc.asyncProperty(fc.oneof(eventShape, odd), async (event) => void (await run(event))), { numRuns: RUNS });
    });

    it("never accepts a self or external sign-up whose domain is outside the allow-list", async () => {
        await fc.assert(
            fc.asyncProperty(eventShape, async (event) => {
                const source = (event as any)?.triggerSource;
                const { accepted } = await run(event);
                if (accepted && source !== "PreSignUp_AdminCreateUser") {
                    assert.ok(ALLOWED.includes(oracleDomain((event as any).request?.userAttributes?.email) as string));
                }
            }),
            { numRuns: RUNS },
        );
    });

    it("accepts exactly the allowed domains under case changes and + addressing, and no look-alike", async () => {
        await fc.assert(
            fc.asyncProperty(mutated, async ({ address, ok, how }) => {
                const { accepted, result } = await run(signUpEvent(address));
                assert.strictEqual(accepted, ok, `${how}: ${address}`);
                if (ok) assert.deepStrictEqual([result.response.autoConfirmUser, result.response.autoVerifyEmail], [true, true]);
            }),
            { numRuns: RUNS },
        );
    });

    it("never logs an address: one JSON line per rejection, with a domain at most", async () => {
        await fc.assert(
            fc.asyncProperty(fc.oneof(eventShape, mutated.map((m) => signUpEvent(m.address))), async (event) => {
                deployed.logs.length = 0;
                const { accepted } = await run(event);
                assert.strictEqual(deployed.logs.length, accepted ? 0 : 1);
                for (const line of deployed.logs) {
                    assert.ok(!line.includes("@"), line);
                    const parsed = JSON.parse(line);
                    assert.deepStrictEqual(Object.keys(parsed), ["level", "msg", "reason", "triggerSource", "emailDomain"]);
                    assert.ok(parsed.emailDomain === null || /^[a-z0-9.-]+$/.test(parsed.emailDomain));
                }
            }),
            { numRuns: RUNS },
        );
    });
});
