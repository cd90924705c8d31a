import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, type CognitoAuthArgs } from "../../../components";
import { handlerArchive, preSignUpHandlerCode } from "../../../components/handlerCode";
import { EMAIL_SCHEMA } from "../../../components/userPool";
import { evaluate, isSecret, ofType, single, T, type Evaluation } from "../../harness";

async function build(args?: CognitoAuthArgs, name = "auth"): Promise<Evaluation & { auth: CognitoAuth }> {
    let auth!: CognitoAuth;
    const result = await evaluate(() => {
        auth = new CognitoAuth(name, args);
        return { userPoolId: auth.userPoolId, appClientSecret: auth.appClientSecret, appClientId: auth.appClientId, webClientId: auth.webClientId };
    });
    return { ...result, auth };
}

const doc = (r: { inputs: Record<string, any> }, key = "policy") => JSON.parse(r.inputs[key]);

describe("CognitoAuth component", () => {
    let e: Evaluation & { auth: CognitoAuth };
    before(async () => {
        e = await build({ environmentName: "Dev", allowedEmailDomains: ["example.com"], autoConfirmSignUps: true });
    });

    it("registers itself with its type token and parents every child to itself", () => {
        const component = single(e.resources, T.component);
        assert.strictEqual(component.name, "auth");
        const children = e.resources.filter((r) => r.custom);
        assert.ok(children.length >= 10);
        for (const child of children) {
            assert.strictEqual(child.parent, component.urn, `${child.type} ${child.name} is parented to the component`);
            assert.ok(child.name.startsWith("auth-"), `${child.name} is named from the component`);
        }
    });

    describe("user pool", () => {
        it("matches the template: self sign-up, e-mail auto-verified, device challenge, named <Environment>UserPool", () => {
            const pool = single(e.resources, T.userPool).inputs;
            assert.strictEqual(pool.name, "DevUserPool");
            assert.deepStrictEqual(pool.adminCreateUserConfig, { allowAdminCreateUserOnly: false });
            assert.deepStrictEqual(pool.autoVerifiedAttributes, ["email"]);
            assert.strictEqual(pool.deviceConfiguration.challengeRequiredOnNewDevice, true);
        });

        it("states the e-mail schema with its constraints (so no update ever proposes a schema change)", () => {
            const pool = single(e.resources, T.userPool).inputs;
            assert.deepStrictEqual(pool.schemas, [EMAIL_SCHEMA]);
            assert.deepStrictEqual(pool.schemas[0].stringAttributeConstraints, { minLength: "5", maxLength: "255" });
            assert.strictEqual(pool.schemas[0].mutable, false);
            assert.strictEqual(pool.schemas[0].required, true);
        });

        it("takes the password policy from args", async () => {
            const weak = await build({ passwordPolicy: { minimumLength: 6, requireLowercase: false, requireUppercase: false, requireNumbers: false, requireSymbols: false } });
            assert.deepStrictEqual(single(weak.resources, T.userPool).inputs.passwordPolicy, {
                minimumLength: 6, requireLowercase: false, requireUppercase: false, requireNumbers: false, requireSymbols: false, temporaryPasswordValidityDays: 7,
            });
        });

        it("wires the PreSignUp trigger to the built-in function", () => {
            const pool = single(e.resources, T.userPool).inputs;
            const fn = single(e.resources, T.fn);
            assert.strictEqual(pool.lambdaConfig.preSignUp, fn.state.arn);
        });
    });

    describe("clients", () => {
        const client = (kind: string) => ofType(e.resources, T.client).find((c) => c.inputs.name === `Dev${kind}`)!.inputs;

        it("App has a generated secret, Web has none", () => {
            assert.strictEqual(client("App").generateSecret, true);
            assert.strictEqual(client("Web").generateSecret, false);
        });

        it("both keep refresh tokens 365 days with every unit stated", () => {
            for (const kind of ["App", "Web"]) {
                const c = client(kind);
                assert.strictEqual(c.refreshTokenValidity, 365);
                assert.strictEqual(c.accessTokenValidity, 60);
                assert.strictEqual(c.idTokenValidity, 60);
                assert.deepStrictEqual(c.tokenValidityUnits, { accessToken: "minutes", idToken: "minutes", refreshToken: "days" });
                assert.strictEqual(c.userPoolId, e.outputs.userPoolId);
            }
        });

        it("exposes the app client secret as a Pulumi secret", async () => {
            assert.ok(await isSecret(e.auth.appClientSecret));
            assert.strictEqual(e.outputs.appClientSecret, "generated-secret-of-auth-app-client");
            assert.deepStrictEqual(e.secrets, ["appClientSecret"]);
        });
    });

    describe("identity pool", () => {
        it("has no unauthenticated identities and registers both clients with the pool's endpoint and token check", () => {
            const pool = single(e.resources, T.identityPool).inputs;
            const userPool = single(e.resources, T.userPool);
            assert.strictEqual(pool.identityPoolName, "DevIdentityPool");
            assert.strictEqual(pool.allowUnauthenticatedIdentities, false);
            assert.deepStrictEqual(
                pool.cognitoIdentityProviders.map((p: any) => p.clientId).sort(),
                [e.outputs.appClientId, e.outputs.webClientId].sort(),
            );
            for (const p of pool.cognitoIdentityProviders) {
                assert.strictEqual(p.providerName, userPool.state.endpoint);
                assert.strictEqual(p.serverSideTokenCheck, true);
            }
        });

        it("attaches the authenticated role (the template never did)", () => {
            const attachment = single(e.resources, T.roleAttachment).inputs;
            const role = ofType(e.resources, T.role).find((r) => r.name === "auth-authenticated-role")!;
            assert.deepStrictEqual(attachment.roles, { authenticated: role.state.arn });
            assert.strictEqual(attachment.identityPoolId, single(e.resources, T.identityPool).id);
        });

        it("trusts only this pool's authenticated identities", () => {
            const role = ofType(e.resources, T.role).find((r) => r.name === "auth-authenticated-role")!;
            const trust = doc(role, "assumeRolePolicy");
            const identityPoolId = single(e.resources, T.roleAttachment).inputs.identityPoolId;
            assert.deepStrictEqual(trust.Statement, [
                {
                    Effect: "Allow",
                    Action: ["sts:AssumeRoleWithWebIdentity"],
                    Principal: { Federated: "cognito-identity.amazonaws.com" },
                    Condition: {
                        StringEquals: { "cognito-identity.amazonaws.com:aud": identityPoolId },
                        "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
                    },
                },
            ]);
        });

        it("grants the authenticated role AWS IoT access", () => {
            const policy = doc(ofType(e.resources, T.rolePolicy).find((r) => r.name === "auth-authenticated-policy")!);
            const actions = policy.Statement.flatMap((s: any) => s.Action).sort();
            assert.deepStrictEqual(actions, ["iot:Connect", "iot:Publish", "iot:Receive", "iot:Subscribe"]);
        });

        it("creates no unauthenticated role unless asked, and attaches one when asked", async () => {
            assert.ok(!ofType(e.resources, T.role).some((r) => r.name.includes("unauthenticated")));
            const open = await build({ allowUnauthenticatedIdentities: true });
            const unauth = ofType(open.resources, T.role).find((r) => r.name === "auth-unauthenticated-role")!;
            assert.strictEqual(doc(unauth, "assumeRolePolicy").Statement[0].Condition["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"], "unauthenticated");
            assert.strictEqual(single(open.resources, T.roleAttachment).inputs.roles.unauthenticated, unauth.state.arn);
            assert.strictEqual(single(open.resources, T.identityPool).inputs.allowUnauthenticatedIdentities, true);
        });
    });

    describe("PreSignUp function", () => {
        it("is a small arm64 Node.js function that gives up before Cognito does", () => {
            const fn = single(e.resources, T.fn).inputs;
            assert.deepStrictEqual(fn.architectures, ["arm64"]);
            assert.match(fn.runtime, /^nodejs(2[2-9]|[3-9]\d)\.x$/);
            assert.strictEqual(fn.memorySize, 128);
            assert.ok(fn.timeout <= 5);
            assert.strictEqual(fn.handler, "index.handler");
        });

        it("is configured through environment variables from args", () => {
            const fn = single(e.resources, T.fn).inputs;
            assert.deepStrictEqual(fn.environment.variables, { ALLOWED_EMAIL_DOMAINS: "example.com", AUTO_CONFIRM_SIGN_UPS: "true" });
        });

        it("deploys exactly the handler code, alone in the archive", async () => {
            const archive = handlerArchive();
            const assets = await archive.assets;
            assert.deepStrictEqual(Object.keys(assets), ["index.js"]);
            assert.strictEqual(await (assets["index.js"] as pulumi.asset.StringAsset).text, preSignUpHandlerCode());
            // Under mocks the archive's assets arrive empty; the function's code is still an archive.
            assert.ok(single(e.resources, T.fn).inputs.code !== undefined);
        });

        it("logs to its own log group with a retention period, and may write only there", () => {
            const logGroup = single(e.resources, T.logGroup);
            assert.strictEqual(logGroup.inputs.retentionInDays, 30);
            const fn = single(e.resources, T.fn).inputs;
            assert.deepStrictEqual(fn.loggingConfig, { logFormat: "Text", logGroup: logGroup.state.name });
            const role = ofType(e.resources, T.role).find((r) => r.name === "auth-pre-sign-up-role")!;
            assert.strictEqual(fn.role, role.state.arn);
            assert.deepStrictEqual(doc(role, "assumeRolePolicy").Statement[0].Principal, { Service: ["lambda.amazonaws.com"] });
            const policies = ofType(e.resources, T.rolePolicy).filter((p) => p.inputs.role === role.id);
            assert.strictEqual(policies.length, 1);
            assert.deepStrictEqual(doc(policies[0]).Statement, [
                { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroup.state.arn}:*`] },
            ]);
        });

        it("lets Cognito invoke it from this pool only, after the pool exists", () => {
            const permission = single(e.resources, T.permission);
            const pool = single(e.resources, T.userPool);
            assert.deepStrictEqual(
                { action: permission.inputs.action, principal: permission.inputs.principal, sourceArn: permission.inputs.sourceArn, fn: permission.inputs.function },
                { action: "lambda:InvokeFunction", principal: "cognito-idp.amazonaws.com", sourceArn: pool.state.arn, fn: single(e.resources, T.fn).state.arn },
            );
            assert.ok(permission.dependencies.includes(pool.urn), "permission depends on the pool");
            assert.ok(!pool.dependencies.includes(permission.urn), "and not the other way round");
        });

        it("uses a consumer's own function instead, still granting Cognito the invoke permission", async () => {
            const arn = "arn:aws:lambda:ap-northeast-2:123456789012:function:my-own-trigger";
            const own = await build({ preSignUpFunctionArn: arn });
            assert.strictEqual(ofType(own.resources, T.fn).length, 0);
            assert.strictEqual(ofType(own.resources, T.logGroup).length, 0);
            assert.strictEqual(single(own.resources, T.userPool).inputs.lambdaConfig.preSignUp, arn);
            assert.strictEqual(single(own.resources, T.permission).inputs.function, arn);
        });
    });

    describe("execution role", () => {
        it("is absent unless asked for", () => {
            assert.ok(!ofType(e.resources, T.role).some((r) => r.name.includes("execution")));
        });

        it("is trusted by Lambda and API Gateway and scoped to this pool and the named tables and functions", async () => {
            const table = "arn:aws:dynamodb:ap-northeast-2:123456789012:table/devices";
            const fn = "arn:aws:lambda:ap-northeast-2:123456789012:function:worker";
            const withRole = await build({ executionRole: { dynamoDbTableArns: [table], invokableFunctionArns: [fn] } });
            const role = ofType(withRole.resources, T.role).find((r) => r.name === "auth-execution-role")!;
            assert.deepStrictEqual(doc(role, "assumeRolePolicy").Statement[0].Principal, { Service: ["lambda.amazonaws.com", "apigateway.amazonaws.com"] });
            const policy = doc(ofType(withRole.resources, T.rolePolicy).find((r) => r.name === "auth-execution-policy")!);
            const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
            const poolArn = single(withRole.resources, T.userPool).state.arn;
            assert.deepStrictEqual(bySid.ManageUsersOfThisPool.Resource, [poolArn]);
            assert.deepStrictEqual(bySid.ReadWriteNamedTables.Resource, [table, `${table}/index/*`]);
            assert.deepStrictEqual(bySid.InvokeNamedFunctions, { Sid: "InvokeNamedFunctions", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [fn] });
            assert.ok(bySid.VpcNetworkInterfaces.Action.includes("ec2:CreateNetworkInterface"));
        });
    });

    describe("naming", () => {
        it("defaults display names to the component name, so two instances do not collide", async () => {
            const two = await evaluate(() => {
                new CognitoAuth("auth");
                new CognitoAuth("admin-auth");
                return {};
            });
            const names = ofType(two.resources, T.userPool).map((p) => p.inputs.name).sort();
            assert.deepStrictEqual(names, ["AdminAuthUserPool", "AuthUserPool"]);
            const urns = two.resources.map((r) => r.urn);
            assert.strictEqual(new Set(urns).size, urns.length);
        });
    });
});
