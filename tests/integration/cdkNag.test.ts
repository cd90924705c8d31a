// cdk-nag's AwsSolutions pack over both stacks, offline (tools/cdkNag.ts): every registered resource
// mapped to its CloudFormation L1 construct, the pack run over them, the findings compared with
// today's list. A new finding, or one that goes away, fails here until the list (and SECURITY.md's
// table of acknowledged findings) is updated.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    ACKNOWLEDGED_END,
    ACKNOWLEDGED_START,
    acknowledgedFindings,
    acknowledges,
    checkAcknowledgements,
    nagFindings,
    UnmappedResourceError,
    type Acknowledgement,
    type NagFinding,
    type NagResource,
} from "../../tools/cdkNag";
import { evaluateStack, ROOT } from "../harness";

/** One line per finding: `rule resource [detail] (level)`. */
const lines = (findings: NagFinding[]) => findings.map((f) => `${f.rule} ${f.resource}${f.detail === undefined ? "" : ` ${f.detail}`} (${f.level})`);

const IOT = "arn:aws:iot:ap-northeast-2:123456789012";
const LOGS = "arn:aws:logs:ap-northeast-2:123456789012:log-group";

// The mocks name an auto-named log group `<logical name>-<7 hex of its type>` (tools/evaluate.ts).
const PRE_SIGN_UP_STREAMS = `Resource::${LOGS}:auth-pre-sign-up-logs-e657280:*`;
const IOT_ATTACH_STREAMS = `Resource::${LOGS}:auth-iot-attach-logs-e657280:*`;

const EXPECTED: Record<string, string[]> = {
    dev: [
        // MFA is optional (TOTP offered), not required.
        "AwsSolutions-COG2 auth-user-pool (warning)",
        // Dev keeps the ESSENTIALS feature plan.
        "AwsSolutions-COG8 auth-user-pool (error)",
        // Per-identity topics below the caller's own identity id.
        `AwsSolutions-IAM5 auth-authenticated-policy Resource::${IOT}:topic/devices/<cognito-identity.amazonaws.com:sub>/* (error)`,
        `AwsSolutions-IAM5 auth-authenticated-policy Resource::${IOT}:topicfilter/devices/<cognito-identity.amazonaws.com:sub>/* (error)`,
        // The back end's own function log groups.
        `AwsSolutions-IAM5 auth-execution-policy Resource::${LOGS}:/aws/lambda/* (error)`,
        // iot:AttachPolicy has no resource type for a Cognito identity.
        "AwsSolutions-IAM5 auth-iot-attach-policy Resource::* (error)",
        // Log streams of each function's own log group.
        `AwsSolutions-IAM5 auth-iot-attach-policy ${IOT_ATTACH_STREAMS} (error)`,
        `AwsSolutions-IAM5 auth-pre-sign-up-logs ${PRE_SIGN_UP_STREAMS} (error)`,
    ],
    prod: [
        "AwsSolutions-COG2 auth-user-pool (warning)",
        `AwsSolutions-IAM5 auth-authenticated-policy Resource::${IOT}:topic/devices/<cognito-identity.amazonaws.com:sub>/* (error)`,
        `AwsSolutions-IAM5 auth-authenticated-policy Resource::${IOT}:topicfilter/devices/<cognito-identity.amazonaws.com:sub>/* (error)`,
        `AwsSolutions-IAM5 auth-execution-policy Resource::${LOGS}:/aws/lambda/* (error)`,
        "AwsSolutions-IAM5 auth-iot-attach-policy Resource::* (error)",
        `AwsSolutions-IAM5 auth-iot-attach-policy ${IOT_ATTACH_STREAMS} (error)`,
        `AwsSolutions-IAM5 auth-pre-sign-up-logs ${PRE_SIGN_UP_STREAMS} (error)`,
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

        it("maps every registered resource, the HTTP API and the metric-math alarms included", () => {
            // Nothing skipped silently: every type has a mapping (nagFindings would throw otherwise).
            const types = new Set(resources.map((r) => r.type));
            for (const type of ["aws:apigatewayv2/api:Api", "aws:apigatewayv2/integration:Integration", "aws:apigatewayv2/route:Route", "aws:apigatewayv2/stage:Stage", "aws:sns/topicPolicy:TopicPolicy"]) {
                assert.ok(types.has(type), type);
            }
            if (stack === "prod") assert.ok(resources.some((r) => Array.isArray(r.inputs.metricQueries)), "prod has metric-math alarms");
            assert.doesNotThrow(() => nagFindings(resources));
        });
    });
}

describe("cdk-nag findings acknowledged in SECURITY.md", () => {
    it("acknowledges every finding of both stacks with exactly one row, and has no stale rows", async () => {
        const findings = [...nagFindings((await evaluateStack("dev")).resources), ...nagFindings((await evaluateStack("prod")).resources)];
        const rows = acknowledgedFindings(fs.readFileSync(path.join(ROOT, "SECURITY.md"), "utf8"));
        const { unacknowledged, ambiguous, stale } = checkAcknowledgements(findings, rows, "auth");
        const show = (f: NagFinding) => `${f.rule} ${f.resource}${f.detail === undefined ? "" : ` ${f.detail}`}`;
        assert.deepStrictEqual(unacknowledged.map(show), [], "findings SECURITY.md does not acknowledge: add a row for each (or fix them)");
        assert.deepStrictEqual(ambiguous.map((a) => `${show(a.finding)}: lines ${a.rows.map((r) => r.line).join(", ")}`), [], "findings acknowledged by more than one row");
        assert.deepStrictEqual(stale.map((r) => `line ${r.line}: ${r.rule} ${r.child} ${r.detail ?? ""}`), [], "rows that acknowledge no finding: remove them");
    });
});

describe("acknowledgedFindings (SECURITY.md's table)", () => {
    const table = (...rows: string[]) =>
        ["# Security", "", ACKNOWLEDGED_START, "| Rule | Child | Detail | Reason |", "| --- | --- | --- | --- |", ...rows, ACKNOWLEDGED_END, "", "More."].join("\n");
    const finding = (rule: string, resource: string, detail?: string): NagFinding => ({ rule: `AwsSolutions-${rule}`, resource, level: "error", message: "m", ...(detail ? { detail } : {}) });

    it("reads each row: rule, child, detail without its backticks (optional), reason and line", () => {
        const rows = acknowledgedFindings(
            table("| IAM5 | `execution-policy` | `Resource::arn:…:log-group:/aws/lambda/*` | The back end's functions are the consumer's. |", "| AwsSolutions-COG2 | user-pool |  | TOTP is offered; `mandatory` MFA is a product decision. |"),
        );
        assert.deepStrictEqual(rows, [
            { rule: "IAM5", child: "execution-policy", detail: "Resource::arn:…:log-group:/aws/lambda/*", reason: "The back end's functions are the consumer's.", line: 6 },
            { rule: "COG2", child: "user-pool", reason: "TOTP is offered; `mandatory` MFA is a product decision.", line: 7 },
        ]);
        assert.deepStrictEqual(acknowledgedFindings(table()), []);
        assert.deepStrictEqual(acknowledgedFindings(table("| IAM5 | p | `a\\|b` | pipes escaped |"))[0].detail, "a|b");
    });

    it("refuses a table it cannot read, naming the line", () => {
        assert.throws(() => acknowledgedFindings("# Security\n"), /^Error: no <!-- cdk-nag:start --> … <!-- cdk-nag:end --> block$/);
        assert.throws(() => acknowledgedFindings(`${table()}\n${ACKNOWLEDGED_START}\n${ACKNOWLEDGED_END}`), /more than one cdk-nag block/);
        assert.throws(() => acknowledgedFindings(`${ACKNOWLEDGED_END}\n${ACKNOWLEDGED_START}`), /comes before/);
        assert.throws(() => acknowledgedFindings(table().replace("| Detail |", "| Finding |")), /^Error: line 4: the table must start with \| Rule \| Child \| Detail \| Reason \|$/);
        assert.throws(() => acknowledgedFindings(table().replace("| --- | --- | --- | --- |", "| IAM5 | x | | y |")), /^Error: line 5: the header must be followed by/);
        assert.throws(() => acknowledgedFindings(table("| IAM5 | x | y |")), /^Error: line 6: a row has 4 cells/);
        assert.throws(() => acknowledgedFindings(table("| iam 5 | x | | y |")), /^Error: line 6: "iam 5" is not a rule id such as IAM5$/);
        assert.throws(() => acknowledgedFindings(table("| IAM5 |  | | y |")), /^Error: line 6: the child is missing$/);
        assert.throws(() => acknowledgedFindings(table("| IAM5 | x | |  |")), /^Error: line 6: the reason is missing$/);
    });

    it("matches a finding by rule, child (the name without the component's) and detail, where … is any text", () => {
        const row = (child: string, detail?: string): Acknowledgement => ({ rule: "IAM5", child, ...(detail === undefined ? {} : { detail }), reason: "r", line: 1 });
        const streams = finding("IAM5", "auth-iot-attach-policy", "Resource::arn:aws:logs:eu-west-1:1:log-group:auth-iot-attach-logs-abc1234:*");
        const star = finding("IAM5", "auth-iot-attach-policy", "Resource::*");
        assert.strictEqual(acknowledges(row("iot-attach-policy", "Resource::arn:…:log-group:…:*"), streams, "auth"), true);
        assert.strictEqual(acknowledges(row("iot-attach-policy", "Resource::arn:…:log-group:…:*"), star, "auth"), false);
        assert.strictEqual(acknowledges(row("iot-attach-policy", "Resource::*"), star, "auth"), true);
        assert.strictEqual(acknowledges(row("iot-attach-policy", "Resource::*"), streams, "auth"), false, "* is literal: only … is a wildcard");
        assert.strictEqual(acknowledges(row("iot-attach-policy"), streams, "auth"), true, "no detail: every finding of the rule on the child");
        assert.strictEqual(acknowledges(row("iot-attach-policy"), streams, "other"), false);
        assert.strictEqual(acknowledges(row("attach-policy"), streams, "auth-iot"), true);
        assert.strictEqual(acknowledges({ ...row("iot-attach-policy"), rule: "IAM4" }, streams, "auth"), false);
    });

    it("reports findings without a row, findings with two rows, and rows without a finding", () => {
        const rows = acknowledgedFindings(table("| COG2 | user-pool | | optional MFA |", "| IAM5 | p | | any |", "| IAM5 | p | `Resource::*` | star |", "| COG8 | user-pool | | gone |"));
        const star = finding("IAM5", "auth-p", "Resource::*");
        const check = checkAcknowledgements([finding("COG2", "auth-user-pool"), star, finding("L1", "auth-fn")], rows, "auth");
        assert.deepStrictEqual(check.unacknowledged, [finding("L1", "auth-fn")]);
        assert.deepStrictEqual(check.ambiguous.map((a) => [a.finding, a.rows.map((r) => r.line)]), [[star, [7, 8]]]);
        assert.deepStrictEqual(check.stale.map((r) => r.reason), ["gone"]);
    });
});

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

    it("carries what the API Gateway rules read: stage access logs (APIG1), route authorization (APIG4)", () => {
        const stage = (inputs: Record<string, any>): NagResource => ({ type: "aws:apigatewayv2/stage:Stage", name: "stage", inputs: { apiId: "api", name: "$default", ...inputs } });
        const route = (inputs: Record<string, any>): NagResource => ({ type: "aws:apigatewayv2/route:Route", name: "route", inputs: { apiId: "api", routeKey: "POST /attach", ...inputs } });
        const logs = { destinationArn: "arn:aws:logs:ap-northeast-2:123456789012:log-group:access", format: '{"requestId":"$context.requestId"}' };
        assert.deepStrictEqual(lines(nagFindings([stage({ accessLogSettings: logs }), route({ authorizationType: "AWS_IAM" })])), []);
        assert.deepStrictEqual(lines(nagFindings([stage({}), route({ authorizationType: "NONE" })])), ["AwsSolutions-APIG1 stage (error)", "AwsSolutions-APIG4 route (error)"]);
        assert.deepStrictEqual(lines(nagFindings([route({})])), ["AwsSolutions-APIG4 route (error)"]);
        // Lists Pulumi keys by position are CloudFormation maps: every input is read (nothing unmapped).
        const resources: NagResource[] = [
            { type: "aws:apigatewayv2/api:Api", name: "api", inputs: { protocolType: "HTTP", corsConfiguration: { allowOrigins: ["https://example.com"] } }, state: { name: "api-1" } },
            { type: "aws:apigatewayv2/integration:Integration", name: "int", inputs: { apiId: "api", integrationType: "HTTP_PROXY", responseParameters: [{ statusCode: "500", mappings: { "overwrite:statuscode": "503" } }] } },
            route({ authorizationType: "AWS_IAM", requestParameters: [{ requestParameterKey: "route.request.querystring.id", required: true }] }),
            stage({ accessLogSettings: logs, routeSettings: [{ routeKey: "POST /attach", throttlingBurstLimit: 1 }], defaultRouteSettings: { throttlingRateLimit: 1 } }),
        ];
        assert.deepStrictEqual(nagFindings(resources), []);
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
