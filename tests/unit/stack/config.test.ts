// Stack config → component args: every bad key or value is refused before anything is registered,
// in one report labelled by config key. Config reaches the program as the Pulumi CLI would hand it
// (tools/cliConfig.ts): overrides are written into the stack file, so where the CLI itself refuses a
// value, its own message is what the user sees.
import * as assert from "assert";
import { CONFIG_ERROR_EXAMPLE } from "../../../tools/docs";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuthValidationError } from "../../../components";
import type { Yaml } from "../../../tools/cliConfig";
import { evaluateStack, evaluateStackFailure, named, ROOT, single, T } from "../../harness";

const CONTEXT = 'Stack config of project "cognito-auth" is invalid';
const CONFIG_KEYS =
    "production, productionWaivers, environmentName, allowedEmailDomains, autoConfirmSignUps, passwordMinimumLength, passwordRequireCharacterClasses, " +
    "mfa, deviceRemembering, featurePlan, threatProtection, accessTokenValidityMinutes, idTokenValidityMinutes, refreshTokenValidityDays, " +
    "allowPasswordAuth, allowUnauthenticatedIdentities, iot, iotTopicPrefix, logRetentionDays, domainPrefix, customDomain, customDomainCertificateArn, " +
    "managedLoginVersion, oauthCallbackUrls, oauthLogoutUrls, oauthScopes, oauthAppClient, adoptUserPoolId, adoptAppClientId, adoptWebClientId, " +
    "adoptIdentityPoolId, adoptStep, executionRole, executionRoleTableArns, executionRoleFunctionArns, executionRoleVpcAccess, alarmsEnabled, alarmEmail, " +
    "emailSesIdentityArn, emailFrom, emailReplyTo, emailConfigurationSet, emailVerificationSubject, emailVerificationMessage";
const TABLE = "arn:aws:dynamodb:ap-northeast-2:123456789012:table/Orders";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const CALLBACK = "https://app.example.com/callback";

const report = (lines: string[]) => [`${CONTEXT}: ${lines.length} problem(s):`, ...lines.map((l) => `  - ${l}`)].join("\n");

/** Evaluate `stack` with `overrides`; it must fail with exactly `message` and `type`, registering nothing. */
async function assertRefused(stack: string, overrides: Record<string, Yaml | undefined>, message: string, type: new (...args: never[]) => Error = CognitoAuthValidationError): Promise<void> {
    const { error, resources } = await evaluateStackFailure(stack, overrides);
    assert.ok(error instanceof Error && error.constructor === type, `expected a ${type.name}, got ${error}`);
    assert.strictEqual(error.message, message);
    assert.deepStrictEqual(resources.map((r) => `${r.type} ${r.name}`), [], "nothing was registered");
}

describe("stack config validation (Pulumi.<stack>.yaml with overrides)", () => {
    // evaluateStack replaces the process's config; leave it as it was for the files that run next.
    let saved: Record<string, string>;
    before(() => {
        saved = pulumi.runtime.allConfig();
    });
    after(() => pulumi.runtime.setAllConfig(saved));

    it("refuses an unknown key, suggesting the closest", () =>
        assertRefused(
            "dev",
            { "cognito-auth:passwordMinLength": 8 },
            report([`cognito-auth:passwordMinLength is not a known setting (did you mean "passwordMinimumLength"?); known: ${CONFIG_KEYS}`]),
        ));

    // Pulumi.yaml types the keys, so the CLI (validateStackConfigValue) refuses these before the program runs.
    for (const [key, value, type] of [
        ["passwordMinimumLength", "abc", "integer"],
        ["passwordMinimumLength", 7.5, "integer"],
        ["production", "yes", "boolean"],
        ["allowedEmailDomains", "example.com", "array<string>"],
    ] as const) {
        it(`leaves a ${type} key given ${JSON.stringify(value)} to the CLI, which refuses it with its own message`, () =>
            assertRefused("dev", { [`cognito-auth:${key}`]: value }, `Stack 'dev' with configuration key '${key}' must be of type '${type}'`, Error));
    }

    // The CLI accepts what Go's strconv.Atoi parses as an integer, a leading "+" included.
    it('takes an integer the CLI accepts with a leading "+" ("+9") as that number', async () => {
        const e = await evaluateStack("dev", { "cognito-auth:passwordMinimumLength": "+9" });
        assert.strictEqual(single(e.resources, T.userPool).inputs.passwordPolicy.minimumLength, 9);
    });

    const OUT_OF_RANGE: [string, Yaml, string][] = [
        ["passwordMinimumLength", 3, "passwordMinimumLength must be between 6 and 99 (got 3)"],
        ["refreshTokenValidityDays", 4000, "refreshTokenValidityDays must be between 1 and 3650 days (got 4000)"],
        ["accessTokenValidityMinutes", 2, "accessTokenValidityMinutes must be between 5 and 1440 minutes (got 2)"],
        ["logRetentionDays", 10, "logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 10)"],
        ["mfa", "NEVER", 'mfa must be one of OFF, OPTIONAL, ON (got "NEVER")'],
        ["iotTopicPrefix", "devices/+", 'iotTopicPrefix must be 1–100 characters of letters, digits, "_", "-" in "/"-separated levels, without MQTT wildcards or "$" (got "devices/+")'],
        ["alarmEmail", "ops-at-example.com", 'alarmEmail must be an e-mail address (got "ops-at-example.com")'],
        ["environmentName", "Dev-1", 'environmentName must be 1–32 letters or digits starting with a letter, usable in resource names (got "Dev-1")'],
    ];
    for (const [key, value, line] of OUT_OF_RANGE) {
        it(`refuses ${key}: ${JSON.stringify(value)}, labelled by its config key`, () => assertRefused("dev", { [`cognito-auth:${key}`]: value }, report([line])));
    }

    it("labels list items by config key and index", () =>
        assertRefused(
            "dev",
            {
                "cognito-auth:allowedEmailDomains": ["example.com", "bad domain"],
                "cognito-auth:executionRoleTableArns": ["arn:aws:dynamodb:ap-northeast-2:123456789012:table/*"],
                "cognito-auth:executionRoleFunctionArns": ["worker"],
            },
            report([
                'allowedEmailDomains[1] must be a well-formed ASCII domain name such as "example.com" (got "bad domain")',
                'executionRoleTableArns[0] must be a full DynamoDB table ARN without wildcards (got "arn:aws:dynamodb:ap-northeast-2:123456789012:table/*")',
                'executionRoleFunctionArns[0] must be a full Lambda function ARN without wildcards (got "worker")',
            ]),
        ));

    it("reports the four character classes once, under passwordRequireCharacterClasses (stack prod)", () =>
        assertRefused(
            "prod",
            { "cognito-auth:passwordRequireCharacterClasses": false },
            report(['passwordRequireCharacterClasses must be true in production (got false); to deploy anyway, waive it: productionWaivers: ["password-policy"]']),
        ));

    it("reads the pool's region from the stack file for the SES region rule (ap-northeast-2 sends from itself or us-west-2)", () =>
        assertRefused(
            "dev",
            { "cognito-auth:emailSesIdentityArn": "arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com" },
            report(["emailSesIdentityArn must be in ap-northeast-2 or us-west-2, the regions Cognito can send from for a pool in ap-northeast-2 (got us-east-1)"]),
        ));

    it("refuses a key that would have no effect, labelled by its config key", () =>
        assertRefused("dev", { "cognito-auth:iot": false, "cognito-auth:iotTopicPrefix": "sensors" }, report(['iotTopicPrefix has no effect unless iot is true: remove it (got "sensors")'])));

    it("refuses execution-role tables when the stack file turns the execution role off", () =>
        assertRefused(
            "dev",
            { "cognito-auth:executionRole": false, "cognito-auth:executionRoleTableArns": [TABLE] },
            report([`executionRoleTableArns has no effect unless executionRole is true: remove it (got ["${TABLE}"])`]),
        ));

    // Hosted sign-in from config: messages name the config keys, not the argument paths.
    const SIGN_IN: [string, Record<string, Yaml>, string][] = [
        ["an upper-case domain prefix", { "cognito-auth:domainPrefix": "Example-Auth" }, 'domainPrefix must be 1–63 lower-case letters, digits and "-", not starting or ending with "-" (got "Example-Auth")'],
        [
            "a prefix and a custom domain together",
            { "cognito-auth:domainPrefix": "example-auth", "cognito-auth:customDomain": "auth.example.com", "cognito-auth:customDomainCertificateArn": CERT },
            "domainPrefix must not be set together with customDomain (a pool has one domain)",
        ],
        ["a custom domain without a certificate", { "cognito-auth:customDomain": "auth.example.com" }, "customDomain must come with customDomainCertificateArn (an ACM certificate in us-east-1 covering it)"],
        [
            "a certificate outside us-east-1",
            { "cognito-auth:customDomain": "auth.example.com", "cognito-auth:customDomainCertificateArn": CERT.replace("us-east-1", "ap-northeast-2") },
            `customDomainCertificateArn must be an ACM certificate ARN in us-east-1 (CloudFront, which serves the domain, takes certificates from us-east-1 only) (got "${CERT.replace("us-east-1", "ap-northeast-2")}")`,
        ],
        ["a managed login version without a domain", { "cognito-auth:managedLoginVersion": 1 }, "managedLoginVersion has no effect unless a domain is set: remove it (got 1)"],
        ["OAuth without a domain", { "cognito-auth:oauthCallbackUrls": [CALLBACK] }, "oauthCallbackUrls must come with a domain (domainPrefix or customDomain): OAuth sign-in runs on the hosted domain"],
        [
            "a plain-http callback URL",
            { "cognito-auth:domainPrefix": "example-auth", "cognito-auth:oauthCallbackUrls": [CALLBACK, "http://example.com/callback"] },
            `oauthCallbackUrls[1] must be an https:// URL, http://localhost, or an app's own scheme (myapp://…), without a fragment, at most 1024 characters (got "http://example.com/callback")`,
        ],
        [
            "logout URLs without callback URLs",
            { "cognito-auth:domainPrefix": "example-auth", "cognito-auth:oauthLogoutUrls": ["https://app.example.com/"] },
            'oauthLogoutUrls has no effect unless oauthCallbackUrls is set: remove it (got ["https://app.example.com/"])',
        ],
        [
            "scopes without openid",
            { "cognito-auth:domainPrefix": "example-auth", "cognito-auth:oauthCallbackUrls": [CALLBACK], "cognito-auth:oauthScopes": ["email"] },
            'oauthScopes must include openid, which email needs (got ["email"])',
        ],
        ["OAuth on the App client without callback URLs", { "cognito-auth:domainPrefix": "example-auth", "cognito-auth:oauthAppClient": true }, "oauthAppClient has no effect unless oauthCallbackUrls is set: remove it (got true)"],
    ];
    for (const [what, overrides, line] of SIGN_IN) {
        it(`refuses ${what}, labelled by config keys`, () => assertRefused("dev", overrides, report([line])));
    }

    it("builds hosted sign-in from config: the domain, both clients' OAuth settings and a branding for each", async () => {
        const e = await evaluateStack("dev", {
            "cognito-auth:domainPrefix": "example-dev-auth",
            "cognito-auth:oauthCallbackUrls": [CALLBACK, "myapp://callback"],
            "cognito-auth:oauthLogoutUrls": ["https://app.example.com/"],
            "cognito-auth:oauthAppClient": true,
        });
        assert.deepStrictEqual(single(e.resources, "aws:cognito/userPoolDomain:UserPoolDomain").inputs, {
            domain: "example-dev-auth",
            managedLoginVersion: 2,
            userPoolId: "ap-northeast-2_authuserpool",
        });
        for (const client of ["auth-app-client", "auth-web-client"]) {
            const { allowedOauthFlows, allowedOauthFlowsUserPoolClient, allowedOauthScopes, callbackUrls, logoutUrls } = named(e.resources, client, T.client).inputs;
            assert.deepStrictEqual(
                { allowedOauthFlows, allowedOauthFlowsUserPoolClient, allowedOauthScopes, callbackUrls, logoutUrls },
                {
                    allowedOauthFlows: ["code"],
                    allowedOauthFlowsUserPoolClient: true,
                    allowedOauthScopes: ["openid", "email", "profile"],
                    callbackUrls: [CALLBACK, "myapp://callback"],
                    logoutUrls: ["https://app.example.com/"],
                },
                client,
            );
        }
        assert.deepStrictEqual(e.resources.filter((r) => r.type === "aws:cognito/managedLoginBranding:ManagedLoginBranding").map((r) => r.name).sort(), [
            "auth-login-branding-app",
            "auth-login-branding-web",
        ]);
    });

    it("reports a config problem and an argument problem in one error", () =>
        assertRefused(
            "dev",
            { "cognito-auth:mfaa": "ON", "cognito-auth:passwordMinimumLength": 3 },
            report([`cognito-auth:mfaa is not a known setting (did you mean "mfa"?); known: ${CONFIG_KEYS}`, "passwordMinimumLength must be between 6 and 99 (got 3)"]),
        ));

    it("ignores keys of other namespaces such as aws:", () =>
        assertRefused("dev", { "aws:profile": "dev", "cognito-auth:mfa": "NEVER" }, report(['mfa must be one of OFF, OPTIONAL, ON (got "NEVER")'])));

    it("shows in the README the exact error of the README's example", async () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const block = /<!-- config-error:start -->\n```text\n([\s\S]*?)\n```\n<!-- config-error:end -->/.exec(readme);
        assert.ok(block, "README.md has the config-error block");
        const { error } = await evaluateStackFailure("dev", CONFIG_ERROR_EXAMPLE);
        assert.strictEqual(block[1], (error as Error).message);
    });

    it("accepts the dev stack with its execution role, as a baseline", async () => {
        const e = await evaluateStack("dev", { "cognito-auth:executionRoleTableArns": [TABLE] });
        assert.ok(JSON.parse(named(e.resources, "auth-execution-policy", T.rolePolicy).inputs.policy).Statement.some((s: { Resource: string[] }) => s.Resource.includes(TABLE)));
    });
});
