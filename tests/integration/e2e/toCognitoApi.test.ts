import * as assert from "assert";
import { evaluateStack, ofType, single, T } from "../../harness";
import { userPoolClientRequest, userPoolRequests } from "./toCognitoApi";

/** Scalar leaves of a value, as a multiset of JSON strings. */
function leaves(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) value.forEach((v) => leaves(v, out));
    else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => leaves(v, out));
    else if (value !== undefined) out.push(JSON.stringify(value));
    return out;
}

/** Every scalar of `inputs` reappears in `converted`: a mapping may rename a value but never drop it. */
function assertNoValueDropped(inputs: unknown, converted: unknown, what: string): void {
    const remaining = leaves(converted);
    for (const leaf of leaves(inputs)) {
        const at = remaining.indexOf(leaf);
        assert.ok(at >= 0, `${what}: input value ${leaf} is missing from ${JSON.stringify(converted)}`);
        remaining.splice(at, 1);
    }
}

describe("Pulumi inputs → Cognito API requests (e2e converter)", () => {
    it("maps every supported user pool input to its API field", () => {
        const requests = userPoolRequests({
            name: "TestPool",
            deletionProtection: "ACTIVE",
            adminCreateUserConfig: { allowAdminCreateUserOnly: true },
            autoVerifiedAttributes: ["email"],
            aliasAttributes: ["preferred_username"],
            deviceConfiguration: { challengeRequiredOnNewDevice: false, deviceOnlyRememberedOnUserPrompt: true },
            lambdaConfig: { preSignUp: "arn:aws:lambda:eu-west-1:111111111111:function:f" },
            passwordPolicy: {
                minimumLength: 12,
                requireLowercase: true,
                requireUppercase: false,
                requireNumbers: true,
                requireSymbols: false,
                temporaryPasswordValidityDays: 3,
                passwordHistorySize: 5,
            },
            schemas: [
                { name: "email", attributeDataType: "String", developerOnlyAttribute: false, mutable: true, required: true, stringAttributeConstraints: { minLength: "3", maxLength: "100" } },
                { name: "age", attributeDataType: "Number", mutable: true, numberAttributeConstraints: { minValue: "0", maxValue: "150" } },
            ],
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }, { name: "verified_phone_number", priority: 2 }] },
            emailConfiguration: {
                emailSendingAccount: "DEVELOPER",
                sourceArn: "arn:aws:ses:eu-west-1:111111111111:identity/example.com",
                fromEmailAddress: "Example <no-reply@example.com>",
                replyToEmailAddress: "help@example.com",
                configurationSet: "auth-mail",
            },
            verificationMessageTemplate: { defaultEmailOption: "CONFIRM_WITH_CODE", emailSubject: "Your code", emailMessage: "Code: {####}" },
            mfaConfiguration: "ON",
            softwareTokenMfaConfiguration: { enabled: true },
            userPoolTier: "PLUS",
            userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
        });
        assert.deepStrictEqual(requests, {
            createUserPool: {
                PoolName: "TestPool",
                DeletionProtection: "ACTIVE",
                AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
                AutoVerifiedAttributes: ["email"],
                AliasAttributes: ["preferred_username"],
                DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true },
                LambdaConfig: { PreSignUp: "arn:aws:lambda:eu-west-1:111111111111:function:f" },
                Policies: {
                    PasswordPolicy: {
                        MinimumLength: 12,
                        RequireLowercase: true,
                        RequireUppercase: false,
                        RequireNumbers: true,
                        RequireSymbols: false,
                        TemporaryPasswordValidityDays: 3,
                        PasswordHistorySize: 5,
                    },
                },
                Schema: [
                    { Name: "email", AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: true, Required: true, StringAttributeConstraints: { MinLength: "3", MaxLength: "100" } },
                    { Name: "age", AttributeDataType: "Number", Mutable: true, NumberAttributeConstraints: { MinValue: "0", MaxValue: "150" } },
                ],
                AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }, { Name: "verified_phone_number", Priority: 2 }] },
                EmailConfiguration: {
                    EmailSendingAccount: "DEVELOPER",
                    SourceArn: "arn:aws:ses:eu-west-1:111111111111:identity/example.com",
                    From: "Example <no-reply@example.com>",
                    ReplyToEmailAddress: "help@example.com",
                    ConfigurationSet: "auth-mail",
                },
                VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_CODE", EmailSubject: "Your code", EmailMessage: "Code: {####}" },
                MfaConfiguration: "ON",
                UserPoolTier: "PLUS",
                UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
            },
            // TOTP goes through SetUserPoolMfaConfig, as the AWS provider does it.
            setUserPoolMfaConfig: { MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } },
        });
    });

    it("maps every supported client input, units included, into the given pool", () => {
        const request = userPoolClientRequest(
            {
                name: "TestClient",
                userPoolId: "mock-pool-id",
                generateSecret: true,
                explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                preventUserExistenceErrors: "ENABLED",
                enableTokenRevocation: true,
                accessTokenValidity: 2,
                idTokenValidity: 30,
                refreshTokenValidity: 7,
                tokenValidityUnits: { accessToken: "hours", idToken: "minutes", refreshToken: "days" },
                authSessionValidity: 3,
                supportedIdentityProviders: ["COGNITO"],
            },
            "local_real",
        );
        assert.deepStrictEqual(request, {
            UserPoolId: "local_real",
            ClientName: "TestClient",
            GenerateSecret: true,
            ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            PreventUserExistenceErrors: "ENABLED",
            EnableTokenRevocation: true,
            AccessTokenValidity: 2,
            IdTokenValidity: 30,
            RefreshTokenValidity: 7,
            TokenValidityUnits: { AccessToken: "hours", IdToken: "minutes", RefreshToken: "days" },
            AuthSessionValidity: 3,
            SupportedIdentityProviders: ["COGNITO"],
        });
    });

    it("omits what is not given (no MFA call without TOTP settings)", () => {
        assert.deepStrictEqual(userPoolRequests({ name: "P", mfaConfiguration: "OFF" }), { createUserPool: { PoolName: "P", MfaConfiguration: "OFF" } });
        // The component leaves these undefined when device remembering is OFF and mail goes through Cognito.
        assert.deepStrictEqual(
            userPoolRequests({ name: "P", deviceConfiguration: undefined, verificationMessageTemplate: undefined, emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT" } }),
            { createUserPool: { PoolName: "P", EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" } } },
        );
        assert.deepStrictEqual(userPoolClientRequest({ name: "C", userPoolId: "x" }, "y"), { UserPoolId: "y", ClientName: "C" });
    });

    it("refuses inputs it has no mapping for, naming them, at any depth", () => {
        assert.throws(() => userPoolRequests({ name: "P", smsConfiguration: { externalId: "x", snsCallerArn: "y" } }), { message: "no Cognito API mapping for UserPool.smsConfiguration" });
        assert.throws(
            () => userPoolRequests({ verificationMessageTemplate: { defaultEmailOption: "CONFIRM_WITH_LINK", emailMessageByLink: "{##Verify##}" } }),
            { message: "no Cognito API mapping for UserPool.verificationMessageTemplate.emailMessageByLink" },
        );
        assert.throws(() => userPoolRequests({ emailConfiguration: { emailSendingAccount: "DEVELOPER", sesRegion: "x" } }), /UserPool\.emailConfiguration\.sesRegion\b/);
        assert.throws(() => userPoolRequests({ lambdaConfig: { preSignUp: "a", postConfirmation: "b" } }), /UserPool\.lambdaConfig\.postConfirmation\b/);
        assert.throws(() => userPoolRequests({ schemas: [{ name: "a" }, { name: "b", extra: 1 }] }), /UserPool\.schemas\[1\]\.extra\b/);
        assert.throws(() => userPoolRequests({ passwordPolicy: { minimumLength: 8, requireEverything: true } }), /UserPool\.passwordPolicy\.requireEverything\b/);
        assert.throws(() => userPoolClientRequest({ name: "C", callbackUrls: ["https://x"] }, "p"), /UserPoolClient\.callbackUrls\b/);
        assert.throws(() => userPoolClientRequest({ tokenValidityUnits: { accessToken: "hours", deviceToken: "days" } }, "p"), /tokenValidityUnits\.deviceToken\b/);
    });

    /** What differs between the stacks (and config) in the mail and device settings, literally. */
    const cases: Array<{ title: string; stack: string; overrides?: Record<string, string>; expected: Record<string, unknown> }> = [
        {
            title: "dev stack (Cognito's mailer, devices remembered on opt-in)",
            stack: "dev",
            expected: {
                DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
                EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" },
                VerificationMessageTemplate: undefined,
            },
        },
        {
            title: "dev stack with deviceRemembering OFF and a reply-to address",
            stack: "dev",
            overrides: { "cognito-auth:deviceRemembering": "OFF", "cognito-auth:emailReplyTo": "help@example.com" },
            expected: {
                DeviceConfiguration: undefined,
                EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT", ReplyToEmailAddress: "help@example.com" },
                VerificationMessageTemplate: undefined,
            },
        },
        {
            title: "prod stack (SES, the verification template)",
            stack: "prod",
            expected: {
                DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
                EmailConfiguration: {
                    EmailSendingAccount: "DEVELOPER",
                    SourceArn: "arn:aws:ses:ap-northeast-2:123456789012:identity/example.com",
                    From: "Example <no-reply@example.com>",
                },
                VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_CODE", EmailSubject: "Your verification code", EmailMessage: "Your verification code is {####}." },
            },
        },
    ];
    for (const { title, stack, overrides, expected } of cases) {
        it(`${title}: converts every input of the pool and clients, drops no value, maps mail and devices as stated`, async () => {
            const { resources } = await evaluateStack(stack, overrides);
            const pool = single(resources, T.userPool);
            const requests = userPoolRequests(pool.inputs);
            assertNoValueDropped(pool.inputs, requests, "UserPool");
            const { DeviceConfiguration, EmailConfiguration, VerificationMessageTemplate } = requests.createUserPool;
            assert.deepStrictEqual({ DeviceConfiguration, EmailConfiguration, VerificationMessageTemplate }, expected);
            // The trigger the emulator is pointed at is a function the stack deploys.
            assert.ok(ofType(resources, T.fn).some((fn) => fn.state.arn === requests.createUserPool.LambdaConfig?.PreSignUp), "PreSignUp is a deployed function");
            const clients = ofType(resources, T.client);
            assert.strictEqual(clients.length, 2);
            for (const client of clients) {
                const request = userPoolClientRequest(client.inputs, "emulator-pool");
                const { userPoolId, ...rest } = client.inputs;
                assert.strictEqual(typeof userPoolId, "string");
                assertNoValueDropped(rest, request, client.name);
                // Flows pass through untouched: SRP and refresh, no USER_PASSWORD_AUTH (the component's default).
                // The e2e test adds USER_PASSWORD_AUTH to its own copies of the clients, never here.
                assert.deepStrictEqual(request.ExplicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
                assert.ok(request.TokenValidityUnits?.AccessToken && request.TokenValidityUnits.IdToken && request.TokenValidityUnits.RefreshToken, "units stated");
            }
        });
    }
});
