// The component's behaviour for arguments the stack files do not use (the stacks' full inputs are
// stated literally in tests/unit/stacks.test.ts).
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, type CognitoAuthArgs } from "../../../components";
import { evaluate, evaluateFailure, named, ofType, single, T, type Evaluation } from "../../harness";

async function build(args?: CognitoAuthArgs, name = "auth"): Promise<Evaluation & { auth: CognitoAuth }> {
    let auth!: CognitoAuth;
    const result = await evaluate(() => {
        auth = new CognitoAuth(name, args);
        return { userPoolId: auth.userPoolId, iotPolicyName: auth.iotPolicyName, iotAttachUrl: auth.iotAttachUrl, iotEndpoint: auth.iotEndpoint };
    });
    return { ...result, auth };
}
const doc = (r: { inputs: Record<string, any> }, key = "policy") => JSON.parse(r.inputs[key]);

describe("CognitoAuth component", () => {
    let e: Evaluation & { auth: CognitoAuth };
    before(async () => {
        e = await build();
    });

    it("registers itself with its type token and parents every child to itself, named after itself", () => {
        const component = single(e.resources, T.component);
        const children = e.resources.filter((r) => r.custom);
        assert.ok(children.length >= 25);
        for (const child of children) {
            assert.strictEqual(child.parent, component.urn, `${child.type} ${child.name} is parented to the component`);
            assert.ok(child.name.startsWith("auth-"), `${child.name} is named from the component`);
        }
    });

    // ComponentResource.registerOutputs records a component's outputs in the stack's state, where
    // `pulumi stack export` and the console show them; the mocks keep no such record, so it is observed here.
    it("registers each of its outputs on itself, the same Output as its property", async () => {
        const prototype = pulumi.ComponentResource.prototype as unknown as { registerOutputs(outputs?: unknown): void };
        const original = prototype.registerOutputs;
        const registered: Record<string, unknown>[] = [];
        prototype.registerOutputs = function (this: pulumi.ComponentResource, outputs?: unknown) {
            if (this instanceof CognitoAuth) registered.push(outputs as Record<string, unknown>);
            original.call(this, outputs);
        };
        let built: CognitoAuth;
        try {
            built = (await build()).auth;
        } finally {
            prototype.registerOutputs = original;
        }
        const names = [
            "userPoolId", "userPoolArn", "userPoolEndpoint", "appClientId", "appClientSecret", "webClientId", "identityPoolId", "authenticatedRoleArn",
            "unauthenticatedRoleArn", "iotPolicyName", "iotEndpoint", "iotAttachUrl", "preSignUpFunctionArn", "hostedUiUrl", "customDomainTarget",
            "customDomainTargetZoneId", "customAttributes", "executionRoleArn", "alarmTopicArn",
        ];
        // Only the first call counts (the SDK's own call after initialize() then does nothing: resource.js
        // registerOutputs returns once __registered is set), so the constructor's call must be the first.
        assert.ok(registered[0] !== undefined);
        assert.deepStrictEqual(Object.keys(registered[0]).sort(), [...names].sort());
        for (const name of names) assert.strictEqual(registered[0][name], (built as unknown as Record<string, unknown>)[name], name);
    });

    it("wires the PreSignUp trigger to the built-in function, and lets Cognito invoke it from this pool only, after the pool exists", () => {
        const pool = single(e.resources, T.userPool);
        const fn = named(e.resources, "auth-pre-sign-up", T.fn);
        const permission = named(e.resources, "auth-pre-sign-up-invoke", T.permission);
        assert.strictEqual(pool.inputs.lambdaConfig.preSignUp, fn.state.arn);
        assert.deepStrictEqual(
            [permission.inputs.action, permission.inputs.principal, permission.inputs.sourceArn, permission.inputs.function],
            ["lambda:InvokeFunction", "cognito-idp.amazonaws.com", pool.state.arn, fn.state.arn],
        );
        // Function → pool → permission: no cycle (pulumi/pulumi-aws#2444).
        assert.ok(pool.dependencies.includes(fn.urn) && permission.dependencies.includes(pool.urn) && !pool.dependencies.includes(permission.urn));
    });

    it("uses a consumer's own PreSignUp function instead, still granting Cognito the invoke permission", async () => {
        const arn = "arn:aws:lambda:ap-northeast-2:123456789012:function:my-own-trigger";
        const own = await build({ triggers: { preSignUp: arn }, iot: { enabled: false } });
        assert.deepStrictEqual(ofType(own.resources, T.fn).map((f) => f.name), []);
        assert.deepStrictEqual(ofType(own.resources, T.logGroup).map((f) => f.name), []);
        assert.strictEqual(single(own.resources, T.userPool).inputs.lambdaConfig.preSignUp, arn);
        assert.strictEqual(single(own.resources, T.permission).inputs.function, arn);
    });

    it("attaches an unauthenticated role without any permissions when guest identities are allowed", async () => {
        assert.ok(!ofType(e.resources, T.role).some((r) => r.name.includes("unauthenticated")));
        const open = await build({ allowUnauthenticatedIdentities: true });
        const unauth = named(open.resources, "auth-unauthenticated-role", T.role);
        assert.strictEqual(unauth.inputs.description, "Identities that have not signed in");
        assert.strictEqual(doc(unauth, "assumeRolePolicy").Statement[0].Condition["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"], "unauthenticated");
        assert.deepStrictEqual(ofType(open.resources, T.rolePolicy).filter((p) => p.inputs.role === unauth.id), []);
        assert.deepStrictEqual(single(open.resources, T.roleAttachment).inputs.roles, { authenticated: named(open.resources, "auth-authenticated-role").state.arn, unauthenticated: unauth.state.arn });
    });

    it("scopes the execution role to this pool and the named tables and functions; VPC access only when asked", async () => {
        const table = "arn:aws:dynamodb:ap-northeast-2:123456789012:table/devices";
        const fn = "arn:aws:lambda:ap-northeast-2:123456789012:function:worker";
        const withRole = await build({ executionRole: { dynamoDbTableArns: [table], invokableFunctionArns: [fn] } });
        const policy = doc(named(withRole.resources, "auth-execution-policy"));
        assert.deepStrictEqual(policy.Statement.map((s: any) => s.Sid), ["ManageUsersOfThisPool", "WriteOwnFunctionLogs", "ReadWriteNamedTables", "InvokeNamedFunctions"]);
        assert.deepStrictEqual(policy.Statement[2].Resource, [table, `${table}/index/*`]);
        assert.deepStrictEqual(policy.Statement[3], { Sid: "InvokeNamedFunctions", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [fn] });
        assert.deepStrictEqual(policy.Statement[2].Action, [
            "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem",
            "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem",
        ]);
        const vpc = await build({ executionRole: { vpcAccess: true } });
        assert.deepStrictEqual(doc(named(vpc.resources, "auth-execution-policy")).Statement.at(-1), {
            Sid: "VpcNetworkInterfaces",
            Effect: "Allow",
            Action: [
                "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
                "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
            ],
            Resource: ["*"],
        });
        const off = await build({ executionRole: { enabled: false } });
        assert.deepStrictEqual(off.resources.filter((r) => r.name.includes("execution")).map((r) => r.name), []);
        // Without an executionRole argument the role is off (the table derives enabled from its presence).
        const absent = await build({});
        assert.deepStrictEqual(absent.resources.filter((r) => r.name.includes("execution")).map((r) => r.name), []);
        const given = await build({ executionRole: {} });
        assert.deepStrictEqual(given.resources.filter((r) => r.name.includes("execution")).map((r) => r.name).sort(), ["auth-execution-policy", "auth-execution-role"]);
    });

    it("gives the ATS data endpoint (not the legacy VeriSign one) of the component's own provider's region", async () => {
        assert.match(e.outputs.iotEndpoint, /^a1b2c3d4e5f6g7-ats\.iot\.[a-z]+-[a-z]+-\d\.amazonaws\.com$/);
        const other = await evaluate(() => {
            const auth = new CognitoAuth("auth", {}, { provider: new aws.Provider("ireland", { region: "eu-west-1" }) });
            return { iotEndpoint: auth.iotEndpoint };
        });
        assert.strictEqual(other.outputs.iotEndpoint, "a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com");
    });

    it("checks region rules against the region of the provider it is given, not aws:region", async () => {
        const ses = "arn:aws:ses:eu-west-1:123456789012:identity/example.com";
        const saved = pulumi.runtime.allConfig()["aws:region"];
        pulumi.runtime.setConfig("aws:region", "us-east-1");
        try {
            // With the default provider (us-east-1) an Irish SES identity is refused ...
            const { error } = await evaluateFailure(() => new CognitoAuth("auth", { email: { sesIdentityArn: ses, from: "Auth <no-reply@example.com>" } }));
            assert.match(String(error), /email\.sesIdentityArn must be in us-east-1, the region Cognito can send from for a pool in us-east-1 \(got eu-west-1\)/);
            // ... with an Irish provider it is the pool's own region.
            const e = await evaluate(() => {
                const auth = new CognitoAuth("auth", { email: { sesIdentityArn: ses, from: "Auth <no-reply@example.com>" } }, { provider: new aws.Provider("ireland", { region: "eu-west-1" }) });
                return { userPoolId: auth.userPoolId };
            });
            assert.strictEqual(single(e.resources, T.userPool).inputs.emailConfiguration.sourceArn, ses);
        } finally {
            if (saved === undefined) pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(pulumi.runtime.allConfig()).filter(([k]) => k !== "aws:region")));
            else pulumi.runtime.setConfig("aws:region", saved);
        }
    });

    it("without IoT creates no IoT policy, no IoT grants, no attach endpoint, and its IoT outputs are undefined", async () => {
        const off = await build({ iot: { enabled: false } });
        const types = new Set(off.resources.map((r) => r.type));
        for (const type of [T.iotPolicy, "aws:apigatewayv2/api:Api", "aws:apigatewayv2/stage:Stage"]) assert.ok(!types.has(type), type);
        assert.deepStrictEqual(off.resources.filter((r) => r.name.includes("iot")).map((r) => r.name), []);
        assert.deepStrictEqual(doc(named(off.resources, "auth-authenticated-policy")).Statement, []);
        assert.deepStrictEqual([off.outputs.iotPolicyName, off.outputs.iotAttachUrl, off.outputs.iotEndpoint], [undefined, undefined, undefined]);
    });

    it("gives the attach function its settings through the stage, so it depends on neither the identity pool nor the policy", () => {
        const stage = named(e.resources, "auth-iot-attach-stage");
        assert.deepStrictEqual(stage.inputs.stageVariables, { identityPoolId: single(e.resources, T.identityPool).id, iotPolicyName: single(e.resources, T.iotPolicy).state.name });
        const fn = named(e.resources, "auth-iot-attach", T.fn);
        assert.deepStrictEqual(fn.dependencies.map((d) => d.split("::").pop()), ["auth-iot-attach-logs", "auth-iot-attach-role"]);
    });

    it("sends e-mail through SES with custom templates, or through Cognito's mailer with a reply-to only", async () => {
        const ses = await build({
            email: { sesIdentityArn: "arn:aws:ses:ap-northeast-2:123456789012:identity/example.com", from: "Ops <ops@example.com>", replyTo: "help@example.com", configurationSet: "auth-mail", verificationSubject: "Code", verificationMessage: "Code: {####}" },
        });
        const pool = single(ses.resources, T.userPool).inputs;
        assert.deepStrictEqual(pool.emailConfiguration, {
            emailSendingAccount: "DEVELOPER",
            sourceArn: "arn:aws:ses:ap-northeast-2:123456789012:identity/example.com",
            fromEmailAddress: "Ops <ops@example.com>",
            replyToEmailAddress: "help@example.com",
            configurationSet: "auth-mail",
        });
        assert.deepStrictEqual(pool.verificationMessageTemplate, { defaultEmailOption: "CONFIRM_WITH_CODE", emailSubject: "Code", emailMessage: "Code: {####}" });
        const cognito = await build({ email: { replyTo: "help@example.com" } });
        assert.deepStrictEqual(single(cognito.resources, T.userPool).inputs.emailConfiguration, { emailSendingAccount: "COGNITO_DEFAULT", replyToEmailAddress: "help@example.com" });
        assert.strictEqual(single(cognito.resources, T.userPool).inputs.verificationMessageTemplate, undefined);
    });

    it("maps device remembering: OFF leaves device tracking off, ALWAYS remembers without asking", async () => {
        const off = await build({ deviceRemembering: "OFF" });
        assert.strictEqual(single(off.resources, T.userPool).inputs.deviceConfiguration, undefined);
        const always = await build({ deviceRemembering: "ALWAYS" });
        assert.deepStrictEqual(single(always.resources, T.userPool).inputs.deviceConfiguration, { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false });
    });

    it("defaults display names to the component name, so two instances do not collide", async () => {
        const two = await evaluate(() => {
            new CognitoAuth("auth");
            new CognitoAuth("admin-auth");
            return {};
        });
        assert.deepStrictEqual(ofType(two.resources, T.userPool).map((p) => p.inputs.name).sort(), ["AdminAuthUserPool", "AuthUserPool"]);
        const urns = two.resources.map((r) => r.urn);
        assert.strictEqual(new Set(urns).size, urns.length);
    });

    it("publishes the settings it resolved", () => {
        assert.deepStrictEqual([e.auth.settings.mfa, e.auth.settings.featurePlan, e.auth.settings.environmentName], ["OPTIONAL", "ESSENTIALS", "Auth"]);
    });
});
