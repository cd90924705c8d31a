// The gate by itself, in front of a fake Cognito that records what reaches it and answers what each
// test tells it to: the two AWS rules it adds (cognitoGate.ts cites the sources), the answers it gives
// when it cannot judge, and that everything else passes both ways byte for byte.
import * as assert from "assert";
import * as http from "http";
import type { AddressInfo } from "net";
import { secretHash, startCognitoGate, type CognitoGate } from "./cognitoGate";
import { LOOPBACK } from "./freePort";

const TARGET = "AWSCognitoIdentityProviderService.";
const JSON_1_1 = "application/x-amz-json-1.1";
const SECRET = "s3cr3t";
// Produced outside this code with the one-liner of AWS's guide ("Computing secret hash values"):
//   echo -n "<username>client1" | openssl dgst -sha256 -hmac s3cr3t -binary | base64
const HASH = {
    alice: "fCAqzbXMBFv913e80qdJL+ZcaIH/qgqG+MROjbtZN/A=",
    bob: "eqkdp/Hy6oE1FQjac4c+eRh+y4ihWgrpEYOFs3NEhsQ=",
    // ... | openssl dgst -sha256 -hmac other -binary | base64 (alice, keyed with another secret)
    aliceOtherSecret: "vYbGMFiOzeK1RvNTVKIsJvmuetelUbgCi1Gx+wXrsm0=",
};

interface Exchange {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
}
interface Received {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
}
type Answer = { status?: number; headers?: Record<string, string>; body: string };

/** A fake Cognito: records each request, answers with `answers[operation]` (default 200 "{}"). */
async function fakeCognito(answers: Record<string, Answer>) {
    const received: Received[] = [];
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString("utf8")));
        req.on("end", () => {
            received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
            const operation = String(req.headers["x-amz-target"] ?? "").slice(TARGET.length);
            const answer = answers[operation] ?? { body: "{}" };
            res.writeHead(answer.status ?? 200, { "Content-Type": JSON_1_1, ...answer.headers });
            res.end(answer.body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://${LOOPBACK}:${port}`,
        received,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

function request(endpoint: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Exchange> {
    return new Promise((resolve, reject) => {
        const req = http.request(`${endpoint}${path}`, { method, headers }, (res) => {
            let text = "";
            res.on("data", (c: Buffer) => (text += c.toString("utf8")));
            res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
        });
        req.on("error", reject);
        req.end(body);
    });
}

const clientAnswer = (client: Record<string, unknown>): Answer => ({ body: JSON.stringify({ UserPoolClient: { UserPoolId: "local_pool", ...client } }) });
const refusal = (status: number, type: string, message: string) => ({ status, type, body: { __type: type, message } });

describe("cognito gate (AWS rules the emulator skips, in front of it)", () => {
    let upstream: Awaited<ReturnType<typeof fakeCognito>>;
    let gate: CognitoGate;
    let answers: Record<string, Answer>;

    /** One Cognito call through the gate; the body is sent exactly as given. */
    const call = (operation: string, body: string | object) =>
        request(gate.endpoint, "POST", "/", { "Content-Type": JSON_1_1, "X-Amz-Target": TARGET + operation }, typeof body === "string" ? body : JSON.stringify(body));
    /** What the gate answered itself: status, error type header, body. */
    const answered = (e: Exchange) => ({ status: e.status, type: e.headers["x-amzn-errortype"], body: JSON.parse(e.body) });
    const reachedUpstream = () => upstream.received.map((r) => `${String(r.headers["x-amz-target"]).slice(TARGET.length)} ${r.body}`);
    /** Teach the gate a client the way the e2e test does: the emulator's answer to CreateUserPoolClient. */
    const createClient = async (client: Record<string, unknown>) => {
        answers.CreateUserPoolClient = clientAnswer(client);
        assert.strictEqual((await call("CreateUserPoolClient", { UserPoolId: "local_pool", ClientName: "c" })).status, 200);
    };
    const passwordAuth = (clientId: string, username: string, hash?: string) => ({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: "pw", ...(hash === undefined ? {} : { SECRET_HASH: hash }) },
    });

    beforeEach(async () => {
        answers = {};
        upstream = await fakeCognito(answers);
        gate = await startCognitoGate(upstream.endpoint);
    });
    afterEach(async () => {
        await gate.close();
        await upstream.close();
    });

    it("computes SECRET_HASH as AWS documents it (checked against openssl)", () => {
        assert.strictEqual(secretHash("alice", "client1", SECRET), HASH.alice);
        assert.strictEqual(secretHash("bob", "client1", SECRET), HASH.bob);
        assert.strictEqual(secretHash("alice", "client1", "other"), HASH.aliceOtherSecret);
    });

    it("passes every other request and every answer through byte for byte, errors and odd bodies included", async () => {
        answers.ListUserPools = { status: 400, headers: { "x-amzn-ErrorType": "InvalidParameterException", "x-extra": "kept" }, body: '{"__type":"InvalidParameterException", "message":"  as is "}' };
        const sent = '{ "MaxResults" :  5 }';
        const listed = await request(gate.endpoint, "POST", "/", { "Content-Type": JSON_1_1, "X-Amz-Target": `${TARGET}ListUserPools`, "X-Custom": "1" }, sent);
        assert.deepStrictEqual(
            { status: listed.status, type: listed.headers["x-amzn-errortype"], extra: listed.headers["x-extra"], body: listed.body },
            { status: 400, type: "InvalidParameterException", extra: "kept", body: '{"__type":"InvalidParameterException", "message":"  as is "}' },
        );
        const [seen] = upstream.received;
        assert.deepStrictEqual(
            { method: seen.method, url: seen.url, target: seen.headers["x-amz-target"], custom: seen.headers["x-custom"], type: seen.headers["content-type"], body: seen.body },
            { method: "POST", url: "/", target: `${TARGET}ListUserPools`, custom: "1", type: JSON_1_1, body: sent },
        );
        // Not JSON, not POST, not a Cognito target: the emulator decides.
        assert.strictEqual((await call("InitiateAuth", "not json")).status, 200);
        assert.strictEqual((await request(gate.endpoint, "GET", "/health?x=1", {})).status, 200);
        assert.deepStrictEqual(upstream.received.slice(1).map((r) => [r.method, r.url, r.body]), [["POST", "/", "not json"], ["GET", "/health?x=1", ""]]);
        assert.deepStrictEqual(gate.refusals, []);
    });

    it("refuses an InitiateAuth flow the client's ExplicitAuthFlows do not allow, and passes the ones they do", async () => {
        await createClient({ ClientId: "web1", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
        const before = upstream.received.length;
        assert.deepStrictEqual(answered(await call("InitiateAuth", passwordAuth("web1", "alice"))), refusal(400, "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client"));
        assert.deepStrictEqual(answered(await call("InitiateAuth", { ClientId: "web1", AuthFlow: "CUSTOM_AUTH" })), refusal(400, "InvalidParameterException", "CUSTOM_AUTH flow not enabled for this client"));
        assert.strictEqual(upstream.received.length, before, "nothing refused reached the emulator");
        for (const flow of ["USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"]) {
            assert.strictEqual((await call("InitiateAuth", { ClientId: "web1", AuthFlow: flow, AuthParameters: {} })).status, 200, flow);
        }
        // A new answer about the client replaces what the gate knew.
        answers.UpdateUserPoolClient = clientAnswer({ ClientId: "web1", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"] });
        await call("UpdateUserPoolClient", { UserPoolId: "local_pool", ClientId: "web1" });
        assert.strictEqual((await call("InitiateAuth", passwordAuth("web1", "alice"))).status, 200);
        assert.deepStrictEqual(answered(await call("InitiateAuth", { ClientId: "web1", AuthFlow: "USER_SRP_AUTH" })), refusal(400, "InvalidParameterException", "USER_SRP_AUTH flow not enabled for this client"));
        assert.deepStrictEqual(
            gate.refusals.map((r) => `${r.operation} ${r.type}`),
            ["InitiateAuth InvalidParameterException", "InitiateAuth InvalidParameterException", "InitiateAuth InvalidParameterException"],
        );
    });

    it("applies AWS's default flows (refresh, SRP, custom) to a client that states none", async () => {
        await createClient({ ClientId: "plain" });
        assert.deepStrictEqual(answered(await call("InitiateAuth", passwordAuth("plain", "alice"))), refusal(400, "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client"));
        assert.deepStrictEqual(answered(await call("InitiateAuth", { ClientId: "plain", AuthFlow: "USER_AUTH" })), refusal(400, "InvalidParameterException", "USER_AUTH flow not enabled for this client"));
        for (const flow of ["USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "CUSTOM_AUTH"]) {
            assert.strictEqual((await call("InitiateAuth", { ClientId: "plain", AuthFlow: flow })).status, 200, flow);
        }
    });

    it("requires the SECRET_HASH of USERNAME on USER_PASSWORD_AUTH for a client with a secret, after the flow check", async () => {
        await createClient({ ClientId: "client1", ClientSecret: SECRET, ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"] });
        const before = upstream.received.length;
        assert.deepStrictEqual(
            answered(await call("InitiateAuth", passwordAuth("client1", "alice"))),
            refusal(400, "NotAuthorizedException", "Client client1 is configured with secret but SECRET_HASH was not received"),
        );
        for (const wrong of [HASH.bob, HASH.aliceOtherSecret, ""]) {
            assert.deepStrictEqual(answered(await call("InitiateAuth", passwordAuth("client1", "alice", wrong))), refusal(400, "NotAuthorizedException", "Unable to verify secret hash for client client1"), wrong);
        }
        assert.deepStrictEqual(answered(await call("InitiateAuth", { ClientId: "client1", AuthFlow: "USER_SRP_AUTH" })), refusal(400, "InvalidParameterException", "USER_SRP_AUTH flow not enabled for this client"));
        assert.strictEqual(upstream.received.length, before);
        const right = JSON.stringify(passwordAuth("client1", "alice", HASH.alice));
        assert.strictEqual((await call("InitiateAuth", right)).status, 200);
        assert.deepStrictEqual(reachedUpstream().slice(before), [`InitiateAuth ${right}`]);
    });

    it("requires SecretHash of Username on SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword", async () => {
        await createClient({ ClientId: "client1", ClientSecret: SECRET });
        await createClient({ ClientId: "web1" });
        for (const operation of ["SignUp", "ConfirmSignUp", "ResendConfirmationCode", "ForgotPassword", "ConfirmForgotPassword"]) {
            for (const hash of [undefined, HASH.bob, HASH.aliceOtherSecret]) {
                const body = { ClientId: "client1", Username: "alice", ...(hash === undefined ? {} : { SecretHash: hash }) };
                assert.deepStrictEqual(answered(await call(operation, body)), refusal(400, "NotAuthorizedException", "Unable to verify secret hash for client client1"), `${operation} ${hash}`);
            }
            assert.strictEqual((await call(operation, { ClientId: "client1", Username: "alice", SecretHash: HASH.alice })).status, 200, operation);
            // A client without a secret needs none.
            assert.strictEqual((await call(operation, { ClientId: "web1", Username: "alice" })).status, 200, operation);
        }
        assert.strictEqual(gate.refusals.length, 15);
    });

    it("requires on REFRESH_TOKEN_AUTH the SECRET_HASH of the user the token was issued to", async () => {
        await createClient({ ClientId: "client1", ClientSecret: SECRET, ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
        const idToken = `x.${Buffer.from(JSON.stringify({ "cognito:username": "alice", email: "alice@example.com" })).toString("base64url")}.y`;
        answers.InitiateAuth = { body: JSON.stringify({ AuthenticationResult: { IdToken: idToken, AccessToken: "a", RefreshToken: "refresh-1" } }) };
        // Signed in by e-mail alias: the hash of a refresh is still of the user name.
        assert.strictEqual((await call("InitiateAuth", passwordAuth("client1", "alice@example.com", secretHash("alice@example.com", "client1", SECRET)))).status, 200);
        answers.InitiateAuth = { body: "{}" };
        const refresh = (hash?: string, token = "refresh-1") => ({
            ClientId: "client1",
            AuthFlow: "REFRESH_TOKEN_AUTH",
            AuthParameters: { REFRESH_TOKEN: token, ...(hash === undefined ? {} : { SECRET_HASH: hash }) },
        });
        assert.deepStrictEqual(answered(await call("InitiateAuth", refresh())), refusal(400, "NotAuthorizedException", "Client client1 is configured with secret but SECRET_HASH was not received"));
        assert.deepStrictEqual(
            answered(await call("InitiateAuth", refresh(secretHash("alice@example.com", "client1", SECRET)))),
            refusal(400, "NotAuthorizedException", "SecretHash does not match for the client: client1"),
        );
        assert.deepStrictEqual(answered(await call("InitiateAuth", refresh(HASH.bob))), refusal(400, "NotAuthorizedException", "SecretHash does not match for the client: client1"));
        assert.strictEqual((await call("InitiateAuth", refresh(HASH.alice))).status, 200);
        assert.deepStrictEqual(
            answered(await call("InitiateAuth", refresh(HASH.alice, "never-issued"))),
            refusal(500, "CognitoGate#UnknownRefreshToken", "cognito gate: the refresh token was not issued through the gate, so whose SECRET_HASH it needs is unknown"),
        );
    });

    it("answers with an error of its own, never a guess, when it cannot judge", async () => {
        assert.deepStrictEqual(
            answered(await call("SignUp", { ClientId: "ghost", Username: "alice" })),
            refusal(500, "CognitoGate#UnknownClient", 'cognito gate: client "ghost" was not created, updated or described through the gate, so its flows and secret are unknown'),
        );
        // DescribeUserPoolClient teaches it too; DeleteUserPoolClient makes it forget.
        answers.DescribeUserPoolClient = clientAnswer({ ClientId: "seen", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"] });
        await call("DescribeUserPoolClient", { UserPoolId: "local_pool", ClientId: "seen" });
        assert.strictEqual((await call("InitiateAuth", passwordAuth("seen", "alice"))).status, 200);
        await call("DeleteUserPoolClient", { UserPoolId: "local_pool", ClientId: "seen" });
        assert.strictEqual(answered(await call("InitiateAuth", passwordAuth("seen", "alice"))).type, "CognitoGate#UnknownClient");
        await createClient({ ClientId: "legacy", ExplicitAuthFlows: ["USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"] });
        assert.deepStrictEqual(
            answered(await call("InitiateAuth", passwordAuth("legacy", "alice"))),
            refusal(500, "CognitoGate#Unsupported", "cognito gate: client legacy uses legacy ExplicitAuthFlows USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH, which the gate does not model"),
        );
        // An answer of the emulator that is not a success teaches nothing.
        answers.CreateUserPoolClient = { status: 400, body: JSON.stringify({ UserPoolClient: { ClientId: "failed" } }) };
        await call("CreateUserPoolClient", {});
        assert.strictEqual(answered(await call("SignUp", { ClientId: "failed", Username: "alice" })).type, "CognitoGate#UnknownClient");
    });
});
