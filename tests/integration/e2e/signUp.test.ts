// End to end, offline: the dev stack's user pool and clients, converted from the captured Pulumi
// inputs (toCognitoApi.ts) into Cognito API calls to cognito-local, reached through a gate
// (cognitoGate.ts) that enforces what AWS documents and the emulator skips: the client's allowed auth
// flows and SECRET_HASH. The pool's PreSignUp trigger runs the exact bytes the component deploys, on
// the Node major of the function's runtime (Node 24 for nodejs24.x), with the function's environment
// (lambdaServer.ts). The app side uses the AWS SDK v3 client as a real application would. Every claim
// here is one that the emulator, the gate or the deployed handler can make fail; the tests marked
// [gate] pass only because of the gate, and the last test shows the emulator alone accepts what they refuse.
//
// What only a real account shows
// ------------------------------
// Neither cognito-local 5.3 nor the gate implements these, so no test here proves them; only a
// deployment to an AWS account does:
// - SRP sign-in (USER_SRP_AUTH), the only password flow the stack's clients allow. The emulator has no
//   SRP, so the test signs in with USER_PASSWORD_AUTH, enabled on its own copies of the clients.
// - The password policy (8 characters with upper and lower case, digits and symbols; temporary
//   passwords valid 7 days): the emulator stores it and enforces none of it.
// - Threat protection (feature plan PLUS, advancedSecurityMode AUDIT or ENFORCED): risk scoring,
//   blocked or challenged sign-ins, compromised-credential checks and their metrics. The emulator drops
//   the feature plan and ignores the mode.
// - MFA as the pool sets it (OPTIONAL with TOTP): enrolment and the SOFTWARE_TOKEN_MFA challenge.
// - Device remembering (challenge on new devices, remembered only when the user opts in): device keys,
//   MFA skipped on a remembered device, refreshes that then need DEVICE_KEY.
// - Token revocation (EnableTokenRevocation): RevokeToken and GlobalSignOut invalidating refresh tokens
//   and the tokens issued from them.
// - PreventUserExistenceErrors: Cognito's generic answers about unknown users.
// - E-mail sending: Cognito's own mailer and its daily limit, SES sending from a verified identity with
//   its from and reply-to addresses, the verification template. The emulator sends nothing.
// - Deletion protection and the 3-minute auth session validity, which the emulator does not even store.
// - The trigger's wiring in AWS: the Lambda permission that lets cognito-idp invoke the function,
//   Cognito's 5-second wait, and Lambda itself (arm64, 128 MB, its reserved environment variables and log
//   format). The deployed bytes run here on Node 24, but not in Lambda.
// - Cognito's exact error texts and their precedence (the gate checks the flow before the secret),
//   which the gate takes from AWS's documentation and reported answers; a rejected sign-up reads
//   "PreSignUp failed with error …" in AWS, where the emulator names the function's ARN.
// - That a refresh's SECRET_HASH is computed over the user name rather than a sign-in alias, as the gate assumes.
import * as assert from "assert";
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
    type InitiateAuthCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { HANDLER_FILE, lambdaCode } from "../../../components/handlerCode";
import { REJECTION_MESSAGE, settingsFromEnv } from "../../../lambdas/preSignUp";
import { evaluateStack, ofType, single, stackConfig, T, type RecordedResource } from "../../harness";
import { secretHash, startCognitoGate, type CognitoGate } from "./cognitoGate";
import { startCognitoLocal, type CognitoLocal } from "./cognitoLocal";
import { startLambdaFunction, startLambdaServer, type LambdaFunction, type LambdaServer } from "./lambdaServer";
import { userPoolClientRequest, userPoolRequests, type UserPoolRequests } from "./toCognitoApi";

/**
 * Accepted by cognito-local 5.3 but not stored (its CreateUserPool / CreateUserPoolClient copy a fixed
 * list of fields), so they are not sent and the round-trip check covers everything that is.
 */
const NOT_STORED_BY_EMULATOR = { pool: ["DeletionProtection", "UserPoolTier"], client: ["AuthSessionValidity"] } as const;

/** Cognito gives a synchronous trigger 5 s; the emulator's Lambda client gets the same budget. */
const TRIGGER_TIMEOUT_MS = 5_000;
const PASSWORD = "correct horse battery";
const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
/** The only password flow cognito-local implements; the stack's clients do not allow it. */
const PASSWORD_FLOW = "ALLOW_USER_PASSWORD_AUTH";

interface Client {
    request: CreateUserPoolClientCommandInput;
    id: string;
    secret?: string;
}
type Kind = "app" | "web";

function without<V extends object>(value: V, keys: readonly string[]): V {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as V;
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

async function rejection(promise: Promise<unknown>, what: string): Promise<Error> {
    try {
        await promise;
    } catch (err) {
        return err as Error;
    }
    assert.fail(`expected ${what} to fail, it succeeded`);
}

/** The error's name and message, to compare with AWS's literally. */
async function refused(promise: Promise<unknown>, what: string): Promise<[string, string]> {
    const err = await rejection(promise, what);
    return [err.name, err.message];
}

describe("sign-up end to end (dev stack on cognito-local behind the AWS-rules gate, deployed PreSignUp bytes on Node 24)", function () {
    // The first run of a machine downloads Node 24 through npx (about 10 s).
    this.timeout(120_000);

    let preSignUp: LambdaFunction | undefined;
    let lambda: LambdaServer | undefined;
    let cognito: CognitoLocal | undefined;
    let gate: CognitoGate | undefined;
    /** The application's client: every call goes through the gate. */
    let idp: CognitoIdentityProviderClient;
    /** Straight to the emulator, only to show what it accepts without the gate. */
    let bare: CognitoIdentityProviderClient;
    let fn: RecordedResource;
    let poolRequests: UserPoolRequests;
    let triggerArn: string;
    let userPoolId: string;
    let allowedDomains: readonly string[];
    /** The stack's two clients, exactly as converted. */
    const stackClients = {} as Record<Kind, Client>;
    /** The test's copies of them with USER_PASSWORD_AUTH added, the one password flow cognito-local has. */
    const passwordClients = {} as Record<Kind, Client>;

    const cognitoClient = (endpoint: string) =>
        new CognitoIdentityProviderClient({
            endpoint,
            region: stackConfig("dev")["aws:region"],
            credentials: { accessKeyId: "local", secretAccessKey: "local" },
            maxAttempts: 1,
        });

    before(async function () {
        const { resources } = await evaluateStack("dev");
        poolRequests = userPoolRequests(single(resources, T.userPool).inputs);
        const arn = poolRequests.createUserPool.LambdaConfig?.PreSignUp;
        assert.ok(arn, "the dev stack's pool has a PreSignUp trigger");
        triggerArn = arn;
        // The function the pool's trigger names, with the settings the stack gives it.
        const trigger = ofType(resources, T.fn).find((f) => f.state.arn === triggerArn);
        assert.ok(trigger, `a function of the stack has the trigger's ARN ${triggerArn}`);
        fn = trigger;
        const env: Record<string, string> = fn.inputs.environment.variables;
        allowedDomains = settingsFromEnv(env).allowedEmailDomains;
        preSignUp = await startLambdaFunction({ files: { [HANDLER_FILE]: lambdaCode("preSignUp") }, handler: fn.inputs.handler, runtime: fn.inputs.runtime, environment: env });
        // Reachable by name and by ARN, as in Lambda; anything else the pool points at is a 404.
        lambda = await startLambdaServer(
            new Map([
                [fn.state.arn, preSignUp],
                [fn.state.name, preSignUp],
            ]),
        );
        cognito = await startCognitoLocal({
            LambdaClient: { endpoint: lambda.endpoint, maxRetries: 0, httpOptions: { timeout: TRIGGER_TIMEOUT_MS } },
            // cognito-local takes triggers from its config only (not the pool's LambdaConfig): give it the pool's ARN.
            TriggerFunctions: { PreSignUp: triggerArn },
            // Its default makes e-mail the username on every pool; the stack's pool declares no username attributes.
            UserPoolDefaults: { UsernameAttributes: [] },
        });
        gate = await startCognitoGate(cognito.endpoint);
        idp = cognitoClient(gate.endpoint);
        bare = cognitoClient(cognito.endpoint);

        try {
            const created = await idp.send(new CreateUserPoolCommand(without(poolRequests.createUserPool, NOT_STORED_BY_EMULATOR.pool)));
            userPoolId = created.UserPool!.Id!;
            if (poolRequests.setUserPoolMfaConfig) {
                await idp.send(new SetUserPoolMfaConfigCommand({ ...poolRequests.setUserPoolMfaConfig, UserPoolId: userPoolId }));
            }
            const createClient = async (request: CreateUserPoolClientCommandInput): Promise<Client> => {
                const { UserPoolClient: c } = await idp.send(new CreateUserPoolClientCommand(without(request, NOT_STORED_BY_EMULATOR.client)));
                return { request, id: c!.ClientId!, secret: c!.ClientSecret };
            };
            const clientResources = ofType(resources, T.client);
            assert.strictEqual(clientResources.length, 2);
            for (const kind of ["app", "web"] as const) {
                const resource = clientResources.find((r) => r.name.endsWith(`-${kind}-client`));
                assert.ok(resource, `the ${kind} client`);
                const request = userPoolClientRequest(resource.inputs, userPoolId);
                stackClients[kind] = await createClient(request);
                // The test's own copy, explicitly given USER_PASSWORD_AUTH: the stack's client does not allow it
                // (the gate refuses it there, as AWS would) and cognito-local implements no other password flow.
                passwordClients[kind] = await createClient({
                    ...request,
                    ClientName: `${request.ClientName}PasswordAuthForTest`,
                    ExplicitAuthFlows: [...(request.ExplicitAuthFlows ?? []), PASSWORD_FLOW],
                });
            }
        } catch (err) {
            // afterEach does not run for a failed hook: attach the emulator's side here.
            throw new Error(`setting up the pool failed: ${(err as Error).name}: ${(err as Error).message}\n--- cognito-local output ---\n${cognito.output()}`);
        }
    });

    afterEach(function () {
        if (this.currentTest?.state !== "failed") return;
        const calls = (lambda?.invocations ?? []).map((c) => `${c.event?.triggerSource} ${c.event?.request?.userAttributes?.email} → ${c.error ?? "ok"} ${JSON.stringify(c.logs)}`);
        console.error(`--- PreSignUp invocations (with the handler's log) ---\n${calls.join("\n")}`);
        console.error(`--- gate refusals ---\n${(gate?.refusals ?? []).map((r) => `${r.operation}: ${r.type}: ${r.message}`).join("\n")}`);
        console.error(`--- cognito-local output ---\n${cognito?.output() ?? "(not started)"}`);
    });

    after(async function () {
        idp?.destroy();
        bare?.destroy();
        await gate?.close();
        await cognito?.stop();
        await lambda?.close();
        await preSignUp?.close();
    });

    const signUp = (client: Client, username: string, email: string, hash?: string, via = idp) =>
        via.send(new SignUpCommand({ ClientId: client.id, Username: username, Password: PASSWORD, SecretHash: hash, UserAttributes: [{ Name: "email", Value: email }] }));
    const userStatus = async (username: string) => {
        const user = await idp.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
        return { status: user.UserStatus, emailVerified: user.UserAttributes?.find((a) => a.Name === "email_verified")?.Value };
    };
    const assertNotCreated = async (username: string) => {
        const lookup = await rejection(userStatus(username), `looking up ${username}`);
        assert.ok(lookup instanceof UserNotFoundException, `${username} must not have been created: ${lookup.name}`);
    };
    const passwordAuth = (client: Client, username: string, hash?: string): InitiateAuthCommandInput => ({
        ClientId: client.id,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD, ...(hash === undefined ? {} : { SECRET_HASH: hash }) },
    });
    const refreshAuth = (client: Client, token: string | undefined, hash?: string): InitiateAuthCommandInput => ({
        ClientId: client.id,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: token!, ...(hash === undefined ? {} : { SECRET_HASH: hash }) },
    });
    const initiateAuth = (input: InitiateAuthCommandInput, via = idp) => via.send(new InitiateAuthCommand(input));
    /** SECRET_HASH of `username` for the app client (the one with a secret). */
    const appHash = (client: Client, username: string) => secretHash(username, client.id, client.secret!);

    it("holds the pool, MFA setting and all four clients as converted: the stack's two, and the test's copies that differ only by name and USER_PASSWORD_AUTH", async () => {
        const { UserPool: pool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
        const { Schema, PoolName, ...rest } = without(poolRequests.createUserPool, NOT_STORED_BY_EMULATOR.pool);
        assertContains(pool, { ...rest, Name: PoolName }, "UserPool");
        for (const attribute of Schema ?? []) {
            assertContains(pool?.SchemaAttributes?.find((a) => a.Name === attribute.Name), attribute, `SchemaAttributes[${attribute.Name}]`);
        }
        if (poolRequests.setUserPoolMfaConfig) {
            assertContains(await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: userPoolId })), poolRequests.setUserPoolMfaConfig, "MfaConfig");
        }
        for (const { request, id } of [...Object.values(stackClients), ...Object.values(passwordClients)]) {
            const { UserPoolClient: c } = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: id }));
            // GenerateSecret is a request flag; what it leaves behind is a ClientSecret or none.
            const { GenerateSecret, ...stored } = without(request, NOT_STORED_BY_EMULATOR.client);
            assertContains(c, stored, request.ClientName!);
            assert.strictEqual(c?.ClientSecret !== undefined, GenerateSecret === true, `${request.ClientName} secret`);
        }
        for (const kind of ["app", "web"] as const) {
            // The component allows SRP and refresh only, which is what makes the flow refusals below meaningful.
            assert.deepStrictEqual(stackClients[kind].request.ExplicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
            assert.deepStrictEqual(passwordClients[kind].request.ExplicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", PASSWORD_FLOW]);
            const same = ["ClientName", "ExplicitAuthFlows"];
            assert.deepStrictEqual(without(passwordClients[kind].request, same), without(stackClients[kind].request, same));
        }
        // The back end keeps a secret; the browser client must not have one (it could not sign in with it).
        assert.ok(stackClients.app.secret && passwordClients.app.secret, "app client secrets");
        assert.deepStrictEqual([stackClients.web.secret, passwordClients.web.secret], [undefined, undefined]);
    });

    it("runs the PreSignUp handler's deployed bytes on Node 24, the major of the stack's runtime, with the stack's environment", () => {
        assert.strictEqual(fn.inputs.runtime, "nodejs24.x");
        assert.ok(preSignUp!.version.startsWith("v24."), `the trigger's process reports ${preSignUp!.version}`);
        assert.strictEqual(fn.inputs.handler, "index.handler");
        assert.deepStrictEqual(fn.inputs.environment.variables, { ALLOWED_EMAIL_DOMAINS: "example.com,example.org", AUTO_CONFIRM_SIGN_UPS: "true" });
        assert.deepStrictEqual(preSignUp!.initLogs, []);
    });

    it("signs up and auto-confirms users of every allowed domain (case-insensitively), through the deployed handler at the pool's trigger ARN", async () => {
        assert.deepStrictEqual(allowedDomains, ["example.com", "example.org"]);
        const emails = [...allowedDomains.map((d) => `user@${d}`), `Shout@${allowedDomains[0].toUpperCase()}`];
        for (const [n, email] of emails.entries()) {
            const before = lambda!.invocations.length;
            const result = await signUp(stackClients.web, `allowed-${n}`, email);
            assert.strictEqual(result.UserConfirmed, true, email);
            assert.deepStrictEqual(await userStatus(`allowed-${n}`), { status: "CONFIRMED", emailVerified: "true" }, email);
            // Confirmed by the deployed handler, invoked through the ARN the pool declares.
            assert.deepStrictEqual(
                lambda!.invocations.slice(before).map((c) => [c.functionName, c.event.triggerSource, c.event.request.userAttributes.email, c.error]),
                [[triggerArn, "PreSignUp_SignUp", email, undefined]],
            );
        }
    });

    it("rejects other domains and look-alikes with UserLambdaValidationException and only the generic message, creating nothing", async () => {
        const first = allowedDomains[0];
        const emails = ["user@not-allowed.test", `user@evil-${first}`, `user@${first}.evil.io`, `user@sub.${first}`];
        for (const email of emails) assert.ok(!allowedDomains.includes(email.split("@")[1]), `${email} is really outside the allow-list`);
        for (const [n, email] of emails.entries()) {
            const before = lambda!.invocations.length;
            const err = await rejection(signUp(stackClients.web, `rejected-${n}`, email), `sign-up of ${email}`);
            assert.ok(err instanceof UserLambdaValidationException, `${email}: ${err.name}: ${err.message}`);
            // The handler's part is the generic message alone: neither the domain nor the logged reason reaches
            // the client. (The "<function> failed with error" frame is the emulator's; AWS says "PreSignUp".)
            assert.strictEqual(err.message, `${triggerArn} failed with error ${REJECTION_MESSAGE}.`);
            const calls = lambda!.invocations.slice(before);
            assert.deepStrictEqual(
                calls.map((c) => [c.error, c.logs.map((l) => JSON.parse(l).reason)]),
                [[REJECTION_MESSAGE, ["e-mail domain not allowed"]]],
            );
            // The handler's log names the domain, never the address.
            assert.ok(calls[0].logs.every((l) => !l.includes(email)), calls[0].logs.join("\n"));
            await assertNotCreated(`rejected-${n}`);
        }
    });

    it("[gate] signs up through the app client only with the SecretHash of the username: missing or wrong is refused before the trigger runs", async () => {
        const app = stackClients.app;
        const before = lambda!.invocations.length;
        const unverified = ["NotAuthorizedException", `Unable to verify secret hash for client ${app.id}`];
        assert.deepStrictEqual(await refused(signUp(app, "app-user", `app-user@${allowedDomains[0]}`), "sign-up without SecretHash"), unverified);
        assert.deepStrictEqual(await refused(signUp(app, "app-user", `app-user@${allowedDomains[0]}`, appHash(app, "someone-else")), "sign-up with another user's SecretHash"), unverified);
        assert.strictEqual(lambda!.invocations.length, before, "the trigger never ran");
        await assertNotCreated("app-user");
        const ok = await signUp(app, "app-user", `app-user@${allowedDomains[0]}`, appHash(app, "app-user"));
        assert.strictEqual(ok.UserConfirmed, true);
        assert.deepStrictEqual(await userStatus("app-user"), { status: "CONFIRMED", emailVerified: "true" });
    });

    describe("signing in", () => {
        const username = "signer";
        let webTokens: AuthenticationResultType;
        let appTokens: AuthenticationResultType;

        before(async () => {
            assert.strictEqual((await signUp(stackClients.web, username, `signer@${allowedDomains[0]}`)).UserConfirmed, true);
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

        function assertTokens(result: AuthenticationResultType | undefined, client: Client): void {
            const access = jwtClaims(result?.AccessToken);
            const id = jwtClaims(result?.IdToken);
            assert.deepStrictEqual(
                { tokenUse: [access.token_use, id.token_use], clients: [access.client_id, id.aud], user: id["cognito:username"], emailVerified: id.email_verified },
                { tokenUse: ["access", "id"], clients: [client.id, client.id], user: username, emailVerified: true },
            );
            // The stack's lifetimes (60 minutes each in dev): the copy keeps them.
            const expected = lifetimes(client.request);
            assert.deepStrictEqual({ access: access.exp - access.iat, id: id.exp - id.iat }, { access: expected.access, id: expected.id });
            assert.deepStrictEqual(expected, { access: 3600, id: 3600, refresh: 365 * 86400 });
        }

        it("[gate] refuses USER_PASSWORD_AUTH on the stack's own clients, which allow only SRP and refresh: InvalidParameterException", async () => {
            const notEnabled = ["InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client"];
            assert.deepStrictEqual(await refused(initiateAuth(passwordAuth(stackClients.web, username)), "password sign-in on the stack's web client"), notEnabled);
            // With a correct SECRET_HASH, so that only the flow is wrong.
            const app = stackClients.app;
            assert.deepStrictEqual(await refused(initiateAuth(passwordAuth(app, username, appHash(app, username))), "password sign-in on the stack's app client"), notEnabled);
        });

        it("signs in on the test's copy of the web client (USER_PASSWORD_AUTH enabled by the test); tokens carry its id and the stack's lifetimes", async () => {
            const { AuthenticationResult } = await initiateAuth(passwordAuth(passwordClients.web, username));
            assertTokens(AuthenticationResult, passwordClients.web);
            const refresh = jwtClaims(AuthenticationResult?.RefreshToken);
            assert.strictEqual(refresh.exp - refresh.iat, lifetimes(passwordClients.web.request).refresh);
            webTokens = AuthenticationResult!;
        });

        it("signs in on the test's copy of the app client (USER_PASSWORD_AUTH enabled by the test) with the SECRET_HASH of the username", async () => {
            const app = passwordClients.app;
            const { AuthenticationResult } = await initiateAuth(passwordAuth(app, username, appHash(app, username)));
            assertTokens(AuthenticationResult, app);
            appTokens = AuthenticationResult!;
        });

        it("[gate] refuses the app client's sign-in without SECRET_HASH, with another user's, and with one keyed by another secret", async () => {
            const app = passwordClients.app;
            assert.deepStrictEqual(await refused(initiateAuth(passwordAuth(app, username)), "sign-in without SECRET_HASH"), [
                "NotAuthorizedException",
                `Client ${app.id} is configured with secret but SECRET_HASH was not received`,
            ]);
            const unverified = ["NotAuthorizedException", `Unable to verify secret hash for client ${app.id}`];
            assert.deepStrictEqual(await refused(initiateAuth(passwordAuth(app, username, appHash(app, "someone-else"))), "sign-in with another user's SECRET_HASH"), unverified);
            const otherSecret = secretHash(username, app.id, stackClients.app.secret!);
            assert.deepStrictEqual(await refused(initiateAuth(passwordAuth(app, username, otherSecret)), "sign-in with another client's secret"), unverified);
        });

        it("refreshes with REFRESH_TOKEN_AUTH on the web client into new tokens for the same user", async () => {
            assert.ok(webTokens?.RefreshToken, "needs the web sign-in above");
            const { AuthenticationResult } = await initiateAuth(refreshAuth(passwordClients.web, webTokens.RefreshToken));
            assertTokens(AuthenticationResult, passwordClients.web);
            assert.notStrictEqual(AuthenticationResult?.AccessToken, webTokens.AccessToken);
            assert.notStrictEqual(AuthenticationResult?.IdToken, webTokens.IdToken);
            assert.strictEqual(jwtClaims(AuthenticationResult?.IdToken).sub, jwtClaims(webTokens.IdToken).sub);
        });

        it("[gate] refreshes on the app client only with the SECRET_HASH of the token's user: missing and wrong are refused", async () => {
            assert.ok(appTokens?.RefreshToken, "needs the app sign-in above");
            const app = passwordClients.app;
            assert.deepStrictEqual(await refused(initiateAuth(refreshAuth(app, appTokens.RefreshToken)), "refresh without SECRET_HASH"), [
                "NotAuthorizedException",
                `Client ${app.id} is configured with secret but SECRET_HASH was not received`,
            ]);
            assert.deepStrictEqual(await refused(initiateAuth(refreshAuth(app, appTokens.RefreshToken, appHash(app, "someone-else"))), "refresh with another user's SECRET_HASH"), [
                "NotAuthorizedException",
                `SecretHash does not match for the client: ${app.id}`,
            ]);
            const { AuthenticationResult } = await initiateAuth(refreshAuth(app, appTokens.RefreshToken, appHash(app, username)));
            assertTokens(AuthenticationResult, app);
            assert.strictEqual(jwtClaims(AuthenticationResult?.IdToken).sub, jwtClaims(appTokens.IdToken).sub);
        });

        it("needs the gate: cognito-local alone accepts every request the [gate] tests see refused", async () => {
            const app = passwordClients.app;
            const accepted = [
                initiateAuth(passwordAuth(stackClients.web, username), bare),
                initiateAuth(passwordAuth(app, username), bare),
                initiateAuth(passwordAuth(app, username, appHash(app, "someone-else")), bare),
                initiateAuth(refreshAuth(app, appTokens.RefreshToken), bare),
            ];
            for (const result of await Promise.all(accepted)) assert.ok(result.AuthenticationResult?.AccessToken, "tokens from the emulator alone");
            const signedUp = await signUp(stackClients.app, "bare-user", `bare-user@${allowedDomains[0]}`, undefined, bare);
            assert.strictEqual(signedUp.UserConfirmed, true);
        });
    });
});
