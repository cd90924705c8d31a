// The IoT attach function, run as deployed (dist/lambdas/iotAttach.js evaluated by the loader, which
// allows it @aws-sdk/client-iot only), against the real SDK v3 IoTClient mocked by aws-sdk-client-mock.
// mockClient(IoTClient) stubs IoTClient.prototype.send; the deployed bytes get this same module object,
// so the client they create on their first accepted request is mocked too (asserted below).
//
// Events are API Gateway HTTP API events (payload format 2.0) for the route `POST /attach` with
// AWS_IAM authorization on the `$default` stage, which carries the function's configuration as stage
// variables.
import * as assert from "assert";
import * as iotModule from "@aws-sdk/client-iot";
import {
    AttachPolicyCommand,
    InternalFailureException,
    IoTClient,
    IoTServiceException,
    LimitExceededException,
    ResourceNotFoundException,
    ServiceUnavailableException,
    ThrottlingException,
    UnauthorizedException,
} from "@aws-sdk/client-iot";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { mockClient } from "aws-sdk-client-mock";
import { spawnSync } from "child_process";
import { createHash, createHmac } from "crypto";
import * as fc from "fast-check";
import * as path from "path";
import { AttachError, attachIotPolicy, attachUrl, sendAttachRequest, signedAttachRequest, type SignedRequest } from "../../../examples/iot-client/attach";
import { ATTACH_ROUTE_KEY, STAGE_VAR_IDENTITY_POOL_ID, STAGE_VAR_IOT_POLICY_NAME } from "../../../lambdas/iotAttach";
import { loadDeployed, type DeployedModule } from "../../deployedHandler";

const REGION = "ap-northeast-2";
const POOL = `${REGION}:11111111-2222-4333-8444-555555555555`;
const IDENTITY = `${REGION}:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee`;
const POLICY = "cognito-auth-iot";
const ACCOUNT = "123456789012";
const ACCESS_KEY = "ASIAEXAMPLEKEY000001";
const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE-session-token";
/** HTTP API ids are 10 lower-case alphanumerics. */
const API_ID = "a1b2c3d4e5";
const API_HOST = `${API_ID}.execute-api.${REGION}.amazonaws.com`;

/** The `$default` stage's variables as the component sets them. */
const stageVars = (policy: unknown = POLICY, pool: unknown = POOL): Record<string, unknown> => ({ [STAGE_VAR_IOT_POLICY_NAME]: policy, [STAGE_VAR_IDENTITY_POOL_ID]: pool });

type Handler = (event: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
type DeployedAttach = DeployedModule<Handler>;

/** The deployed function (no environment), given the test's @aws-sdk/client-iot (and nothing else). */
const loadAttach = (): DeployedAttach => loadDeployed<Handler>("iotAttach", {}, { "@aws-sdk/client-iot": iotModule });

/** `requestContext.authorizer.iam.cognitoIdentity` for a signed-in identity of `pool`. */
const signedIn = (identityId = IDENTITY, pool = POOL) => ({
    amr: ["authenticated", `cognito-idp.${REGION}.amazonaws.com/${REGION}_AbCdEf123`, `cognito-idp.${REGION}.amazonaws.com/${REGION}_AbCdEf123:CognitoSignIn:0123abcd-0000-4000-8000-000000000001`],
    identityId,
    identityPoolId: pool,
});

interface EventParts {
    method?: unknown;
    /** requestContext.routeKey (and the top-level copy). */
    routeKey?: unknown;
    cognitoIdentity?: unknown;
    /** undefined leaves the key out, as API Gateway does for a stage without variables. */
    stageVariables?: unknown;
    body?: string;
    headers?: Record<string, string>;
    rawPath?: string;
    rawQueryString?: string;
    queryStringParameters?: Record<string, string>;
}

/**
 * An HTTP API event as API Gateway delivers it to a Lambda proxy integration (payload format 2.0,
 * docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html)
 * once AWS_IAM route authorization passed, for credentials Cognito issued: the role session is named
 * CognitoIdentityCredentials and requestContext.authorizer.iam.cognitoIdentity is filled. Shape as a
 * captured HTTP API IAM event (aws-powertools/powertools-lambda-typescript,
 * packages/parser/tests/events/apigw-http/iam-auth.json: no `authentication` key without mTLS, no
 * `stageVariables` key without stage variables) with cognitoIdentity as captured in
 * github.com/anomalyco/guide/pull/706.
 */
function httpApiEvent(parts: EventParts = {}): Record<string, any> {
    const method = "method" in parts ? parts.method : "POST";
    const routeKey = "routeKey" in parts ? parts.routeKey : ATTACH_ROUTE_KEY;
    const cognitoIdentity = "cognitoIdentity" in parts ? parts.cognitoIdentity : signedIn();
    const stageVariables = "stageVariables" in parts ? parts.stageVariables : stageVars();
    const rawPath = parts.rawPath ?? "/attach";
    return {
        version: "2.0",
        routeKey,
        rawPath,
        rawQueryString: parts.rawQueryString ?? "",
        headers: {
            "content-length": String(parts.body?.length ?? 0),
            "content-type": "application/json",
            host: API_HOST,
            "x-amz-date": "20250102T030405Z",
            "x-amz-security-token": SESSION_TOKEN,
            "x-forwarded-for": "203.0.113.7",
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https",
            ...parts.headers,
        },
        ...(parts.queryStringParameters ? { queryStringParameters: parts.queryStringParameters } : {}),
        requestContext: {
            accountId: ACCOUNT,
            apiId: API_ID,
            authorizer: {
                iam: {
                    accessKey: ACCESS_KEY,
                    accountId: ACCOUNT,
                    callerId: "AROAEXAMPLEROLEID0001:CognitoIdentityCredentials",
                    cognitoIdentity,
                    principalOrgId: null,
                    userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/cognito-auth-authenticated/CognitoIdentityCredentials`,
                    userId: "AROAEXAMPLEROLEID0001:CognitoIdentityCredentials",
                },
            },
            domainName: API_HOST,
            domainPrefix: API_ID,
            http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "app/1.0" },
            requestId: "ZhLNpgotDoEEJUQ=",
            routeKey,
            stage: "$default",
            time: "02/Jan/2025:03:04:05 +0000",
            timeEpoch: 1735787045000,
        },
        ...(stageVariables !== undefined ? { stageVariables } : {}),
        ...(parts.body !== undefined ? { body: parts.body } : {}),
        isBase64Encoded: false,
    };
}

const JSON_HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" };
const FORBIDDEN = { statusCode: 403, headers: JSON_HEADERS, body: '{"message":"Forbidden"}' };
const INTERNAL = { statusCode: 500, headers: JSON_HEADERS, body: '{"message":"Internal error"}' };
const OK = (identityId = IDENTITY, policyName = POLICY) => ({
    statusCode: 200,
    headers: JSON_HEADERS,
    body: JSON.stringify({ attached: true, identityId, policyName }),
});

/** An error as the SDK raises it for an IoT error response: name, $fault, $metadata, message. HTTP
 *  statuses as in docs.aws.amazon.com/iot/latest/apireference/API_AttachPolicy.html#API_AttachPolicy_Errors. */
function awsError<T>(Type: new (opts: any) => T, httpStatusCode: number, message: string): T {
    return new Type({ message, $metadata: { httpStatusCode, requestId: "4d1b2c3a-0000-4000-8000-00000000beef", attempts: 3, totalRetryDelay: 180 } });
}

const parsedLogs = (logs: string[]) => logs.map((l) => JSON.parse(l));

describe("IoT attach function (deployed bytes, SDK v3 client mocked)", () => {
    const iot = mockClient(IoTClient);
    beforeEach(() => iot.reset());
    after(() => iot.restore());

    const attachInputs = () => iot.commandCalls(AttachPolicyCommand).map((c) => c.args[0].input);

    describe("the deployed module", () => {
        it("exports the stage variable names and the route key the component configures", () => {
            const { exports } = loadAttach();
            assert.deepStrictEqual(
                { pool: exports.STAGE_VAR_IDENTITY_POOL_ID, policy: exports.STAGE_VAR_IOT_POLICY_NAME, route: exports.ATTACH_ROUTE_KEY },
                { pool: "identityPoolId", policy: "iotPolicyName", route: "POST /attach" },
            );
            // API Gateway: stage variable names are alphanumerics and underscores.
            for (const name of [STAGE_VAR_IDENTITY_POOL_ID, STAGE_VAR_IOT_POLICY_NAME]) assert.match(name, /^\w+$/);
        });

        it("loads with nothing to require, and asks for @aws-sdk/client-iot (only) on first use", async () => {
            const { handler, logs } = loadDeployed<Handler>("iotAttach", {});
            assert.deepStrictEqual(await handler(httpApiEvent()), INTERNAL);
            const [line] = parsedLogs(logs);
            assert.strictEqual(line.msg, "IoT client unavailable");
            assert.match(line.message, /may require only nothing, asked for @aws-sdk\/client-iot$/);
            assert.strictEqual(line.identityId, IDENTITY);
        });

        it("requires @aws-sdk/client-iot at the first accepted request, not before, and then reuses its one client", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const requires: string[] = [];
            const modules = {
                get "@aws-sdk/client-iot"() {
                    requires.push("@aws-sdk/client-iot");
                    return iotModule;
                },
            };
            const { handler } = loadDeployed<Handler>("iotAttach", {}, modules);
            assert.deepStrictEqual(requires, [], "nothing required at load");
            assert.deepStrictEqual(await handler(httpApiEvent({ cognitoIdentity: null })), FORBIDDEN);
            assert.deepStrictEqual(await handler(httpApiEvent({ stageVariables: undefined })), INTERNAL);
            assert.deepStrictEqual(requires, [], "nothing required for refused or misconfigured requests");
            assert.strictEqual(iot.calls().length, 0);

            assert.deepStrictEqual(await handler(httpApiEvent()), OK());
            assert.deepStrictEqual(requires, ["@aws-sdk/client-iot"], "required once, by the first accepted request");
            assert.deepStrictEqual(await handler(httpApiEvent()), OK());
            assert.deepStrictEqual(requires, ["@aws-sdk/client-iot"], "not required again");

            assert.strictEqual(iot.calls().length, 2);
            assert.ok(iot.call(0).thisValue instanceof IoTClient, "the deployed module's client is the mocked class");
            assert.strictEqual(iot.call(0).thisValue, iot.call(1).thisValue, "one client per container, not per invocation");
        });

        it("importing the compiled module in Node.js loads no AWS SDK (the component imports its constants)", () => {
            const compiled = path.join(__dirname, "..", "..", "..", "lambdas", "iotAttach.js");
            const probe = [
                `const m = require(${JSON.stringify(compiled)});`,
                "const sdk = Object.keys(require.cache).filter((f) => /[\\\\/]@aws-sdk[\\\\/]|[\\\\/]@smithy[\\\\/]/.test(f));",
                "console.log(JSON.stringify({ sdk, pool: m.STAGE_VAR_IDENTITY_POOL_ID, handler: typeof m.handler }));",
            ].join("\n");
            const run = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8", env: {} });
            assert.strictEqual(run.status, 0, run.stderr);
            assert.deepStrictEqual(JSON.parse(run.stdout), { sdk: [], pool: "identityPoolId", handler: "function" });
        });
    });

    describe("a signed-in identity of this pool", () => {
        it("gets the policy attached to exactly its identity id: 200 with a JSON body", async () => {
            iot.on(AttachPolicyCommand).resolves({ $metadata: { httpStatusCode: 200 } });
            const { handler, logs } = loadAttach();
            assert.deepStrictEqual(await handler(httpApiEvent()), OK());
            assert.deepStrictEqual(attachInputs(), [{ policyName: POLICY, target: IDENTITY }]);
            assert.deepStrictEqual(parsedLogs(logs), [{ level: "info", msg: "policy attached", identityId: IDENTITY, policyName: POLICY }]);
        });

        it("is idempotent: a second call (policy already attached, which AttachPolicy does not treat as an error) succeeds too", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const { handler } = loadAttach();
            assert.deepStrictEqual(await handler(httpApiEvent()), OK());
            assert.deepStrictEqual(await handler(httpApiEvent()), OK());
            assert.deepStrictEqual(attachInputs(), [
                { policyName: POLICY, target: IDENTITY },
                { policyName: POLICY, target: IDENTITY },
            ]);
        });

        it("ignores a forged identity id or configuration in the body, query string and headers", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const forged = `${REGION}:99999999-9999-4999-8999-999999999999`;
            const forgedPool = `${REGION}:99999999-0000-4000-8000-999999999999`;
            const { handler } = loadAttach();
            const out = await handler(
                httpApiEvent({
                    body: JSON.stringify({ identityId: forged, target: forged, cognitoIdentity: { identityId: forged, identityPoolId: POOL, amr: ["authenticated"] }, stageVariables: stageVars("other", forgedPool) }),
                    rawQueryString: `identityId=${encodeURIComponent(forged)}&iotPolicyName=other`,
                    queryStringParameters: { identityId: forged, target: forged, [STAGE_VAR_IOT_POLICY_NAME]: "other", [STAGE_VAR_IDENTITY_POOL_ID]: forgedPool },
                    headers: { "x-amz-cognito-identity-id": forged, "x-identity-id": forged, "cognito-identity-id": forged, "x-iot-policy-name": "other" },
                }),
            );
            assert.deepStrictEqual(out, OK());
            assert.deepStrictEqual(attachInputs(), [{ policyName: POLICY, target: IDENTITY }]);
        });

        it("ignores a base64 body alike", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const { handler } = loadAttach();
            const event = httpApiEvent({ body: Buffer.from('{"identityId":"x"}').toString("base64") });
            event.isBase64Encoded = true;
            assert.deepStrictEqual(await handler(event), OK());
        });
    });

    describe("refusals: 403, generic body, IoT never called", () => {
        const other = `${REGION}:00000000-0000-4000-8000-000000000000`;
        const cases: [string, unknown, string][] = [
            ["no cognitoIdentity (null: what API Gateway sends for IAM callers that are not Cognito identities)", httpApiEvent({ cognitoIdentity: null }), "no Cognito identity in the request context"],
            ["cognitoIdentity left out of the JSON", httpApiEvent({ cognitoIdentity: undefined }), "no Cognito identity in the request context"],
            ["another identity pool", httpApiEvent({ cognitoIdentity: { ...signedIn(), identityPoolId: other } }), "other identity pool"],
            ["the pool id in another case", httpApiEvent({ cognitoIdentity: { ...signedIn(), identityPoolId: POOL.toUpperCase() } }), "other identity pool"],
            ["the pool id with a trailing space", httpApiEvent({ cognitoIdentity: { ...signedIn(), identityPoolId: `${POOL} ` } }), "other identity pool"],
            ["this pool's identity while the stage serves another pool", httpApiEvent({ stageVariables: stageVars(POLICY, other) }), "other identity pool"],
            ["unauthenticated identity", httpApiEvent({ cognitoIdentity: { ...signedIn(), amr: ["unauthenticated"] } }), "identity not authenticated"],
            ["amr without authenticated", httpApiEvent({ cognitoIdentity: { ...signedIn(), amr: ["cognito-idp.ap-northeast-2.amazonaws.com/x"] } }), "identity not authenticated"],
            ["amr as a string", httpApiEvent({ cognitoIdentity: { ...signedIn(), amr: "authenticated" } }), "identity not authenticated"],
            ["amr missing", httpApiEvent({ cognitoIdentity: { identityId: IDENTITY, identityPoolId: POOL } }), "identity not authenticated"],
            ["identity id missing", httpApiEvent({ cognitoIdentity: { ...signedIn(), identityId: undefined } }), "malformed identity id"],
            ["identity id without region", httpApiEvent({ cognitoIdentity: signedIn("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee") }), "malformed identity id"],
            ["identity id not a UUID", httpApiEvent({ cognitoIdentity: signedIn(`${REGION}:not-a-uuid`) }), "malformed identity id"],
            ["identity id in upper case", httpApiEvent({ cognitoIdentity: signedIn(IDENTITY.toUpperCase()) }), "malformed identity id"],
            ["identity id with a trailing newline", httpApiEvent({ cognitoIdentity: signedIn(`${IDENTITY}\n`) }), "malformed identity id"],
            ["identity id of another region", httpApiEvent({ cognitoIdentity: signedIn(`us-east-1:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee`) }), "malformed identity id"],
            ["identity id that is an ARN", httpApiEvent({ cognitoIdentity: signedIn(`arn:aws:iot:${REGION}:${ACCOUNT}:cert/abc`) }), "malformed identity id"],
            ["GET", httpApiEvent({ method: "GET" }), "method not POST"],
            ["PUT", httpApiEvent({ method: "PUT" }), "method not POST"],
            ["OPTIONS", httpApiEvent({ method: "OPTIONS" }), "method not POST"],
            ["lower-case post", httpApiEvent({ method: "post" }), "method not POST"],
            ["the $default route", httpApiEvent({ routeKey: "$default" }), "not the attach route"],
            ["another route", httpApiEvent({ routeKey: "POST /detach" }), "not the attach route"],
            ["a greedy route", httpApiEvent({ routeKey: "ANY /{proxy+}" }), "not the attach route"],
            ["the route key with a trailing slash", httpApiEvent({ routeKey: "POST /attach/" }), "not the attach route"],
            ["the route key in lower case", httpApiEvent({ routeKey: "post /attach" }), "not the attach route"],
            ["no route key", httpApiEvent({ routeKey: undefined }), "not the attach route"],
            ["the route key only at the top level", { ...httpApiEvent(), requestContext: { ...httpApiEvent().requestContext, routeKey: undefined } }, "not the attach route"],
            ["no authorizer (a route without AWS_IAM)", { ...httpApiEvent(), requestContext: { ...httpApiEvent().requestContext, authorizer: null } }, "no Cognito identity in the request context"],
            ["a JWT authorizer's context", { ...httpApiEvent(), requestContext: { ...httpApiEvent().requestContext, authorizer: { jwt: { claims: { "cognito:identityId": IDENTITY }, scopes: null } } } }, "no Cognito identity in the request context"],
            ["no request context", { ...httpApiEvent(), requestContext: undefined }, "method not POST"],
        ];
        for (const [name, event, reason] of cases) {
            it(`${name}: logs "${reason}"`, async () => {
                iot.on(AttachPolicyCommand).resolves({});
                const { handler, logs } = loadAttach();
                assert.deepStrictEqual(await handler(event), FORBIDDEN);
                assert.strictEqual(iot.calls().length, 0);
                assert.deepStrictEqual(parsedLogs(logs), [{ level: "warn", msg: "attach refused", reason }]);
                assert.ok(!logs.join("\n").includes(ACCESS_KEY) && !logs.join("\n").includes(SESSION_TOKEN), "no credentials in logs");
            });
        }
    });

    describe("AWS errors", () => {
        const expectations: [string, Error, { statusCode: number; headers: Record<string, string>; body: string }, string, string][] = [
            ["ThrottlingException (HTTP 400, the AttachPolicy rate)", awsError(ThrottlingException, 400, "Rate exceeded"), { statusCode: 429, headers: { ...JSON_HEADERS, "Retry-After": "1" }, body: '{"message":"Too many requests"}' }, "warn", "IoT throttled AttachPolicy"],
            ["ServiceUnavailableException (HTTP 503)", awsError(ServiceUnavailableException, 503, "Service Unavailable"), { statusCode: 503, headers: { ...JSON_HEADERS, "Retry-After": "5" }, body: '{"message":"Service unavailable"}' }, "warn", "IoT unavailable"],
            ["LimitExceededException (HTTP 410: 10 policies per identity)", awsError(LimitExceededException, 410, "The number of attached policies for the target exceeds the limit"), INTERNAL, "error", "IoT policy limit reached for this identity"],
            ["ResourceNotFoundException (policy missing)", awsError(ResourceNotFoundException, 404, `Policy not found: ${POLICY}`), INTERNAL, "error", "IoT policy not found: deployment problem"],
            ["UnauthorizedException (HTTP 401)", awsError(UnauthorizedException, 401, "Unauthorized"), INTERNAL, "error", "AttachPolicy failed"],
            ["InternalFailureException (HTTP 500)", awsError(InternalFailureException, 500, "Internal failure"), INTERNAL, "error", "AttachPolicy failed"],
            [
                "an error outside the model (IAM AccessDeniedException, HTTP 403)",
                new IoTServiceException({ name: "AccessDeniedException", $fault: "client", message: `User is not authorized to perform: iot:AttachPolicy on resource: ${IDENTITY}`, $metadata: { httpStatusCode: 403 } }),
                INTERNAL,
                "error",
                "AttachPolicy failed",
            ],
            ["a network error", Object.assign(new Error("socket hang up"), { name: "TimeoutError" }), INTERNAL, "error", "AttachPolicy failed"],
        ];
        for (const [name, error, expected, level, msg] of expectations) {
            it(`${name}: logs "${msg}"`, async () => {
                iot.on(AttachPolicyCommand).rejects(error);
                const { handler, logs } = loadAttach();
                assert.deepStrictEqual(await handler(httpApiEvent()), expected);
                assert.deepStrictEqual(attachInputs(), [{ policyName: POLICY, target: IDENTITY }]);
                const [line] = parsedLogs(logs);
                assert.strictEqual(line.level, level);
                assert.strictEqual(line.msg, msg);
                assert.strictEqual(line.errorName, error.name);
                assert.strictEqual(line.identityId, IDENTITY);
                assert.strictEqual(line.httpStatusCode, (error as any).$metadata?.httpStatusCode ?? null);
                assert.ok(!expected.body.includes(error.message), "AWS details stay out of the response");
            });
        }

        it("logs the AWS request id and fault of a failed call", async () => {
            iot.on(AttachPolicyCommand).rejects(awsError(ResourceNotFoundException, 404, "gone"));
            const { handler, logs } = loadAttach();
            await handler(httpApiEvent());
            const [line] = parsedLogs(logs);
            assert.deepStrictEqual(
                { msg: line.msg, fault: line.fault, requestId: line.requestId, policyName: line.policyName },
                { msg: "IoT policy not found: deployment problem", fault: "client", requestId: "4d1b2c3a-0000-4000-8000-00000000beef", policyName: POLICY },
            );
        });

        it("logs at most 300 characters of an AWS message (a log line stays one short line)", async () => {
            iot.on(AttachPolicyCommand).rejects(awsError(InternalFailureException, 500, `${"x".repeat(300)}TAIL`));
            const { handler, logs } = loadAttach();
            await handler(httpApiEvent());
            assert.strictEqual(parsedLogs(logs)[0].message, "x".repeat(300));
        });

        it("logs something thrown that is not an Error as errorName unknown, with its text", async () => {
            iot.on(AttachPolicyCommand).callsFake(() => Promise.reject("socket closed"));
            const { handler, logs } = loadAttach();
            assert.deepStrictEqual(await handler(httpApiEvent()), INTERNAL);
            const [line] = parsedLogs(logs);
            assert.deepStrictEqual({ msg: line.msg, errorName: line.errorName, message: line.message, httpStatusCode: line.httpStatusCode }, { msg: "AttachPolicy failed", errorName: "unknown", message: "socket closed", httpStatusCode: null });
        });

        it("recovers once throttling is over (the next call succeeds)", async () => {
            iot.on(AttachPolicyCommand).rejectsOnce(awsError(ThrottlingException, 400, "Rate exceeded")).resolves({});
            const { handler } = loadAttach();
            assert.strictEqual((await handler(httpApiEvent())).statusCode, 429);
            assert.deepStrictEqual(await handler(httpApiEvent()), OK());
        });
    });

    describe("configuration: the $default stage's variables", () => {
        const broken: [string, unknown][] = [
            ["no stage variables (the key left out)", undefined],
            ["stage variables null", null],
            ["no stage variables at all ({})", {}],
            ["no policy name", { [STAGE_VAR_IDENTITY_POOL_ID]: POOL }],
            ["an empty policy name", stageVars("")],
            ["a policy name IoT would refuse", stageVars("my policy")],
            ["a policy name over 128 characters", stageVars("p".repeat(129))],
            ["a policy name that is not a string", stageVars(["cognito-auth-iot"])],
            ["no identity pool", { [STAGE_VAR_IOT_POLICY_NAME]: POLICY }],
            ["an empty identity pool id", stageVars(POLICY, "")],
            ["a malformed identity pool id", stageVars(POLICY, "not-a-pool")],
            ["an identity pool id in upper case", stageVars(POLICY, POOL.toUpperCase())],
            ["an identity pool id with surrounding whitespace (values are used as they are)", stageVars(POLICY, ` ${POOL}\n`)],
            ["the variable names in another case", { IdentityPoolId: POOL, IotPolicyName: POLICY }],
            ["the variables only inherited, not own properties", Object.create(stageVars())],
            ["stage variables that are a string", `${STAGE_VAR_IDENTITY_POOL_ID}=${POOL}`],
        ];
        for (const [name, stageVariables] of broken) {
            it(`answers 500 and calls nothing with ${name}`, async () => {
                iot.on(AttachPolicyCommand).resolves({});
                const { handler, logs } = loadAttach();
                assert.deepStrictEqual(await handler(httpApiEvent({ stageVariables })), INTERNAL);
                assert.strictEqual(iot.calls().length, 0);
                assert.deepStrictEqual(parsedLogs(logs), [{ level: "error", msg: "function misconfigured", reason: "stage variable iotPolicyName or identityPoolId missing or malformed" }]);
            });
        }

        it("checks the configuration before the caller (500 even for a request it would refuse)", async () => {
            const { handler } = loadAttach();
            assert.deepStrictEqual(await handler(httpApiEvent({ method: "GET", stageVariables: undefined })), INTERNAL);
            assert.deepStrictEqual(await handler(null), INTERNAL);
        });

        it("serves the pool and policy the stage names, whichever they are", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const otherPool = `us-east-1:0f0f0f0f-1111-4222-8333-444444444444`;
            const otherIdentity = `us-east-1:12121212-3434-4565-8787-909090909090`;
            const policy = "p_1+x=y,z.a@b-c";
            const { handler } = loadAttach();
            const out = await handler(httpApiEvent({ stageVariables: stageVars(policy, otherPool), cognitoIdentity: signedIn(otherIdentity, otherPool) }));
            assert.deepStrictEqual(out, OK(otherIdentity, policy));
            assert.deepStrictEqual(attachInputs(), [{ policyName: policy, target: otherIdentity }]);
        });

        for (const region of ["us-gov-west-1", "ap-southeast-10"]) {
            it(`serves a pool in ${region} (regions of three parts, and two-digit numbers, are well-formed ids)`, async () => {
                iot.on(AttachPolicyCommand).resolves({});
                const pool = `${region}:0f0f0f0f-1111-4222-8333-444444444444`;
                const identity = `${region}:12121212-3434-4565-8787-909090909090`;
                const { handler } = loadAttach();
                assert.deepStrictEqual(await handler(httpApiEvent({ stageVariables: stageVars(POLICY, pool), cognitoIdentity: signedIn(identity, pool) })), OK(identity, POLICY));
            });
        }

        it("reads the stage variables on every request (nothing carried over from an earlier one)", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const { handler } = loadAttach();
            assert.deepStrictEqual(await handler(httpApiEvent()), OK());
            const otherPool = `${REGION}:0f0f0f0f-1111-4222-8333-444444444444`;
            assert.deepStrictEqual(await handler(httpApiEvent({ stageVariables: stageVars(POLICY, otherPool) })), FORBIDDEN);
            assert.deepStrictEqual(await handler(httpApiEvent({ stageVariables: undefined })), INTERNAL);
            assert.deepStrictEqual(await handler(httpApiEvent({ stageVariables: stageVars("second-policy") })), OK(IDENTITY, "second-policy"));
            assert.deepStrictEqual(attachInputs(), [
                { policyName: POLICY, target: IDENTITY },
                { policyName: "second-policy", target: IDENTITY },
            ]);
        });

        it("ignores other stage variables", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const { handler } = loadAttach();
            assert.deepStrictEqual(await handler(httpApiEvent({ stageVariables: { ...stageVars(), target: "x", identityId: "y", policyName: "z" } })), OK());
        });

        it("exports createHandler for an injected client", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const { exports } = loadAttach();
            const client = new IoTClient({ region: REGION });
            const handler = exports.createHandler(() => client);
            assert.deepStrictEqual(await handler(httpApiEvent()), OK());
            assert.deepStrictEqual(attachInputs(), [{ policyName: POLICY, target: IDENTITY }]);
            assert.strictEqual(iot.call(0).thisValue, client);
        });

        it("answers 500 when the client cannot be built", async () => {
            const { exports, logs } = loadAttach();
            const handler = exports.createHandler(() => {
                throw new Error("Region is missing");
            });
            assert.deepStrictEqual(await handler(httpApiEvent()), INTERNAL);
            assert.strictEqual(parsedLogs(logs)[0].msg, "IoT client unavailable");
            assert.strictEqual(iot.calls().length, 0);
        });
    });

    describe("property: only the stage's pool's signed-in identities, on the attach route, are ever attached", () => {
        /** Cases; one handler call each on the deployed bytes. */
        const RUNS = 10_000;
        const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
        /** Every region the generators below can produce in a well-formed id. */
        const REGIONS = [REGION, "us-east-1"];
        const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

        /** Independent oracle for the stage variables: pool and policy, or undefined when unusable. */
        function configOf(vars: unknown): { pool: string; policy: string; region: string } | undefined {
            if (typeof vars !== "object" || vars === null) return undefined;
            const pool = own(vars, "identityPoolId") ? (vars as any).identityPoolId : undefined;
            const policy = own(vars, "iotPolicyName") ? (vars as any).iotPolicyName : undefined;
            if (typeof policy !== "string" || policy.length < 1 || policy.length > 128 || [...policy].some((c) => !/[A-Za-z0-9_+=,.@-]/.test(c))) return undefined;
            if (typeof pool !== "string") return undefined;
            const parts = pool.split(":");
            if (parts.length !== 2 || !REGIONS.includes(parts[0]) || !UUID.test(parts[1])) return undefined;
            return { pool, policy, region: parts[0] };
        }

        /** Independent oracle for the caller: the identity id to attach, or undefined. */
        function callerOf(context: any, config: { pool: string; region: string }): string | undefined {
            if (context?.http?.method !== "POST" || context?.routeKey !== "POST /attach") return undefined;
            const identity = context?.authorizer?.iam?.cognitoIdentity;
            if (typeof identity !== "object" || identity === null) return undefined;
            if (identity.identityPoolId !== config.pool) return undefined;
            if (!Array.isArray(identity.amr) || !identity.amr.includes("authenticated")) return undefined;
            if (typeof identity.identityId !== "string") return undefined;
            const parts = identity.identityId.split(":");
            return parts.length === 2 && parts[0] === config.region && UUID.test(parts[1]) ? identity.identityId : undefined;
        }

        const uuid = fc.uuid();
        const wellFormedId = fc.tuple(fc.constantFrom(...REGIONS), uuid).map(([r, u]) => `${r}:${u}`);
        const malformedId = fc.oneof(
            uuid.map((u) => `${REGION}:${u.toUpperCase()}`),
            wellFormedId.chain((id) => fc.constantFrom(` ${id}`, `${id}\n`, `${id}:x`, id.replace(":", "::"), id.toUpperCase(), id.slice(0, -1))),
            fc.tuple(fc.constantFrom(REGION, "", "us-east-1", "AP-NORTHEAST-2"), fc.string()).map(([r, rest]) => `${r}:${rest}`),
            fc.string(),
            fc.anything(),
        );
        const anyId = fc.oneof({ weight: 2, arbitrary: wellFormedId }, { weight: 1, arbitrary: malformedId });
        // The stage's pool: usually POOL, often another well-formed one, sometimes not usable.
        const poolVar = fc.oneof({ weight: 6, arbitrary: fc.constant(POOL) }, { weight: 2, arbitrary: wellFormedId }, { weight: 1, arbitrary: malformedId });
        const policyVar = fc.oneof(
            { weight: 12, arbitrary: fc.constantFrom(POLICY, "other_policy-1.v2", "p+q=r,s.t@u-v", "p".repeat(128)) },
            { weight: 2, arbitrary: fc.constantFrom("", "my policy", "p".repeat(129), "políticа", "a/b", "a:b", `${POLICY}\n`) },
            { weight: 1, arbitrary: fc.string() },
            { weight: 1, arbitrary: fc.anything() },
        );
        const extraVars = fc.dictionary(fc.constantFrom("identityId", "target", "policyName", "IdentityPoolId", "IotPolicyName", "pool"), fc.string(), { maxKeys: 3 });
        const stageVariablesFor = (pool: unknown) =>
            fc.oneof(
                { weight: 12, arbitrary: fc.tuple(fc.record({ identityPoolId: fc.constant(pool), iotPolicyName: policyVar }), extraVars).map(([vars, extra]) => ({ ...extra, ...vars })) },
                { weight: 2, arbitrary: fc.record({ identityPoolId: fc.constant(pool), iotPolicyName: policyVar }, { requiredKeys: [] }) },
                { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}, "identityPoolId") },
                { weight: 1, arbitrary: fc.anything() },
            );

        const amr = fc.oneof(
            fc.constant(["authenticated"]),
            fc.constant(["unauthenticated"]),
            fc.array(fc.constantFrom("authenticated", "unauthenticated", "Authenticated", "authenticated ", `cognito-idp.${REGION}.amazonaws.com/${REGION}_x`)),
            fc.constant("authenticated"),
            fc.anything(),
        );
        const method = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("POST", "GET", "PUT", "post", "DELETE", "OPTIONS", "HEAD", "PATCH") }, { weight: 1, arbitrary: fc.anything() });
        const routeKey = fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom("$default", "POST /attach/", "post /attach", "GET /attach", "ANY /attach", "ANY /{proxy+}", "POST /{proxy+}", " POST /attach", "POST  /attach", "POST /Attach") },
            { weight: 1, arbitrary: fc.anything() },
        );
        // Contexts near the accepted one (each field valid more often than not), and anything at all.
        const near = <T>(valid: T, other: fc.Arbitrary<unknown>) => fc.oneof({ weight: 3, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: other });
        const regionOf = (pool: unknown) => (typeof pool === "string" && REGIONS.includes(pool.split(":")[0]) ? pool.split(":")[0] : REGION);
        const requestContextFor = (pool: unknown) => {
            const nearIdentity = fc.record({
                identityId: fc.oneof({ weight: 3, arbitrary: uuid.map((u) => `${regionOf(pool)}:${u}`) }, { weight: 1, arbitrary: anyId }),
                identityPoolId: near(pool, fc.oneof(poolVar, fc.constantFrom(POOL.toUpperCase(), ` ${POOL}`, `${POOL} `))),
                amr: near(["authenticated", `cognito-idp.${REGION}.amazonaws.com/${REGION}_x`], amr),
            });
            const cognitoIdentity = fc.oneof(
                { weight: 6, arbitrary: fc.record({ identityId: anyId, identityPoolId: fc.oneof(fc.constant(pool), poolVar), amr }, { requiredKeys: [] }) },
                { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
                { weight: 1, arbitrary: fc.anything() },
            );
            return fc.oneof(
                {
                    weight: 5,
                    arbitrary: fc.record({
                        http: fc.record({ method: near("POST", method) }),
                        routeKey: near(ATTACH_ROUTE_KEY, routeKey),
                        authorizer: fc.record({ iam: fc.record({ cognitoIdentity: fc.oneof({ weight: 6, arbitrary: nearIdentity }, { weight: 1, arbitrary: cognitoIdentity }), accessKey: fc.string() }) }),
                    }),
                },
                {
                    weight: 3,
                    arbitrary: fc.record(
                        {
                            http: fc.oneof(fc.record({ method }), fc.anything()),
                            routeKey: fc.oneof(fc.constant(ATTACH_ROUTE_KEY), routeKey),
                            authorizer: fc.oneof({ weight: 6, arbitrary: fc.record({ iam: fc.oneof({ weight: 6, arbitrary: fc.record({ cognitoIdentity, accessKey: fc.string() }) }, { weight: 1, arbitrary: fc.anything() }) }) }, { weight: 1, arbitrary: fc.anything() }),
                        },
                        { requiredKeys: [] },
                    ),
                },
                { weight: 1, arbitrary: fc.anything() },
            );
        };
        const scenario = poolVar.chain((pool) => fc.record({ stageVariables: stageVariablesFor(pool), requestContext: requestContextFor(pool) }));

        // fc.anything() makes objects such as { toString: 0 }, which String() cannot print.
        const text = (v: unknown) => (typeof v === "string" ? v : fc.stringify(v));
        // What a caller controls, stuffed with identity ids and configuration that are not its own.
        const forged = fc.record({
            body: fc.oneof(fc.string(), anyId.map((id) => JSON.stringify({ identityId: text(id), cognitoIdentity: { identityId: text(id), identityPoolId: POOL, amr: ["authenticated"] }, stageVariables: { identityPoolId: POOL, iotPolicyName: "forged" } }))),
            headers: fc.dictionary(fc.constantFrom("x-amz-cognito-identity-id", "x-identity-id", "cognitoidentity", "x-forwarded-for", "x-iot-policy-name"), anyId.map(text)),
            queryStringParameters: fc.dictionary(fc.constantFrom("identityId", "target", "cognitoIdentity", "identityPoolId", "iotPolicyName"), anyId.map(text)),
        });

        it("IoT is called exactly for a usable configuration and its pool's signed-in identity on POST /attach, and only for that identity and policy", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const { handler } = loadAttach();
            const seen = { accepted: 0, refused: 0, misconfigured: 0 };
            await fc.assert(
                fc.asyncProperty(scenario, forged, async ({ stageVariables, requestContext }, caller) => {
                    const base = httpApiEvent({ body: caller.body, headers: caller.headers, queryStringParameters: caller.queryStringParameters, stageVariables });
                    const event = { ...base, requestContext };
                    const before = iot.calls().length;
                    const out = await handler(event);
                    const calls = iot.calls().slice(before);
                    const config = configOf(stageVariables);
                    const expected = config && callerOf(requestContext, config);
                    if (config === undefined) {
                        seen.misconfigured++;
                        assert.deepStrictEqual(out, INTERNAL);
                        assert.strictEqual(calls.length, 0, "IoT called without a usable configuration");
                    } else if (expected === undefined) {
                        seen.refused++;
                        assert.deepStrictEqual(out, FORBIDDEN);
                        assert.strictEqual(calls.length, 0, "IoT called for a context that is not the stage's pool's signed-in identity on POST /attach");
                    } else {
                        seen.accepted++;
                        assert.deepStrictEqual(out, OK(expected, config.policy));
                        assert.deepStrictEqual(calls.map((c) => (c.args[0] as AttachPolicyCommand).input), [{ policyName: config.policy, target: expected }]);
                    }
                }),
                { numRuns: RUNS },
            );
            // No side of the property may be vacuous.
            assert.ok(seen.accepted > 300 && seen.refused > 300 && seen.misconfigured > 300, JSON.stringify(seen));
        });
    });

    describe("the example client (examples/iot-client/attach.ts), offline", () => {
        const URL_ = `https://${API_HOST}/attach`;
        const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        const credentials = { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: SESSION_TOKEN };
        const signingDate = new Date("2025-01-02T03:04:05Z");

        const sha256hex = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
        const hmac = (key: string | Buffer, s: string) => createHmac("sha256", key).update(s, "utf8").digest();
        const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

        /**
         * Check a request's SigV4 signature the way the service does, written from the SigV4 spec with
         * node:crypto (independent of @smithy/signature-v4). `secrets` maps access key ids to secret keys.
         */
        function verifySigV4(req: { url: string; method: string; headers: Record<string, string>; body: string }, secrets: Record<string, string>) {
            const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
            const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(headers.authorization ?? "");
            if (!m) return { ok: false as const };
            const [, accessKeyId, date, region, service, signedHeaders, signature] = m;
            const url = new URL(req.url);
            // The Host a server sees is the URL's (fetch sets it), whatever header the client built.
            const value = (name: string) => (name === "host" ? url.host : headers[name]);
            if (signedHeaders.split(";").some((n) => value(n) === undefined)) return { ok: false as const };
            const query = [...url.searchParams].map(([k, v]) => [rfc3986(k), rfc3986(v)]).sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
            const canonical = [
                req.method,
                url.pathname.split("/").map((seg) => rfc3986(decodeURIComponent(seg))).join("/"),
                query.map(([k, v]) => `${k}=${v}`).join("&"),
                signedHeaders.split(";").map((n) => `${n}:${value(n).trim().replace(/\s+/g, " ")}\n`).join(""),
                signedHeaders,
                sha256hex(req.body),
            ].join("\n");
            const amzDate = headers["x-amz-date"] ?? "";
            const stringToSign = ["AWS4-HMAC-SHA256", amzDate, `${date}/${region}/${service}/aws4_request`, sha256hex(canonical)].join("\n");
            const secret = secrets[accessKeyId];
            if (secret === undefined) return { ok: false as const };
            const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
            const ok =
                createHmac("sha256", key).update(stringToSign, "utf8").digest("hex") === signature &&
                amzDate.startsWith(date) &&
                (headers["x-amz-content-sha256"] === undefined || headers["x-amz-content-sha256"] === sha256hex(req.body));
            return { ok, accessKeyId, region, service, signedHeaders: signedHeaders.split(";"), sessionToken: headers["x-amz-security-token"] };
        }

        /**
         * The HTTP API event API Gateway would deliver for `req` on the `POST /attach` route once IAM
         * authorization passed: `cognitoIdentity` as given, the `$default` stage's variables set.
         */
        function toHttpApiEvent(req: { url: string; method: string; headers: Record<string, string>; body: string }, cognitoIdentity: unknown) {
            const url = new URL(req.url);
            return httpApiEvent({
                method: req.method,
                routeKey: ATTACH_ROUTE_KEY,
                cognitoIdentity,
                body: req.body,
                headers: { host: url.host, ...Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v])) },
                rawPath: url.pathname,
                rawQueryString: url.search.slice(1),
            });
        }

        /**
         * A stand-in for the HTTP API: 404 for anything but the `POST /attach` route; 403 unless the
         * SigV4 signature verifies for a known key, for service execute-api in the API's region (as IAM
         * authorization would; the caller's role is taken to allow execute-api:Invoke on the route);
         * else the deployed handler runs on the event API Gateway would build. `identityOf` gives the
         * cognitoIdentity API Gateway would put in the context for an access key.
         */
        function httpApi(handler: Handler, identityOf: (accessKeyId: string) => unknown): typeof fetch {
            return async (input, init) => {
                const headers = Object.fromEntries(new Headers(init?.headers).entries());
                const req = { url: String(input), method: init?.method ?? "GET", headers, body: typeof init?.body === "string" ? init.body : "" };
                const url = new URL(req.url);
                if (url.host !== API_HOST || req.method !== "POST" || url.pathname !== "/attach") return new Response('{"message":"Not Found"}', { status: 404 });
                const verified = verifySigV4(req, { [ACCESS_KEY]: SECRET });
                if (!verified.ok || verified.service !== "execute-api" || verified.region !== REGION) return new Response('{"message":"Forbidden"}', { status: 403 });
                const out = await handler(toHttpApiEvent(req, identityOf(verified.accessKeyId)));
                return new Response(out.body, { status: out.statusCode, headers: out.headers });
            };
        }

        it("attachUrl: the API endpoint + /attach", () => {
            assert.strictEqual(attachUrl(`https://${API_HOST}`), URL_);
            assert.strictEqual(attachUrl(`https://${API_HOST}/`), URL_);
        });

        it("builds a POST signed with SigV4 for service execute-api, with the session token", async () => {
            const req = await signedAttachRequest({ url: URL_, region: REGION, credentials, signingDate });
            assert.strictEqual(req.method, "POST");
            assert.strictEqual(req.url, URL_);
            assert.strictEqual(req.body, "");
            assert.match(
                req.headers.authorization,
                new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20250102/${REGION}/execute-api/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`),
            );
            assert.strictEqual(req.headers["x-amz-date"], "20250102T030405Z");
            assert.strictEqual(req.headers["x-amz-security-token"], SESSION_TOKEN);
            const signedHeaders = /SignedHeaders=([^,]+)/.exec(req.headers.authorization)![1].split(";");
            for (const h of ["host", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "content-type"]) assert.ok(signedHeaders.includes(h), `${h} is signed`);
            assert.ok(!JSON.stringify(req).includes(SECRET), "the secret key never leaves the signer");
        });

        it("carries no session-token header for long-term keys (which Cognito never hands out)", async () => {
            const req = await signedAttachRequest({ url: URL_, region: REGION, credentials: { accessKeyId: "AKIAEXAMPLE000000001", secretAccessKey: SECRET }, signingDate });
            assert.strictEqual(req.headers["x-amz-security-token"], undefined);
        });

        it("produces a signature that verifies independently, and breaks when anything signed changes", async () => {
            const req = await signedAttachRequest({ url: `${URL_}?a=b%20c&A=1`, region: REGION, credentials, signingDate });
            const secrets = { [ACCESS_KEY]: SECRET };
            const verified = verifySigV4(req, secrets) as { ok: boolean; accessKeyId?: string; region?: string; service?: string };
            assert.deepStrictEqual([verified.ok, verified.accessKeyId, verified.region, verified.service], [true, ACCESS_KEY, REGION, "execute-api"]);
            const tampered: SignedRequest[] = [
                { ...req, body: '{"identityId":"x"}' },
                { ...req, url: req.url.replace("a=b", "a=c") },
                { ...req, url: req.url.replace("/attach", "/detach") },
                { ...req, url: req.url.replace(API_ID, "zzzzzzzzzz") },
                { ...req, headers: { ...req.headers, "x-amz-security-token": "other" } },
                { ...req, headers: { ...req.headers, "x-amz-date": "20250102T030406Z" } },
            ];
            for (const t of tampered) assert.strictEqual(verifySigV4(t, secrets).ok, false);
            assert.strictEqual(verifySigV4(req, { [ACCESS_KEY]: `${SECRET}x` }).ok, false);
            assert.strictEqual(verifySigV4({ ...req, method: "GET" }, secrets).ok, false);
        });

        it("is accepted by the deployed handler once API Gateway turned it into the HTTP API event for that identity", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const { handler } = loadAttach();
            const req = await signedAttachRequest({ url: URL_, region: REGION, credentials, signingDate });
            const event = toHttpApiEvent(req, signedIn());
            assert.strictEqual(event.requestContext.routeKey, ATTACH_ROUTE_KEY);
            assert.strictEqual(event.requestContext.stage, "$default");
            assert.strictEqual(event.rawPath, "/attach");
            assert.match(event.headers.authorization, new RegExp(`/${REGION}/execute-api/aws4_request, `));
            assert.deepStrictEqual(await handler(event), OK());
            assert.deepStrictEqual(attachInputs(), [{ policyName: POLICY, target: IDENTITY }]);
        });

        it("attachIotPolicy: sign, send with fetch, get the attachment back (twice: idempotent)", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const { handler } = loadAttach();
            const fetchImpl = httpApi(handler, () => signedIn());
            for (let i = 0; i < 2; i++) {
                assert.deepStrictEqual(await attachIotPolicy({ url: attachUrl(`https://${API_HOST}`), region: REGION, credentials }, fetchImpl), { attached: true, identityId: IDENTITY, policyName: POLICY });
            }
            assert.strictEqual(attachInputs().length, 2);
        });

        it("surfaces 429 with its Retry-After as AttachError", async () => {
            iot.on(AttachPolicyCommand).rejects(awsError(ThrottlingException, 400, "Rate exceeded"));
            const { handler } = loadAttach();
            await assert.rejects(attachIotPolicy({ url: URL_, region: REGION, credentials }, httpApi(handler, () => signedIn())), (e: unknown) => e instanceof AttachError && e.status === 429 && e.retryAfterSeconds === 1);
        });

        it("is refused (403) when the context carries no Cognito identity (an IAM caller that is not a Cognito identity)", async () => {
            iot.on(AttachPolicyCommand).resolves({});
            const { handler } = loadAttach();
            const req = await signedAttachRequest({ url: URL_, region: REGION, credentials, signingDate });
            await assert.rejects(sendAttachRequest(req, httpApi(handler, () => null)), (e: unknown) => e instanceof AttachError && e.status === 403 && e.retryAfterSeconds === undefined);
            assert.strictEqual(iot.calls().length, 0);
        });

        it("a request signed for service lambda (a function URL's signing name) never reaches the function", async () => {
            const { handler } = loadAttach();
            const signer = new SignatureV4({ service: "lambda", region: REGION, credentials, sha256: Sha256 });
            const signed = await signer.sign({ method: "POST", protocol: "https:", hostname: API_HOST, path: "/attach", headers: { host: API_HOST }, body: "" }, { signingDate });
            const req: SignedRequest = { url: URL_, method: "POST", headers: signed.headers as Record<string, string>, body: "" };
            assert.strictEqual(verifySigV4(req, { [ACCESS_KEY]: SECRET }).ok, true, "a valid signature, for the wrong service");
            await assert.rejects(sendAttachRequest(req, httpApi(handler, () => signedIn())), (e: unknown) => e instanceof AttachError && e.status === 403);
            assert.strictEqual(iot.calls().length, 0);
        });

        it("a request signed with the wrong secret never reaches the function", async () => {
            const { handler } = loadAttach();
            const bad = { ...credentials, secretAccessKey: `${SECRET}x` };
            await assert.rejects(attachIotPolicy({ url: URL_, region: REGION, credentials: bad }, httpApi(handler, () => signedIn())), (e: unknown) => e instanceof AttachError && e.status === 403);
            assert.strictEqual(iot.calls().length, 0);
        });

        it("a request to another path finds no route (404)", async () => {
            const { handler } = loadAttach();
            await assert.rejects(attachIotPolicy({ url: `https://${API_HOST}/`, region: REGION, credentials }, httpApi(handler, () => signedIn())), (e: unknown) => e instanceof AttachError && e.status === 404);
            assert.strictEqual(iot.calls().length, 0);
        });

        it("refuses a non-https attach URL", async () => {
            await assert.rejects(signedAttachRequest({ url: URL_.replace("https:", "http:"), region: REGION, credentials }), /https/);
        });
    });
});
