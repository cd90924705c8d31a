// Every bad argument and every transform that breaks a guarantee: one error naming the argument path
// (or transform key), the value given and what is allowed, with nothing registered, not even the
// component. Messages are asserted whole. Stack config is covered in tests/unit/stack/config.test.ts.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, CognitoAuthValidationError, type CognitoAuthArgs } from "../../../components";
import { AUTO_NAME_SUFFIX_LENGTH, CHILD_KEYS, CHILDREN, MAX_NAME } from "../../../components/children";
import { CHARACTER_CLASSES, PRODUCTION_WAIVERS, SETTING_PATHS, SETTINGS, type Setting } from "../../../components/settings";
import { ENV_AUTO_CONFIRM } from "../../../lambdas/preSignUp";
import { evaluate, evaluateFailure, named, single, T } from "../../harness";

/**
 * The component reads the pool's region from `aws.config.region`. evaluateStack leaves the last
 * stack's config in place, so the region in effect here would depend on test order: pin it.
 */
const REGION = "us-east-1";
let savedConfig: Record<string, string>;
function setRegion(region: string): void {
    pulumi.runtime.setConfig("aws:region", region);
}

const FN = "arn:aws:lambda:us-east-1:123456789012:function:my-pre-sign-up";
const TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders";
const SES_ADDRESS = "arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com";
const SES_DOMAIN = "arn:aws:ses:us-east-1:123456789012:identity/example.com";
/** A valid production deployment: every production rule holds. */
const PROD: CognitoAuthArgs = { production: true, email: { sesIdentityArn: SES_ADDRESS } };

const TOP_KEYS =
    "authenticatedRoleStatements, transform, production, productionWaivers, environmentName, deletionProtection, protect, retainOnDelete, " +
    "allowedEmailDomains, autoConfirmSignUps, passwordPolicy, mfa, deviceRemembering, featurePlan, threatProtection, tokenValidity, " +
    "allowPasswordAuth, allowUnauthenticatedIdentities, iot, logRetentionDays, triggers, executionRole, alarms, email";
const CHILD_KEY_LIST =
    "preSignUpLogGroup, preSignUpRole, preSignUpLogPolicy, preSignUpFunction, userPool, preSignUpPermission, appClient, webClient, identityPool, " +
    "authenticatedRole, authenticatedPolicy, unauthenticatedRole, roleAttachment, iotPolicy, iotAttachLogGroup, iotAttachRole, iotAttachRolePolicy, " +
    "iotAttachFunction, iotAttachApi, iotAttachIntegration, iotAttachRoute, iotAttachAccessLogGroup, iotAttachStage, iotAttachPermission, " +
    "executionRole, executionPolicy, alarmTopic, alarmTopicPolicy, alarmSubscription, preSignUpErrorsAlarm, preSignUpThrottlesAlarm, " +
    "preSignUpDurationAlarm, iotAttachServerErrorsAlarm, accountTakeoverRiskAlarm, compromisedCredentialsRiskAlarm";
const WAIVERS = "password-policy, mfa, threat-protection, deletion-protection, protect, retain-on-delete, auto-confirm, unauthenticated-identities, password-auth, remember-devices, cognito-email";
const RETENTIONS = "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";
const ENV_FORMAT = "1–32 letters or digits starting with a letter, usable in resource names";
const DOMAIN_FORMAT = 'a well-formed ASCII domain name such as "example.com"';
const TOPIC_FORMAT = '1–100 characters of letters, digits, "_", "-" in "/"-separated levels, without MQTT wildcards or "$"';
const SES_FORMAT = "an SES verified identity ARN (arn:aws:ses:<region>:<account>:identity/<address or domain>)";
const NO_EFFECT = ": remove it";
const BUILT_IN_PRE_SIGN_UP = "the built-in PreSignUp function is used (triggers.preSignUp unset)";
const WITH_SES = "email.sesIdentityArn is set (sending through SES)";

/** The whole message of a validation error. */
const report = (context: string, lines: string[]) => [`${context}: ${lines.length} problem(s):`, ...lines.map((l) => `  - ${l}`)].join("\n");

/** Build the component; it must throw a validation error with exactly `lines`, registering nothing. */
async function assertRefused(args: unknown, lines: string[], { name = "auth", kind = "arguments" }: { name?: string; kind?: "arguments" | "transforms" } = {}): Promise<void> {
    const { error, resources } = await evaluateFailure(() => new CognitoAuth(name, args as CognitoAuthArgs));
    assert.ok(error instanceof CognitoAuthValidationError, `expected a validation error, got ${error}`);
    assert.strictEqual(error.message, report(`CognitoAuth "${name}" has invalid ${kind}`, lines));
    assert.deepStrictEqual(resources.map((r) => `${r.type} ${r.name}`), [], "nothing was registered");
}

/** Build the component; it must succeed. */
async function accepted(args: CognitoAuthArgs, name = "auth") {
    return evaluate(() => {
        const auth = new CognitoAuth(name, args);
        return { userPoolId: auth.userPoolId };
    });
}

/** The setting a problem line is about: its first word, without an item index. */
const pathOf = (line: string) => line.split(" ")[0].replace(/\[\d+\]$/, "");
const rowsWith = (has: (s: Setting) => unknown) => SETTING_PATHS.filter((p) => has(SETTINGS[p] as Setting));
const missing = (rows: readonly string[], cases: readonly (readonly [string, unknown, string])[]) => rows.filter((p) => !cases.some(([, , line]) => pathOf(line) === p));

/** [title, args, the one problem line]. One value of the wrong type for every row of the settings table. */
const WRONG_TYPE: [string, CognitoAuthArgs | Record<string, unknown>, string][] = [
    ["production", { production: "yes" }, 'production must be true or false (got "yes")'],
    ["productionWaivers", { production: true, productionWaivers: "mfa" }, 'productionWaivers must be a list (got "mfa")'],
    ["environmentName", { environmentName: 5 }, "environmentName must be a string (got 5)"],
    ["deletionProtection", { deletionProtection: "yes" }, 'deletionProtection must be true or false (got "yes")'],
    ["protect", { protect: 1 }, "protect must be true or false (got 1)"],
    ["retainOnDelete", { retainOnDelete: null }, "retainOnDelete must be true or false (got null)"],
    ["allowedEmailDomains", { allowedEmailDomains: "example.com" }, 'allowedEmailDomains must be a list (got "example.com")'],
    ["autoConfirmSignUps", { autoConfirmSignUps: "true" }, 'autoConfirmSignUps must be true or false (got "true")'],
    ["passwordPolicy.minimumLength", { passwordPolicy: { minimumLength: "8" } }, 'passwordPolicy.minimumLength must be a whole number between 6 and 99 (got "8")'],
    ["passwordPolicy.requireLowercase", { passwordPolicy: { requireLowercase: "no" } }, 'passwordPolicy.requireLowercase must be true or false (got "no")'],
    ["passwordPolicy.requireUppercase", { passwordPolicy: { requireUppercase: 0 } }, "passwordPolicy.requireUppercase must be true or false (got 0)"],
    ["passwordPolicy.requireNumbers", { passwordPolicy: { requireNumbers: "yes" } }, 'passwordPolicy.requireNumbers must be true or false (got "yes")'],
    ["passwordPolicy.requireSymbols", { passwordPolicy: { requireSymbols: null } }, "passwordPolicy.requireSymbols must be true or false (got null)"],
    ["mfa", { mfa: true }, "mfa must be one of OFF, OPTIONAL, ON (got true)"],
    ["deviceRemembering", { deviceRemembering: 1 }, "deviceRemembering must be one of OFF, USER_OPT_IN, ALWAYS (got 1)"],
    ["featurePlan", { featurePlan: ["PLUS"] }, 'featurePlan must be one of ESSENTIALS, PLUS (got ["PLUS"])'],
    ["threatProtection", { threatProtection: false }, "threatProtection must be one of OFF, AUDIT, ENFORCED (got false)"],
    ["tokenValidity.accessTokenMinutes", { tokenValidity: { accessTokenMinutes: "60" } }, 'tokenValidity.accessTokenMinutes must be a whole number between 5 and 1440 minutes (got "60")'],
    ["tokenValidity.idTokenMinutes", { tokenValidity: { idTokenMinutes: true } }, "tokenValidity.idTokenMinutes must be a whole number between 5 and 1440 minutes (got true)"],
    ["tokenValidity.refreshTokenDays", { tokenValidity: { refreshTokenDays: "365" } }, 'tokenValidity.refreshTokenDays must be a whole number between 1 and 3650 days (got "365")'],
    ["allowPasswordAuth", { allowPasswordAuth: "false" }, 'allowPasswordAuth must be true or false (got "false")'],
    ["allowUnauthenticatedIdentities", { allowUnauthenticatedIdentities: 0 }, "allowUnauthenticatedIdentities must be true or false (got 0)"],
    ["iot.enabled", { iot: { enabled: "yes" } }, 'iot.enabled must be true or false (got "yes")'],
    ["iot.topicPrefix", { iot: { topicPrefix: 5 } }, "iot.topicPrefix must be a string (got 5)"],
    ["logRetentionDays", { logRetentionDays: "30" }, `logRetentionDays must be one of ${RETENTIONS} (got "30")`],
    ["triggers.preSignUp", { triggers: { preSignUp: 5 } }, "triggers.preSignUp must be a string (got 5)"],
    ["executionRole.enabled", { executionRole: { enabled: "yes" } }, 'executionRole.enabled must be true or false (got "yes")'],
    ["executionRole.dynamoDbTableArns", { executionRole: { dynamoDbTableArns: TABLE } }, `executionRole.dynamoDbTableArns must be a list (got "${TABLE}")`],
    ["executionRole.invokableFunctionArns", { executionRole: { invokableFunctionArns: {} } }, "executionRole.invokableFunctionArns must be a list (got {})"],
    ["executionRole.vpcAccess", { executionRole: { vpcAccess: "yes" } }, 'executionRole.vpcAccess must be true or false (got "yes")'],
    ["alarms.enabled", { alarms: { enabled: 1 } }, "alarms.enabled must be true or false (got 1)"],
    ["alarms.email", { alarms: { email: true } }, "alarms.email must be a string (got true)"],
    ["alarms.preSignUpErrors", { alarms: { preSignUpErrors: "1" } }, 'alarms.preSignUpErrors must be a whole number between 1 and 1000000 (got "1")'],
    ["alarms.preSignUpThrottles", { alarms: { preSignUpThrottles: 1.5 } }, "alarms.preSignUpThrottles must be a whole number between 1 and 1000000 (got 1.5)"],
    ["alarms.preSignUpDurationP99Ms", { alarms: { preSignUpDurationP99Ms: "3000" } }, 'alarms.preSignUpDurationP99Ms must be a whole number between 1 and 5000 ms (got "3000")'],
    ["alarms.iotAttachServerErrors", { alarms: { iotAttachServerErrors: "1" } }, 'alarms.iotAttachServerErrors must be a whole number between 1 and 1000000 (got "1")'],
    ["alarms.riskEvents", { alarms: { riskEvents: null } }, "alarms.riskEvents must be a whole number between 1 and 1000000 (got null)"],
    ["email.sesIdentityArn", { email: { sesIdentityArn: 123 } }, "email.sesIdentityArn must be a string (got 123)"],
    ["email.from", { email: { from: ["no-reply@example.com"] } }, 'email.from must be a string (got ["no-reply@example.com"])'],
    ["email.replyTo", { email: { replyTo: false } }, "email.replyTo must be a string (got false)"],
    ["email.configurationSet", { email: { configurationSet: 1 } }, "email.configurationSet must be a string (got 1)"],
    ["email.verificationSubject", { email: { verificationSubject: 0 } }, "email.verificationSubject must be a string (got 0)"],
    ["email.verificationMessage", { email: { verificationMessage: null } }, "email.verificationMessage must be a string (got null)"],
];

/** Values of the right type that a row's range, allowed values or format refuses; string[] rows name the item. */
const BAD_VALUE: [string, CognitoAuthArgs | Record<string, unknown>, string][] = [
    ["a waiver that does not exist", { production: true, productionWaivers: ["mfa", "passwords"] }, `productionWaivers[1] must be one of ${WAIVERS} (got "passwords")`],
    ["a waiver that is not a string", { production: true, productionWaivers: [7] }, "productionWaivers[0] must be a string (got 7)"],
    ["an environment name with a dash", { environmentName: "Dev-1" }, `environmentName must be ${ENV_FORMAT} (got "Dev-1")`],
    ["an environment name starting with a digit", { environmentName: "1Dev" }, `environmentName must be ${ENV_FORMAT} (got "1Dev")`],
    ["an empty environment name", { environmentName: "" }, `environmentName must be ${ENV_FORMAT} (got "")`],
    ["an environment name of 33 characters", { environmentName: "D".repeat(33) }, `environmentName must be ${ENV_FORMAT} (got "${"D".repeat(33)}")`],
    ["a domain with a space", { allowedEmailDomains: ["example.com", "exa mple.com"] }, `allowedEmailDomains[1] must be ${DOMAIN_FORMAT} (got "exa mple.com")`],
    ["a domain with a trailing dot", { allowedEmailDomains: ["example.com."] }, `allowedEmailDomains[0] must be ${DOMAIN_FORMAT} (got "example.com.")`],
    ["a wildcard domain", { allowedEmailDomains: ["*.example.com"] }, `allowedEmailDomains[0] must be ${DOMAIN_FORMAT} (got "*.example.com")`],
    ["an address instead of a domain", { allowedEmailDomains: ["user@example.com"] }, `allowedEmailDomains[0] must be ${DOMAIN_FORMAT} (got "user@example.com")`],
    ["a look-alike (Cyrillic а) domain", { allowedEmailDomains: ["exаmple.com"] }, `allowedEmailDomains[0] must be ${DOMAIN_FORMAT} (got "exаmple.com")`],
    ["a domain that is not a string", { allowedEmailDomains: ["example.com", 42] }, "allowedEmailDomains[1] must be a string (got 42)"],
    ["a password length below 6", { passwordPolicy: { minimumLength: 3 } }, "passwordPolicy.minimumLength must be between 6 and 99 (got 3)"],
    ["a password length above 99", { passwordPolicy: { minimumLength: 100 } }, "passwordPolicy.minimumLength must be between 6 and 99 (got 100)"],
    ["a fractional password length", { passwordPolicy: { minimumLength: 7.5 } }, "passwordPolicy.minimumLength must be a whole number between 6 and 99 (got 7.5)"],
    ["an MFA mode that does not exist", { mfa: "SOMETIMES" }, 'mfa must be one of OFF, OPTIONAL, ON (got "SOMETIMES")'],
    ["a device mode that does not exist", { deviceRemembering: "NEVER" }, 'deviceRemembering must be one of OFF, USER_OPT_IN, ALWAYS (got "NEVER")'],
    ["a feature plan that does not exist", { featurePlan: "LITE" }, 'featurePlan must be one of ESSENTIALS, PLUS (got "LITE")'],
    ["a threat-protection mode that does not exist", { threatProtection: "ON" }, 'threatProtection must be one of OFF, AUDIT, ENFORCED (got "ON")'],
    ["an access token under 5 minutes", { tokenValidity: { accessTokenMinutes: 4 } }, "tokenValidity.accessTokenMinutes must be between 5 and 1440 minutes (got 4)"],
    ["an ID token over a day", { tokenValidity: { idTokenMinutes: 1441 } }, "tokenValidity.idTokenMinutes must be between 5 and 1440 minutes (got 1441)"],
    ["a refresh token of 0 days", { tokenValidity: { refreshTokenDays: 0 } }, "tokenValidity.refreshTokenDays must be between 1 and 3650 days (got 0)"],
    ["a refresh token over ten years", { tokenValidity: { refreshTokenDays: 3651 } }, "tokenValidity.refreshTokenDays must be between 1 and 3650 days (got 3651)"],
    ["an MQTT wildcard in the topic prefix", { iot: { topicPrefix: "devices/#" } }, `iot.topicPrefix must be ${TOPIC_FORMAT} (got "devices/#")`],
    ["a reserved ($) topic prefix", { iot: { topicPrefix: "$aws" } }, `iot.topicPrefix must be ${TOPIC_FORMAT} (got "$aws")`],
    ["an empty topic level", { iot: { topicPrefix: "a//b" } }, `iot.topicPrefix must be ${TOPIC_FORMAT} (got "a//b")`],
    ["a topic prefix of 101 characters", { iot: { topicPrefix: "t".repeat(101) } }, `iot.topicPrefix must be ${TOPIC_FORMAT} (got "${"t".repeat(101)}")`],
    ["a retention CloudWatch Logs does not offer", { logRetentionDays: 10 }, `logRetentionDays must be one of ${RETENTIONS} (got 10)`],
    ["a trigger that is a name, not an ARN", { triggers: { preSignUp: "my-function" } }, 'triggers.preSignUp must be a Lambda function ARN (got "my-function")'],
    ["a trigger ARN with a wildcard", { triggers: { preSignUp: "arn:aws:lambda:us-east-1:123456789012:function:*" } }, 'triggers.preSignUp must be a Lambda function ARN (got "arn:aws:lambda:us-east-1:123456789012:function:*")'],
    [
        "a wildcard table ARN",
        { executionRole: { dynamoDbTableArns: [TABLE, "arn:aws:dynamodb:us-east-1:123456789012:table/*"] } },
        'executionRole.dynamoDbTableArns[1] must be a full DynamoDB table ARN without wildcards (got "arn:aws:dynamodb:us-east-1:123456789012:table/*")',
    ],
    ["a function name instead of an ARN", { executionRole: { invokableFunctionArns: ["worker"] } }, 'executionRole.invokableFunctionArns[0] must be a full Lambda function ARN without wildcards (got "worker")'],
    ["a malformed alarm e-mail", { alarms: { email: "ops" } }, 'alarms.email must be an e-mail address (got "ops")'],
    ["an error threshold of 0", { alarms: { preSignUpErrors: 0 } }, "alarms.preSignUpErrors must be between 1 and 1000000 (got 0)"],
    ["a throttle threshold over a million", { alarms: { preSignUpThrottles: 1_000_001 } }, "alarms.preSignUpThrottles must be between 1 and 1000000 (got 1000001)"],
    ["a duration beyond Cognito's 5 s wait", { alarms: { preSignUpDurationP99Ms: 6000 } }, "alarms.preSignUpDurationP99Ms must be between 1 and 5000 ms (got 6000)"],
    ["an attach-endpoint error threshold of 0", { alarms: { iotAttachServerErrors: 0 } }, "alarms.iotAttachServerErrors must be between 1 and 1000000 (got 0)"],
    ["a risk threshold of 0", { alarms: { riskEvents: 0 } }, "alarms.riskEvents must be between 1 and 1000000 (got 0)"],
    [
        "an SES identity ARN with a wildcard",
        { email: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/*" } },
        `email.sesIdentityArn must be ${SES_FORMAT} (got "arn:aws:ses:us-east-1:123456789012:identity/*")`,
    ],
    ["a sender that is not an address", { email: { sesIdentityArn: SES_DOMAIN, from: "Example" } }, 'email.from must be an e-mail address, or "Name <address>" (got "Example")'],
    ["a malformed reply-to", { email: { replyTo: "ops" } }, 'email.replyTo must be an e-mail address (got "ops")'],
    [
        "a configuration set with a space",
        { email: { sesIdentityArn: SES_ADDRESS, configurationSet: "my set" } },
        'email.configurationSet must be an SES configuration set name (1–64 letters, digits, "_" or "-") (got "my set")',
    ],
    ["an empty subject", { email: { sesIdentityArn: SES_ADDRESS, verificationSubject: "" } }, 'email.verificationSubject must be 1–140 characters (got "")'],
    [
        "a message without the code placeholder",
        { email: { sesIdentityArn: SES_ADDRESS, verificationMessage: "Your code" } },
        'email.verificationMessage must be 6–20000 characters containing the code placeholder {####} (got "Your code")',
    ],
];

/** `n` domains of 99 characters (100 with the comma), the last one `extra` characters longer. */
const domains = (n: number, extra: number) => Array.from({ length: n }, (_, i) => `${String(i).padStart(2, "0")}${"a".repeat(58)}.${"b".repeat(i === n - 1 ? 34 + extra : 34)}.com`);

/** The cross-setting `check`s of the table. */
const CHECKS: [string, CognitoAuthArgs | Record<string, unknown>, string][] = [
    ["a repeated domain, compared case-insensitively", { allowedEmailDomains: ["example.com", "EXAMPLE.com"] }, 'allowedEmailDomains must not repeat a domain (got "example.com" twice)'],
    ["domains over 3500 characters joined (Lambda's 4 KB of environment)", { allowedEmailDomains: domains(35, 2) }, "allowedEmailDomains must fit in 3500 characters joined (got 3501)"],
    ["threat protection without PLUS", { threatProtection: "AUDIT" }, 'threatProtection must be OFF unless featurePlan is PLUS (got "AUDIT" with "ESSENTIALS")'],
    ["enforced threat protection on ESSENTIALS in production", { ...PROD, featurePlan: "ESSENTIALS", threatProtection: "ENFORCED" }, 'threatProtection must be OFF unless featurePlan is PLUS (got "ENFORCED" with "ESSENTIALS")'],
    [
        "a refresh token no longer than the access token",
        { tokenValidity: { refreshTokenDays: 1, accessTokenMinutes: 1440 } },
        "tokenValidity.refreshTokenDays must last longer than the access and ID tokens (got 1 days)",
    ],
    ["a refresh token no longer than the ID token", { tokenValidity: { refreshTokenDays: 1, idTokenMinutes: 1440 } }, "tokenValidity.refreshTokenDays must last longer than the access and ID tokens (got 1 days)"],
    ["an SES domain identity without email.from", { email: { sesIdentityArn: SES_DOMAIN } }, 'email.sesIdentityArn must come with email.from when the identity is a domain (got the domain "example.com")'],
    [
        "a sender outside the SES domain",
        { email: { sesIdentityArn: SES_DOMAIN, from: "Example <no-reply@example.org>" } },
        'email.from must be an address the SES identity "example.com" covers (got "Example <no-reply@example.org>")',
    ],
    [
        "a sender other than the SES address",
        { email: { sesIdentityArn: SES_ADDRESS, from: "support@example.com" } },
        'email.from must be an address the SES identity "no-reply@example.com" covers (got "support@example.com")',
    ],
    [
        // Cognito developer guide, "Amazon SES email configuration regions": us-east-1 sends from us-east-1 only.
        "an SES identity in a region Cognito cannot send from for the pool's region",
        { email: { sesIdentityArn: "arn:aws:ses:eu-west-1:123456789012:identity/no-reply@example.com" } },
        "email.sesIdentityArn must be in us-east-1, the region Cognito can send from for a pool in us-east-1 (got eu-west-1)",
    ],
];

/** Every row with `appliesWhen`, set where it has no effect. */
const NO_EFFECT_CASES: [string, CognitoAuthArgs | Record<string, unknown>, string][] = [
    ["waivers without production", { productionWaivers: ["mfa"] }, `productionWaivers has no effect unless production is true${NO_EFFECT} (got ["mfa"])`],
    ["domains with a trigger of your own", { triggers: { preSignUp: FN }, allowedEmailDomains: ["example.com"] }, `allowedEmailDomains has no effect unless ${BUILT_IN_PRE_SIGN_UP}${NO_EFFECT} (got ["example.com"])`],
    ["auto-confirm with a trigger of your own", { triggers: { preSignUp: FN }, autoConfirmSignUps: false }, `autoConfirmSignUps has no effect unless ${BUILT_IN_PRE_SIGN_UP}${NO_EFFECT} (got false)`],
    ["a topic prefix without IoT", { iot: { enabled: false, topicPrefix: "sensors" } }, `iot.topicPrefix has no effect unless iot.enabled is true${NO_EFFECT} (got "sensors")`],
    [
        "log retention without any built-in function",
        { triggers: { preSignUp: FN }, iot: { enabled: false }, logRetentionDays: 14 },
        `logRetentionDays has no effect unless a built-in function exists (the PreSignUp function or the IoT attach endpoint)${NO_EFFECT} (got 14)`,
    ],
    [
        "tables for a disabled execution role",
        { executionRole: { enabled: false, dynamoDbTableArns: [TABLE] } },
        `executionRole.dynamoDbTableArns has no effect unless executionRole.enabled is true${NO_EFFECT} (got ["${TABLE}"])`,
    ],
    ["functions for a disabled execution role", { executionRole: { enabled: false, invokableFunctionArns: [FN] } }, `executionRole.invokableFunctionArns has no effect unless executionRole.enabled is true${NO_EFFECT} (got ["${FN}"])`],
    ["VPC access for a disabled execution role", { executionRole: { enabled: false, vpcAccess: true } }, `executionRole.vpcAccess has no effect unless executionRole.enabled is true${NO_EFFECT} (got true)`],
    ["an alarm e-mail without alarms", { alarms: { enabled: false, email: "ops@example.com" } }, `alarms.email has no effect unless alarms.enabled is true${NO_EFFECT} (got "ops@example.com")`],
    ["a PreSignUp error threshold without alarms", { alarms: { enabled: false, preSignUpErrors: 5 } }, `alarms.preSignUpErrors has no effect unless alarms.enabled is true and ${BUILT_IN_PRE_SIGN_UP}${NO_EFFECT} (got 5)`],
    [
        "a PreSignUp throttle threshold with a trigger of your own",
        { triggers: { preSignUp: FN }, alarms: { preSignUpThrottles: 5 } },
        `alarms.preSignUpThrottles has no effect unless alarms.enabled is true and ${BUILT_IN_PRE_SIGN_UP}${NO_EFFECT} (got 5)`,
    ],
    [
        "a PreSignUp duration threshold without alarms",
        { alarms: { enabled: false, preSignUpDurationP99Ms: 2000 } },
        `alarms.preSignUpDurationP99Ms has no effect unless alarms.enabled is true and ${BUILT_IN_PRE_SIGN_UP}${NO_EFFECT} (got 2000)`,
    ],
    [
        "an attach-endpoint error threshold without IoT",
        { iot: { enabled: false }, alarms: { iotAttachServerErrors: 5 } },
        `alarms.iotAttachServerErrors has no effect unless alarms.enabled is true and iot.enabled is true${NO_EFFECT} (got 5)`,
    ],
    ["a risk threshold without threat protection", { alarms: { riskEvents: 5 } }, `alarms.riskEvents has no effect unless alarms.enabled is true and threatProtection is not OFF${NO_EFFECT} (got 5)`],
    ["a sender without SES", { email: { from: "no-reply@example.com" } }, `email.from has no effect unless ${WITH_SES}${NO_EFFECT} (got "no-reply@example.com")`],
    ["a configuration set without SES", { email: { configurationSet: "auth-mail" } }, `email.configurationSet has no effect unless ${WITH_SES}${NO_EFFECT} (got "auth-mail")`],
    ["a subject without SES", { email: { verificationSubject: "Your code" } }, `email.verificationSubject has no effect unless ${WITH_SES}${NO_EFFECT} (got "Your code")`],
    ["a message without SES", { email: { verificationMessage: "Code: {####}" } }, `email.verificationMessage has no effect unless ${WITH_SES}${NO_EFFECT} (got "Code: {####}")`],
];

/** [waiver, args breaking exactly that rule in production, the problem line]. */
const PRODUCTION_RULES: [string, CognitoAuthArgs, string][] = [
    ["deletion-protection", { ...PROD, deletionProtection: false }, 'deletionProtection must be true in production (got false); to deploy anyway, waive it: productionWaivers: ["deletion-protection"]'],
    ["protect", { ...PROD, protect: false }, 'protect must be true in production (got false); to deploy anyway, waive it: productionWaivers: ["protect"]'],
    ["retain-on-delete", { ...PROD, retainOnDelete: false }, 'retainOnDelete must be true in production (got false); to deploy anyway, waive it: productionWaivers: ["retain-on-delete"]'],
    [
        "auto-confirm",
        { ...PROD, autoConfirmSignUps: true },
        'autoConfirmSignUps must be false in production (got true): anyone could sign up with an address they do not own; to deploy anyway, waive it: productionWaivers: ["auto-confirm"]',
    ],
    ["password-policy", { ...PROD, passwordPolicy: { minimumLength: 6 } }, 'passwordPolicy.minimumLength must be at least 8 in production (got 6); to deploy anyway, waive it: productionWaivers: ["password-policy"]'],
    ["mfa", { ...PROD, mfa: "OFF" }, 'mfa must be OPTIONAL or ON in production (got "OFF"); to deploy anyway, waive it: productionWaivers: ["mfa"]'],
    [
        "remember-devices",
        { ...PROD, deviceRemembering: "ALWAYS" },
        'deviceRemembering must be USER_OPT_IN or OFF in production (got "ALWAYS"): a remembered device signs in without the MFA step, and ALWAYS remembers every device without asking; to deploy anyway, waive it: productionWaivers: ["remember-devices"]',
    ],
    [
        "threat-protection",
        { ...PROD, threatProtection: "OFF" },
        'threatProtection must be AUDIT or ENFORCED in production (got "OFF"): it needs featurePlan PLUS, billed per monthly active user on top of ESSENTIALS (https://aws.amazon.com/cognito/pricing/); to deploy anyway, waive it: productionWaivers: ["threat-protection"]',
    ],
    [
        "password-auth",
        { ...PROD, allowPasswordAuth: true },
        'allowPasswordAuth must be false in production (got true): the password itself travels to Cognito; SRP never sends it; to deploy anyway, waive it: productionWaivers: ["password-auth"]',
    ],
    [
        "unauthenticated-identities",
        { ...PROD, allowUnauthenticatedIdentities: true },
        'allowUnauthenticatedIdentities must be false in production (got true): anyone on the internet could get AWS credentials; to deploy anyway, waive it: productionWaivers: ["unauthenticated-identities"]',
    ],
    [
        "cognito-email",
        { production: true },
        'email.sesIdentityArn must be set in production (it is unset): without it Cognito\'s own mailer sends at most 50 e-mails a day and drops verification codes beyond that; to deploy anyway, waive it: productionWaivers: ["cognito-email"]',
    ],
];

const STATEFUL = ["userPool", "appClient", "webClient", "identityPool"] as const;
const WILDCARD_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] });
const WILDCARD_TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sts:*"], Principal: { Service: "lambda.amazonaws.com" } }] });
const waive = (waiver: string) => `; to deploy anyway, waive it: productionWaivers: ["${waiver}"]`;

/** [title, args, the one problem line]: each guarantee the children re-check after a transform. */
const BROKEN_GUARANTEES: [string, CognitoAuthArgs, string][] = [
    ...STATEFUL.map((key): [string, CognitoAuthArgs, string] => [
        `protect on the stateful ${key}`,
        { protect: true, transform: { [key]: (_args: unknown, opts: pulumi.CustomResourceOptions) => void (opts.protect = false) } },
        `transform.${key} must keep protect: true (protect is on for stateful children)`,
    ]),
    ...STATEFUL.map((key): [string, CognitoAuthArgs, string] => [
        `retainOnDelete on the stateful ${key}`,
        { retainOnDelete: true, transform: { [key]: (_args: unknown, opts: pulumi.CustomResourceOptions) => void delete opts.retainOnDelete } },
        `transform.${key} must keep retainOnDelete: true (retainOnDelete is on for stateful children)`,
    ]),
    [
        "Cognito deletion protection",
        { deletionProtection: true, transform: { userPool: { deletionProtection: "INACTIVE" } } },
        'transform.userPool must keep deletionProtection "ACTIVE" (deletionProtection is on) (got "INACTIVE")',
    ],
    [
        "the production password length",
        { ...PROD, transform: { userPool: (args) => void ((args.passwordPolicy as { minimumLength: number }).minimumLength = 6) } },
        `transform.userPool must keep passwordPolicy.minimumLength at least 8 in production (got 6)${waive("password-policy")}`,
    ],
    ...CHARACTER_CLASSES.map((c): [string, CognitoAuthArgs, string] => [
        `the production password class ${c}`,
        { ...PROD, transform: { userPool: (args) => void ((args.passwordPolicy as Record<string, boolean>)[c] = false) } },
        `transform.userPool must keep passwordPolicy.${c} true in production (got false)${waive("password-policy")}`,
    ]),
    ["production MFA", { ...PROD, transform: { userPool: { mfaConfiguration: "OFF" } } }, `transform.userPool must keep mfaConfiguration "OPTIONAL" or "ON" in production (got "OFF")${waive("mfa")}`],
    [
        "production MFA, as a plain value that can be checked",
        { ...PROD, transform: { userPool: { mfaConfiguration: pulumi.output("OFF") } } },
        `transform.userPool must leave mfaConfiguration a plain value, so that it can be checked to be "OPTIONAL" or "ON" in production before deployment${waive("mfa")}`,
    ],
    [
        "production threat protection",
        { ...PROD, transform: { userPool: { userPoolAddOns: { advancedSecurityMode: "OFF" } } } },
        `transform.userPool must keep userPoolAddOns.advancedSecurityMode "AUDIT" or "ENFORCED" in production (got "OFF")${waive("threat-protection")}`,
    ],
    [
        "production device remembering",
        { ...PROD, transform: { userPool: { deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false } } } },
        `transform.userPool must keep deviceConfiguration.deviceOnlyRememberedOnUserPrompt true or unset in production (got false)${waive("remember-devices")}`,
    ],
    [
        "production SES sending",
        { ...PROD, transform: { userPool: { emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT" } } } },
        `transform.userPool must keep emailConfiguration.emailSendingAccount "DEVELOPER" (SES) in production (got "COGNITO_DEFAULT")${waive("cognito-email")}`,
    ],
    ...(["appClient", "webClient"] as const).map((key): [string, CognitoAuthArgs, string] => [
        `no password sign-in on the ${key} in production`,
        { ...PROD, transform: { [key]: { explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"] } } },
        `transform.${key} must keep explicitAuthFlows without ALLOW_USER_PASSWORD_AUTH in production (got ["ALLOW_USER_SRP_AUTH","ALLOW_REFRESH_TOKEN_AUTH","ALLOW_USER_PASSWORD_AUTH"])${waive("password-auth")}`,
    ]),
    [
        "no unauthenticated identities in production",
        { ...PROD, transform: { identityPool: { allowUnauthenticatedIdentities: true } } },
        `transform.identityPool must keep allowUnauthenticatedIdentities false in production (got true)${waive("unauthenticated-identities")}`,
    ],
    [
        "the enhanced (not classic) identity flow",
        { transform: { identityPool: { allowClassicFlow: true } } },
        "transform.identityPool must keep allowClassicFlow false (the classic flow lets a client pick any role the pool trusts) (got true)",
    ],
    [
        "no auto-confirmation in production",
        { ...PROD, transform: { preSignUpFunction: (args) => void ((args.environment as { variables: Record<string, string> }).variables[ENV_AUTO_CONFIRM] = "true") } },
        `transform.preSignUpFunction must keep environment.variables.AUTO_CONFIRM_SIGN_UPS "false" in production (got "true")${waive("auto-confirm")}`,
    ],
    [
        "retainOnDelete on the IoT policy",
        { transform: { iotPolicy: (_args, opts) => void (opts.retainOnDelete = false) } },
        "transform.iotPolicy must keep retainOnDelete: true (AWS refuses to delete an IoT policy still attached to identities)",
    ],
    [
        "IAM authorization on the attach route",
        { transform: { iotAttachRoute: { authorizationType: "NONE" } } },
        'transform.iotAttachRoute must keep authorizationType "AWS_IAM" (the function trusts only the identity IAM authorization verified) (got "NONE")',
    ],
    ["exact actions in a replaced policy", { transform: { authenticatedPolicy: { policy: WILDCARD_POLICY } } }, 'transform.authenticatedPolicy must keep policy free of wildcard actions (got ["s3:*"])'],
    ["exact actions in a policy a function replaces", { transform: { preSignUpLogPolicy: (args) => void (args.policy = WILDCARD_POLICY) } }, 'transform.preSignUpLogPolicy must keep policy free of wildcard actions (got ["s3:*"])'],
    ["exact actions in a replaced trust policy", { transform: { authenticatedRole: { assumeRolePolicy: WILDCARD_TRUST } } }, 'transform.authenticatedRole must keep assumeRolePolicy free of wildcard actions (got ["sts:*"])'],
];

describe("argument validation", () => {
    before(() => {
        savedConfig = pulumi.runtime.allConfig();
        setRegion(REGION);
    });
    after(() => pulumi.runtime.setAllConfig(savedConfig));

    describe("settings table: a value of the wrong type", () => {
        it("has a case for every row of the table", () => {
            assert.deepStrictEqual(missing(SETTING_PATHS, WRONG_TYPE), []);
        });
        for (const [path, args, line] of WRONG_TYPE) {
            it(`refuses ${path}: ${JSON.stringify(args)}`, () => assertRefused(args, [line]));
        }
    });

    describe("settings table: a value out of range, not allowed or of a bad format", () => {
        it("has a case for every row with a range, allowed values or a format", () => {
            assert.deepStrictEqual(missing(rowsWith((s) => s.range || s.oneOf || s.format), BAD_VALUE), []);
        });
        for (const [what, args, line] of BAD_VALUE) {
            it(`refuses ${what}`, () => assertRefused(args, [line]));
        }

        it("leaves a trigger given as an Output unchecked (its value is unknown until deployment)", async () => {
            const e = await accepted({ triggers: { preSignUp: pulumi.output(FN) } });
            assert.strictEqual(single(e.resources, T.userPool).inputs.lambdaConfig.preSignUp, FN);
        });
    });

    describe("settings table: checks across settings", () => {
        it("has a case for every row with a check", () => {
            assert.deepStrictEqual(missing(rowsWith((s) => s.check), CHECKS), []);
        });
        for (const [what, args, line] of CHECKS) {
            it(`refuses ${what}`, () => assertRefused(args, [line]));
        }

        it("accepts domains of exactly 3500 characters joined", async () => {
            assert.strictEqual(domains(35, 1).join(",").length, 3500);
            const e = await accepted({ allowedEmailDomains: domains(35, 1) });
            assert.strictEqual(named(e.resources, "auth-pre-sign-up", T.fn).inputs.environment.variables.ALLOWED_EMAIL_DOMAINS.length, 3500);
        });

        it("accepts a sender the SES domain covers, in any case", async () => {
            const e = await accepted({ email: { sesIdentityArn: SES_DOMAIN, from: "Example <No-Reply@Example.COM>" } });
            assert.strictEqual(single(e.resources, T.userPool).inputs.emailConfiguration.fromEmailAddress, "Example <No-Reply@Example.COM>");
        });

        it("refuses an SES identity outside both regions Cognito can send from for a pool in eu-central-1 (Cognito developer guide, SES email configuration regions)", async () => {
            setRegion("eu-central-1");
            try {
                await assertRefused({ email: { sesIdentityArn: SES_ADDRESS } }, [
                    "email.sesIdentityArn must be in eu-central-1 or eu-west-1, the regions Cognito can send from for a pool in eu-central-1 (got us-east-1)",
                ]);
                await accepted({ email: { sesIdentityArn: "arn:aws:ses:eu-west-1:123456789012:identity/no-reply@example.com" } });
            } finally {
                setRegion(REGION);
            }
        });
    });

    describe("settings that would have no effect", () => {
        it("has a case for every row with appliesWhen", () => {
            assert.deepStrictEqual(missing(rowsWith((s) => s.appliesWhen), NO_EFFECT_CASES), []);
        });
        for (const [what, args, line] of NO_EFFECT_CASES) {
            it(`refuses ${what}`, () => assertRefused(args, [line]));
        }

        it("accepts each of them where it has an effect", async () => {
            await accepted({
                allowedEmailDomains: ["example.com"],
                autoConfirmSignUps: true,
                iot: { topicPrefix: "sensors" },
                logRetentionDays: 14,
                executionRole: { dynamoDbTableArns: [TABLE], invokableFunctionArns: [FN], vpcAccess: true },
                featurePlan: "PLUS",
                threatProtection: "AUDIT",
                alarms: { email: "ops@example.com", preSignUpErrors: 5, preSignUpThrottles: 5, preSignUpDurationP99Ms: 2000, iotAttachServerErrors: 5, riskEvents: 5 },
                email: { sesIdentityArn: SES_DOMAIN, from: "no-reply@example.com", configurationSet: "auth-mail", verificationSubject: "Your code", verificationMessage: "Code: {####}" },
            });
        });
    });

    describe("production rules", () => {
        it("has a case for every waiver", () => {
            assert.deepStrictEqual(PRODUCTION_RULES.map(([waiver]) => waiver).sort(), [...PRODUCTION_WAIVERS].sort());
        });

        it("accepts the production baseline", async () => {
            const e = await accepted(PROD);
            assert.strictEqual(single(e.resources, T.userPool).protect, true);
        });

        for (const [waiver, args, line] of PRODUCTION_RULES) {
            it(`refuses what breaks "${waiver}", naming the waiver`, () => assertRefused(args, [line]));
            it(`lets the waiver "${waiver}" through`, () => accepted({ ...args, productionWaivers: [waiver as never] }));
        }

        it("names the cost of PLUS (pricing URL) and the way out when production runs on ESSENTIALS", () =>
            assertRefused({ ...PROD, featurePlan: "ESSENTIALS" }, [
                'threatProtection must be AUDIT or ENFORCED in production (got "OFF"): it needs featurePlan PLUS, billed per monthly active user on top of ESSENTIALS (https://aws.amazon.com/cognito/pricing/); to deploy anyway, waive it: productionWaivers: ["threat-protection"]',
            ]));

        it("reports every character class the policy drops, and one waiver lets them all through", async () => {
            const weak = { minimumLength: 6, requireLowercase: false, requireUppercase: false, requireNumbers: false, requireSymbols: false };
            await assertRefused({ ...PROD, passwordPolicy: weak }, [
                'passwordPolicy.minimumLength must be at least 8 in production (got 6); to deploy anyway, waive it: productionWaivers: ["password-policy"]',
                ...CHARACTER_CLASSES.map((c) => `passwordPolicy.${c} must be true in production (got false); to deploy anyway, waive it: productionWaivers: ["password-policy"]`),
            ]);
            const e = await accepted({ ...PROD, passwordPolicy: weak, productionWaivers: ["password-policy"] });
            assert.strictEqual(single(e.resources, T.userPool).inputs.passwordPolicy.minimumLength, 6);
        });

        it("refuses a waiver that is not needed", () =>
            assertRefused({ ...PROD, productionWaivers: ["mfa"] }, ['productionWaivers must name only rules this deployment breaks: "mfa" holds, so remove the waiver']));

        it("refuses each stale waiver next to a needed one", () =>
            assertRefused({ ...PROD, mfa: "OFF", productionWaivers: ["protect", "mfa", "password-auth"] }, [
                'productionWaivers must name only rules this deployment breaks: "protect" holds, so remove the waiver',
                'productionWaivers must name only rules this deployment breaks: "password-auth" holds, so remove the waiver',
            ]));

        it("refuses waivers without production", () =>
            assertRefused({ production: false, productionWaivers: ["mfa"] }, [`productionWaivers has no effect unless production is true${NO_EFFECT} (got ["mfa"])`]));

        it("reports every broken rule at once, in table order", () =>
            assertRefused({ ...PROD, allowPasswordAuth: true, mfa: "OFF" }, [
                'mfa must be OPTIONAL or ON in production (got "OFF"); to deploy anyway, waive it: productionWaivers: ["mfa"]',
                'allowPasswordAuth must be false in production (got true): the password itself travels to Cognito; SRP never sends it; to deploy anyway, waive it: productionWaivers: ["password-auth"]',
            ]));
    });

    describe("shape: unknown keys, groups and args that are not objects", () => {
        const UNKNOWN: [unknown, string][] = [
            [{ allowedEmailDomain: ["example.com"] }, `allowedEmailDomain is not a known setting (did you mean "allowedEmailDomains"?); known: ${TOP_KEYS}`],
            [{ colour: "blue" }, `colour is not a known setting; known: ${TOP_KEYS}`],
            [{ passwordPolicy: { minLength: 8 } }, 'passwordPolicy.minLength is not a known setting (did you mean "minimumLength"?); known: minimumLength, requireLowercase, requireUppercase, requireNumbers, requireSymbols'],
            [{ tokenValidity: { accessTokenMinute: 60 } }, 'tokenValidity.accessTokenMinute is not a known setting (did you mean "accessTokenMinutes"?); known: accessTokenMinutes, idTokenMinutes, refreshTokenDays'],
            [{ iot: { topicPrefixes: "devices" } }, 'iot.topicPrefixes is not a known setting (did you mean "topicPrefix"?); known: enabled, topicPrefix'],
            [{ triggers: { postConfirmation: FN } }, "triggers.postConfirmation is not a known setting; known: preSignUp"],
            [
                { executionRole: { dynamoDbTableArn: [TABLE] } },
                'executionRole.dynamoDbTableArn is not a known setting (did you mean "dynamoDbTableArns"?); known: enabled, dynamoDbTableArns, invokableFunctionArns, vpcAccess',
            ],
            [
                { alarms: { emails: "ops@example.com" } },
                'alarms.emails is not a known setting (did you mean "email"?); known: enabled, email, preSignUpErrors, preSignUpThrottles, preSignUpDurationP99Ms, iotAttachServerErrors, riskEvents',
            ],
            [
                { email: { form: "no-reply@example.com" } },
                'email.form is not a known setting (did you mean "from"?); known: sesIdentityArn, from, replyTo, configurationSet, verificationSubject, verificationMessage',
            ],
        ];
        for (const [args, line] of UNKNOWN) {
            it(`refuses the unknown key ${line.split(" ")[0]}`, () => assertRefused(args, [line]));
        }

        const NOT_OBJECTS: [unknown, string][] = [
            [{ passwordPolicy: 8 }, "passwordPolicy must be an object (got 8)"],
            [{ tokenValidity: "60" }, 'tokenValidity must be an object (got "60")'],
            [{ iot: true }, "iot must be an object (got true)"],
            [{ triggers: FN }, `triggers must be an object (got "${FN}")`],
            [{ executionRole: true }, "executionRole must be an object (got true)"],
            [{ alarms: false }, "alarms must be an object (got false)"],
            [{ email: ["ops@example.com"] }, 'email must be an object (got ["ops@example.com"])'],
            [{ email: null }, "email must be an object (got null)"],
            [{ transform: 5 }, "transform must be an object (got 5)"],
            [{ transform: [] }, "transform must be an object (got [])"],
        ];
        for (const [args, line] of NOT_OBJECTS) {
            it(`refuses ${JSON.stringify(args)}`, () => assertRefused(args, [line]));
        }

        for (const [args, shown] of [["Dev", '"Dev"'], [null, "null"], [[{ mfa: "ON" }], '[{"mfa":"ON"}]']] as const) {
            it(`refuses args that are not an object: ${shown}`, () => assertRefused(args, [`args must be an object (got ${shown})`]));
        }

        it("reports every problem at once, in table order", () =>
            assertRefused({ environmentName: "x-y", mfa: "NEVER", logRetentionDays: 2, passwordPolicy: { minimumLength: 1 } }, [
                `environmentName must be ${ENV_FORMAT} (got "x-y")`,
                "passwordPolicy.minimumLength must be between 6 and 99 (got 1)",
                'mfa must be one of OFF, OPTIONAL, ON (got "NEVER")',
                `logRetentionDays must be one of ${RETENTIONS} (got 2)`,
            ]));

        it("exposes the problems for programs that want them", async () => {
            const { error } = await evaluateFailure(() => new CognitoAuth("auth", { mfa: "NEVER" as never }));
            assert.deepStrictEqual((error as CognitoAuthValidationError).problems, [{ label: "mfa", message: 'must be one of OFF, OPTIONAL, ON (got "NEVER")' }]);
        });
    });

    describe("component name", () => {
        it("refuses an environment name derived from a name that starts with a digit", () =>
            assertRefused({}, [`environmentName (derived from the component name "1st") must be ${ENV_FORMAT} (got "1st"); set environmentName explicitly`], { name: "1st" }));

        it("refuses an environment name derived from a name that yields more than 32 characters", () => {
            const name = "a".repeat(33);
            return assertRefused({}, [`environmentName (derived from the component name "${name}") must be ${ENV_FORMAT} (got "A${"a".repeat(32)}"); set environmentName explicitly`], { name });
        });

        it("accepts such a name with environmentName set explicitly", async () => {
            const e = await accepted({ environmentName: "First" }, "1st");
            assert.strictEqual(single(e.resources, T.userPool).inputs.name, "FirstUserPool");
        });

        for (const name of ["my auth", "auth.v2", "auth/prod"]) {
            it(`refuses the name ${JSON.stringify(name)}, whose children AWS would refuse`, () =>
                assertRefused({}, [`name must be letters, digits, "-" and "_" only, as the names of its Lambda functions, SNS topic and IAM roles derive from it (got "${name}")`], { name }));
        }

        // pulumi/pulumi sdk/go/common/resource NewUniqueName, used by pulumi-aws auto-naming: the physical
        // name is `<logical>-` plus 7 random characters, refused with "name '<logical>-' plus 7 random chars is
        // longer than maximum length N". For IAM roles N is 64 (pulumi-aws resource_overrides.go, AWS CreateRole).
        it('accepts a name of 35 characters and refuses 36, naming the tightest child (NewUniqueName: "name \'…-\' plus 7 random chars is longer than maximum length 64")', async () => {
            const limits = CHILD_KEYS.filter((k) => CHILDREN[k].maxAutoName !== undefined).map((k) => ({
                key: k,
                longest: CHILDREN[k].maxAutoName! - AUTO_NAME_SUFFIX_LENGTH - `-${CHILDREN[k].suffix}`.length,
            }));
            const tightest = limits.reduce((a, b) => (b.longest < a.longest ? b : a));
            assert.deepStrictEqual(tightest, { key: "unauthenticatedRole", longest: 35 });
            assert.strictEqual(CHILDREN.unauthenticatedRole.maxAutoName, MAX_NAME.iamRole);
            assert.strictEqual(MAX_NAME.iamRole, 64);

            const ok = "n".repeat(35);
            const e = await accepted({ environmentName: "Dev", allowUnauthenticatedIdentities: true }, ok);
            // The physical name would be exactly AWS's limit: logical name, "-", 7 random characters.
            assert.strictEqual(named(e.resources, `${ok}-unauthenticated-role`, T.role).name.length + AUTO_NAME_SUFFIX_LENGTH, 64);

            const long = "n".repeat(36);
            await assertRefused(
                { environmentName: "Dev" },
                [
                    `name must be at most 35 characters (got 36): its child "${long}-unauthenticated-role" (aws:iam/role:Role) gets a physical name of 65 characters ` +
                        `with the provider's "-" and 7 random characters, over AWS's limit of 64`,
                ],
                { name: long },
            );
        });
    });

    describe("authenticatedRoleStatements", () => {
        const STATEMENTS: [string, unknown, string][] = [
            ["a value that is not a list", {}, "authenticatedRoleStatements must be a list of policy statements (got {})"],
            ["a statement without Action", [{ Effect: "Allow", Resource: ["*"] }], 'authenticatedRoleStatements[0] must have a non-empty Action list (got {"Effect":"Allow","Resource":["*"]})'],
            ["a statement with an empty Action list", [{ Effect: "Allow", Action: [], Resource: ["*"] }], 'authenticatedRoleStatements[0] must have a non-empty Action list (got {"Effect":"Allow","Action":[],"Resource":["*"]})'],
            ["a statement that is not an object", ["s3:GetObject"], 'authenticatedRoleStatements[0] must have a non-empty Action list (got "s3:GetObject")'],
            [
                "a wildcard action",
                [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }, { Effect: "Allow", Action: ["s3:Get*"], Resource: ["arn:aws:s3:::b/*"] }],
                'authenticatedRoleStatements[1].Action must name exact actions, no wildcards (got ["s3:Get*"])',
            ],
            ["a bare * action", [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }], 'authenticatedRoleStatements[0].Action must name exact actions, no wildcards (got ["*"])'],
            [
                "an action that is an output",
                [{ Effect: "Allow", Action: [pulumi.output("s3:GetObject")], Resource: ["*"] }],
                "authenticatedRoleStatements[0].Action must list plain strings, so wildcards can be refused before deployment",
            ],
        ];
        for (const [what, statements, line] of STATEMENTS) {
            it(`refuses ${what}`, () => assertRefused({ authenticatedRoleStatements: statements }, [line]));
        }

        // The statement's value is known only at apply time; the error must still be the validation
        // error naming the argument, reported as the Node language host reports an unhandled rejection.
        for (const [iot, index] of [[true, 1], [false, 0]] as const) {
            it(`fails at apply time on a wildcard inside an Output statement, naming authenticatedRoleStatements[${index}].Action (iot ${iot ? "on" : "off"})`, async () => {
                const before = index === 1 ? [{ Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] }] : [];
                const { error } = await evaluateFailure(
                    () => new CognitoAuth("auth", { iot: { enabled: iot }, authenticatedRoleStatements: [...before, pulumi.output({ Effect: "Allow" as const, Action: ["s3:*"], Resource: ["arn:aws:s3:::b/*"] })] }),
                );
                assert.ok(error instanceof CognitoAuthValidationError, `expected a validation error, got ${error}`);
                assert.deepStrictEqual(error.problems, [{ label: `authenticatedRoleStatements[${index}].Action`, message: 'must name exact actions, no wildcards (got ["s3:*"])' }]);
            });
        }

        it("accepts exact actions, plain and as an Output", async () => {
            const e = await accepted({
                iot: { enabled: false },
                authenticatedRoleStatements: [
                    { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] },
                    pulumi.output({ Effect: "Allow" as const, Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::b/*"] }),
                ],
            });
            const doc = JSON.parse(named(e.resources, "auth-authenticated-policy", T.rolePolicy).inputs.policy);
            assert.deepStrictEqual(doc.Statement.map((s: { Action: string[] }) => s.Action), [["s3:GetObject"], ["s3:PutObject"]]);
        });
    });

    describe("transforms", () => {
        it("refuses an unknown transform key, suggesting the child", () =>
            assertRefused({ transform: { userPools: {} } }, [`transform.userPools is not a child of the component (did you mean "userPool"?); known: ${CHILD_KEY_LIST}`]));

        it("refuses a transform that is neither a function nor an object", () =>
            assertRefused({ transform: { userPool: "ACTIVE" } }, ['transform.userPool must be a function or a partial args object (got "ACTIVE")']));

        it("refuses a transform of a child this configuration does not create (it would do nothing)", () =>
            assertRefused({ transform: { unauthenticatedRole: { description: "guests" } } }, [
                "transform.unauthenticatedRole has no effect: this configuration creates no unauthenticatedRole (logical name auth-unauthenticated-role)",
            ], { kind: "transforms" }));

        it("covers exactly the stateful children for protect and retainOnDelete", () => {
            assert.deepStrictEqual(CHILD_KEYS.filter((k) => CHILDREN[k].stateful), [...STATEFUL]);
        });

        for (const [what, args, line] of BROKEN_GUARANTEES) {
            it(`refuses a transform that drops ${what}`, () => assertRefused(args, [line], { kind: "transforms" }));
        }

        // A transformed document that is an Output is checked when its value is known (apply time).
        for (const [key, field, doc, bad] of [
            ["authenticatedPolicy", "policy", WILDCARD_POLICY, "s3:*"],
            ["authenticatedRole", "assumeRolePolicy", WILDCARD_TRUST, "sts:*"],
        ] as const) {
            it(`fails at apply time on a wildcard in a transformed ${field} that is an Output (transform.${key})`, async () => {
                const { error } = await evaluateFailure(() => new CognitoAuth("auth", { transform: { [key]: { [field]: pulumi.output(doc) } } }));
                assert.ok(error instanceof CognitoAuthValidationError, `expected a validation error, got ${error}`);
                assert.deepStrictEqual(error.problems, [{ label: `transform.${key}`, message: `must keep ${field} free of wildcard actions (got ["${bad}"])` }]);
                assert.ok(error.message.includes('CognitoAuth "auth" has invalid transforms: 1 problem(s):'), error.message);
            });
        }

        // pulumi-aws's UserPoolClient constructor merges additionalSecretOutputs: ["clientSecret"] into the
        // options after any transform ran, so a transform cannot drop it (components/userPool.ts).
        it("keeps the app client's secret secret even when a transform clears additionalSecretOutputs", async () => {
            const e = await accepted({ transform: { appClient: (_args, opts) => void (opts.additionalSecretOutputs = []) } });
            assert.deepStrictEqual(named(e.resources, "auth-app-client", T.client).additionalSecretOutputs, ["clientSecret"]);
        });

        it("accepts transforms that keep every guarantee, in production", async () => {
            const exactPolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] }] });
            const e = await accepted({
                ...PROD,
                transform: {
                    userPool: (args, opts) => {
                        args.tags = { team: "auth" };
                        opts.ignoreChanges = ["schemas"];
                    },
                    appClient: { refreshTokenValidity: 30 },
                    authenticatedPolicy: { policy: exactPolicy },
                    iotAttachRoute: { authorizationType: "AWS_IAM" },
                },
            });
            const pool = single(e.resources, T.userPool);
            assert.deepStrictEqual(pool.inputs.tags, { team: "auth" });
            assert.deepStrictEqual(pool.ignoreChanges, ["schemas"]);
            assert.deepStrictEqual([pool.protect, pool.retainOnDelete], [true, true]);
            const app = named(e.resources, "auth-app-client", T.client);
            assert.strictEqual(app.inputs.refreshTokenValidity, 30);
            assert.deepStrictEqual(app.additionalSecretOutputs, ["clientSecret"]);
            assert.strictEqual(named(e.resources, "auth-authenticated-policy", T.rolePolicy).inputs.policy, exactPolicy);
        });
    });
});
