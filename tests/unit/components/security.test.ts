// Security properties of both stacks: least privilege, protected production data, hardened clients
// and pool, secrets kept secret, TLS-only alarm topic.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, type CognitoAuthArgs } from "../../../components";
import { arnParts, policyDocument } from "../../../components/policy";
import { evaluate, evaluateStack, named, ofType, single, T, type Evaluation } from "../../harness";

/** Every policy document in a stack, parsed: role, trust, IoT and topic policies. */
function statements(e: Evaluation): any[] {
    return e.resources.flatMap((r) =>
        ["policy", "assumeRolePolicy"].flatMap((key) => (typeof r.inputs[key] === "string" ? JSON.parse(r.inputs[key]).Statement.map((s: any) => ({ where: `${r.name}.${key}`, ...s })) : [])),
    );
}
const build = (args: CognitoAuthArgs) =>
    evaluate(() => {
        new CognitoAuth("auth", args);
        return {};
    });

for (const stack of ["dev", "prod"]) {
    describe(`security of stack ${stack}`, () => {
        let e: Evaluation;
        before(async () => {
            e = await evaluateStack(stack);
        });

        it("has zero wildcard actions and no NotAction/NotResource in any policy document", () => {
            const all = statements(e);
            assert.ok(all.length >= 12);
            const wild = all.flatMap((s) => [s.Action].flat().filter((a: string) => a.includes("*")).map((a: string) => `${s.where}: ${a}`));
            assert.deepStrictEqual(wild, []);
            assert.ok(!all.some((s) => s.NotAction || s.NotResource));
        });

        it("grants Resource * only where the action supports nothing narrower (iot:AttachPolicy on a Cognito identity)", () => {
            // Service Authorization Reference, AWS IoT: AttachPolicy's resource types are cert and thinggroup only.
            const star = statements(e).filter((s) => s.Effect === "Allow" && [s.Resource].flat().includes("*"));
            assert.deepStrictEqual(star.map((s) => `${s.where} ${s.Sid}: ${s.Action.join(",")}`), ["auth-iot-attach-policy.policy AttachTheIotPolicy: iot:AttachPolicy"]);
        });

        it("attaches no managed policies at all", () => {
            assert.strictEqual(ofType(e.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
            for (const role of ofType(e.resources, T.role)) assert.deepStrictEqual(role.inputs.managedPolicyArns ?? [], [], role.name);
        });

        it("no role can be assumed by anyone: every trust names a service, or this identity pool with aud and amr pinned", () => {
            const identityPoolId = single(e.resources, T.identityPool).id;
            for (const role of ofType(e.resources, T.role)) {
                for (const s of JSON.parse(role.inputs.assumeRolePolicy).Statement) {
                    assert.ok(s.Principal && s.Principal !== "*" && s.Principal.AWS === undefined, role.name);
                    if (s.Principal.Federated) {
                        assert.deepStrictEqual(s.Condition, {
                            StringEquals: { "cognito-identity.amazonaws.com:aud": identityPoolId },
                            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
                        });
                    }
                }
            }
        });

        it("scopes IoT to the caller's own identity, identically in the role and the IoT policy (IoT requires both)", () => {
            const iot = JSON.parse(single(e.resources, T.iotPolicy).inputs.policy).Statement;
            const role = JSON.parse(named(e.resources, "auth-authenticated-policy").inputs.policy).Statement;
            assert.deepStrictEqual(role.slice(0, iot.length), iot);
            assert.deepStrictEqual(iot.map((s: any) => s.Resource[0].replace(/^arn:aws:iot:ap-northeast-2:123456789012:/, "")), [
                "client/${cognito-identity.amazonaws.com:sub}",
                "topic/devices/${cognito-identity.amazonaws.com:sub}/*",
                "topicfilter/devices/${cognito-identity.amazonaws.com:sub}/*",
            ]);
        });

        it("lets the authenticated role call the attach route of the $default stage and nothing else of the API", () => {
            const api = single(e.resources, "aws:apigatewayv2/api:Api");
            const role = JSON.parse(named(e.resources, "auth-authenticated-policy").inputs.policy).Statement;
            assert.deepStrictEqual(role.at(-1), {
                Sid: "CallIotAttachEndpoint",
                Effect: "Allow",
                Action: ["execute-api:Invoke"],
                Resource: [`${api.state.executionArn}/$default/POST/attach`],
            });
            assert.strictEqual(named(e.resources, "auth-iot-attach-route").inputs.authorizationType, "AWS_IAM");
            assert.strictEqual(named(e.resources, "auth-iot-attach-invoke").inputs.sourceArn, `${api.state.executionArn}/$default/POST/attach`);
        });

        it("keeps the IoT policy on delete: AWS refuses to delete one still attached to identities (DeleteConflictException)", () => {
            const policy = single(e.resources, T.iotPolicy);
            assert.deepStrictEqual([policy.retainOnDelete, policy.protect], [true, false]);
        });

        it("drops the retired cognito-sync and Mobile Analytics grants", () => {
            const actions = statements(e).flatMap((s) => s.Action);
            assert.ok(!actions.some((a: string) => a.startsWith("cognito-sync:") || a.startsWith("mobileanalytics:")));
        });

        it("requires TLS from anyone publishing to the alarm topic (cdk-nag SNS3)", () => {
            const deny = JSON.parse(single(e.resources, T.topicPolicy).inputs.policy).Statement.find((s: any) => s.Effect === "Deny");
            assert.deepStrictEqual([deny.Principal, deny.Action, deny.Condition], ["*", ["sns:Publish"], { Bool: { "aws:SecureTransport": "false" } }]);
        });

        it("hardens both clients: no user-existence leaks, token revocation, SRP and refresh only", () => {
            for (const c of ofType(e.resources, T.client)) {
                assert.strictEqual(c.inputs.preventUserExistenceErrors, "ENABLED");
                assert.strictEqual(c.inputs.enableTokenRevocation, true);
                assert.deepStrictEqual(c.inputs.explicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
            }
        });

        it("remembers a device only when the user asks: a remembered device skips MFA (Cognito API, DeviceConfigurationType)", () => {
            assert.deepStrictEqual(single(e.resources, T.userPool).inputs.deviceConfiguration, { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true });
        });

        it("has no unauthenticated identities and uses the enhanced flow only", () => {
            const pool = single(e.resources, T.identityPool).inputs;
            assert.deepStrictEqual([pool.allowUnauthenticatedIdentities, pool.allowClassicFlow], [false, false]);
            assert.ok(!ofType(e.resources, T.role).some((r) => r.name.includes("unauthenticated")));
        });

        it("keeps the app client secret a secret", () => {
            assert.deepStrictEqual(e.secrets, ["appClientSecret"]);
        });
    });
}

describe("production protection", () => {
    const stateful = ["auth-user-pool", "auth-app-client", "auth-web-client", "auth-identity-pool"];

    it("prod: deletion protection, and protect + retainOnDelete on the pools and both clients (apps ship the client ids)", async () => {
        const e = await evaluateStack("prod");
        assert.strictEqual(single(e.resources, T.userPool).inputs.deletionProtection, "ACTIVE");
        assert.deepStrictEqual(e.resources.filter((r) => r.protect).map((r) => r.name).sort(), stateful.sort());
        assert.deepStrictEqual(e.resources.filter((r) => r.retainOnDelete).map((r) => r.name).sort(), [...stateful, "auth-iot-policy"].sort());
    });

    it("is driven by config, not by the stack's name", async () => {
        const e = await evaluateStack("dev", {
            "cognito-auth:production": true,
            "cognito-auth:autoConfirmSignUps": false,
            "cognito-auth:emailSesIdentityArn": "arn:aws:ses:ap-northeast-2:123456789012:identity/ops@example.com",
        });
        const pool = single(e.resources, T.userPool);
        assert.deepStrictEqual([pool.inputs.deletionProtection, pool.protect, pool.retainOnDelete], ["ACTIVE", true, true]);
    });

    it("dev: nothing protected but the IoT policy's retainOnDelete", async () => {
        const e = await evaluateStack("dev");
        assert.deepStrictEqual(e.resources.filter((r) => r.protect).map((r) => r.name), []);
        assert.deepStrictEqual(e.resources.filter((r) => r.retainOnDelete).map((r) => r.name), ["auth-iot-policy"]);
    });

    it("is a preset: each protection can also be set on its own", async () => {
        const only = async (args: CognitoAuthArgs) => {
            const e = await build(args);
            const pool = single(e.resources, T.userPool);
            return [pool.inputs.deletionProtection, pool.protect, pool.retainOnDelete];
        };
        assert.deepStrictEqual(await only({ deletionProtection: true }), ["ACTIVE", false, false]);
        assert.deepStrictEqual(await only({ protect: true }), ["INACTIVE", true, false]);
        assert.deepStrictEqual(await only({ retainOnDelete: true }), ["INACTIVE", false, true]);
    });
});

describe("opt-ins that weaken a default", () => {
    it("password auth only when asked", async () => {
        const e = await build({ allowPasswordAuth: true });
        for (const c of ofType(e.resources, T.client)) assert.deepStrictEqual(c.inputs.explicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]);
    });

    it("in production only with the waiver named", async () => {
        const e = await build({
            production: true,
            allowPasswordAuth: true,
            productionWaivers: ["password-auth", "cognito-email"],
        });
        assert.ok(ofType(e.resources, T.client).every((c) => c.inputs.explicitAuthFlows.includes("ALLOW_USER_PASSWORD_AUTH")));
    });

    it("consumers extend the authenticated role with typed statements, still wildcard-free", async () => {
        const bucket = pulumi.output("arn:aws:s3:::firmware/*");
        const e = await build({ authenticatedRoleStatements: [{ Sid: "ReadFirmware", Effect: "Allow", Action: ["s3:GetObject"], Resource: [bucket] }] });
        const policy = JSON.parse(named(e.resources, "auth-authenticated-policy").inputs.policy);
        assert.deepStrictEqual(policy.Statement.at(-1), { Sid: "ReadFirmware", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::firmware/*"] });
    });

    it("the one policy builder refuses wildcard actions and Allow statements for anyone", () => {
        assert.throws(() => policyDocument([{ Effect: "Allow", Action: ["iot:*"], Resource: ["*"] }]), /IAM actions must be exact, not wildcards: iot:\*/);
        assert.throws(() => policyDocument([{ Effect: "Allow", Action: ["*"] }]), /not wildcards: \*/);
        assert.throws(() => policyDocument([{ Effect: "Allow", Action: ["s3:Get*"] }]), /s3:Get\*/);
        assert.throws(() => policyDocument([{ Sid: "Open", Effect: "Allow", Action: ["sns:Publish"], Principal: "*" }]), /Allow statements must name their principal, not "\*": Open/);
        assert.throws(() => policyDocument([{ Effect: "Allow", Action: ["sns:Publish"], Principal: "*" }, { Sid: "AlsoOpen", Effect: "Allow", Action: ["sns:Subscribe"], Principal: "*" }]), {
            message: 'Allow statements must name their principal, not "*": (no Sid), AlsoOpen',
        });
    });

    it("the one policy builder holds actions to service:Action from the first character (a wildcard prefix is refused too)", () => {
        assert.throws(() => policyDocument([{ Effect: "Allow", Action: ["*iot:Publish"] }]), { message: "IAM actions must be exact, not wildcards: *iot:Publish" });
        assert.throws(() => policyDocument([{ Effect: "Allow", Action: ["IoT:Publish", "iot:Publish*"] }]), { message: "IAM actions must be exact, not wildcards: IoT:Publish, iot:Publish*" });
    });

    it("reads partition, region and account from a regional ARN, and refuses anything else", () => {
        assert.deepStrictEqual(arnParts("arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/x"), { partition: "aws-cn", region: "cn-north-1", account: "123456789012" });
        for (const arn of ["", "urn:aws:iot:eu-west-1:123456789012:x", "arn::iot:eu-west-1:123456789012:x", "arn:aws:s3:::bucket", "arn:aws:iam::123456789012:role/x", "arn:aws:iot:eu-west-1::x"]) {
            assert.throws(() => arnParts(arn), { message: `not a regional ARN: ${arn}` }, arn);
        }
    });
});
