// Security properties of both mocked stacks: least privilege, protected production data, hardened
// clients and pool, secrets kept secret.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth } from "../../../components";
import { policyDocument } from "../../../components/policy";
import { evaluate, evaluateStack, ofType, single, T, type Evaluation } from "../../harness";

/** Every IAM/IoT policy document in a stack, parsed: role policies, trust policies, IoT policies. */
function policyDocuments(e: Evaluation): { where: string; doc: any }[] {
    const docs: { where: string; doc: any }[] = [];
    for (const r of e.resources) {
        for (const key of ["policy", "assumeRolePolicy"]) {
            if (typeof r.inputs[key] === "string") docs.push({ where: `${r.name}.${key}`, doc: JSON.parse(r.inputs[key]) });
        }
        for (const inline of r.inputs.inlinePolicies ?? []) docs.push({ where: `${r.name}.inline`, doc: JSON.parse(inline.policy) });
    }
    return docs;
}

const statements = (e: Evaluation) => policyDocuments(e).flatMap(({ where, doc }) => doc.Statement.map((s: any) => ({ where, ...s })));

for (const stack of ["dev", "prod"]) {
    describe(`security of stack ${stack}`, () => {
        let e: Evaluation;
        before(async () => {
            e = await evaluateStack(stack);
        });

        it("has zero wildcard actions in any policy document", () => {
            const all = statements(e);
            assert.ok(all.length >= 8);
            const wild = all.flatMap((s) => [].concat(s.Action ?? s.NotAction).filter((a: string) => a.includes("*")).map((a) => `${s.where}: ${a}`));
            assert.deepStrictEqual(wild, []);
            assert.ok(!all.some((s) => s.NotAction || s.NotResource), "no NotAction/NotResource inversions");
        });

        it("grants Resource * only for the EC2 network-interface actions that support nothing narrower", () => {
            const star = statements(e).filter((s) => [].concat(s.Resource ?? []).includes("*" as never));
            assert.deepStrictEqual(star.map((s) => s.Sid), ["VpcNetworkInterfaces"]);
            for (const a of star[0].Action) assert.match(a, /^ec2:/);
        });

        it("attaches no managed policies at all", () => {
            assert.strictEqual(ofType(e.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
            for (const role of ofType(e.resources, T.role)) assert.deepStrictEqual(role.inputs.managedPolicyArns ?? [], [], role.name);
        });

        it("no role can be assumed by anyone: every trust names a service or this identity pool", () => {
            for (const role of ofType(e.resources, T.role)) {
                for (const s of JSON.parse(role.inputs.assumeRolePolicy).Statement) {
                    assert.ok(s.Principal && s.Principal !== "*" && s.Principal.AWS === undefined, role.name);
                    if (s.Principal.Federated) {
                        assert.ok(s.Condition.StringEquals["cognito-identity.amazonaws.com:aud"], `${role.name} pins aud`);
                        assert.ok(s.Condition["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"], `${role.name} pins amr`);
                    }
                }
            }
        });

        it("scopes IoT access to the caller's own identity in both the IAM role and the IoT policy", () => {
            const iot = JSON.parse(single(e.resources, T.iotPolicy).inputs.policy);
            const role = JSON.parse(ofType(e.resources, T.rolePolicy).find((p) => p.name === "auth-authenticated-policy")!.inputs.policy);
            assert.deepStrictEqual(iot.Statement, role.Statement);
            const [connect, topics, filters] = iot.Statement;
            assert.match(connect.Resource[0], /^arn:aws:iot:ap-northeast-2:\d{12}:client\/\$\{cognito-identity\.amazonaws\.com:sub\}$/);
            assert.match(topics.Resource[0], /:topic\/devices\/\$\{cognito-identity\.amazonaws\.com:sub\}\/\*$/);
            assert.match(filters.Resource[0], /:topicfilter\/devices\/\$\{cognito-identity\.amazonaws\.com:sub\}\/\*$/);
        });

        it("drops the retired cognito-sync and Mobile Analytics grants", () => {
            const actions = statements(e).flatMap((s) => s.Action);
            assert.ok(!actions.some((a: string) => a.startsWith("cognito-sync:") || a.startsWith("mobileanalytics:")));
        });

        it("hardens both clients: no user-existence leaks, revocation, SRP + refresh only", () => {
            for (const c of ofType(e.resources, T.client)) {
                assert.strictEqual(c.inputs.preventUserExistenceErrors, "ENABLED");
                assert.strictEqual(c.inputs.enableTokenRevocation, true);
                assert.deepStrictEqual(c.inputs.explicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
                assert.deepStrictEqual([c.inputs.accessTokenValidity, c.inputs.idTokenValidity, c.inputs.refreshTokenValidity], [60, 60, 365]);
            }
        });

        it("recovers accounts by verified e-mail only, and offers TOTP MFA", () => {
            const pool = single(e.resources, T.userPool).inputs;
            assert.deepStrictEqual(pool.accountRecoverySetting, { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] });
            assert.strictEqual(pool.mfaConfiguration, "OPTIONAL");
            assert.deepStrictEqual(pool.softwareTokenMfaConfiguration, { enabled: true });
        });

        it("has no unauthenticated identities and uses the enhanced flow only", () => {
            const pool = single(e.resources, T.identityPool).inputs;
            assert.strictEqual(pool.allowUnauthenticatedIdentities, false);
            assert.strictEqual(pool.allowClassicFlow, false);
        });

        it("keeps the app client secret a secret in the stack outputs", () => {
            assert.deepStrictEqual(e.secrets, ["appClientSecret"]);
        });
    });
}

describe("production protection", () => {
    it("prod: deletion protection, protect and retainOnDelete on both pools; PLUS with threat protection enforced; strong passwords", async () => {
        const e = await evaluateStack("prod");
        const pool = single(e.resources, T.userPool);
        const identityPool = single(e.resources, T.identityPool);
        assert.strictEqual(pool.inputs.deletionProtection, "ACTIVE");
        for (const r of [pool, identityPool]) assert.deepStrictEqual([r.protect, r.retainOnDelete], [true, true], r.name);
        assert.deepStrictEqual([pool.inputs.userPoolTier, pool.inputs.userPoolAddOns], ["PLUS", { advancedSecurityMode: "ENFORCED" }]);
        assert.deepStrictEqual(pool.inputs.passwordPolicy, {
            minimumLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 7,
        });
        const unprotected = e.resources.filter((r) => r.protect && r !== pool && r !== identityPool);
        assert.deepStrictEqual(unprotected.map((r) => r.name), [], "only the stateful pools are protected");
    });

    it("prod can run threat protection in AUDIT mode by config", async () => {
        const e = await evaluateStack("prod", { "cognito-auth:threatProtection": "AUDIT" });
        assert.deepStrictEqual(single(e.resources, T.userPool).inputs.userPoolAddOns, { advancedSecurityMode: "AUDIT" });
    });

    it("is driven by config, not by the stack's name", async () => {
        const e = await evaluateStack("dev", { "cognito-auth:production": true, "cognito-auth:passwordMinimumLength": 10, "cognito-auth:passwordRequireCharacterClasses": true });
        const pool = single(e.resources, T.userPool);
        assert.deepStrictEqual([pool.inputs.deletionProtection, pool.protect, pool.retainOnDelete], ["ACTIVE", true, true]);
    });

    it("dev: ESSENTIALS plan, no deletion protection, nothing protected", async () => {
        const e = await evaluateStack("dev");
        const pool = single(e.resources, T.userPool);
        assert.deepStrictEqual([pool.inputs.userPoolTier, pool.inputs.userPoolAddOns, pool.inputs.deletionProtection], ["ESSENTIALS", { advancedSecurityMode: "OFF" }, "INACTIVE"]);
        assert.deepStrictEqual(e.resources.filter((r) => r.protect).map((r) => r.name), []);
    });
});

describe("opt-ins that weaken a default", () => {
    it("password auth only when asked", async () => {
        const e = await evaluate(() => {
            new CognitoAuth("auth", { allowPasswordAuth: true });
            return {};
        });
        for (const c of ofType(e.resources, T.client)) assert.ok(c.inputs.explicitAuthFlows.includes("ALLOW_USER_PASSWORD_AUTH"));
    });

    it("consumers extend the authenticated role with typed statements, still wildcard-free", async () => {
        const bucket = pulumi.output("arn:aws:s3:::firmware/*");
        const e = await evaluate(() => {
            new CognitoAuth("auth", { authenticatedRoleStatements: [{ Sid: "ReadFirmware", Effect: "Allow", Action: ["s3:GetObject"], Resource: [bucket] }] });
            return {};
        });
        const policy = JSON.parse(ofType(e.resources, T.rolePolicy).find((p) => p.name === "auth-authenticated-policy")!.inputs.policy);
        assert.deepStrictEqual(policy.Statement.at(-1), { Sid: "ReadFirmware", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::firmware/*"] });
    });

    it("the one policy builder refuses wildcard actions, even ones that arrive late as outputs", () => {
        assert.throws(() => policyDocument([{ Effect: "Allow", Action: ["iot:*"], Resource: ["*"] }]), /IAM actions must be exact, not wildcards: iot:\*/);
        assert.throws(() => policyDocument([{ Effect: "Allow", Action: ["*"] }]), /not wildcards: \*/);
        assert.throws(() => policyDocument([{ Effect: "Allow", Action: ["s3:Get*"] }]), /s3:Get\*/);
    });
});
