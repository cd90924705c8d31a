// A thin HTTP proxy in front of cognito-local that enforces two rules Amazon Cognito documents and
// the emulator (5.3) skips, so an end-to-end test that relies on them can fail:
//
// 1. InitiateAuth runs only the flows the app client allows. The client's ExplicitAuthFlows lists
//    them as ALLOW_<flow>; without a list the client allows ALLOW_REFRESH_TOKEN_AUTH,
//    ALLOW_USER_SRP_AUTH and ALLOW_CUSTOM_AUTH (API reference, CreateUserPoolClient,
//    "ExplicitAuthFlows": https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html).
//    Any other flow is refused with InvalidParameterException "<flow> flow not enabled for this client"
//    (InvalidParameterException is among API_InitiateAuth's documented errors; the text is not
//    documented, it is Cognito's answer as applications log it, e.g. "USER_PASSWORD_AUTH flow not
//    enabled for this client").
// 2. A client with a secret needs SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message =
//    username + client id)) (Developer Guide, "Computing secret hash values":
//    https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash):
//    - as `SecretHash` on SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword and
//      ConfirmForgotPassword (the operations that page lists), hashing `Username`; missing or wrong →
//      NotAuthorizedException "Unable to verify secret hash for client <id>" (AWS Knowledge Center,
//      https://repost.aws/knowledge-center/cognito-unable-to-verify-secret-hash);
//    - as AuthParameters.SECRET_HASH on InitiateAuth USER_PASSWORD_AUTH (hashing USERNAME) and
//      REFRESH_TOKEN_AUTH (API_InitiateAuth, AuthParameters: "SECRET_HASH (required if the app client
//      is configured with a client secret)"). Missing → NotAuthorizedException "Client <id> is
//      configured with secret but SECRET_HASH was not received"; wrong → "Unable to verify secret hash
//      for client <id>", or for a refresh "SecretHash does not match for the client: <id>" (the texts
//      of Cognito's answers, as reported in aws-amplify/amplify-android#2504 and #3111 and
//      aws/aws-sdk-net-extensions-cognito#122). A refresh carries no USERNAME: the hash is of the user
//      the token was issued to, by their user name (`cognito:username`), not a sign-in alias.
//
// The flow rule is checked before the secret rule. The gate learns each client's flows and secret
// from the emulator's answers to CreateUserPoolClient, UpdateUserPoolClient and
// DescribeUserPoolClient, and which user a refresh token belongs to from the ID token issued with it.
// Everything else, and every request that passes both rules, reaches the emulator byte for byte, and
// its answer comes back byte for byte. When the gate cannot judge (a client or refresh token it has not
// seen, a legacy flow name) it answers HTTP 500 with a `CognitoGate#…` type of its own, never a guess.
import * as crypto from "crypto";
import * as http from "http";
import { forwarder, listenOnLoopback, readBody } from "../loopback";

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
const JSON_1_1 = "application/x-amz-json-1.1";

/** AWS's default when a client states no ExplicitAuthFlows (CreateUserPoolClient, ExplicitAuthFlows). */
export const DEFAULT_AUTH_FLOWS = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"] as const;

/** The ExplicitAuthFlows value that allows each InitiateAuth flow. */
const FLOW_PERMISSION: Record<string, string> = {
    USER_PASSWORD_AUTH: "ALLOW_USER_PASSWORD_AUTH",
    USER_SRP_AUTH: "ALLOW_USER_SRP_AUTH",
    REFRESH_TOKEN_AUTH: "ALLOW_REFRESH_TOKEN_AUTH",
    REFRESH_TOKEN: "ALLOW_REFRESH_TOKEN_AUTH",
    CUSTOM_AUTH: "ALLOW_CUSTOM_AUTH",
    USER_AUTH: "ALLOW_USER_AUTH",
};

/** Operations with a top-level `SecretHash` of `Username` (Developer Guide, "Computing secret hash values"). */
const SECRET_HASH_OPERATIONS = ["SignUp", "ConfirmSignUp", "ResendConfirmationCode", "ForgotPassword", "ConfirmForgotPassword"];

/** Base64(HMAC-SHA256(key = client secret, message = username + client id)). */
export function secretHash(username: string, clientId: string, clientSecret: string): string {
    return crypto.createHmac("sha256", clientSecret).update(username + clientId).digest("base64");
}

/** An answer the gate gives instead of the emulator. */
export interface Refusal {
    status: number;
    type: string;
    message: string;
}

const refuse = (type: string, message: string): Refusal => ({ status: 400, type, message });
const cannotJudge = (what: string, message: string): Refusal => ({ status: 500, type: `CognitoGate#${what}`, message: `cognito gate: ${message}` });

interface Client {
    secret?: string;
    flows?: string[];
}

/** What the gate has learned from the emulator's answers. */
export class GateState {
    readonly clients = new Map<string, Client>();
    /** Refresh token → the user name of the user it was issued to. */
    readonly refreshTokens = new Map<string, string>();
}

function claims(jwt: unknown): Record<string, unknown> | undefined {
    if (typeof jwt !== "string") return undefined;
    try {
        return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
    } catch {
        return undefined;
    }
}

function checkFlow(clientId: string, client: Client, flow: string): Refusal | undefined {
    const permission = FLOW_PERMISSION[flow];
    // A flow name AWS does not have: the emulator answers for it.
    if (permission === undefined) return undefined;
    const allowed: readonly string[] = client.flows ?? DEFAULT_AUTH_FLOWS;
    const legacy = allowed.filter((f) => !f.startsWith("ALLOW_"));
    if (legacy.length > 0) return cannotJudge("Unsupported", `client ${clientId} uses legacy ExplicitAuthFlows ${legacy.join(", ")}, which the gate does not model`);
    return allowed.includes(permission) ? undefined : refuse("InvalidParameterException", `${flow} flow not enabled for this client`);
}

const unverified = (clientId: string) => refuse("NotAuthorizedException", `Unable to verify secret hash for client ${clientId}`);

/** The gate's verdict on one request: a refusal, or undefined to pass it on unchanged. */
export function check(operation: string, request: Record<string, any>, state: GateState): Refusal | undefined {
    if (operation !== "InitiateAuth" && !SECRET_HASH_OPERATIONS.includes(operation)) return undefined;
    const clientId = request.ClientId;
    const client = state.clients.get(clientId);
    if (!client) return cannotJudge("UnknownClient", `client ${JSON.stringify(clientId)} was not created, updated or described through the gate, so its flows and secret are unknown`);
    if (operation === "InitiateAuth") {
        const refusal = checkFlow(clientId, client, request.AuthFlow);
        if (refusal) return refusal;
    }
    if (client.secret === undefined) return undefined;
    if (operation !== "InitiateAuth") {
        return request.SecretHash === secretHash(request.Username ?? "", clientId, client.secret) ? undefined : unverified(clientId);
    }
    const params: Record<string, string> = request.AuthParameters ?? {};
    const refresh = request.AuthFlow === "REFRESH_TOKEN_AUTH" || request.AuthFlow === "REFRESH_TOKEN";
    // The emulator runs no other flow (it answers "unsupported" for them).
    if (!refresh && request.AuthFlow !== "USER_PASSWORD_AUTH") return undefined;
    if (params.SECRET_HASH === undefined) return refuse("NotAuthorizedException", `Client ${clientId} is configured with secret but SECRET_HASH was not received`);
    if (!refresh) return params.SECRET_HASH === secretHash(params.USERNAME ?? "", clientId, client.secret) ? undefined : unverified(clientId);
    const username = state.refreshTokens.get(params.REFRESH_TOKEN);
    if (username === undefined) return cannotJudge("UnknownRefreshToken", "the refresh token was not issued through the gate, so whose SECRET_HASH it needs is unknown");
    return params.SECRET_HASH === secretHash(username, clientId, client.secret)
        ? undefined
        : refuse("NotAuthorizedException", `SecretHash does not match for the client: ${clientId}`);
}

/** Learn from a successful answer of the emulator. */
export function observe(operation: string, request: Record<string, any>, response: Record<string, any>, state: GateState): void {
    if (["CreateUserPoolClient", "UpdateUserPoolClient", "DescribeUserPoolClient"].includes(operation)) {
        const c = response.UserPoolClient;
        if (c?.ClientId) state.clients.set(c.ClientId, { secret: c.ClientSecret ?? undefined, flows: c.ExplicitAuthFlows ?? undefined });
    } else if (operation === "DeleteUserPoolClient") {
        state.clients.delete(request.ClientId);
    }
    const tokens = response.AuthenticationResult;
    const username = claims(tokens?.IdToken)?.["cognito:username"];
    if (typeof tokens?.RefreshToken === "string" && typeof username === "string") {
        state.refreshTokens.set(tokens.RefreshToken, username);
    }
}

export interface GateRefusal extends Refusal {
    operation: string;
}

export interface CognitoGate {
    endpoint: string;
    /** Every answer the gate gave itself, in order. */
    refusals: GateRefusal[];
    close(): Promise<void>;
}

function parse(body: Buffer): Record<string, any> | undefined {
    try {
        const value = JSON.parse(body.toString("utf8"));
        return value !== null && typeof value === "object" ? value : undefined;
    } catch {
        return undefined;
    }
}

/** Start the gate on a free loopback port, in front of the Cognito API at `upstream` (http://host:port). */
export async function startCognitoGate(upstream: string): Promise<CognitoGate> {
    const state = new GateState();
    const refusals: GateRefusal[] = [];
    const { forward, agent } = forwarder(upstream);

    const server = http.createServer((req, res) => {
        void (async () => {
            const body = await readBody(req);
            const header = req.headers["x-amz-target"];
            const operation = typeof header === "string" && header.startsWith(TARGET_PREFIX) ? header.slice(TARGET_PREFIX.length) : undefined;
            const request = operation !== undefined && req.method === "POST" ? parse(body) : undefined;
            const refusal = request && check(operation!, request, state);
            if (refusal) {
                refusals.push({ operation: operation!, ...refusal });
                res.writeHead(refusal.status, { "Content-Type": JSON_1_1, "x-amzn-ErrorType": refusal.type });
                res.end(JSON.stringify({ __type: refusal.type, message: refusal.message }));
                return;
            }
            const answer = await forward(req, body);
            if (request && answer.status === 200) {
                const response = parse(answer.body);
                if (response) observe(operation!, request, response, state);
            }
            res.writeHead(answer.status, answer.headers);
            res.end(answer.body);
        })().catch((err: unknown) => {
            res.writeHead(502, { "Content-Type": JSON_1_1, "x-amzn-ErrorType": "CognitoGate#UpstreamError" });
            res.end(JSON.stringify({ __type: "CognitoGate#UpstreamError", message: `cognito gate: ${String(err)}` }));
        });
    });
    return { ...(await listenOnLoopback(server, () => agent.destroy())), refusals };
}
