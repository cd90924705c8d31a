// Attaches the component's AWS IoT policy to the calling Cognito identity. Runtime code only: Node
// built-ins and the AWS SDK v3 that the Lambda Node.js runtimes (nodejs18.x and later) ship
// (aws.amazon.com/blogs/developer/why-and-how-you-should-use-aws-sdk-for-javascript-v3-on-node-js-18/).
//
// Invoked by an API Gateway HTTP API: route `POST /attach` with AWS_IAM authorization, Lambda proxy
// integration, payload format 2.0, stage `$default`. Callers SigV4-sign for service `execute-api`
// with the identity's own temporary credentials, and API Gateway runs the function only when the
// signature verifies and the caller may execute-api:Invoke the route.
//
// The identity comes ONLY from the verified request context,
// requestContext.authorizer.iam.cognitoIdentity { amr, identityId, identityPoolId }, which HTTP APIs
// fill for Cognito identity credentials (see IotAttachEvent). Never from the body, headers or query,
// which the caller controls. (Lambda function URLs never fill it: Lambda guide, urls-invocation.)
//
// Configuration comes from the stage variables the component sets on `$default` (clients cannot set
// them), read on every request, so the function depends on neither the identity pool nor the IoT
// policy at deploy time. It has no environment variables.
//
// Importing this module loads no AWS SDK (the component imports its constants, and its consumers do
// not have @aws-sdk/client-iot): the IoT client is created on the first request that needs it, then
// reused for the life of the container.
//
// Client-visible bodies are short and generic; reasons go to one JSON log line (identity id, never
// credentials).
import type { APIGatewayEventRequestContextIAMAuthorizer, APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { IoTClient } from "@aws-sdk/client-iot";

/** Stage variables the component sets on the HTTP API's `$default` stage. */
export const STAGE_VAR_IDENTITY_POOL_ID = "identityPoolId";
export const STAGE_VAR_IOT_POLICY_NAME = "iotPolicyName";
/** The only route served: API Gateway's route key (method, space, path). */
export const ATTACH_ROUTE_KEY = "POST /attach";

/**
 * `requestContext.authorizer.iam.cognitoIdentity` as HTTP APIs fill it when the caller signed with
 * Cognito identity credentials, else null. (@types/aws-lambda types it `null` only: its
 * APIGatewayProxyEventV2WithIAMAuthorizer describes function URLs.)
 */
export interface CognitoIdentityContext {
    amr: string[];
    identityId: string;
    identityPoolId: string;
}

type IamAuthorizer = APIGatewayEventRequestContextIAMAuthorizer["iam"];
type RequestContext = APIGatewayProxyEventV2WithIAMAuthorizer["requestContext"];

/**
 * The event this function relies on: API Gateway HTTP API, payload format 2.0, AWS_IAM route
 * authorization. Every field is still checked at run time.
 */
export type IotAttachEvent = Omit<APIGatewayProxyEventV2WithIAMAuthorizer, "requestContext" | "stageVariables"> & {
    /** Absent when the stage has no variables. */
    stageVariables?: Record<string, string | undefined> | null;
    requestContext: Omit<RequestContext, "authorizer"> & {
        authorizer: { iam: Omit<IamAuthorizer, "cognitoIdentity" | "principalOrgId"> & { cognitoIdentity: CognitoIdentityContext | null; principalOrgId: string | null } };
    };
};

export interface IotAttachSettings {
    /** The IoT policy attached to every caller. */
    policyName: string;
    /** The only identity pool whose identities are served, `<region>:<uuid>`. */
    identityPoolId: string;
}

// Identity and identity pool ids are "REGION:GUID", pattern [\w-]+:[0-9a-f-]+, 1-55 characters
// (Cognito Identity API reference, GetId). Held to a region and a lower-case UUID, nothing else.
const POOL_OR_IDENTITY_ID = /^([a-z]{2}(?:-[a-z]+)+-\d{1,2}):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// IoT policy names: [\w+=,.@-]+, 1-128 characters (docs.aws.amazon.com/iot/latest/apireference/API_AttachPolicy.html).
// (Stage variable values must match [A-Za-z0-9-._~:/?#&=,]+, so a name with + or @ cannot get here.)
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/** The region of a well-formed `<region>:<uuid>` id, or undefined. */
export function idRegion(id: unknown): string | undefined {
    return typeof id === "string" ? POOL_OR_IDENTITY_ID.exec(id)?.[1] : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** The settings in an event's stage variables, or undefined when missing or malformed. */
export function settingsFromStageVariables(stageVariables: unknown): IotAttachSettings | undefined {
    const vars = record(stageVariables);
    // Own properties only: nothing inherited (toString, __proto__) counts as configuration.
    const own = (name: string) => (vars !== undefined && Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined);
    const policyName = own(STAGE_VAR_IOT_POLICY_NAME);
    const identityPoolId = own(STAGE_VAR_IDENTITY_POOL_ID);
    if (typeof policyName !== "string" || !POLICY_NAME.test(policyName) || idRegion(identityPoolId) === undefined) return undefined;
    return { policyName, identityPoolId: identityPoolId as string };
}

export type AttachResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; body: string };

function respond(statusCode: number, body: Record<string, unknown>, extra: Record<string, string> = {}): AttachResponse {
    return { statusCode, headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...extra }, body: JSON.stringify(body) };
}

const FORBIDDEN = () => respond(403, { message: "Forbidden" });
const INTERNAL = () => respond(500, { message: "Internal error" });

function log(level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown>): void {
    console.log(JSON.stringify({ level, msg, ...fields }));
}

/** The caller's identity id when it is this pool's signed-in identity on the attach route, else why it is refused. */
function verifiedIdentity(event: unknown, settings: IotAttachSettings): { identityId: string } | { refused: string } {
    const context = record(record(event)?.requestContext);
    if (record(context?.http)?.method !== "POST") return { refused: "method not POST" };
    if (context?.routeKey !== ATTACH_ROUTE_KEY) return { refused: "not the attach route" };
    const identity = record(record(record(context?.authorizer)?.iam)?.cognitoIdentity);
    if (identity === undefined) return { refused: "no Cognito identity in the request context" };
    if (identity.identityPoolId !== settings.identityPoolId) return { refused: "other identity pool" };
    const amr = identity.amr;
    if (!Array.isArray(amr) || !amr.includes("authenticated")) return { refused: "identity not authenticated" };
    // Well-formed, and in its pool's region.
    const identityId = identity.identityId;
    if (typeof identityId !== "string" || idRegion(identityId) !== idRegion(settings.identityPoolId)) return { refused: "malformed identity id" };
    return { identityId };
}

/** Name and HTTP status of an AWS SDK v3 service error (`name`, `$metadata.httpStatusCode`, `$fault`). */
function awsError(error: unknown): { errorName: string; httpStatusCode: unknown; fault: unknown; requestId: unknown; message: string } {
    const e = record(error);
    const metadata = record(e?.$metadata);
    return {
        errorName: typeof e?.name === "string" ? e.name : "unknown",
        httpStatusCode: metadata?.httpStatusCode ?? null,
        fault: e?.$fault ?? null,
        requestId: metadata?.requestId ?? null,
        message: String(e?.message ?? error).slice(0, 300),
    };
}

type IotSdk = typeof import("@aws-sdk/client-iot");
export type IotSender = Pick<IoTClient, "send">;

// Loaded on first use only, never at import. A plain require keeps the first call synchronous, so
// concurrent first calls cannot build two clients.
let sdk: IotSdk | undefined;
function iotSdk(): IotSdk {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy: see the header comment
    sdk ??= require("@aws-sdk/client-iot") as IotSdk;
    return sdk;
}

// One IoT client per container, created by the first request that needs it.
let containerClient: IotSender | undefined;
function containerIotClient(): IotSender {
    containerClient ??= new (iotSdk().IoTClient)({});
    return containerClient;
}

/** The handler, with `iot` giving the client to use (the container's own by default). */
export function createHandler(iot: () => IotSender = containerIotClient): (event: IotAttachEvent) => Promise<AttachResponse> {
    return async (event) => {
        const settings = settingsFromStageVariables(record(event)?.stageVariables);
        if (settings === undefined) {
            log("error", "function misconfigured", { reason: `stage variable ${STAGE_VAR_IOT_POLICY_NAME} or ${STAGE_VAR_IDENTITY_POOL_ID} missing or malformed` });
            return INTERNAL();
        }
        const caller = verifiedIdentity(event, settings);
        if ("refused" in caller) {
            log("warn", "attach refused", { reason: caller.refused });
            return FORBIDDEN();
        }
        const { identityId } = caller;
        const { policyName } = settings;
        let client: IotSender;
        let command: InstanceType<IotSdk["AttachPolicyCommand"]>;
        try {
            client = iot();
            command = new (iotSdk().AttachPolicyCommand)({ policyName, target: identityId });
        } catch (error) {
            log("error", "IoT client unavailable", { identityId, policyName, ...awsError(error) });
            return INTERNAL();
        }
        try {
            // Attaching a policy that is already attached is not an error: API_AttachPolicy lists no
            // conflict error, and moto (moto/iot/models.py attach_policy) returns early for the pair.
            await client.send(command);
        } catch (error) {
            const details = { identityId, policyName, ...awsError(error) };
            switch (details.errorName) {
                // "The rate exceeds the limit" (HTTP 400, API_AttachPolicy); 15 TPS (IoT throttling limits).
                case "ThrottlingException":
                    log("warn", "IoT throttled AttachPolicy", details);
                    return respond(429, { message: "Too many requests" }, { "Retry-After": "1" });
                case "ServiceUnavailableException":
                    log("warn", "IoT unavailable", details);
                    return respond(503, { message: "Service unavailable" }, { "Retry-After": "5" });
                // HTTP 410: a quota, not a rate: at most 10 policies per certificate or Cognito
                // identity (docs.aws.amazon.com/general/latest/gr/iot-core.html). Retrying won't help.
                case "LimitExceededException":
                    log("error", "IoT policy limit reached for this identity", details);
                    return INTERNAL();
                case "ResourceNotFoundException":
                    log("error", "IoT policy not found: deployment problem", details);
                    return INTERNAL();
                default:
                    log("error", "AttachPolicy failed", details);
                    return INTERNAL();
            }
        }
        log("info", "policy attached", { identityId, policyName });
        return respond(200, { attached: true, identityId, policyName });
    };
}

export const handler = createHandler();
