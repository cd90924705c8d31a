// Every bad argument and every bad config value: a clear error naming the argument (or config key),
// the value given and what is allowed — and nothing registered, not even the component.
import * as assert from "assert";
import { CognitoAuth, CognitoAuthValidationError, type CognitoAuthArgs } from "../../../components";
import { evaluateFailure, evaluateStackFailure, type RecordedResource } from "../../harness";

async function refused(args: unknown): Promise<string> {
    const { error, resources } = await evaluateFailure(() => new CognitoAuth("auth", args as CognitoAuthArgs));
    assertNothingCreated(error, resources);
    return (error as Error).message;
}

function assertNothingCreated(error: unknown, resources: RecordedResource[]) {
    assert.ok(error instanceof CognitoAuthValidationError, `expected a validation error, got ${error}`);
    assert.deepStrictEqual(resources.map((r) => `${r.type} ${r.name}`), [], "nothing was registered");
}

const BAD_ARGS: [string, unknown, string][] = [
    ["non-object args", "Dev", 'args must be an object (got "Dev")'],
    ["unknown key with a suggestion", { allowedEmailDomain: ["example.com"] }, 'allowedEmailDomain is not a known setting (did you mean "allowedEmailDomains"?)'],
    ["unknown nested key with a suggestion", { passwordPolicy: { minLength: 8 } }, 'passwordPolicy.minLength is not a known setting (did you mean "minimumLength"?)'],
    ["nested group that is not an object", { tokenValidity: 60 }, "tokenValidity must be an object (got 60)"],
    ["environment name with a dash", { environmentName: "Dev-1" }, 'environmentName must be 1–32 letters or digits starting with a letter, usable in resource names (got "Dev-1")'],
    ["environment name starting with a digit", { environmentName: "1Dev" }, 'environmentName must be 1–32 letters or digits'],
    ["empty environment name", { environmentName: "" }, 'environmentName must be 1–32 letters or digits'],
    ["environment name too long", { environmentName: "D".repeat(33) }, "environmentName must be 1–32 letters or digits"],
    ["production not a boolean", { production: "yes" }, 'production must be true or false (got "yes")'],
    ["autoConfirmSignUps not a boolean", { autoConfirmSignUps: 1 }, "autoConfirmSignUps must be true or false (got 1)"],
    ["allowPasswordAuth not a boolean", { allowPasswordAuth: "false" }, 'allowPasswordAuth must be true or false (got "false")'],
    ["allowUnauthenticatedIdentities not a boolean", { allowUnauthenticatedIdentities: null }, "allowUnauthenticatedIdentities must be true or false (got null)"],
    ["domains not a list", { allowedEmailDomains: "example.com" }, 'allowedEmailDomains must be a list of domain names (got "example.com")'],
    ["domain with a space", { allowedEmailDomains: ["exa mple.com"] }, 'allowedEmailDomains must hold well-formed ASCII domain names such as "example.com" (got "exa mple.com")'],
    ["domain with a trailing dot", { allowedEmailDomains: ["example.com."] }, '(got "example.com.")'],
    ["wildcard domain", { allowedEmailDomains: ["*.example.com"] }, '(got "*.example.com")'],
    ["domain with @", { allowedEmailDomains: ["user@example.com"] }, '(got "user@example.com")'],
    ["unicode domain", { allowedEmailDomains: ["exаmple.com"] }, "allowedEmailDomains must hold well-formed ASCII domain names"],
    ["repeated domain", { allowedEmailDomains: ["example.com", "EXAMPLE.com"] }, 'allowedEmailDomains must not repeat a domain (got "example.com" twice)'],
    ["password too short", { passwordPolicy: { minimumLength: 3 } }, "passwordPolicy.minimumLength must be between 6 and 99 (got 3)"],
    ["password too long", { passwordPolicy: { minimumLength: 100 } }, "passwordPolicy.minimumLength must be between 6 and 99 (got 100)"],
    ["password length not whole", { passwordPolicy: { minimumLength: 7.5 } }, "passwordPolicy.minimumLength must be a whole number between 6 and 99 (got 7.5)"],
    ["password class not a boolean", { passwordPolicy: { requireSymbols: "no" } }, 'passwordPolicy.requireSymbols must be true or false (got "no")'],
    ["weak password in production", { production: true, passwordPolicy: { minimumLength: 6 } }, "passwordPolicy.minimumLength must be at least 8 in production (got 6)"],
    ["no symbols in production", { production: true, passwordPolicy: { requireSymbols: false } }, "passwordPolicy.requireSymbols must be true in production (got false)"],
    ["unknown MFA mode", { mfa: "SOMETIMES" }, 'mfa must be one of OFF, OPTIONAL, ON (got "SOMETIMES")'],
    ["MFA off in production", { production: true, mfa: "OFF" }, 'mfa must be OPTIONAL or ON in production (got "OFF")'],
    ["unknown feature plan", { featurePlan: "LITE" }, 'featurePlan must be one of ESSENTIALS, PLUS (got "LITE")'],
    ["unknown threat protection", { threatProtection: "ON" }, 'threatProtection must be one of OFF, AUDIT, ENFORCED (got "ON")'],
    ["threat protection without PLUS", { threatProtection: "ENFORCED" }, 'threatProtection must be OFF unless featurePlan is PLUS (got "ENFORCED" with "ESSENTIALS")'],
    ["threat protection off in production", { production: true, threatProtection: "OFF" }, 'threatProtection must be AUDIT or ENFORCED in production'],
    ["access token too short", { tokenValidity: { accessTokenMinutes: 4 } }, "tokenValidity.accessTokenMinutes must be between 5 and 1440 minutes (got 4)"],
    ["ID token too long", { tokenValidity: { idTokenMinutes: 1441 } }, "tokenValidity.idTokenMinutes must be between 5 and 1440 minutes (got 1441)"],
    ["refresh token zero", { tokenValidity: { refreshTokenDays: 0 } }, "tokenValidity.refreshTokenDays must be between 1 and 3650 days (got 0)"],
    ["refresh token over ten years", { tokenValidity: { refreshTokenDays: 3651 } }, "tokenValidity.refreshTokenDays must be between 1 and 3650 days (got 3651)"],
    ["refresh not longer than access", { tokenValidity: { refreshTokenDays: 1, accessTokenMinutes: 1440 } }, "tokenValidity.refreshTokenDays must last longer than the access and ID tokens (got 1 days)"],
    ["MQTT wildcard in topic prefix", { iotTopicPrefix: "devices/#" }, 'iotTopicPrefix must be 1–100 characters of letters, digits, "_", "-" in "/"-separated levels, without MQTT wildcards or "$" (got "devices/#")'],
    ["reserved topic prefix", { iotTopicPrefix: "$aws" }, '(got "$aws")'],
    ["empty topic level", { iotTopicPrefix: "a//b" }, '(got "a//b")'],
    ["log retention CloudWatch does not offer", { logRetentionDays: 10 }, "logRetentionDays must be one of 1, 3, 5, 7, 14, 30"],
    ["wildcard action in extra statements", { authenticatedRoleStatements: [{ Effect: "Allow", Action: ["s3:*"], Resource: ["arn:aws:s3:::b/*"] }] }, 'authenticatedRoleStatements[0].Action must name exact actions, no wildcards (got ["s3:*"])'],
    ["bare * action", { authenticatedRoleStatements: [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }] }, 'authenticatedRoleStatements[0].Action must name exact actions, no wildcards (got ["*"])'],
    ["statement without actions", { authenticatedRoleStatements: [{ Effect: "Allow", Resource: ["*"] }] }, "authenticatedRoleStatements[0] must have a non-empty Action list"],
    ["statements not a list", { authenticatedRoleStatements: {} }, "authenticatedRoleStatements must be a list of policy statements (got {})"],
    ["trigger that is not a Lambda ARN", { preSignUpFunctionArn: "my-function" }, 'preSignUpFunctionArn must be a Lambda function ARN (got "my-function")'],
    ["wildcard table ARN", { executionRole: { dynamoDbTableArns: ["arn:aws:dynamodb:eu-west-1:123456789012:table/*"] } }, "executionRole.dynamoDbTableArns[0] must be a full DynamoDB table ARN without wildcards"],
    ["function ARN that is not one", { executionRole: { invokableFunctionArns: ["worker"] } }, 'executionRole.invokableFunctionArns[0] must be a full Lambda function ARN without wildcards (got "worker")'],
    ["table ARNs not a list", { executionRole: { dynamoDbTableArns: "arn" } }, 'executionRole.dynamoDbTableArns must be a list of ARNs (got "arn")'],
    ["alarm e-mail malformed", { alarms: { email: "ops" } }, 'alarms.email must be an e-mail address (got "ops")'],
    ["alarm duration beyond Cognito's wait", { alarms: { preSignUpDurationP99Ms: 6000 } }, "alarms.preSignUpDurationP99Ms must be between 1 and 5000 ms (got 6000)"],
    ["alarm threshold zero", { alarms: { preSignUpErrors: 0 } }, "alarms.preSignUpErrors must be between 1 and 1000000 (got 0)"],
    ["transform that is not a function", { transform: { userPool: {} } }, "transform.userPool must be a function (got {})"],
];

describe("argument validation", () => {
    for (const [what, args, expected] of BAD_ARGS) {
        it(`refuses ${what}, creating nothing`, async () => {
            const message = await refused(args);
            assert.ok(message.includes(expected), `message:\n${message}\nshould contain:\n${expected}`);
            assert.ok(message.startsWith('CognitoAuth "auth" has invalid arguments'));
        });
    }

    it("reports every problem at once", async () => {
        const message = await refused({ environmentName: "x-y", mfa: "NEVER", logRetentionDays: 2, passwordPolicy: { minimumLength: 1 } });
        assert.match(message, /4 problem\(s\)/);
        for (const key of ["environmentName", "mfa", "logRetentionDays", "passwordPolicy.minimumLength"]) assert.ok(message.includes(`- ${key} must`), key);
    });

    it("exposes the problems for programs that want them", async () => {
        const { error } = await evaluateFailure(() => new CognitoAuth("auth", { mfa: "NEVER" as never }));
        assert.deepStrictEqual((error as CognitoAuthValidationError).problems, [{ label: "mfa", message: 'must be one of OFF, OPTIONAL, ON (got "NEVER")' }]);
    });
});

const BAD_CONFIG: [string, Record<string, unknown>, string][] = [
    ["an unknown key, suggesting the closest", { "cognito-auth:passwordMinLength": 8 }, 'cognito-auth:passwordMinLength is not a known setting (did you mean "passwordMinimumLength"?)'],
    ["a number that is not one", { "cognito-auth:passwordMinimumLength": "abc" }, 'passwordMinimumLength must be a whole number (got "abc")'],
    ["a boolean that is not one", { "cognito-auth:production": "yes" }, 'production must be true or false (got "yes")'],
    ["a list that is not one", { "cognito-auth:allowedEmailDomains": "example.com" }, 'allowedEmailDomains must be a list of strings (got "example.com")'],
    ["an out-of-range value, named by its config key", { "cognito-auth:passwordMinimumLength": 3 }, "passwordMinimumLength must be between 6 and 99 (got 3)"],
    ["a value production refuses", { "cognito-auth:production": true }, "passwordMinimumLength must be at least 8 in production (got 6)"],
    ["weak character classes in production", { "cognito-auth:production": true, "cognito-auth:passwordMinimumLength": 12 }, "passwordRequireCharacterClasses must be true in production (got false)"],
    ["a refresh lifetime beyond ten years", { "cognito-auth:refreshTokenValidityDays": 4000 }, "refreshTokenValidityDays must be between 1 and 3650 days (got 4000)"],
    ["a malformed domain", { "cognito-auth:allowedEmailDomains": ["example..com"] }, 'allowedEmailDomains must hold well-formed ASCII domain names such as "example.com" (got "example..com")'],
    ["a bad topic prefix", { "cognito-auth:iotTopicPrefix": "devices/+" }, 'iotTopicPrefix must be 1–100 characters'],
    ["a bad alarm e-mail", { "cognito-auth:alarmEmail": "ops-at-example.com" }, 'alarmEmail must be an e-mail address (got "ops-at-example.com")'],
];

describe("stack config validation (Pulumi.dev.yaml + a bad value)", () => {
    for (const [what, overrides, expected] of BAD_CONFIG) {
        it(`refuses ${what}, creating nothing`, async () => {
            const { error, resources } = await evaluateStackFailure("dev", overrides);
            assertNothingCreated(error, resources);
            const message = (error as Error).message;
            assert.ok(message.includes(expected), `message:\n${message}\nshould contain:\n${expected}`);
        });
    }

    it("reports unknown keys and bad types together", async () => {
        const { error } = await evaluateStackFailure("dev", { "cognito-auth:mfaa": "ON", "cognito-auth:logRetentionDays": "forever" });
        const message = (error as Error).message;
        assert.match(message, /2 problem\(s\)/);
        assert.ok(message.includes('did you mean "mfa"?'));
        assert.ok(message.includes('logRetentionDays must be a whole number (got "forever")'));
    });

    it("ignores other namespaces such as aws:", async () => {
        const { error } = await evaluateStackFailure("dev", { "aws:profile": "dev", "cognito-auth:mfa": "NEVER" });
        assert.ok(!(error as Error).message.includes("aws:profile"));
    });
});
