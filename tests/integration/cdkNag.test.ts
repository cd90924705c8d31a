// cdk-nag's AwsSolutions pack over both stacks, offline (tools/cdkNag.ts): every registered resource
// mapped to its CloudFormation L1 construct, the pack run over them, the findings compared with
// today's list. A new finding, or one that goes away, fails here until the list (and SECURITY.md's
// account of each: fixed or acknowledged) is updated.
import * as assert from "assert";
import { nagFindings, UnmappedResourceError, type NagFinding, type NagResource } from "../../tools/cdkNag";
import { evaluateStack } from "../harness";

/** One line per finding: `rule resource [detail] (level)`. */
const lines = (findings: NagFinding[]) => findings.map((f) => `${f.rule} ${f.resource}${f.detail === undefined ? "" : ` ${f.detail}`} (${f.level})`);

const IOT = "arn:aws:iot:ap-northeast-2:123456789012";
const LOGS = "arn:aws:logs:ap-northeast-2:123456789012:log-group";

const EXPECTED: Record<string, string[]> = {
    dev: [
        // Dev keeps the original template's weak password rules (COG1) and the ESSENTIALS plan (COG8).
        "AwsSolutions-COG1 auth-user-pool (error)",
        "AwsSolutions-COG2 auth-user-pool (warning)",
        "AwsSolutions-COG8 auth-user-pool (error)",
        `AwsSolutions-IAM5 auth-authenticated-policy Resource::${IOT}:topic/devices/<cognito-identity.amazonaws.com:sub>/* (error)`,
        `AwsSolutions-IAM5 auth-authenticated-policy Resource::${IOT}:topicfilter/devices/<cognito-identity.amazonaws.com:sub>/* (error)`,
        "AwsSolutions-IAM5 auth-execution-policy Resource::* (error)",
        `AwsSolutions-IAM5 auth-execution-policy Resource::${LOGS}:/aws/lambda/* (error)`,
        `AwsSolutions-IAM5 auth-pre-sign-up-logs Resource::${LOGS}:auth-pre-sign-up-logs-0000000:* (error)`,
        "AwsSolutions-SNS3 auth-alarms (error)",
    ],
    prod: [
        "AwsSolutions-COG2 auth-user-pool (warning)",
        `AwsSolutions-IAM5 auth-authenticated-policy Resource::${IOT}:topic/devices/<cognito-identity.amazonaws.com:sub>/* (error)`,
        `AwsSolutions-IAM5 auth-authenticated-policy Resource::${IOT}:topicfilter/devices/<cognito-identity.amazonaws.com:sub>/* (error)`,
        "AwsSolutions-IAM5 auth-execution-policy Resource::* (error)",
        `AwsSolutions-IAM5 auth-execution-policy Resource::${LOGS}:/aws/lambda/* (error)`,
        `AwsSolutions-IAM5 auth-pre-sign-up-logs Resource::${LOGS}:auth-pre-sign-up-logs-0000000:* (error)`,
        "AwsSolutions-SNS3 auth-alarms (error)",
    ],
};

for (const stack of ["dev", "prod"]) {
    describe(`cdk-nag AwsSolutions over stack ${stack}`, () => {
        let resources: NagResource[];
        before(async () => {
            resources = (await evaluateStack(stack)).resources;
        });

        it("reports exactly today's findings", () => {
            const findings = nagFindings(resources);
            assert.deepStrictEqual(lines(findings), EXPECTED[stack]);
            for (const f of findings) assert.ok(f.message.length > 0, `${f.rule} has a message`);
        });

        it("maps every registered resource", () => {
            // Nothing skipped silently: every type has a mapping (nagFindings would throw otherwise).
            assert.ok(resources.length >= 15);
            assert.doesNotThrow(() => nagFindings(resources));
        });
    });
}

describe("cdk-nag mapping (hand-made resources)", () => {
    const ARN = "arn:aws:sns:ap-northeast-2:123456789012:alarms";
    const topic: NagResource = { type: "aws:sns/topic:Topic", name: "alarms", inputs: {}, state: { name: "alarms", arn: ARN } };
    const sslOnly = (action: string, principal: unknown = "*") =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "PublishOverTlsOnly", Effect: "Deny", Principal: principal, Action: [action], Resource: [ARN], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
        });

    it("reports a wildcard grant in a role policy, by action and by resource", () => {
        const findings = nagFindings([
            { type: "aws:iam/role:Role", name: "r", inputs: { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }, state: { name: "r-1" } },
            {
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "p",
                inputs: { role: "r-1", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }] }) },
            },
        ]);
        assert.deepStrictEqual(lines(findings), ["AwsSolutions-IAM5 p Action::s3:* (error)", "AwsSolutions-IAM5 p Resource::* (error)"]);
    });

    it("refuses a type it has no mapping for, naming the type", () => {
        assert.throws(() => nagFindings([{ type: "aws:s3/bucket:Bucket", name: "b", inputs: {} }]), (e: Error) => e instanceof UnmappedResourceError && e.message.includes('"aws:s3/bucket:Bucket"'));
    });

    it("refuses an input no mapper reads, naming it", () => {
        const withDelivery = { ...topic, inputs: { deliveryPolicy: "{}" } };
        assert.throws(() => nagFindings([withDelivery]), (e: Error) => e instanceof UnmappedResourceError && e.message.includes("alarms.deliveryPolicy"));
    });

    it("skips component resources, whose children are checked on their own", () => {
        assert.deepStrictEqual(nagFindings([{ type: "cognito-auth:index:CognitoAuth", name: "auth", inputs: {} }]), []);
        assert.deepStrictEqual(nagFindings([{ type: "other:index:Component", name: "c", inputs: {}, custom: false }]), []);
    });

    it("SNS3 is met by a topic policy denying sns:Publish without TLS to everyone, and only by that", () => {
        assert.deepStrictEqual(lines(nagFindings([topic])), ["AwsSolutions-SNS3 alarms (error)"]);
        const policy = (doc: string): NagResource => ({ type: "aws:sns/topicPolicy:TopicPolicy", name: "alarms-policy", inputs: { arn: ARN, policy: doc } });
        assert.deepStrictEqual(nagFindings([topic, policy(sslOnly("sns:Publish"))]), []);
        assert.deepStrictEqual(nagFindings([topic, policy(sslOnly("sns:Publish", { AWS: ["*"] }))]), []);
        assert.deepStrictEqual(lines(nagFindings([topic, policy(sslOnly("sns:Publish", { Service: ["cloudwatch.amazonaws.com"] }))])), ["AwsSolutions-SNS3 alarms (error)"]);
        assert.deepStrictEqual(lines(nagFindings([topic, policy(sslOnly("sns:*"))])), ["AwsSolutions-SNS3 alarms (error)"]);
        // The topic's own `policy` input counts too.
        assert.deepStrictEqual(nagFindings([{ ...topic, inputs: { policy: sslOnly("sns:Publish") } }]), []);
    });

    it("carries what the Cognito, IAM and Lambda rules read", () => {
        const pool = (inputs: Record<string, any>): NagResource => ({ type: "aws:cognito/userPool:UserPool", name: "pool", inputs });
        const strong = { minimumLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true };
        assert.deepStrictEqual(nagFindings([pool({ passwordPolicy: strong, mfaConfiguration: "ON", softwareTokenMfaConfiguration: { enabled: true }, userPoolTier: "PLUS" })]), []);
        assert.deepStrictEqual(lines(nagFindings([pool({ passwordPolicy: { ...strong, requireSymbols: false }, mfaConfiguration: "ON", userPoolTier: "PLUS" })])), [
            "AwsSolutions-COG1 pool (error)",
        ]);
        const identityPool: NagResource = { type: "aws:cognito/identityPool:IdentityPool", name: "ids", inputs: { identityPoolName: "x", allowUnauthenticatedIdentities: true } };
        assert.deepStrictEqual(lines(nagFindings([identityPool])), ["AwsSolutions-COG7 ids (error)"]);
        const fn: NagResource = { type: "aws:lambda/function:Function", name: "fn", inputs: { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs18.x", handler: "index.handler" } };
        assert.deepStrictEqual(lines(nagFindings([fn])), ["AwsSolutions-L1 fn (error)"]);
        const role: NagResource = { type: "aws:iam/role:Role", name: "r", inputs: { assumeRolePolicy: "{}" }, state: { name: "r-1" } };
        const attachment: NagResource = { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "admin", inputs: { role: "r-1", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } };
        assert.deepStrictEqual(lines(nagFindings([role, attachment])), ["AwsSolutions-IAM4 r Policy::arn:aws:iam::aws:policy/AdministratorAccess (error)"]);
    });
});
