// Adopting the live resources of the original CloudFormation stack: the options each adopted child
// gets in the two steps (components/adopt.ts). The tool that drives it runs against the emulator in
// tests/integration/adopt.
import * as assert from "assert";
import { CognitoAuth, type CognitoAuthArgs } from "../../../components";
import { evaluate, named, T, type Evaluation } from "../../harness";

const ADOPT = { userPoolId: "us-east-1_AbC123xyZ", appClientId: "1a2b3c4d5e6f7g8h9i0j1k2l3m", webClientId: "4n5o6p7q8r9s0t1u2v3w4x5y6z", identityPoolId: "us-east-1:11111111-2222-3333-4444-555555555555" };
const build = (args: CognitoAuthArgs): Promise<Evaluation> =>
    evaluate(() => {
        new CognitoAuth("auth", args);
        return {};
    });

/** Inputs a live resource may carry that the component does not set in this configuration: ignored during the import too. */
const CLIENT_EXTRAS = [
    "allowedOauthFlows", "allowedOauthFlowsUserPoolClient", "allowedOauthScopes", "analyticsConfiguration", "callbackUrls", "defaultRedirectUri",
    "enablePropagateAdditionalUserContextData", "logoutUrls", "readAttributes", "refreshTokenRotation", "writeAttributes",
];
const ADOPTED: { name: string; type: string; importId: string; extras: string[] }[] = [
    {
        name: "auth-user-pool",
        type: T.userPool,
        importId: ADOPT.userPoolId,
        extras: [
            "emailMfaConfiguration", "emailVerificationMessage", "emailVerificationSubject", "signInPolicy", "smsAuthenticationMessage",
            "smsVerificationMessage", "tags", "userAttributeUpdateSettings", "webAuthnConfiguration",
            // An argument the component passes as undefined in this configuration.
            "verificationMessageTemplate",
        ],
    },
    { name: "auth-app-client", type: T.client, importId: `${ADOPT.userPoolId}/${ADOPT.appClientId}`, extras: CLIENT_EXTRAS },
    { name: "auth-web-client", type: T.client, importId: `${ADOPT.userPoolId}/${ADOPT.webClientId}`, extras: CLIENT_EXTRAS },
    { name: "auth-identity-pool", type: T.identityPool, importId: ADOPT.identityPoolId, extras: ["developerProviderName", "openidConnectProviderArns", "samlProviderArns", "supportedLoginProviders", "tags"] },
];

describe("adopting the original stack's resources", () => {
    describe('step "import" (the default)', () => {
        let e: Evaluation;
        before(async () => {
            e = await build({ adopt: ADOPT });
        });

        for (const { name, type, importId, extras } of ADOPTED) {
            it(`${name}: imported by id ${importId}, protected, every input it sets and each it does not ignored (sorted, once)`, () => {
                const r = named(e.resources, name, type);
                assert.strictEqual(r.importId, importId);
                assert.strictEqual(r.protect, true);
                assert.deepStrictEqual(r.ignoreChanges, [...new Set([...Object.keys(r.inputs), ...extras])].sort());
                assert.ok(r.ignoreChanges.includes("generateSecret") === type.endsWith("UserPoolClient"));
            });
        }

        it("adopts only those four: every other child is created, with no import and nothing ignored", () => {
            const others = e.resources.filter((r) => r.custom && !ADOPTED.some((a) => a.name === r.name));
            assert.ok(others.length > 10, `${others.length}`);
            assert.deepStrictEqual(others.filter((r) => r.importId !== undefined || r.ignoreChanges.length > 0).map((r) => r.name), []);
        });
    });

    describe('step "harden"', () => {
        let e: Evaluation;
        before(async () => {
            e = await build({ adopt: { ...ADOPT, step: "harden" } });
        });

        for (const { name, type } of ADOPTED) {
            const ignored = type.endsWith("UserPoolClient") ? ["generateSecret"] : [];
            it(`${name}: no import, still protected, ignores ${ignored.length ? ignored.join(", ") + " (never read back from AWS)" : "nothing"}`, () => {
                const r = named(e.resources, name, type);
                assert.deepStrictEqual([r.importId, r.protect, r.ignoreChanges], [undefined, true, ignored]);
            });
        }
    });

    it("without adopt, nothing is imported and nothing ignored", async () => {
        const e = await build({});
        assert.deepStrictEqual(e.resources.filter((r) => r.importId !== undefined || r.ignoreChanges.length > 0).map((r) => r.name), []);
    });
});
