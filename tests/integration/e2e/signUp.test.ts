// End to end, offline: the dev stack's user pool and clients, converted from the captured Pulumi
// inputs into Cognito API calls against cognito-local, whose PreSignUp trigger runs the exact handler
// bytes the component deploys with the environment the stack gives the function. The app side uses
// the AWS SDK v3 client as a real application would.
import * as assert from "assert";
import * as crypto from "crypto";
import {
    AdminGetUserCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolClientCommand,
    CreateUserPoolCommand,
    DescribeUserPoolClientCommand,
    DescribeUserPoolCommand,
    GetUserPoolMfaConfigCommand,
    InitiateAuthCommand,
    SetUserPoolMfaConfigCommand,
    SignUpCommand,
    UserLambdaValidationException,
    UserNotFoundException,
    type AuthenticationResultType,
    type CreateUserPoolClientCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { REJECTION_MESSAGE, settingsFromEnv } from "../../../lambdas/preSignUp";
import { loadDeployedHandler, type DeployedHandler } from "../../deployedHandler";
import { evaluateStack, ofType, single, stackConfig, T } from "../../harness";
import { startCognitoLocal, type CognitoLocal } from "./cognitoLocal";
import { startLambdaServer, type LambdaServer } from "./lambdaServer";
import { userPoolClientRequest, userPoolRequests, type UserPoolRequests } from "./toCognitoApi";

/**
 * Accepted by cognito-local 5.3 but not stored (its CreateUserPool / CreateUserPoolClient copy a fixed
 * list of fields), so they are not sent and the round-trip check covers everything that is.
 * Stored but NOT enforced by the emulator, so nothing below relies on them: the password policy,
 * schema constraints, ExplicitAuthFlows (USER_PASSWORD_AUTH is its only password flow and it never checks the
 * client allows it), SECRET_HASH, PreventUserExistenceErrors, EnableTokenRevocation, device and
 * recovery settings, add-ons, and the pool's LambdaConfig (triggers come from config.json only).
 */
const NOT_STORED_BY_EMULATOR = { pool: ["DeletionProtection", "UserPoolTier"], client: ["AuthSessionValidity"] } as const;

/** Cognito gives a synchronous trigger 5 s; the emulator's Lambda client gets the same budget. */
const TRIGGER_TIMEOUT_MS = 5_000;
const PASSWORD = "correct horse battery";
const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

function without<T extends object>(value: T, keys: readonly string[]): T {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as T;
}

/** Every value in `expected` is present in `actual` (arrays element by element, same length). */
function assertContains(actual: unknown, expected: unknown, at: string): void {
    if (Array.isArray(expected)) {
        assert.ok(Array.isArray(actual) && actual.length === expected.length, `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
        expected.forEach((e, i) => assertContains((actual as unknown[])[i], e, `${at}[${i}]`));
    } else if (expected !== null && typeof expected === "object") {
        assert.ok(actual !== null && typeof actual === "object", `${at}: expected an object, got ${JSON.stringify(actual)}`);
        for (const [k, v] of Object.entries(expected)) assertContains((actual as Record<string, unknown>)[k], v, `${at}.${k}`);
    } else {
        assert.strictEqual(actual, expected, at);
    }
}

function jwtClaims(token: string | undefined): Record<string, any> {
    assert.ok(token, "token missing");
    return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

/** Base64 HMAC-SHA256 of username + client id, keyed with the client secret. */
function secretHash(username: string, clientId: string, clientSecret: string): string {
    return crypto.createHmac("sha256", clientSecret).update(username + clientId).digest("base64");
}

async function rejection(promise: Promise<unknown>, what: string): Promise<Error> {
    try {
        await promise;
    } catch (err) {
        return err as Error;
    }
    assert.fail(`expected ${what} to fail, it succeeded`);
}

describe("sign-up end to end (cognito-local, deployed PreSignUp bytes, dev stack)", function () {
    this.timeout(30_000);

    let lambda: LambdaServer | undefined;
    let cognito: CognitoLocal | undefined;
    let idp: CognitoIdentityProviderClient;
    let deployed: DeployedHandler;
    let poolRequests: UserPoolRequests;
    let triggerArn: string;
    let userPoolId: string;
    let allowedDomains: readonly string[];
    const clients = {} as Record<"app" | "web", { request: CreateUserPoolClientCommandInput; id: string; secret?: string }>;

    before(async function () {
        const { resources } = await evaluateStack("dev");
        const fn = single(resources, T.fn);
        const env: Record<string, string> = fn.inputs.environment.variables;
        allowedDomains = settingsFromEnv(env).allowedEmailDomains;
        deployed = loadDeployedHandler(env);
        // Reachable by name and by ARN, as in Lambda; anything else the pool points at is a 404.
        lambda = await startLambdaServer(
            new Map([
                [fn.state.arn, deployed.handler],
                [fn.state.name, deployed.handler],
            ]),
        );

        poolRequests = userPoolRequests(single(resources, T.userPool).inputs);
        const arn = poolRequests.createUserPool.LambdaConfig?.PreSignUp;
        assert.ok(arn, "the dev stack's pool has a PreSignUp trigger");
        triggerArn = arn;
        cognito = await startCognitoLocal({
            LambdaClient: { endpoint: lambda.endpoint, maxRetries: 0, httpOptions: { timeout: TRIGGER_TIMEOUT_MS } },
            // cognito-local takes triggers from its config only (not the pool's LambdaConfig): give it the pool's ARN.
            TriggerFunctions: { PreSignUp: triggerArn },
            // Its default makes e-mail the username on every pool; the stack's pool declares no username attributes.
            UserPoolDefaults: { UsernameAttributes: [] },
        });
        idp = new CognitoIdentityProviderClient({
            endpoint: cognito.endpoint,
            region: stackConfig("dev")["aws:region"],
            credentials: { accessKeyId: "local", secretAccessKey: "local" },
            maxAttempts: 1,
        });

        try {
            const created = await idp.send(new CreateUserPoolCommand(without(poolRequests.createUserPool, NOT_STORED_BY_EMULATOR.pool)));
            userPoolId = created.UserPool!.Id!;
            if (poolRequests.setUserPoolMfaConfig) {
                await idp.send(new SetUserPoolMfaConfigCommand({ ...poolRequests.setUserPoolMfaConfig, UserPoolId: userPoolId }));
            }
            const clientResources = ofType(resources, T.client);
            assert.strictEqual(clientResources.length, 2);
            for (const kind of ["app", "web"] as const) {
                const resource = clientResources.find((r) => r.name.endsWith(`-${kind}-client`));
                assert.ok(resource, `the ${kind} client`);
                const request = userPoolClientRequest(resource.inputs, userPoolId);
                const { UserPoolClient: c } = await idp.send(new CreateUserPoolClientCommand(without(request, NOT_STORED_BY_EMULATOR.client)));
                clients[kind] = { request, id: c!.ClientId!, secret: c!.ClientSecret };
            }
        } catch (err) {
            // afterEach does not run for a failed hook: attach the emulator's side here.
            throw new Error(`setting up the pool failed: ${(err as Error).name}: ${(err as Error).message}\n--- cognito-local output ---\n${cognito.output()}`);
        }
    });

    afterEach(function () {
        if (this.currentTest?.state !== "failed") return;
        const calls = (lambda?.invocations ?? []).map((c) => `${c.event?.triggerSource} ${c.event?.request?.userAttributes?.email} → ${c.error ?? "ok"}`);
        console.error(`--- PreSignUp invocations ---\n${calls.join("\n")}`);
        console.error(`--- PreSignUp handler log ---\n${deployed?.logs.join("\n")}`);
        console.error(`--- cognito-local output ---\n${cognito?.output() ?? "(not started)"}`);
    });

    after(async function () {
        idp?.destroy();
        await cognito?.stop();
        await lambda?.close();
    });

    const signUp = (username: string, email: string) =>
        idp.send(new SignUpCommand({ ClientId: clients.web.id, Username: username, Password: PASSWORD, UserAttributes: [{ Name: "email", Value: email }] }));
    const userStatus = async (username: string) => {
        const user = await idp.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
        return { status: user.UserStatus, emailVerified: user.UserAttributes?.find((a) => a.Name === "email_verified")?.Value };
    };

    it("holds the pool, MFA setting and both clients exactly as converted from the stack", async () => {
        const { UserPool: pool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
        const { Schema, PoolName, ...rest } = without(poolRequests.createUserPool, NOT_STORED_BY_EMULATOR.pool);
        assertContains(pool, { ...rest, Name: PoolName }, "UserPool");
        for (const attribute of Schema ?? []) {
            assertContains(pool?.SchemaAttributes?.find((a) => a.Name === attribute.Name), attribute, `SchemaAttributes[${attribute.Name}]`);
        }
        if (poolRequests.setUserPoolMfaConfig) {
            assertContains(await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: userPoolId })), poolRequests.setUserPoolMfaConfig, "MfaConfig");
        }
        for (const { request, id } of Object.values(clients)) {
            const { UserPoolClient: c } = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: id }));
            // GenerateSecret is a request flag; what it leaves behind is a ClientSecret or none.
            const { GenerateSecret, ...stored } = without(request, NOT_STORED_BY_EMULATOR.client);
            assertContains(c, stored, request.ClientName!);
            assert.strictEqual(c?.ClientSecret !== undefined, GenerateSecret === true, `${request.ClientName} secret`);
        }
        // The browser client must not have a secret (it could not sign in with one), the back end must.
        assert.ok(clients.app.secret, "app client secret");
        assert.strictEqual(clients.web.secret, undefined);
    });

    it("signs up and auto-confirms users of every allowed domain (case-insensitively)", async () => {
        assert.ok(allowedDomains.length > 0, "the dev stack restricts sign-up domains");
        const emails = [...allowedDomains.map((d) => `user@${d}`), `Shout@${allowedDomains[0].toUpperCase()}`];
        for (const [n, email] of emails.entries()) {
            const before = lambda!.invocations.length;
            const result = await signUp(`allowed-${n}`, email);
            assert.strictEqual(result.UserConfirmed, true, email);
            assert.deepStrictEqual(await userStatus(`allowed-${n}`), { status: "CONFIRMED", emailVerified: "true" }, email);
            // Confirmed by the deployed handler, invoked through the ARN the pool declares.
            const calls = lambda!.invocations.slice(before);
            assert.deepStrictEqual(
                calls.map((c) => [c.functionName, c.event.triggerSource, c.event.request.userAttributes.email, c.error]),
                [[triggerArn, "PreSignUp_SignUp", email, undefined]],
            );
        }
    });

    it("rejects other domains and look-alikes with UserLambdaValidationException and only the generic message", async () => {
        const first = allowedDomains[0];
        const emails = ["user@not-allowed.test", `user@evil-${first}`, `user@${first}.evil.io`, `user@sub.${first}`];
        for (const email of emails) assert.ok(!allowedDomains.includes(email.split("@")[1]), `${email} is really outside the allow-list`);
        for (const [n, email] of emails.entries()) {
            const before = lambda!.invocations.length;
            const err = await rejection(signUp(`rejected-${n}`, email), `sign-up of ${email}`);
            assert.ok(err instanceof UserLambdaValidationException, `${email}: ${err.name}: ${err.message}`);
            assert.ok(err.message.includes(REJECTION_MESSAGE), err.message);
            // Nothing about why: neither the domain nor the handler's logged reason reaches the client.
            assert.ok(!err.message.includes(email.split("@")[1]) && !/e-mail|domain/i.test(err.message), err.message);
            assert.deepStrictEqual(
                lambda!.invocations.slice(before).map((c) => c.error),
                [REJECTION_MESSAGE],
            );
            const lookup = await rejection(userStatus(`rejected-${n}`), `looking up the rejected user ${email}`);
            assert.ok(lookup instanceof UserNotFoundException, `${email} must not have been created: ${lookup.name}`);
        }
    });

    describe("signing in", () => {
        const username = "signer";
        let webTokens: AuthenticationResultType;

        before(async () => {
            assert.strictEqual((await signUp(username, `signer@${allowedDomains[0]}`)).UserConfirmed, true);
        });

        /** Token lifetimes as the client declares them (validity × unit), in seconds. */
        function lifetimes(request: CreateUserPoolClientCommandInput): Record<"access" | "id" | "refresh", number> {
            const units = request.TokenValidityUnits!;
            return {
                access: request.AccessTokenValidity! * UNIT_SECONDS[units.AccessToken!],
                id: request.IdTokenValidity! * UNIT_SECONDS[units.IdToken!],
                refresh: request.RefreshTokenValidity! * UNIT_SECONDS[units.RefreshToken!],
            };
        }

        function assertTokens(result: AuthenticationResultType | undefined, clientId: string, request: CreateUserPoolClientCommandInput): void {
            const access = jwtClaims(result?.AccessToken);
            const id = jwtClaims(result?.IdToken);
            assert.strictEqual(access.token_use, "access");
            assert.strictEqual(access.client_id, clientId);
            assert.strictEqual(id.token_use, "id");
            assert.strictEqual(id.aud, clientId);
            assert.strictEqual(id["cognito:username"], username);
            assert.strictEqual(id.email_verified, true);
            const expected = lifetimes(request);
            assert.deepStrictEqual({ access: access.exp - access.iat, id: id.exp - id.iat }, { access: expected.access, id: expected.id });
        }

        it("works with the web client (no secret); tokens carry its id and the stack's lifetimes", async () => {
            // USER_PASSWORD_AUTH, not the SRP the stack's clients allow: it is the only password flow cognito-local
            // implements, and it does not check ExplicitAuthFlows (the round-trip test shows the client lacks it).
            const { AuthenticationResult } = await idp.send(
                new InitiateAuthCommand({ ClientId: clients.web.id, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }),
            );
            assertTokens(AuthenticationResult, clients.web.id, clients.web.request);
            const refresh = jwtClaims(AuthenticationResult?.RefreshToken);
            assert.strictEqual(refresh.exp - refresh.iat, lifetimes(clients.web.request).refresh);
            webTokens = AuthenticationResult!;
        });

        it("works with the app client and a correct SECRET_HASH", async () => {
            const { AuthenticationResult } = await idp.send(
                new InitiateAuthCommand({
                    ClientId: clients.app.id,
                    AuthFlow: "USER_PASSWORD_AUTH",
                    AuthParameters: { USERNAME: username, PASSWORD, SECRET_HASH: secretHash(username, clients.app.id, clients.app.secret!) },
                }),
            );
            assertTokens(AuthenticationResult, clients.app.id, clients.app.request);
        });

        it("refreshes with REFRESH_TOKEN_AUTH into new tokens for the same user", async () => {
            assert.ok(webTokens?.RefreshToken, "needs the web sign-in above");
            const { AuthenticationResult } = await idp.send(
                new InitiateAuthCommand({ ClientId: clients.web.id, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: webTokens.RefreshToken } }),
            );
            assertTokens(AuthenticationResult, clients.web.id, clients.web.request);
            assert.notStrictEqual(AuthenticationResult?.AccessToken, webTokens.AccessToken);
            assert.notStrictEqual(AuthenticationResult?.IdToken, webTokens.IdToken);
            assert.strictEqual(jwtClaims(AuthenticationResult?.IdToken).sub, jwtClaims(webTokens.IdToken).sub);
        });
    });
});
