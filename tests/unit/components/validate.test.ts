// Every bad argument and every transform that breaks a guarantee: one error naming the argument path
// (or transform key), the value given and what is allowed, with nothing registered, not even the
// component. Messages are asserted whole. Stack config is covered in tests/unit/stack/config.test.ts.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, CognitoAuthValidationError, type CognitoAuthArgs, type PolicyStatement } from "../../../components";
import { AUTO_NAME_SUFFIX_LENGTH, CHILD_KEYS, CHILDREN, MAX_NAME } from "../../../components/children";
import { CHARACTER_CLASSES, PRODUCTION_WAIVERS, SETTING_PATHS, SETTINGS, type Setting } from "../../../components/settings";
import { closest } from "../../../components/validate";
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
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const CALLBACK = "https://app.example.com/callback";
/** A prefix domain: what OAuth sign-in needs. */
const HOSTED = { prefix: "example-auth" };
/** OAuth sign-in on the hosted domain: what federated identity providers need. */
const OAUTH: CognitoAuthArgs = { domain: HOSTED, oauth: { callbackUrls: [CALLBACK] } };
/** `n` distinct valid redirect URLs. */
const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://app.example.com/callback/${i}`);
/** A valid production deployment: every production rule holds. */
const ADOPT = { userPoolId: "us-east-1_AbC123xyZ", appClientId: "1a2b3c4d5e6f7g8h9i0j1k2l3m", webClientId: "4n5o6p7q8r9s0t1u2v3w4x5y6z", identityPoolId: "us-east-1:11111111-2222-3333-4444-555555555555" };
const PROD: CognitoAuthArgs = { production: true, email: { sesIdentityArn: SES_ADDRESS } };

const TOP_KEYS =
    "authenticatedRoleStatements, transform, identityProviders, groups, customAttributes, previousCustomAttributes, production, productionWaivers, " +
    "environmentName, deletionProtection, protect, retainOnDelete, allowedEmailDomains, autoConfirmSignUps, passwordPolicy, mfa, deviceRemembering, " +
    "featurePlan, threatProtection, tokenValidity, allowPasswordAuth, allowUnauthenticatedIdentities, iot, logRetentionDays, triggers, domain, oauth, " +
    "adopt, executionRole, alarms, email";
const CHILD_KEY_LIST =
    "preSignUpLogGroup, preSignUpRole, preSignUpLogPolicy, preSignUpFunction, userPool, preSignUpPermission, identityProvider, appClient, webClient, " +
    "userPoolDomain, loginBranding, triggerPermission, identityPool, authenticatedRole, authenticatedPolicy, unauthenticatedRole, groupRole, groupPolicy, " +
    "group, roleAttachment, iotPolicy, iotAttachLogGroup, iotAttachRole, iotAttachRolePolicy, iotAttachFunction, iotAttachApi, iotAttachIntegration, " +
    "iotAttachRoute, iotAttachAccessLogGroup, iotAttachStage, iotAttachPermission, executionRole, executionPolicy, alarmTopic, alarmTopicPolicy, " +
    "alarmSubscription, preSignUpErrorsAlarm, preSignUpThrottlesAlarm, preSignUpDurationAlarm, iotAttachServerErrorsAlarm, accountTakeoverRiskAlarm, " +
    "compromisedCredentialsRiskAlarm";
const TRIGGER_KEYS =
    "preSignUp, postConfirmation, preAuthentication, postAuthentication, preTokenGeneration, customMessage, userMigration, defineAuthChallenge, " +
    "createAuthChallenge, verifyAuthChallengeResponse";
const WAIVERS = "password-policy, mfa, threat-protection, deletion-protection, protect, retain-on-delete, auto-confirm, unauthenticated-identities, password-auth, remember-devices, cognito-email";
const RETENTIONS = "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";
const ENV_FORMAT = "1–32 letters or digits starting with a letter, usable in resource names";
const DOMAIN_FORMAT = 'a well-formed ASCII domain name such as "example.com"';
const TOPIC_FORMAT = '1–100 characters of letters, digits, "_", "-" in "/"-separated levels, without MQTT wildcards or "$"';
const SES_FORMAT = "an SES verified identity ARN (arn:aws:ses:<region>:<account>:identity/<address or domain>)";
const PREFIX_FORMAT = '1–63 lower-case letters, digits and "-", not starting or ending with "-"';
const HOST_FORMAT = "a fully qualified host name such as auth.example.com";
const CERT_FORMAT = "an ACM certificate ARN in us-east-1 (CloudFront, which serves the domain, takes certificates from us-east-1 only)";
const URL_FORMAT = "an https:// URL, http://localhost, or an app's own scheme (myapp://…), without a fragment, at most 1024 characters";
const SCOPES = "openid, email, phone, profile, aws.cognito.signin.user.admin";
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
    ["triggers.postConfirmation", { triggers: { postConfirmation: 5 } }, "triggers.postConfirmation must be a string (got 5)"],
    ["triggers.preAuthentication", { triggers: { preAuthentication: true } }, "triggers.preAuthentication must be a string (got true)"],
    ["triggers.postAuthentication", { triggers: { postAuthentication: null } }, "triggers.postAuthentication must be a string (got null)"],
    ["triggers.preTokenGeneration", { triggers: { preTokenGeneration: { lambdaArn: FN } } }, `triggers.preTokenGeneration must be a string (got {"lambdaArn":"${FN}"})`],
    ["triggers.customMessage", { triggers: { customMessage: [FN] } }, `triggers.customMessage must be a string (got ["${FN}"])`],
    ["triggers.userMigration", { triggers: { userMigration: 0 } }, "triggers.userMigration must be a string (got 0)"],
    ["triggers.defineAuthChallenge", { triggers: { defineAuthChallenge: false } }, "triggers.defineAuthChallenge must be a string (got false)"],
    ["triggers.createAuthChallenge", { triggers: { createAuthChallenge: {} } }, "triggers.createAuthChallenge must be a string (got {})"],
    ["triggers.verifyAuthChallengeResponse", { triggers: { verifyAuthChallengeResponse: 1 } }, "triggers.verifyAuthChallengeResponse must be a string (got 1)"],
    ["domain.prefix", { domain: { prefix: 5 } }, "domain.prefix must be a string (got 5)"],
    ["domain.customDomain", { domain: { customDomain: true, certificateArn: CERT } }, "domain.customDomain must be a string (got true)"],
    ["domain.certificateArn", { domain: { customDomain: "auth.example.com", certificateArn: 5 } }, "domain.certificateArn must be a string (got 5)"],
    ["domain.managedLoginVersion", { domain: { ...HOSTED, managedLoginVersion: "2" } }, 'domain.managedLoginVersion must be one of 1, 2 (got "2")'],
    ["oauth.callbackUrls", { domain: HOSTED, oauth: { callbackUrls: CALLBACK } }, `oauth.callbackUrls must be a list (got "${CALLBACK}")`],
    ["oauth.logoutUrls", { ...OAUTH, oauth: { callbackUrls: [CALLBACK], logoutUrls: "https://app.example.com/" } }, 'oauth.logoutUrls must be a list (got "https://app.example.com/")'],
    ["oauth.scopes", { ...OAUTH, oauth: { callbackUrls: [CALLBACK], scopes: "openid email" } }, 'oauth.scopes must be a list (got "openid email")'],
    ["oauth.appClient", { ...OAUTH, oauth: { callbackUrls: [CALLBACK], appClient: "yes" } }, 'oauth.appClient must be true or false (got "yes")'],
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
    ["adopt.userPoolId", { adopt: { ...ADOPT, userPoolId: 1 } }, "adopt.userPoolId must be a string (got 1)"],
    ["adopt.appClientId", { adopt: { ...ADOPT, appClientId: true } }, "adopt.appClientId must be a string (got true)"],
    ["adopt.webClientId", { adopt: { ...ADOPT, webClientId: [] } }, "adopt.webClientId must be a string (got [])"],
    ["adopt.identityPoolId", { adopt: { ...ADOPT, identityPoolId: {} } }, "adopt.identityPoolId must be a string (got {})"],
    ["adopt.step", { adopt: { ...ADOPT, step: 2 } }, "adopt.step must be one of import, harden (got 2)"],
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
    ["a post-confirmation trigger given by name", { triggers: { postConfirmation: "create-profile" } }, 'triggers.postConfirmation must be a Lambda function ARN (got "create-profile")'],
    [
        "a pre-authentication trigger ARN with a wildcard",
        { triggers: { preAuthentication: "arn:aws:lambda:us-east-1:123456789012:function:*" } },
        'triggers.preAuthentication must be a Lambda function ARN (got "arn:aws:lambda:us-east-1:123456789012:function:*")',
    ],
    [
        "a post-authentication trigger that is a queue",
        { triggers: { postAuthentication: "arn:aws:sqs:us-east-1:123456789012:audit" } },
        'triggers.postAuthentication must be a Lambda function ARN (got "arn:aws:sqs:us-east-1:123456789012:audit")',
    ],
    [
        "a pre-token-generation trigger that is a layer",
        { triggers: { preTokenGeneration: "arn:aws:lambda:us-east-1:123456789012:layer:claims:3" } },
        'triggers.preTokenGeneration must be a Lambda function ARN (got "arn:aws:lambda:us-east-1:123456789012:layer:claims:3")',
    ],
    [
        "a custom-message trigger with a short account id",
        { triggers: { customMessage: "arn:aws:lambda:us-east-1:12345:function:messages" } },
        'triggers.customMessage must be a Lambda function ARN (got "arn:aws:lambda:us-east-1:12345:function:messages")',
    ],
    [
        "a migration trigger with a space in its name",
        { triggers: { userMigration: "arn:aws:lambda:us-east-1:123456789012:function:migrate users" } },
        'triggers.userMigration must be a Lambda function ARN (got "arn:aws:lambda:us-east-1:123456789012:function:migrate users")',
    ],
    ["an empty define-auth-challenge trigger", { triggers: { defineAuthChallenge: "" } }, 'triggers.defineAuthChallenge must be a Lambda function ARN (got "")'],
    [
        "a create-auth-challenge trigger without a function name",
        { triggers: { createAuthChallenge: "arn:aws:lambda:us-east-1:123456789012:function:" } },
        'triggers.createAuthChallenge must be a Lambda function ARN (got "arn:aws:lambda:us-east-1:123456789012:function:")',
    ],
    [
        "a verify-auth-challenge trigger with two qualifiers",
        { triggers: { verifyAuthChallengeResponse: "arn:aws:lambda:us-east-1:123456789012:function:verify:live:extra" } },
        'triggers.verifyAuthChallengeResponse must be a Lambda function ARN (got "arn:aws:lambda:us-east-1:123456789012:function:verify:live:extra")',
    ],
    ["an upper-case domain prefix", { domain: { prefix: "Example-Auth" } }, `domain.prefix must be ${PREFIX_FORMAT} (got "Example-Auth")`],
    ["a domain prefix starting with a dash", { domain: { prefix: "-auth" } }, `domain.prefix must be ${PREFIX_FORMAT} (got "-auth")`],
    ["a domain prefix ending with a dash", { domain: { prefix: "auth-" } }, `domain.prefix must be ${PREFIX_FORMAT} (got "auth-")`],
    ["a domain prefix with a dot", { domain: { prefix: "auth.example" } }, `domain.prefix must be ${PREFIX_FORMAT} (got "auth.example")`],
    ["a domain prefix of 64 characters (CreateUserPoolDomain: at most 63)", { domain: { prefix: "a".repeat(64) } }, `domain.prefix must be ${PREFIX_FORMAT} (got "${"a".repeat(64)}")`],
    ["a custom domain that is not fully qualified", { domain: { customDomain: "auth", certificateArn: CERT } }, `domain.customDomain must be ${HOST_FORMAT} (got "auth")`],
    ["a custom domain given as a URL", { domain: { customDomain: "https://auth.example.com", certificateArn: CERT } }, `domain.customDomain must be ${HOST_FORMAT} (got "https://auth.example.com")`],
    ["a wildcard custom domain", { domain: { customDomain: "*.example.com", certificateArn: CERT } }, `domain.customDomain must be ${HOST_FORMAT} (got "*.example.com")`],
    [
        "a certificate outside us-east-1 (CloudFront takes certificates from us-east-1 only)",
        { domain: { customDomain: "auth.example.com", certificateArn: CERT.replace("us-east-1", "eu-west-1") } },
        `domain.certificateArn must be ${CERT_FORMAT} (got "${CERT.replace("us-east-1", "eu-west-1")}")`,
    ],
    [
        "an IAM server certificate instead of an ACM one",
        { domain: { customDomain: "auth.example.com", certificateArn: "arn:aws:iam::123456789012:server-certificate/auth" } },
        `domain.certificateArn must be ${CERT_FORMAT} (got "arn:aws:iam::123456789012:server-certificate/auth")`,
    ],
    ["a managed login version that does not exist", { domain: { ...HOSTED, managedLoginVersion: 3 } }, "domain.managedLoginVersion must be one of 1, 2 (got 3)"],
    ["a plain-http callback URL other than localhost", { domain: HOSTED, oauth: { callbackUrls: [CALLBACK, "http://example.com/callback"] } }, `oauth.callbackUrls[1] must be ${URL_FORMAT} (got "http://example.com/callback")`],
    ["a plain-http loopback address (only localhost is allowed)", { domain: HOSTED, oauth: { callbackUrls: ["http://127.0.0.1/callback"] } }, `oauth.callbackUrls[0] must be ${URL_FORMAT} (got "http://127.0.0.1/callback")`],
    ["a host that only starts with localhost", { domain: HOSTED, oauth: { callbackUrls: ["http://localhost.example.com/callback"] } }, `oauth.callbackUrls[0] must be ${URL_FORMAT} (got "http://localhost.example.com/callback")`],
    ["a callback URL with a fragment", { domain: HOSTED, oauth: { callbackUrls: ["https://app.example.com/callback#done"] } }, `oauth.callbackUrls[0] must be ${URL_FORMAT} (got "https://app.example.com/callback#done")`],
    [
        "a callback URL of 1025 characters",
        { domain: HOSTED, oauth: { callbackUrls: [`https://app.example.com/${"a".repeat(1001)}`] } },
        `oauth.callbackUrls[0] must be ${URL_FORMAT} (got "https://app.example.com/${"a".repeat(1001)}")`,
    ],
    ["a javascript: callback URL", { domain: HOSTED, oauth: { callbackUrls: ["javascript:alert(1)"] } }, `oauth.callbackUrls[0] must be ${URL_FORMAT} (got "javascript:alert(1)")`],
    ["a callback without a scheme", { domain: HOSTED, oauth: { callbackUrls: ["app.example.com/callback"] } }, `oauth.callbackUrls[0] must be ${URL_FORMAT} (got "app.example.com/callback")`],
    ["a callback that is not a string", { domain: HOSTED, oauth: { callbackUrls: [42] } }, "oauth.callbackUrls[0] must be a string (got 42)"],
    ["a plain-http logout URL", { ...OAUTH, oauth: { callbackUrls: [CALLBACK], logoutUrls: ["http://example.com/"] } }, `oauth.logoutUrls[0] must be ${URL_FORMAT} (got "http://example.com/")`],
    ["a scope Cognito does not offer", { ...OAUTH, oauth: { callbackUrls: [CALLBACK], scopes: ["openid", "admin"] } }, `oauth.scopes[1] must be one of ${SCOPES} (got "admin")`],
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
    ["a user pool id that is not one", { adopt: { ...ADOPT, userPoolId: "my-pool" } }, 'adopt.userPoolId must be a user pool id such as ap-northeast-2_AbC123xyZ (got "my-pool")'],
    ["a client id with capitals", { adopt: { ...ADOPT, appClientId: "ABC" } }, 'adopt.appClientId must be an app client id (got "ABC")'],
    ["a client id with a dash", { adopt: { ...ADOPT, webClientId: "a-b" } }, 'adopt.webClientId must be an app client id (got "a-b")'],
    ["an identity pool id without its region", { adopt: { ...ADOPT, identityPoolId: "11111111-2222-3333-4444-555555555555" } }, 'adopt.identityPoolId must be an identity pool id such as ap-northeast-2:<uuid> (got "11111111-2222-3333-4444-555555555555")'],
    ["an adoption step that does not exist", { adopt: { ...ADOPT, step: "apply" } }, 'adopt.step must be one of import, harden (got "apply")'],
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
    [
        "a prefix and a custom domain together",
        { domain: { prefix: "example-auth", customDomain: "auth.example.com", certificateArn: CERT } },
        "domain.prefix must not be set together with domain.customDomain (a pool has one domain)",
    ],
    ["a custom domain without a certificate", { domain: { customDomain: "auth.example.com" } }, "domain.customDomain must come with domain.certificateArn (an ACM certificate in us-east-1 covering it)"],
    [
        "OAuth without a domain",
        { oauth: { callbackUrls: [CALLBACK] } },
        "oauth.callbackUrls must come with a domain (domain.prefix or domain.customDomain): OAuth sign-in runs on the hosted domain",
    ],
    ["more than 100 callback URLs (CreateUserPoolClient: at most 100)", { domain: HOSTED, oauth: { callbackUrls: urls(101) } }, "oauth.callbackUrls must list at most 100 URLs (got 101)"],
    ["more than 100 logout URLs", { ...OAUTH, oauth: { callbackUrls: [CALLBACK], logoutUrls: urls(101) } }, "oauth.logoutUrls must list at most 100 URLs (got 101)"],
    ["the email scope without openid", { ...OAUTH, oauth: { callbackUrls: [CALLBACK], scopes: ["email"] } }, 'oauth.scopes must include openid, which email needs (got ["email"])'],
    [
        "the email, phone and profile scopes without openid",
        { ...OAUTH, oauth: { callbackUrls: [CALLBACK], scopes: ["email", "phone", "profile", "aws.cognito.signin.user.admin"] } },
        'oauth.scopes must include openid, which email, phone, profile need (got ["email","phone","profile","aws.cognito.signin.user.admin"])',
    ],
    ["a repeated scope", { ...OAUTH, oauth: { callbackUrls: [CALLBACK], scopes: ["openid", "email", "openid"] } }, 'oauth.scopes must not repeat a scope (got "openid" twice)'],
    ["OAuth with no scope", { ...OAUTH, oauth: { callbackUrls: [CALLBACK], scopes: [] } }, "oauth.scopes must include at least one scope: an OAuth client must allow some (Cognito AllowedOAuthScopes)"],
    [
        "an adopted pool without its clients and identity pool",
        { adopt: { userPoolId: ADOPT.userPoolId } },
        "adopt.userPoolId must come with adopt.appClientId, adopt.webClientId, adopt.identityPoolId: the pool, both clients and the identity pool are adopted together",
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
    ["a certificate for a prefix domain", { domain: { ...HOSTED, certificateArn: CERT } }, `domain.certificateArn has no effect unless domain.customDomain is set${NO_EFFECT} (got "${CERT}")`],
    ["a managed login version without a domain", { domain: { managedLoginVersion: 1 } }, `domain.managedLoginVersion has no effect unless a domain is set${NO_EFFECT} (got 1)`],
    ["logout URLs without OAuth", { domain: HOSTED, oauth: { logoutUrls: ["https://app.example.com/"] } }, `oauth.logoutUrls has no effect unless oauth.callbackUrls is set${NO_EFFECT} (got ["https://app.example.com/"])`],
    ["scopes without OAuth", { domain: HOSTED, oauth: { scopes: ["openid"] } }, `oauth.scopes has no effect unless oauth.callbackUrls is set${NO_EFFECT} (got ["openid"])`],
    ["no scopes without OAuth (nothing to allow them to)", { domain: HOSTED, oauth: { scopes: [] } }, `oauth.scopes has no effect unless oauth.callbackUrls is set${NO_EFFECT} (got [])`],
    ["OAuth on the App client without OAuth", { domain: HOSTED, oauth: { appClient: true } }, `oauth.appClient has no effect unless oauth.callbackUrls is set${NO_EFFECT} (got true)`],
    ["an App client to adopt without a pool", { adopt: { appClientId: ADOPT.appClientId } }, `adopt.appClientId has no effect unless adopt.userPoolId is set${NO_EFFECT} (got "${ADOPT.appClientId}")`],
    ["a Web client to adopt without a pool", { adopt: { webClientId: ADOPT.webClientId } }, `adopt.webClientId has no effect unless adopt.userPoolId is set${NO_EFFECT} (got "${ADOPT.webClientId}")`],
    ["an identity pool to adopt without a pool", { adopt: { identityPoolId: ADOPT.identityPoolId } }, `adopt.identityPoolId has no effect unless adopt.userPoolId is set${NO_EFFECT} (got "${ADOPT.identityPoolId}")`],
    ["an adoption step without anything to adopt", { adopt: { step: "harden" } }, `adopt.step has no effect unless adopt.userPoolId is set${NO_EFFECT} (got "harden")`],
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

const STATEFUL = ["userPool", "appClient", "webClient", "identityPool", "group"] as const;
/** What makes a child that not every configuration has exist. */
const CREATES: Partial<Record<(typeof STATEFUL)[number], CognitoAuthArgs>> = { group: { groups: [{ name: "admins" }] } };
const ROLE_GROUP = { name: "admins", precedence: 1, statements: [{ Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::admin-bucket/*"] }] };
const WILDCARD_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] });
const WILDCARD_TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sts:*"], Principal: { Service: "lambda.amazonaws.com" } }] });
const waive = (waiver: string) => `; to deploy anyway, waive it: productionWaivers: ["${waiver}"]`;

/** [title, args, the one problem line]: each guarantee the children re-check after a transform. */
const BROKEN_GUARANTEES: [string, CognitoAuthArgs, string][] = [
    ...STATEFUL.map((key): [string, CognitoAuthArgs, string] => [
        `protect on the stateful ${key}`,
        { protect: true, ...CREATES[key], transform: { [key]: (_args: unknown, opts: pulumi.CustomResourceOptions) => void (opts.protect = false) } },
        `transform.${key} must keep protect: true (protect is on for stateful children)`,
    ]),
    ...STATEFUL.map((key): [string, CognitoAuthArgs, string] => [
        `retainOnDelete on the stateful ${key}`,
        { retainOnDelete: true, ...CREATES[key], transform: { [key]: (_args: unknown, opts: pulumi.CustomResourceOptions) => void delete opts.retainOnDelete } },
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
    ["exact actions in a group's replaced policy", { groups: [ROLE_GROUP], transform: { groupPolicy: { policy: WILDCARD_POLICY } } }, 'transform.groupPolicy must keep policy free of wildcard actions (got ["s3:*"])'],
    ["exact actions in a group role's replaced trust policy", { groups: [ROLE_GROUP], transform: { groupRole: { assumeRolePolicy: WILDCARD_TRUST } } }, 'transform.groupRole must keep assumeRolePolicy free of wildcard actions (got ["sts:*"])'],
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

        it("leaves execution-role ARNs given as Outputs unchecked until known, and scopes the role to them", async () => {
            const e = await accepted({ executionRole: { dynamoDbTableArns: [pulumi.output(TABLE)], invokableFunctionArns: [pulumi.output(FN)] } });
            const policy = JSON.parse(named(e.resources, "auth-execution-policy").inputs.policy) as { Statement: { Resource: string[] }[] };
            const resources = policy.Statement.flatMap((st) => st.Resource);
            assert.ok(resources.includes(TABLE) && resources.includes(FN), JSON.stringify(resources));
        });

        it("leaves the other triggers given as Outputs unchecked too, and grants Cognito the invoke permission for them", async () => {
            const e = await accepted({ triggers: { postConfirmation: pulumi.output(FN) } });
            assert.strictEqual(single(e.resources, T.userPool).inputs.lambdaConfig.postConfirmation, FN);
            assert.strictEqual(named(e.resources, "auth-trigger-postConfirmation-invoke", T.permission).inputs.function, FN);
        });

        // Cognito's CallbackURLs: HTTPS, or http://localhost for testing, or an app's own scheme for
        // mobile apps (CreateUserPoolClient; RedirectUrlType: 1–1024 characters, at most 100 URLs).
        it("accepts https, http://localhost and an app's own scheme as redirect URLs, up to 1024 characters and 100 URLs", async () => {
            const long = `https://app.example.com/${"a".repeat(1000)}`;
            assert.strictEqual(long.length, 1024);
            const callbackUrls = [CALLBACK, "http://localhost:3000/callback", "myapp://callback", long, ...urls(96)];
            assert.strictEqual(callbackUrls.length, 100);
            const e = await accepted({ domain: HOSTED, oauth: { callbackUrls, logoutUrls: ["myapp://signed-out", "http://localhost:3000/"] } });
            const web = named(e.resources, "auth-web-client", T.client);
            assert.deepStrictEqual(web.inputs.callbackUrls, callbackUrls);
            assert.deepStrictEqual(web.inputs.logoutUrls, ["myapp://signed-out", "http://localhost:3000/"]);
        });

        it("accepts the admin scope without openid (it needs none)", async () => {
            const e = await accepted({ ...OAUTH, oauth: { callbackUrls: [CALLBACK], scopes: ["aws.cognito.signin.user.admin"] } });
            assert.deepStrictEqual(named(e.resources, "auth-web-client", T.client).inputs.allowedOauthScopes, ["aws.cognito.signin.user.admin"]);
        });
    });

    describe("settings table: checks across settings", () => {
        it("has a case for every row with a check", () => {
            assert.deepStrictEqual(missing(rowsWith((s) => s.check), CHECKS), []);
        });
        for (const [what, args, line] of CHECKS) {
            it(`refuses ${what}`, () => assertRefused(args, [line]));
        }

        // CreateUserPoolDomain refuses these with "Domain cannot contain reserved word: cognito"
        // (aws-amplify/amplify-cli#3854, aws-solutions/content-analysis-on-aws#8): refuse them before deploying.
        for (const prefix of ["my-cognito-auth", "aws-auth", "amazonshop"]) {
            it(`refuses the domain prefix ${JSON.stringify(prefix)}, holding a word Cognito reserves`, () =>
                assertRefused({ domain: { prefix } }, [`domain.prefix must not contain aws, amazon or cognito, words Cognito reserves (got "${prefix}")`]));
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
            await accepted({
                domain: { customDomain: "auth.example.com", certificateArn: CERT, managedLoginVersion: 1 },
                oauth: { callbackUrls: [CALLBACK], logoutUrls: ["https://app.example.com/"], scopes: ["openid"], appClient: true },
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
            [{ triggers: { postConfirm: FN } }, `triggers.postConfirm is not a known setting (did you mean "postConfirmation"?); known: ${TRIGGER_KEYS}`],
            [{ domain: { prefx: "example-auth" } }, 'domain.prefx is not a known setting (did you mean "prefix"?); known: prefix, customDomain, certificateArn, managedLoginVersion'],
            [{ oauth: { callbackUrl: [CALLBACK] } }, 'oauth.callbackUrl is not a known setting (did you mean "callbackUrls"?); known: callbackUrls, logoutUrls, scopes, appClient'],
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
            [{ domain: "example-auth" }, 'domain must be an object (got "example-auth")'],
            [{ oauth: [CALLBACK] }, `oauth must be an object (got ["${CALLBACK}"])`],
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

    describe("one pass: what is checked after what", () => {
        it("suggests the first of two equally close names, in the order given", () => {
            assert.strictEqual(closest("ab", ["ac", "ad"]), "ac");
            assert.strictEqual(closest("ab", ["ad", "ac"]), "ad");
        });

        it("treats an object-level argument given as undefined as not given", async () => {
            // unauthenticatedRole is not created in this configuration: an undefined transform for it does nothing, and is no error.
            const e = await accepted({ passwordPolicy: undefined, tokenValidity: undefined, transform: { userPool: undefined, unauthenticatedRole: undefined } });
            assert.strictEqual(single(e.resources, T.userPool).inputs.passwordPolicy.minimumLength, 8);
        });

        it("reports a malformed shape alone: values are checked once every level is an object", () =>
            assertRefused({ passwordPolicy: 5, mfa: "NEVER" }, ["passwordPolicy must be an object (got 5)"]));

        it("still checks a derived setting that was given, after an earlier problem", () =>
            assertRefused({ production: "yes", deletionProtection: "no" }, ['production must be true or false (got "yes")', 'deletionProtection must be true or false (got "no")']));

        it("reports the environment name derived from a bad component name after an earlier problem, marking only that problem as derived", () =>
            assertRefused({ production: "yes" }, [
                'production must be true or false (got "yes")',
                `environmentName (derived from the component name "1st") must be ${ENV_FORMAT} (got "1st"); set environmentName explicitly`,
            ], { name: "1st" }));

        it("accepts trigger ARNs that are Outputs (AWS checks them at deploy time); plain ones must be well-formed", async () => {
            const e = await accepted({ triggers: { postConfirmation: pulumi.output(FN) } });
            assert.strictEqual(single(e.resources, T.userPool).inputs.lambdaConfig.postConfirmation, FN);
        });

        it("refuses an Action list that mixes plain strings and Outputs", () =>
            assertRefused({ authenticatedRoleStatements: [{ Effect: "Allow", Action: ["s3:GetObject", pulumi.output("s3:PutObject")], Resource: ["*"] }] }, [
                "authenticatedRoleStatements[0].Action must list plain strings, so wildcards can be refused before deployment",
            ]));

        it("has no row that is both an Output-capable input and production-ruled (a rule cannot judge a value known only at deploy time)", () => {
            assert.deepStrictEqual(SETTING_PATHS.filter((p) => (SETTINGS[p] as Setting).input && (SETTINGS[p] as Setting).production), []);
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

        it("fails at apply time on Output statements without an Action list (one empty, one missing), naming each, under the component's heading", async () => {
            const noAction = pulumi.output({ Effect: "Allow", Resource: ["arn:aws:s3:::b/*"] } as unknown as PolicyStatement);
            const missing = pulumi.output(undefined as unknown as PolicyStatement);
            const { error } = await evaluateFailure(() => new CognitoAuth("auth", { iot: { enabled: false }, authenticatedRoleStatements: [noAction, missing] }));
            assert.ok(error instanceof CognitoAuthValidationError, `expected a validation error, got ${error}`);
            const message = 'must name exact actions, no wildcards (got ["(no Action list)"])';
            assert.deepStrictEqual(error.problems, [
                { label: "authenticatedRoleStatements[0].Action", message },
                { label: "authenticatedRoleStatements[1].Action", message },
            ]);
            // The engine prefixes the property it was serializing; the rest is the validation error's own text.
            const lines = error.problems.map((p) => `\n  - ${p.label} ${p.message}`).join("");
            assert.strictEqual(error.message, `error serializing property "policy": CognitoAuth "auth" has invalid arguments: 2 problem(s):${lines}`);
        });

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

    describe("identityProviders", () => {
        const GOOGLE = { clientId: "1234.apps.googleusercontent.com", clientSecret: "google-secret" };
        const APPLE = { servicesId: "com.example.signin", teamId: "TEAM123456", keyId: "KEY1234567", privateKey: "-----BEGIN PRIVATE KEY-----" };
        const OIDC = { name: "Corp", issuer: "https://login.corp.example.com", clientId: "corp-client", clientSecret: "corp-secret" };
        const SAML = { name: "Okta", metadataUrl: "https://okta.example.com/app/metadata", attributeMapping: { email: "mail" } };
        const MAPPING = 'must map pool attributes to provider attributes, { email: "<provider attribute>", … }';
        const NAME = 'must be 3–32 letters, digits or "-"';
        /** [title, identityProviders, the problem lines]; OAuth sign-in is on, as federated sign-in needs. */
        const PROVIDERS: [string, unknown, string[]][] = [
            ["a value that is not an object", "google", ['identityProviders must be an object (got "google")']],
            ["a provider the component does not offer", { facebook: GOOGLE }, ["identityProviders.facebook is not a known provider; known: google, apple, oidc, saml"]],
            ["Google given as a string", { google: "1234.apps.googleusercontent.com" }, ['identityProviders.google must be an object (got "1234.apps.googleusercontent.com")']],
            ["Google given as null", { google: null }, ["identityProviders.google must be an object (got null)"]],
            [
                "an unknown Google setting",
                { google: { ...GOOGLE, secret: "x" } },
                ["identityProviders.google.secret is not a known setting; known: clientId, clientSecret, scopes, attributeMapping"],
            ],
            ["Google without a client id", { google: { clientSecret: "google-secret" } }, ["identityProviders.google.clientId must be set to a non-empty string (got undefined)"]],
            ["Google with an empty secret", { google: { ...GOOGLE, clientSecret: "" } }, ['identityProviders.google.clientSecret must be set (a string or a secret Output) (got "")']],
            ["Google with no scopes", { google: { ...GOOGLE, scopes: [] } }, ["identityProviders.google.scopes must be a non-empty list of scope names (got [])"]],
            ["Google scopes joined in one string", { google: { ...GOOGLE, scopes: ["openid email"] } }, ['identityProviders.google.scopes must be a non-empty list of scope names (got ["openid email"])']],
            // Cognito needs a mapping for every required attribute ("Specifying identity provider attribute mappings").
            ["a Google mapping without email", { google: { ...GOOGLE, attributeMapping: { username: "sub" } } }, ['identityProviders.google.attributeMapping must map email, which the pool requires (got {"username":"sub"})']],
            ["a Google mapping to a non-string", { google: { ...GOOGLE, attributeMapping: { email: 5 } } }, [`identityProviders.google.attributeMapping ${MAPPING} (got {"email":5})`]],
            [
                "Apple without team, key and private key",
                { apple: { servicesId: "com.example.signin" } },
                [
                    "identityProviders.apple.teamId must be set to a non-empty string (got undefined)",
                    "identityProviders.apple.keyId must be set to a non-empty string (got undefined)",
                    "identityProviders.apple.privateKey must be set (a string or a secret Output) (got undefined)",
                ],
            ],
            ["Apple scopes as a string", { apple: { ...APPLE, scopes: "email name" } }, ['identityProviders.apple.scopes must be a non-empty list of scope names (got "email name")']],
            ["an empty Apple mapping", { apple: { ...APPLE, attributeMapping: {} } }, ["identityProviders.apple.attributeMapping must map email, which the pool requires (got {})"]],
            ["OIDC providers that are not a list", { oidc: OIDC }, [`identityProviders.oidc must be a list (got ${JSON.stringify(OIDC)})`]],
            ["an OIDC provider that is not an object", { oidc: ["Corp"] }, ['identityProviders.oidc[0] must be an object (got "Corp")']],
            ["an OIDC provider name with a space", { oidc: [{ ...OIDC, name: "Corp SSO" }] }, [`identityProviders.oidc[0].name ${NAME} (got "Corp SSO")`]],
            ["an OIDC provider name of 33 characters", { oidc: [{ ...OIDC, name: "C".repeat(33) }] }, [`identityProviders.oidc[0].name ${NAME} (got "${"C".repeat(33)}")`]],
            ["an OIDC provider without a name", { oidc: [{ ...OIDC, name: undefined }] }, [`identityProviders.oidc[0].name ${NAME} (got undefined)`]],
            ["an OIDC provider name of 2 characters (Cognito's pattern needs 3)", { oidc: [{ ...OIDC, name: "ab" }] }, [`identityProviders.oidc[0].name ${NAME} (got "ab")`]],
            ["an OIDC provider name with an underscore (Cognito allows one only as the second character)", { oidc: [{ ...OIDC, name: "corp_sso" }] }, [`identityProviders.oidc[0].name ${NAME} (got "corp_sso")`]],
            [
                "an unknown OIDC setting",
                { oidc: [{ ...OIDC, discoveryUrl: "https://login.corp.example.com/.well-known/openid-configuration" }] },
                ["identityProviders.oidc[0].discoveryUrl is not a known setting; known: name, issuer, clientId, clientSecret, scopes, attributesRequestMethod, attributeMapping"],
            ],
            ["an OIDC provider without a client secret", { oidc: [{ ...OIDC, clientSecret: undefined }] }, ["identityProviders.oidc[0].clientSecret must be set (a string or a secret Output) (got undefined)"]],
            ["an OIDC request method Cognito does not use", { oidc: [{ ...OIDC, attributesRequestMethod: "PUT" }] }, ['identityProviders.oidc[0].attributesRequestMethod must be one of GET, POST (got "PUT")']],
            ["an OIDC mapping without email", { oidc: [{ ...OIDC, attributeMapping: { name: "name" } }] }, ['identityProviders.oidc[0].attributeMapping must map email, which the pool requires (got {"name":"name"})']],
            ["SAML providers that are not a list", { saml: "Okta" }, ['identityProviders.saml must be a list (got "Okta")']],
            ["a SAML provider with both metadata URL and document", { saml: [{ ...SAML, metadataXml: "<EntityDescriptor/>" }] }, ["identityProviders.saml[0] must give exactly one of metadataUrl and metadataXml"]],
            ["a SAML provider without metadata", { saml: [{ ...SAML, metadataUrl: undefined }] }, ["identityProviders.saml[0] must give exactly one of metadataUrl and metadataXml"]],
            ["a plain-http metadata URL", { saml: [{ ...SAML, metadataUrl: "http://okta.example.com/app/metadata" }] }, ['identityProviders.saml[0].metadataUrl must be an https:// URL (got "http://okta.example.com/app/metadata")']],
            ["a sign-out flag that is not a boolean", { saml: [{ ...SAML, signOut: "yes" }] }, ['identityProviders.saml[0].signOut must be true or false (got "yes")']],
            ["identifiers that are not a list", { saml: [{ ...SAML, identifiers: "example.com" }] }, ['identityProviders.saml[0].identifiers must be a list of identifiers of 1–40 characters (got "example.com")']],
            ["an identifier of 41 characters", { saml: [{ ...SAML, identifiers: ["i".repeat(41)] }] }, [`identityProviders.saml[0].identifiers must be a list of identifiers of 1–40 characters (got ["${"i".repeat(41)}"])`]],
            ["a SAML provider without a mapping", { saml: [{ ...SAML, attributeMapping: undefined }] }, [`identityProviders.saml[0].attributeMapping ${MAPPING} (got undefined)`]],
            [
                "a SAML mapping without email",
                { saml: [{ ...SAML, attributeMapping: { name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name" } }] },
                ['identityProviders.saml[0].attributeMapping must map email, which the pool requires (got {"name":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"})'],
            ],
            ["an OIDC and a SAML provider of the same name", { oidc: [OIDC], saml: [{ ...SAML, name: "Corp" }] }, ['identityProviders must not repeat a provider name (got "Corp" twice)']],
            ["two OIDC providers of the same name", { oidc: [OIDC, { ...OIDC, clientId: "other" }] }, ['identityProviders must not repeat a provider name (got "Corp" twice)']],
            ["a mapping to an empty provider attribute", { google: { ...GOOGLE, attributeMapping: { email: "" } } }, [`identityProviders.google.attributeMapping ${MAPPING} (got {"email":""})`]],
            ["one scope with a space among good ones", { google: { ...GOOGLE, scopes: ["openid", "email profile"] } }, ['identityProviders.google.scopes must be a non-empty list of scope names (got ["openid","email profile"])']],
            ["an OIDC provider without an issuer (one problem)", { oidc: [{ ...OIDC, issuer: undefined }] }, ["identityProviders.oidc[0].issuer must be an https:// URL without query or fragment (got undefined)"]],
            ["an OIDC issuer with a prefix", { oidc: [{ ...OIDC, issuer: "xhttps://login.corp.example.com" }] }, ['identityProviders.oidc[0].issuer must be an https:// URL without query or fragment (got "xhttps://login.corp.example.com")']],
            ["an OIDC issuer with a query", { oidc: [{ ...OIDC, issuer: "https://login.corp.example.com?tenant=1" }] }, ['identityProviders.oidc[0].issuer must be an https:// URL without query or fragment (got "https://login.corp.example.com?tenant=1")']],
            ["OIDC scopes that are empty", { oidc: [{ ...OIDC, scopes: [] }] }, ["identityProviders.oidc[0].scopes must be a non-empty list of scope names (got [])"]],
            ["a SAML provider that is not an object", { saml: [5] }, ["identityProviders.saml[0] must be an object (got 5)"]],
            ["a metadata URL with a prefix", { saml: [{ ...SAML, metadataUrl: "see https://okta.example.com/app/metadata" }] }, ['identityProviders.saml[0].metadataUrl must be an https:// URL (got "see https://okta.example.com/app/metadata")']],
            ["a metadata URL with a space", { saml: [{ ...SAML, metadataUrl: "https://okta.example.com/app metadata" }] }, ['identityProviders.saml[0].metadataUrl must be an https:// URL (got "https://okta.example.com/app metadata")']],
            ["an empty identifier", { saml: [{ ...SAML, identifiers: ["example.com", ""] }] }, ['identityProviders.saml[0].identifiers must be a list of identifiers of 1–40 characters (got ["example.com",""])']],
            ["an identifier that is not a string", { saml: [{ ...SAML, identifiers: ["example.com", 5] }] }, ['identityProviders.saml[0].identifiers must be a list of identifiers of 1–40 characters (got ["example.com",5])']],
            ["an identifier that is a list", { saml: [{ ...SAML, identifiers: [["example.com"]] }] }, ['identityProviders.saml[0].identifiers must be a list of identifiers of 1–40 characters (got [["example.com"]])']],
            ["a scope that is a list", { google: { ...GOOGLE, scopes: ["openid", ["email"]] } }, ['identityProviders.google.scopes must be a non-empty list of scope names (got ["openid",["email"]])']],
        ];
        for (const [what, providers, lines] of PROVIDERS) {
            it(`refuses ${what}`, () => assertRefused({ ...OAUTH, identityProviders: providers }, lines));
        }

        for (const reserved of ["COGNITO", "Google", "SignInWithApple", "Facebook", "LoginWithAmazon"]) {
            it(`refuses an OIDC or SAML provider named ${reserved}, a name Cognito reserves`, () =>
                assertRefused({ ...OAUTH, identityProviders: { oidc: [{ ...OIDC, name: reserved }], saml: [{ ...SAML, name: reserved }] } }, [
                    `identityProviders.oidc[0].name must not be a name Cognito reserves for its own providers (got "${reserved}")`,
                    `identityProviders.saml[0].name must not be a name Cognito reserves for its own providers (got "${reserved}")`,
                ]));
        }

        // The issuer is set and a string: the message must say what is wrong with it (https:// only).
        it("refuses a plain-http OIDC issuer, saying it must be https://", () =>
            assertRefused({ ...OAUTH, identityProviders: { oidc: [{ ...OIDC, issuer: "http://login.corp.example.com" }] } }, [
                'identityProviders.oidc[0].issuer must be an https:// URL without query or fragment (got "http://login.corp.example.com")',
            ]));

        // Cognito's MetadataFile must be the IdP's metadata document: a number or an empty string reaches AWS otherwise.
        for (const [xml, shown] of [[5, "5"], ["", '""']] as const) {
            it(`refuses a SAML metadata document that is ${shown}`, () =>
                assertRefused({ ...OAUTH, identityProviders: { saml: [{ ...SAML, metadataUrl: undefined, metadataXml: xml }] } }, [
                    `identityProviders.saml[0].metadataXml must be a non-empty string or an Output (got ${shown})`,
                ]));
        }

        it("refuses identity providers without OAuth sign-in (federated users sign in on the hosted pages)", () =>
            assertRefused({ identityProviders: { google: GOOGLE } }, ["identityProviders must come with OAuth sign-in: set oauth.callbackUrls (and a domain); federated users sign in on the hosted pages"]));

        it("reports a missing domain once, on the callback URLs, when providers come with OAuth but no domain", () =>
            assertRefused({ oauth: { callbackUrls: [CALLBACK] }, identityProviders: { google: GOOGLE } }, [
                "oauth.callbackUrls must come with a domain (domain.prefix or domain.customDomain): OAuth sign-in runs on the hosted domain",
            ]));

        it("accepts every kind of provider, secrets given as Outputs or Promises", async () => {
            const e = await accepted({
                ...OAUTH,
                identityProviders: {
                    google: { ...GOOGLE, clientSecret: pulumi.secret("google-secret") },
                    apple: { ...APPLE, privateKey: Promise.resolve("-----BEGIN PRIVATE KEY-----") },
                    oidc: [{ ...OIDC, attributesRequestMethod: "POST", scopes: ["openid", "email"] }],
                    saml: [{ ...SAML, metadataUrl: undefined, metadataXml: pulumi.output("<EntityDescriptor/>"), signOut: true, identifiers: ["example.com"] }],
                },
            });
            assert.deepStrictEqual(named(e.resources, "auth-web-client", T.client).inputs.supportedIdentityProviders, ["COGNITO", "Google", "SignInWithApple", "Corp", "Okta"]);
        });

        it("accepts GET attribute requests, identifiers of 40 characters, a metadata document without sign-out (IDPSignout false), and no providers at all without OAuth", async () => {
            const e = await accepted({
                ...OAUTH,
                identityProviders: {
                    oidc: [{ ...OIDC, attributesRequestMethod: "GET" }],
                    saml: [{ ...SAML, metadataUrl: undefined, metadataXml: "<EntityDescriptor/>", identifiers: ["i".repeat(40)] }],
                },
            });
            // OIDC details hold a client secret, so they are a secret: the mock records the wrapped value.
            const details = (name: string) => {
                const inputs = named(e.resources, `auth-idp-${name}`, "aws:cognito/identityProvider:IdentityProvider").inputs.providerDetails;
                return inputs.value ?? inputs;
            };
            assert.strictEqual(details("Corp").attributes_request_method, "GET");
            assert.deepStrictEqual(details("Okta"), { MetadataFile: "<EntityDescriptor/>", IDPSignout: "false" });
            await accepted({ identityProviders: {} });
        });
    });

    describe("groups", () => {
        const S3_READ = { Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::admin-bucket/*"] };
        const GROUP_NAME = 'must be 1–40 letters, digits, "-" or "_"';
        const PRECEDENCE = "must be a whole number between 0 and 2147483647";
        const GROUP_NOT_PLAIN = "groups[0] must be a plain object, not an Output or a Promise: which children a group gets is decided before deployment";
        const GROUPS: [string, unknown, string[]][] = [
            ["a value that is not a list", { name: "admins" }, ['groups must be a list of groups (got {"name":"admins"})']],
            ["a group that is not an object", ["admins"], ['groups[0] must be an object (got "admins")']],
            ["an unknown group setting", [{ name: "admins", role: "arn:aws:iam::123456789012:role/admins" }], ["groups[0].role is not a known setting; known: name, description, precedence, statements"]],
            ["a name with a space", [{ name: "team a" }], [`groups[0].name ${GROUP_NAME} (got "team a")`]],
            ["an empty name", [{ name: "" }], [`groups[0].name ${GROUP_NAME} (got "")`]],
            ["a name of 41 characters", [{ name: "g".repeat(41) }], [`groups[0].name ${GROUP_NAME} (got "${"g".repeat(41)}")`]],
            ["a group without a name", [{ precedence: 1 }], [`groups[0].name ${GROUP_NAME} (got undefined)`]],
            ["a description that is not a string", [{ name: "admins", description: 5 }], ["groups[0].description must be a string of at most 2048 characters (got 5)"]],
            ["a description of 2049 characters", [{ name: "admins", description: "d".repeat(2049) }], [`groups[0].description must be a string of at most 2048 characters (got "${"d".repeat(2049)}")`]],
            ["a group that is a list", [["admins"]], ['groups[0] must be an object (got ["admins"])']],
            ["a group that is null", [null], ["groups[0] must be an object (got null)"]],
            ["a statement that is null", [{ name: "admins", precedence: 1, statements: [null] }], ["groups[0].statements[0] must have a non-empty Action list (got null)"]],
            ["a group given as an Output", [pulumi.output({ name: "admins" })], [GROUP_NOT_PLAIN]],
            ["a group given as a Promise", [{ name: "users" }, Promise.resolve({ name: "admins" })], [GROUP_NOT_PLAIN.replace("[0]", "[1]")]],
            [
                "a statement with an empty Action list",
                [{ name: "admins", precedence: 1, statements: [{ Effect: "Allow", Action: [], Resource: ["*"] }] }],
                ['groups[0].statements[0] must have a non-empty Action list (got {"Effect":"Allow","Action":[],"Resource":["*"]})'],
            ],
            [
                "an Action list mixing plain strings and Outputs",
                [{ name: "admins", precedence: 1, statements: [{ Effect: "Allow", Action: ["s3:GetObject", pulumi.output("s3:PutObject")], Resource: ["*"] }] }],
                ["groups[0].statements[0].Action must list plain strings, so wildcards can be refused before deployment"],
            ],
            ["a negative precedence", [{ name: "admins", precedence: -1 }], [`groups[0].precedence ${PRECEDENCE} (got -1)`]],
            ["a precedence beyond Cognito's 2147483647", [{ name: "admins", precedence: 2147483648 }], [`groups[0].precedence ${PRECEDENCE} (got 2147483648)`]],
            ["a fractional precedence", [{ name: "admins", precedence: 1.5 }], [`groups[0].precedence ${PRECEDENCE} (got 1.5)`]],
            ["a precedence given as a string", [{ name: "admins", precedence: "1" }], [`groups[0].precedence ${PRECEDENCE} (got "1")`]],
            ["statements that are not a list", [{ name: "admins", precedence: 1, statements: S3_READ }], [`groups[0].statements must be a list of policy statements (got ${JSON.stringify(S3_READ)})`]],
            ["a statement without Action", [{ name: "admins", precedence: 1, statements: [{ Effect: "Allow", Resource: ["*"] }] }], ['groups[0].statements[0] must have a non-empty Action list (got {"Effect":"Allow","Resource":["*"]})']],
            [
                "a statement with a wildcard action",
                [{ name: "admins", precedence: 1, statements: [S3_READ, { ...S3_READ, Action: ["s3:*"] }] }],
                ['groups[0].statements[1].Action must name exact actions, no wildcards (got ["s3:*"])'],
            ],
            [
                "a group with a role but no precedence",
                [{ name: "admins", statements: [S3_READ] }],
                ["groups[0].precedence must be set for a group with a role: it decides which role a member of several groups gets"],
            ],
            ["the same name twice, in different case", [{ name: "Admins" }, { name: "admins" }], ['groups must not repeat a name, case-insensitively (got "admins" twice)']],
            [
                // Cognito developer guide, "Adding groups to a user pool": with equal precedence neither group's role is preferred.
                "two groups with a role and the same precedence",
                [{ name: "admins", precedence: 1, statements: [S3_READ] }, { name: "editors", precedence: 1, statements: [S3_READ] }],
                ["groups must give groups with a role different precedences (got 1 twice): otherwise a member of both gets neither role"],
            ],
        ];
        for (const [what, groups, lines] of GROUPS) {
            it(`refuses ${what}`, () => assertRefused({ groups }, lines));
        }

        it("refuses a statement whose Action is an Output, as it does for the authenticated role", () =>
            assertRefused({ groups: [{ name: "admins", precedence: 1, statements: [{ ...S3_READ, Action: [pulumi.output("s3:GetObject")] }] }] }, [
                "groups[0].statements[0].Action must list plain strings, so wildcards can be refused before deployment",
            ]));

        // The group's role is auto-named "<component>-group-<name>-role" plus "-" and 7 random characters
        // (pulumi/pulumi NewUniqueName), and IAM allows 64: for a component name of 20 characters the
        // longest group name with a role is 64 - 8 - 20 - "-group-".length - "-role".length = 24.
        it("accepts a group name of 24 characters with a role under a 20-character component name, and refuses 25 with the role's length", async () => {
            const component = "my-company-auth-prod";
            assert.strictEqual(component.length, 20);
            const ok = "g".repeat(24);
            const e = await accepted({ groups: [{ name: ok, precedence: 1, statements: [S3_READ] }] }, component);
            assert.strictEqual(named(e.resources, `${component}-group-${ok}-role`, T.role).name.length + AUTO_NAME_SUFFIX_LENGTH, 64);
            const long = "g".repeat(25);
            await assertRefused(
                { groups: [{ name: long, precedence: 1, statements: [S3_READ] }] },
                [`groups[0].name must be shorter: its role "${component}-group-${long}-role" gets a physical name of 65 characters with the provider's "-" and 7 random characters, over IAM's limit of 64`],
                { name: component },
            );
            // Without statements the group has no role, so the name's length does not matter.
            await accepted({ groups: [{ name: long }] }, component);
        });

        it("accepts groups without a role sharing a precedence with each other and with a group with a role", async () => {
            const e = await accepted({ groups: [{ name: "admins", precedence: 1, statements: [S3_READ] }, { name: "readers", precedence: 1 }, { name: "guests", precedence: 1 }] });
            assert.deepStrictEqual(e.resources.filter((r) => r.type === "aws:cognito/userGroup:UserGroup").map((r) => r.inputs.precedence), [1, 1, 1]);
        });

        it("accepts Cognito's limits (a 2048-character description, precedence 0 and 2147483647) and an empty statement list without a precedence (no role)", async () => {
            const e = await accepted({ groups: [{ name: "a", description: "d".repeat(2048), precedence: 0 }, { name: "b", precedence: 2147483647 }, { name: "c", statements: [] }] });
            const groups = e.resources.filter((r) => r.type === "aws:cognito/userGroup:UserGroup");
            assert.deepStrictEqual(groups.map((r) => [r.inputs.name, r.inputs.precedence]).sort(), [["a", 0], ["b", 2147483647], ["c", undefined]]);
            assert.deepStrictEqual(e.resources.filter((r) => r.name.includes("-group-") && r.type === T.role).map((r) => r.name), []);
        });

        // Known only at apply time: fails then, naming the group and the statement as validation would.
        it("fails at apply time on a wildcard inside an Output statement, naming groups[1].statements[1].Action", async () => {
            const { error } = await evaluateFailure(
                () =>
                    new CognitoAuth("auth", {
                        groups: [
                            { name: "admins", precedence: 1, statements: [S3_READ] },
                            { name: "editors", precedence: 2, statements: [S3_READ, pulumi.output({ ...S3_READ, Action: ["s3:Put*"] })] },
                        ],
                    }),
            );
            assert.ok(error instanceof CognitoAuthValidationError, `expected a validation error, got ${error}`);
            assert.deepStrictEqual(error.problems, [{ label: "groups[1].statements[1].Action", message: 'must name exact actions, no wildcards (got ["s3:Put*"])' }]);
        });
    });

    describe("customAttributes", () => {
        const TIER = { name: "tier", type: "String" as const, maxLength: 16 };
        const WHOLE = "must be a whole number, stated so that the pool stores exactly it";
        const ATTRIBUTES: [string, unknown, string[]][] = [
            ["a value that is not a list", TIER, [`customAttributes must be a list of attributes (got ${JSON.stringify(TIER)})`]],
            ["an attribute that is not an object", ["tier"], ['customAttributes[0] must be an object (got "tier")']],
            [
                "an unknown attribute setting",
                [{ ...TIER, required: true }],
                ["customAttributes[0].required is not a known setting; known: name, type, mutable, minLength, maxLength, minValue, maxValue"],
            ],
            ["a name with the custom: prefix", [{ ...TIER, name: "custom:tier" }], ['customAttributes[0].name must be 1–20 letters, digits or "_" (got "custom:tier")']],
            ["a name of 21 characters", [{ ...TIER, name: "t".repeat(21) }], [`customAttributes[0].name must be 1–20 letters, digits or "_" (got "${"t".repeat(21)}")`]],
            ["a name with a dash", [{ ...TIER, name: "plan-tier" }], ['customAttributes[0].name must be 1–20 letters, digits or "_" (got "plan-tier")']],
            ["a type Cognito's custom attributes do not have here", [{ name: "vip", type: "Boolean" }], ['customAttributes[0].type must be one of String, Number (got "Boolean")']],
            ["an attribute without a type", [{ name: "vip" }], ["customAttributes[0].type must be one of String, Number (got undefined)"]],
            ["mutable given as a string", [{ ...TIER, mutable: "yes" }], ['customAttributes[0].mutable must be true or false (got "yes")']],
            ["a String attribute with a minimum value", [{ ...TIER, minValue: 1 }], ["customAttributes[0].minValue has no effect on a String attribute: remove it (got 1)"]],
            ["a String attribute with a maximum value", [{ ...TIER, maxValue: 9 }], ["customAttributes[0].maxValue has no effect on a String attribute: remove it (got 9)"]],
            ["a negative minimum length", [{ ...TIER, minLength: -1 }], ["customAttributes[0].minLength must be a whole number between 0 and 2048 (got -1)"]],
            ["a maximum length of 0", [{ ...TIER, maxLength: 0 }], ["customAttributes[0].maxLength must be a whole number between 1 and 2048 (got 0)"]],
            ["a maximum length over 2048", [{ ...TIER, maxLength: 2049 }], ["customAttributes[0].maxLength must be a whole number between 1 and 2048 (got 2049)"]],
            ["a minimum length over the maximum", [{ ...TIER, minLength: 17 }], ["customAttributes[0].minLength must not exceed maxLength (got 17 > 16)"]],
            // One problem for one bad value: the comparison with the default maximum would only repeat it.
            ["a minimum length over 2048", [{ name: "bio", type: "String", minLength: 3000 }], ["customAttributes[0].minLength must be a whole number between 0 and 2048 (got 3000)"]],
            ["a Number attribute with a length", [{ name: "seats", type: "Number", minValue: 1, maxValue: 9, maxLength: 5 }], ["customAttributes[0].maxLength has no effect on a Number attribute: remove it (got 5)"]],
            [
                "a Number attribute without its bounds (an omitted bound makes every preview propose a change, pulumi/pulumi#8937)",
                [{ name: "seats", type: "Number" }],
                [`customAttributes[0].minValue ${WHOLE} (got undefined)`, `customAttributes[0].maxValue ${WHOLE} (got undefined)`],
            ],
            ["a fractional bound", [{ name: "ratio", type: "Number", minValue: 0.5, maxValue: 1 }], [`customAttributes[0].minValue ${WHOLE} (got 0.5)`]],
            ["a minimum value over the maximum", [{ name: "seats", type: "Number", minValue: 10, maxValue: 1 }], ["customAttributes[0].minValue must not exceed maxValue (got 10 > 1)"]],
            ["the same name twice", [TIER, { name: "tier", type: "Number", minValue: 0, maxValue: 9 }], ['customAttributes must not repeat a name (got "tier" twice)']],
            ["an attribute that is a list", [["tier"]], ['customAttributes[0] must be an object (got ["tier"])']],
            ["an attribute that is null", [null], ["customAttributes[0] must be an object (got null)"]],
            ["a Number attribute with a minimum length", [{ name: "seats", type: "Number", minValue: 1, maxValue: 9, minLength: 1 }], ["customAttributes[0].minLength has no effect on a Number attribute: remove it (got 1)"]],
            ["a bound given as a string", [{ name: "seats", type: "Number", minValue: "1", maxValue: 9 }], [`customAttributes[0].minValue ${WHOLE} (got "1")`]],
            [
                "51 attributes, over Cognito's limit of 50",
                Array.from({ length: 51 }, (_, i) => ({ name: `a${i}`, type: "String" })),
                ["customAttributes must hold at most 50 attributes, Cognito's limit (got 51)"],
            ],
        ];
        for (const [what, attributes, lines] of ATTRIBUTES) {
            it(`refuses ${what}`, () => assertRefused({ customAttributes: attributes }, lines));
        }

        it("accepts bounds that are equal and lengths at Cognito's limit, and a Number attribute is mutable unless stated", async () => {
            const e = await accepted({
                customAttributes: [
                    { name: "code", type: "String", minLength: 2048, maxLength: 2048 },
                    { name: "seats", type: "Number", minValue: 4, maxValue: 4 },
                ],
            });
            assert.deepStrictEqual(single(e.resources, T.userPool).inputs.schemas.slice(1), [
                { name: "code", attributeDataType: "String", mutable: true, required: false, developerOnlyAttribute: false, stringAttributeConstraints: { minLength: "2048", maxLength: "2048" } },
                { name: "seats", attributeDataType: "Number", mutable: true, required: false, developerOnlyAttribute: false, numberAttributeConstraints: { minValue: "4", maxValue: "4" } },
            ]);
        });

        it("accepts 50 attributes", async () => {
            const e = await accepted({ customAttributes: Array.from({ length: 50 }, (_, i) => ({ name: `a${i}`, type: "String" as const })) });
            assert.strictEqual(single(e.resources, T.userPool).inputs.schemas.length, 51);
        });

        // Cognito can add custom attributes but never change or remove one (AddCustomAttributes;
        // terraform-provider-aws user_pool.go: "cannot modify or remove schema items").
        const WAS = '{"name":"tier","type":"String","mutable":true,"minLength":0,"maxLength":16}';
        const PREVIOUS: [string, unknown, unknown, string[]][] = [
            ["previous attributes that are not a list", [TIER], 5, ["previousCustomAttributes must be a list of attributes (got 5)"]],
            ["previous attributes that are not well-formed (reported alone: a comparison with them would say nothing)", [TIER], [{ name: "tier", type: "Text" }], ['previousCustomAttributes[0].type must be one of String, Number (got "Text")']],
            ["a bad attribute while previous ones are given (its own problem only)", [{ ...TIER, maxLength: 0 }], [TIER], ["customAttributes[0].maxLength must be a whole number between 1 and 2048 (got 0)"]],
            ["removing an attribute the pool has", [{ name: "plan", type: "String" }], [TIER], [`customAttributes must keep "tier": the pool has it, and Cognito cannot remove a custom attribute (it was ${WAS})`]],
            ["removing every attribute", undefined, [TIER], [`customAttributes must keep "tier": the pool has it, and Cognito cannot remove a custom attribute (it was ${WAS})`]],
            [
                "changing an attribute's maximum length",
                [{ ...TIER, maxLength: 32 }],
                [TIER],
                [`customAttributes must keep "tier" as it is: Cognito cannot change a custom attribute (it was ${WAS}, got {"name":"tier","type":"String","mutable":true,"minLength":0,"maxLength":32})`],
            ],
            [
                "making an attribute immutable",
                [{ ...TIER, mutable: false }],
                [TIER],
                [`customAttributes must keep "tier" as it is: Cognito cannot change a custom attribute (it was ${WAS}, got {"name":"tier","type":"String","mutable":false,"minLength":0,"maxLength":16})`],
            ],
        ];
        for (const [what, current, previous, lines] of PREVIOUS) {
            it(`refuses ${what} (previousCustomAttributes given plain), creating nothing`, () => assertRefused({ customAttributes: current, previousCustomAttributes: previous }, lines));
        }

        it("accepts previous attributes stated with or without their defaults, plus a new one", async () => {
            const e = await accepted({
                customAttributes: [{ name: "tier", type: "String", mutable: true, minLength: 0, maxLength: 16 }, { name: "plan", type: "String" }],
                previousCustomAttributes: [TIER],
            });
            assert.deepStrictEqual(single(e.resources, T.userPool).inputs.schemas.map((schema: { name: string }) => schema.name), ["email", "tier", "plan"]);
        });

        // As a StackReference output, the previous attributes are known only at apply time: the pool's
        // schema then fails with the validation error validation would have given.
        it("fails at apply time, naming customAttributes, when previousCustomAttributes arrives as an Output and an attribute is removed", async () => {
            const { error } = await evaluateFailure(() => new CognitoAuth("auth", { customAttributes: [{ name: "plan", type: "String" }], previousCustomAttributes: pulumi.output([TIER]) }));
            assert.ok(error instanceof CognitoAuthValidationError, `expected a validation error, got ${error}`);
            assert.deepStrictEqual(error.problems, [
                { label: "customAttributes", message: `must keep "tier": the pool has it, and Cognito cannot remove a custom attribute (it was ${WAS})` },
            ]);
            // The SDK prefixes the property it was serializing when the error surfaced.
            assert.strictEqual(error.message, `error serializing property "schemas": ${report('CognitoAuth "auth" has invalid arguments', [`customAttributes ${error.problems[0].message}`])}`);
        });

        it("accepts an additive change when previousCustomAttributes arrives as an Output", async () => {
            const e = await accepted({ customAttributes: [TIER, { name: "plan", type: "String" }], previousCustomAttributes: pulumi.output([TIER]) });
            assert.deepStrictEqual(single(e.resources, T.userPool).inputs.schemas.map((schema: { name: string }) => schema.name), ["email", "tier", "plan"]);
        });
    });

    describe("transforms", () => {
        it("accepts production transforms that stay within the guarantees: MFA OPTIONAL, threat protection AUDIT", async () => {
            const e = await accepted({ ...PROD, transform: { userPool: { mfaConfiguration: "OPTIONAL", userPoolAddOns: { advancedSecurityMode: "AUDIT" } } } });
            const pool = single(e.resources, T.userPool).inputs;
            assert.deepStrictEqual([pool.mfaConfiguration, pool.userPoolAddOns], ["OPTIONAL", { advancedSecurityMode: "AUDIT" }]);
        });

        it("accepts a production transform that makes MFA required", async () => {
            const e = await accepted({ ...PROD, transform: { userPool: { mfaConfiguration: "ON" } } });
            assert.strictEqual(single(e.resources, T.userPool).inputs.mfaConfiguration, "ON");
        });

        it("configures no TOTP when MFA is off", async () => {
            const pool = single((await accepted({ mfa: "OFF" })).resources, T.userPool).inputs;
            assert.deepStrictEqual([pool.mfaConfiguration, "softwareTokenMfaConfiguration" in pool], ["OFF", false]);
        });

        // An adopted resource must stay imported and protected: a transform cannot turn the import into a create.
        for (const [what, change] of [
            ["drops the import", (_args: object, opts: { import?: string; protect?: boolean }) => void (opts.import = undefined)],
            ["unprotects it", (_args: object, opts: { import?: string; protect?: boolean }) => void (opts.protect = false)],
        ] as const) {
            it(`refuses a transform that ${what} on an adopted child`, () =>
                assertRefused({ adopt: ADOPT, transform: { identityPool: change } }, [
                    `transform.identityPool must keep import: "${ADOPT.identityPoolId}" and protect: true (an adopted resource is protected from the start)`,
                ], { kind: "transforms" }));
        }

        it("refuses an unknown transform key, suggesting the child", () =>
            assertRefused({ transform: { userPools: {} } }, [`transform.userPools is not a child of the component (did you mean "userPool"?); known: ${CHILD_KEY_LIST}`]));

        it("refuses a transform that is neither a function nor an object", () =>
            assertRefused({ transform: { userPool: "ACTIVE" } }, ['transform.userPool must be a function or a partial args object (got "ACTIVE")']));

        it("refuses a transform of a child this configuration does not create (it would do nothing)", () =>
            assertRefused({ transform: { unauthenticatedRole: { description: "guests" } } }, [
                "transform.unauthenticatedRole has no effect: this configuration creates no unauthenticatedRole (logical name auth-unauthenticated-role)",
            ], { kind: "transforms" }));

        it("refuses a transform of a per-item child this configuration does not create, naming its logical name pattern", () =>
            assertRefused({ transform: { identityProvider: { attributeMapping: { email: "mail" } } } }, [
                "transform.identityProvider has no effect: this configuration creates no identityProvider (logical name auth-idp-<item>)",
            ], { kind: "transforms" }));

        it("applies a per-item child's transform to each item, with that item's logical name", async () => {
            const seen: string[] = [];
            const e = await accepted({ groups: [{ name: "admins" }, { name: "readers" }], transform: { group: (args, _opts, name) => void (seen.push(name), (args.description = `group ${name}`)) } });
            assert.deepStrictEqual(seen, ["auth-group-admins", "auth-group-readers"]);
            assert.strictEqual(named(e.resources, "auth-group-readers").inputs.description, "group auth-group-readers");
        });

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
