// The settings table: every scalar setting of the component, once. Defaults, derivations, allowed
// values, production rules, config keys and descriptions all live here; resolution, validation,
// stack-config parsing, the Pulumi.yaml config block, the README tables and the TSDoc of the args
// are produced from it (`npm run docs`), and tests hold the generated copies equal.
import { emailDomain } from "../lambdas/preSignUp";
import type { CognitoAuthArgs, ResolvedArgs } from "./args";

export type SettingValue = string | number | boolean | readonly unknown[] | undefined;

/** Every production rule, by the id a deployment names to waive it (`productionWaivers`). */
export const PRODUCTION_WAIVERS = [
    "password-policy",
    "mfa",
    "threat-protection",
    "deletion-protection",
    "protect",
    "retain-on-delete",
    "auto-confirm",
    "unauthenticated-identities",
    "password-auth",
    "remember-devices",
    "cognito-email",
] as const;
export type ProductionWaiver = (typeof PRODUCTION_WAIVERS)[number];

/** What a setting's derivation and rules may read: the settings resolved so far and the raw args. */
export interface SettingContext {
    /** The component's name. */
    name: string;
    args: CognitoAuthArgs;
}

type Resolved = ResolvedArgs;

export interface Setting {
    /** Value type; `string[]` items may be `pulumi.Input`s where `input` is set. */
    type: "boolean" | "integer" | "string" | "string[]";
    /** Stack config key (`<project>:<key>`), when the stack program may set it. */
    config?: string;
    /** Static default; undefined with no `derive` means "unset". */
    default?: SettingValue;
    /**
     * The key's default in Pulumi.yaml, where it is not the table's: the CLI needs a value of the key's
     * type, and "" (derived or unset) is no boolean. Must produce the same derived value.
     */
    configDefault?: SettingValue;
    /** A default computed from settings earlier in the table (or the component name). */
    derive?: { text: string; value: (s: Resolved, ctx: SettingContext) => SettingValue };
    /** Allowed values (of the string, or of each item). */
    oneOf?: readonly string[];
    /** Allowed range of an integer. */
    range?: { min: number; max: number; unit?: string };
    /** A format the string (or each item) must have; `text` completes "must be …". */
    format?: { test: (v: string) => boolean; text: string };
    /** Further checks; returns a message completing "<path> must …", or undefined. */
    check?: (v: never, s: Resolved) => string | undefined;
    /** The value may be a `pulumi.Input` (an Output or Promise): checked only when it is plain. */
    input?: boolean;
    /** A production rule: what must hold in production unless the deployment waives it. */
    production?: { waiver: ProductionWaiver; holds: (v: never, s: Resolved) => boolean; requirement: string; why?: string };
    /** When the setting has an effect at all; setting it otherwise is an error, not a silent no-op. */
    appliesWhen?: { holds: (s: Resolved) => boolean; text: string };
    description: string;
}

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** `my-auth_stack` → `MyAuthStack`: the default display-name prefix. */
export function pascalCase(name: string): string {
    return name
        .split(/[^A-Za-z0-9]/)
        .filter(Boolean)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join("");
}

const isEmail = (v: string) => emailDomain(v) !== undefined && !/\s/.test(v);
/** The address of a sender given as `Name <address>` (a name of at most 100 characters) or bare. */
const senderAddress = (v: string): string => /^[^<>]{1,100} <([^<>\s]+)>$/.exec(v)?.[1] ?? v;
/** `Name <address>` or a bare address, as Cognito's `From` takes it. */
const isFromAddress = (v: string) => isEmail(senderAddress(v));
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;
const SES_IDENTITY_ARN = /^arn:aws[a-z-]*:ses:([a-z0-9-]+):\d{12}:identity\/([^\s*/]+)$/;
/**
 * Cognito sends DEVELOPER e-mail through SES in the pool's own region, or, for the regions of its
 * original SES integration, in one alternate region (Cognito developer guide, "Amazon SES email
 * configuration regions": us-east-1, us-west-2 or eu-west-1 by pool region).
 */
const SES_ALTERNATE_REGION: Record<string, string> = {
    "ca-central-1": "us-east-1",
    "us-east-2": "us-east-1",
    "ap-northeast-1": "us-west-2",
    "ap-northeast-2": "us-west-2",
    "ap-south-1": "us-west-2",
    "ap-southeast-1": "us-west-2",
    "ap-southeast-2": "us-west-2",
    "eu-central-1": "eu-west-1",
    "eu-west-2": "eu-west-1",
};
export const sesRegionsFor = (poolRegion: string): string[] => [poolRegion, ...(SES_ALTERNATE_REGION[poolRegion] ? [SES_ALTERNATE_REGION[poolRegion]] : [])];
const CHARACTER_CLASSES = ["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"] as const;

/** A trigger pointed at a function of the consumer's: the component adds the invoke permission. */
const trigger = (description: string): Setting => ({
    type: "string",
    input: true,
    format: { test: (v) => LAMBDA_ARN.test(v), text: "a Lambda function ARN" },
    description: `${description} The component grants Cognito permission to invoke it from this pool only.`,
});
const adopting = { holds: (s: Resolved) => s.adopt.userPoolId !== undefined, text: "adopt.userPoolId is set" };
/** Whether the pool gets a hosted domain (a prefix or a custom one). */
export const hasDomain = (s: Resolved) => s.domain.prefix !== undefined || s.domain.customDomain !== undefined;
const oauthOn = { holds: (s: Resolved) => s.oauth.callbackUrls.length > 0, text: "oauth.callbackUrls is set" };
const isHostName = (v: string) => v.length <= 253 && /^(?=[a-z0-9-]{1,63}\.)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(v);
/**
 * A redirect URL Cognito accepts (UserPoolClient CallbackURLs): HTTPS, or http://localhost for
 * testing, or an app's own scheme for mobile apps; no fragment; 1–1024 characters.
 */
function isRedirectUrl(v: string): boolean {
    if (v.length > 1024 || v.includes("#")) return false;
    let url: URL;
    try {
        url = new URL(v);
    } catch {
        return false;
    }
    // The WHATWG URL parser has already refused a malformed scheme and an https: URL without a host.
    if (url.protocol === "http:") return url.hostname === "localhost";
    return !["javascript:", "data:", "file:", "ftp:"].includes(url.protocol);
}

const builtInPreSignUp = { holds: (s: Resolved) => s.triggers.preSignUp === undefined, text: "the built-in PreSignUp function is used (triggers.preSignUp unset)" };
const whenAlarms = (extra?: { holds: (s: Resolved) => boolean; text: string }) => ({
    holds: (s: Resolved) => s.alarms.enabled && (extra?.holds(s) ?? true),
    text: `alarms.enabled is true${extra ? ` and ${extra.text}` : ""}`,
});
const whenSes = { holds: (s: Resolved) => s.email.sesIdentityArn !== undefined, text: "email.sesIdentityArn is set (sending through SES)" };
const notWaived = (waiver: ProductionWaiver) => `waive it: productionWaivers: ["${waiver}"]`;

const passwordClass = (what: string): Setting => ({
    type: "boolean",
    config: "passwordRequireCharacterClasses",
    default: true,
    production: { waiver: "password-policy", holds: (v: boolean) => v, requirement: "be true" },
    description: `Require ${what} in passwords.`,
});

/**
 * The table. Order matters: a derivation reads only settings above it. Keys are argument paths; the
 * `satisfies` clause makes a scalar argument of `CognitoAuthArgs` without a row a compile error.
 */
export const SETTINGS = {
    production: {
        type: "boolean",
        config: "production",
        default: false,
        description:
            "A production deployment: a preset that turns on deletion protection, Pulumi protect and retainOnDelete, the PLUS plan with threat protection enforced, and the production rules (each can be waived by name with productionWaivers).",
    },
    productionWaivers: {
        type: "string[]",
        config: "productionWaivers",
        default: [],
        oneOf: PRODUCTION_WAIVERS,
        appliesWhen: { holds: (s) => s.production, text: "production is true" },
        description: "Production rules this deployment knowingly breaks, each by name; every waived rule must really be broken, so a stale waiver is an error too.",
    },
    environmentName: {
        type: "string",
        config: "environmentName",
        derive: { text: "the component's name in PascalCase", value: (_s, ctx) => pascalCase(ctx.name) },
        format: { test: (v) => /^[A-Za-z][A-Za-z0-9]{0,31}$/.test(v), text: "1–32 letters or digits starting with a letter, usable in resource names" },
        description:
            "Prefix of the display names (<prefix>UserPool, <prefix>App, <prefix>Web, <prefix>IdentityPool): the template's Environment parameter. Changing it replaces the identity pool.",
    },
    deletionProtection: {
        type: "boolean",
        derive: { text: "production", value: (s) => s.production },
        production: { waiver: "deletion-protection", holds: (v: boolean) => v, requirement: "be true" },
        description: "Cognito deletion protection on the user pool: AWS refuses to delete it while this is on.",
    },
    protect: {
        type: "boolean",
        derive: { text: "production", value: (s) => s.production },
        production: { waiver: "protect", holds: (v: boolean) => v, requirement: "be true" },
        description: "Pulumi protect on the stateful children (user pool, identity pool, both clients): the engine refuses to delete or replace them.",
    },
    retainOnDelete: {
        type: "boolean",
        derive: { text: "production", value: (s) => s.production },
        production: { waiver: "retain-on-delete", holds: (v: boolean) => v, requirement: "be true" },
        description: "Pulumi retainOnDelete on the stateful children: `pulumi destroy` leaves them in AWS.",
    },
    allowedEmailDomains: {
        type: "string[]",
        config: "allowedEmailDomains",
        default: [],
        format: { test: (d) => emailDomain(`user@${d}`) === d.toLowerCase(), text: 'a well-formed ASCII domain name such as "example.com"' },
        check: (v: readonly string[]) => {
            const lower = v.map((d) => d.toLowerCase());
            const dupe = lower.find((d, i) => lower.indexOf(d) !== i);
            if (dupe) return `not repeat a domain (got ${JSON.stringify(dupe)} twice)`;
            // Lambda allows 4 KB of environment variables in all.
            if (lower.join(",").length > 3500) return `fit in 3500 characters joined (got ${lower.join(",").length})`;
            return undefined;
        },
        appliesWhen: builtInPreSignUp,
        description: "E-mail domains allowed to sign up, compared exactly and case-insensitively. Empty lets anyone sign up.",
    },
    autoConfirmSignUps: {
        type: "boolean",
        config: "autoConfirmSignUps",
        default: false,
        appliesWhen: builtInPreSignUp,
        production: { waiver: "auto-confirm", holds: (v: boolean) => !v, requirement: "be false", why: "anyone could sign up with an address they do not own" },
        description: "Confirm self sign-ups and mark their e-mail verified without a code (development convenience).",
    },
    "passwordPolicy.minimumLength": {
        type: "integer",
        config: "passwordMinimumLength",
        default: 8,
        range: { min: 6, max: 99 },
        production: { waiver: "password-policy", holds: (v: number) => v >= 8, requirement: "be at least 8" },
        description: "Minimum password length.",
    },
    "passwordPolicy.requireLowercase": passwordClass("a lower-case letter"),
    "passwordPolicy.requireUppercase": passwordClass("an upper-case letter"),
    "passwordPolicy.requireNumbers": passwordClass("a digit"),
    "passwordPolicy.requireSymbols": passwordClass("a symbol"),
    mfa: {
        type: "string",
        config: "mfa",
        default: "OPTIONAL",
        oneOf: ["OFF", "OPTIONAL", "ON"],
        production: { waiver: "mfa", holds: (v: string) => v !== "OFF", requirement: "be OPTIONAL or ON" },
        description: "Multi-factor authentication with TOTP authenticator apps; ON makes it mandatory for every user.",
    },
    deviceRemembering: {
        type: "string",
        config: "deviceRemembering",
        default: "USER_OPT_IN",
        oneOf: ["OFF", "USER_OPT_IN", "ALWAYS"],
        production: {
            waiver: "remember-devices",
            holds: (v: string) => v !== "ALWAYS",
            requirement: "be USER_OPT_IN or OFF",
            why: "a remembered device signs in without the MFA step, and ALWAYS remembers every device without asking",
        },
        description:
            "Remembered devices skip MFA on later sign-ins. USER_OPT_IN remembers a device only when the user asks (the app calls UpdateDeviceStatus); ALWAYS remembers every device, as the original template did; OFF tracks no devices.",
    },
    featurePlan: {
        type: "string",
        config: "featurePlan",
        derive: { text: '"PLUS" in production, else "ESSENTIALS"', value: (s) => (s.production ? "PLUS" : "ESSENTIALS") },
        oneOf: ["ESSENTIALS", "PLUS"],
        description: "Cognito feature plan. Threat protection needs PLUS, which AWS bills per monthly active user on top of ESSENTIALS.",
    },
    threatProtection: {
        type: "string",
        config: "threatProtection",
        derive: { text: '"ENFORCED" in production on PLUS, else "OFF"', value: (s) => (s.production && s.featurePlan === "PLUS" ? "ENFORCED" : "OFF") },
        oneOf: ["OFF", "AUDIT", "ENFORCED"],
        check: (v: string, s) => (v !== "OFF" && s.featurePlan !== "PLUS" ? `be OFF unless featurePlan is PLUS (got ${JSON.stringify(v)} with ${JSON.stringify(s.featurePlan)})` : undefined),
        production: {
            waiver: "threat-protection",
            holds: (v: string) => v !== "OFF",
            requirement: "be AUDIT or ENFORCED",
            why: "it needs featurePlan PLUS, billed per monthly active user on top of ESSENTIALS (https://aws.amazon.com/cognito/pricing/)",
        },
        description: "Threat protection (formerly advanced security): compromised-credential and account-takeover detection. AUDIT only records risks; ENFORCED also blocks or challenges risky sign-ins.",
    },
    "tokenValidity.accessTokenMinutes": {
        type: "integer",
        config: "accessTokenValidityMinutes",
        default: 60,
        range: { min: 5, max: 1440, unit: " minutes" },
        description: "Access-token lifetime of both clients.",
    },
    "tokenValidity.idTokenMinutes": {
        type: "integer",
        config: "idTokenValidityMinutes",
        default: 60,
        range: { min: 5, max: 1440, unit: " minutes" },
        description: "ID-token lifetime of both clients.",
    },
    "tokenValidity.refreshTokenDays": {
        type: "integer",
        config: "refreshTokenValidityDays",
        default: 365,
        range: { min: 1, max: 3650, unit: " days" },
        check: (v: number, s) =>
            v * 1440 <= Math.max(s.tokenValidity.accessTokenMinutes, s.tokenValidity.idTokenMinutes) ? `last longer than the access and ID tokens (got ${v} days)` : undefined,
        description: "Refresh-token lifetime of both clients, in whole days (AWS's limit is ten years).",
    },
    allowPasswordAuth: {
        type: "boolean",
        config: "allowPasswordAuth",
        default: false,
        production: { waiver: "password-auth", holds: (v: boolean) => !v, requirement: "be false", why: "the password itself travels to Cognito; SRP never sends it" },
        description: "Also allow USER_PASSWORD_AUTH on both clients (SRP and refresh are always allowed).",
    },
    allowUnauthenticatedIdentities: {
        type: "boolean",
        config: "allowUnauthenticatedIdentities",
        default: false,
        production: { waiver: "unauthenticated-identities", holds: (v: boolean) => !v, requirement: "be false", why: "anyone on the internet could get AWS credentials" },
        description: "Give identities that have not signed in AWS credentials (an unauthenticated role without permissions).",
    },
    "iot.enabled": {
        type: "boolean",
        config: "iot",
        default: true,
        description: "AWS IoT for signed-in identities: the IoT policy, the role's IoT grants and the attach endpoint. False creates none of them.",
    },
    "iot.topicPrefix": {
        type: "string",
        config: "iotTopicPrefix",
        default: "devices",
        format: {
            test: (v) => /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(v) && v.length <= 100,
            text: '1–100 characters of letters, digits, "_", "-" in "/"-separated levels, without MQTT wildcards or "$"',
        },
        appliesWhen: { holds: (s) => s.iot.enabled, text: "iot.enabled is true" },
        description: "Each identity may use the topics <prefix>/<identity id>/* and nothing else.",
    },
    logRetentionDays: {
        type: "integer",
        config: "logRetentionDays",
        default: 30,
        oneOf: LOG_RETENTION_DAYS.map(String),
        appliesWhen: { holds: (s) => s.triggers.preSignUp === undefined || s.iot.enabled, text: "a built-in function exists (the PreSignUp function or the IoT attach endpoint)" },
        description: "Retention of the built-in functions' log groups, in days (a CloudWatch Logs retention value).",
    },
    "triggers.preSignUp": {
        type: "string",
        input: true,
        format: { test: (v) => LAMBDA_ARN.test(v), text: "a Lambda function ARN" },
        description: "Use this existing function as the PreSignUp trigger instead of the built-in one; the component then only grants Cognito permission to invoke it.",
    },
    "triggers.postConfirmation": trigger("Post confirmation: runs after a user confirms (e.g. to create their profile)."),
    "triggers.preAuthentication": trigger("Pre authentication: may refuse a sign-in."),
    "triggers.postAuthentication": trigger("Post authentication: runs after a sign-in (e.g. auditing)."),
    "triggers.preTokenGeneration": trigger("Pre token generation, event version 2: may change ID- and access-token claims."),
    "triggers.customMessage": trigger("Custom message: writes the verification and invitation messages."),
    "triggers.userMigration": trigger("User migration: signs in users of a legacy directory and moves them into the pool."),
    "triggers.defineAuthChallenge": trigger("Define auth challenge (custom authentication flow)."),
    "triggers.createAuthChallenge": trigger("Create auth challenge (custom authentication flow)."),
    "triggers.verifyAuthChallengeResponse": trigger("Verify auth challenge response (custom authentication flow)."),
    "domain.prefix": {
        type: "string",
        config: "domainPrefix",
        format: { test: (v) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(v), text: "1–63 lower-case letters, digits and \"-\", not starting or ending with \"-\"" },
        check: (v: string, s) => {
            if (s.domain.customDomain !== undefined) return "not be set together with domain.customDomain (a pool has one domain)";
            // Cognito refuses these at deploy: "Domain cannot contain reserved word" (aws-amplify/amplify-cli#3854).
            const reserved = ["aws", "amazon", "cognito"].filter((w) => v.includes(w));
            return reserved.length > 0 ? `not contain aws, amazon or cognito, words Cognito reserves (got ${JSON.stringify(v)})` : undefined;
        },
        description: "Cognito prefix domain: sign-in pages at https://<prefix>.auth.<region>.amazoncognito.com.",
    },
    "domain.customDomain": {
        type: "string",
        config: "customDomain",
        format: { test: isHostName, text: "a fully qualified host name such as auth.example.com" },
        check: (_v: string, s) => (s.domain.certificateArn === undefined ? "come with domain.certificateArn (an ACM certificate in us-east-1 covering it)" : undefined),
        description:
            "Custom domain for the sign-in pages (e.g. auth.example.com). Cognito serves it through CloudFront: point an alias (A) record at the customDomainTarget output, and its parent domain must already resolve (an A record).",
    },
    "domain.certificateArn": {
        type: "string",
        config: "customDomainCertificateArn",
        format: { test: (v) => /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/.test(v), text: "an ACM certificate ARN in us-east-1 (CloudFront, which serves the domain, takes certificates from us-east-1 only)" },
        appliesWhen: { holds: (s) => s.domain.customDomain !== undefined, text: "domain.customDomain is set" },
        description: "ACM certificate covering the custom domain.",
    },
    "domain.managedLoginVersion": {
        type: "integer",
        config: "managedLoginVersion",
        default: 2,
        oneOf: ["1", "2"],
        appliesWhen: { holds: (s) => hasDomain(s), text: "a domain is set" },
        description: "2: the current managed login pages (each OAuth client gets Cognito's default branding); 1: the classic hosted UI.",
    },
    "oauth.callbackUrls": {
        type: "string[]",
        config: "oauthCallbackUrls",
        default: [],
        format: { test: isRedirectUrl, text: "an https:// URL, http://localhost, or an app's own scheme (myapp://…), without a fragment, at most 1024 characters" },
        check: (v: readonly string[], s) =>
            v.length > 100 ? `list at most 100 URLs (got ${v.length})` : v.length > 0 && !hasDomain(s) ? "come with a domain (domain.prefix or domain.customDomain): OAuth sign-in runs on the hosted domain" : undefined,
        description: "Where the hosted sign-in may send users back with the authorization code. Non-empty turns on the authorization-code flow on the Web client (public, so the app must use PKCE).",
    },
    "oauth.logoutUrls": {
        type: "string[]",
        config: "oauthLogoutUrls",
        default: [],
        format: { test: isRedirectUrl, text: "an https:// URL, http://localhost, or an app's own scheme (myapp://…), without a fragment, at most 1024 characters" },
        check: (v: readonly string[]) => (v.length > 100 ? `list at most 100 URLs (got ${v.length})` : undefined),
        appliesWhen: oauthOn,
        description: "Where the hosted sign-out may send users back.",
    },
    "oauth.scopes": {
        type: "string[]",
        config: "oauthScopes",
        default: ["openid", "email", "profile"],
        oneOf: ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"],
        check: (v: readonly string[], s) => {
            if (v.length === 0 && s.oauth.callbackUrls.length > 0) return "include at least one scope: an OAuth client must allow some (Cognito AllowedOAuthScopes)";
            const needsOpenid = v.filter((x) => ["email", "phone", "profile"].includes(x));
            if (needsOpenid.length > 0 && !v.includes("openid")) return `include openid, which ${needsOpenid.join(", ")} need${needsOpenid.length === 1 ? "s" : ""} (got ${JSON.stringify(v)})`;
            const dupe = v.find((x, i) => v.indexOf(x) !== i);
            return dupe ? `not repeat a scope (got ${JSON.stringify(dupe)} twice)` : undefined;
        },
        appliesWhen: oauthOn,
        description: "Scopes the OAuth clients may request.",
    },
    "oauth.appClient": {
        type: "boolean",
        config: "oauthAppClient",
        default: false,
        appliesWhen: oauthOn,
        description: "Also give the App (back-end) client the authorization-code flow, with its secret (a confidential client).",
    },
    "adopt.userPoolId": {
        type: "string",
        config: "adoptUserPoolId",
        format: { test: (v) => /^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]{1,50}$/.test(v), text: "a user pool id such as ap-northeast-2_AbC123xyZ" },
        check: (_v: string, s) => {
            const missing = (["appClientId", "webClientId", "identityPoolId"] as const).filter((k) => s.adopt[k] === undefined);
            return missing.length > 0 ? `come with ${missing.map((k) => `adopt.${k}`).join(", ")}: the pool, both clients and the identity pool are adopted together` : undefined;
        },
        description: "Adopt this live user pool (with its users) instead of creating one; npm run adopt writes it.",
    },
    "adopt.appClientId": {
        type: "string",
        config: "adoptAppClientId",
        format: { test: (v) => /^[0-9a-z]{1,128}$/.test(v), text: "an app client id" },
        appliesWhen: adopting,
        description: "The live App client to adopt; its secret stays the live one.",
    },
    "adopt.webClientId": {
        type: "string",
        config: "adoptWebClientId",
        format: { test: (v) => /^[0-9a-z]{1,128}$/.test(v), text: "an app client id" },
        appliesWhen: adopting,
        description: "The live Web client to adopt.",
    },
    "adopt.identityPoolId": {
        type: "string",
        config: "adoptIdentityPoolId",
        format: { test: (v) => /^[a-z]{2}(-[a-z]+)+-\d:[0-9a-f-]{36}$/.test(v), text: "an identity pool id such as ap-northeast-2:<uuid>" },
        appliesWhen: adopting,
        description: "The live identity pool to adopt (its identity ids, and the IoT policies attached to them, stay).",
    },
    "adopt.step": {
        type: "string",
        config: "adoptStep",
        default: "import",
        oneOf: ["import", "harden"],
        appliesWhen: adopting,
        description:
            "import: adopt the live resources as they are (import with protect, every input ignored: no difference on any CLI); harden: then apply this project's settings to them, as updates in place.",
    },
    "executionRole.enabled": {
        type: "boolean",
        config: "executionRole",
        configDefault: false,
        derive: { text: "true when executionRole is given", value: (_s, ctx) => ctx.args.executionRole !== undefined },
        description: "Create the original template's back-end execution role (trusted by Lambda and API Gateway), scoped to this pool.",
    },
    "executionRole.dynamoDbTableArns": {
        type: "string[]",
        config: "executionRoleTableArns",
        input: true,
        default: [],
        format: { test: (v) => /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]{3,255}$/.test(v), text: "a full DynamoDB table ARN without wildcards" },
        appliesWhen: { holds: (s) => s.executionRole.enabled, text: "executionRole.enabled is true" },
        description: "DynamoDB tables (and their indexes) the execution role may read and write.",
    },
    "executionRole.invokableFunctionArns": {
        type: "string[]",
        config: "executionRoleFunctionArns",
        input: true,
        default: [],
        format: { test: (v) => LAMBDA_ARN.test(v), text: "a full Lambda function ARN without wildcards" },
        appliesWhen: { holds: (s) => s.executionRole.enabled, text: "executionRole.enabled is true" },
        description: "Lambda functions the execution role may invoke.",
    },
    "executionRole.vpcAccess": {
        type: "boolean",
        config: "executionRoleVpcAccess",
        default: false,
        appliesWhen: { holds: (s) => s.executionRole.enabled, text: "executionRole.enabled is true" },
        description: "Let the execution role manage network interfaces so its functions can run in a VPC (EC2 network-interface actions on Resource \"*\", which they support no narrower).",
    },
    "alarms.enabled": {
        type: "boolean",
        config: "alarmsEnabled",
        default: true,
        description: "Create the operational alarms and their SNS topic.",
    },
    "alarms.email": {
        type: "string",
        config: "alarmEmail",
        format: { test: isEmail, text: "an e-mail address" },
        appliesWhen: whenAlarms(),
        description: "E-mail address subscribed to the alarm topic (AWS mails a confirmation link first). Unset: no subscription.",
    },
    "alarms.preSignUpErrors": {
        type: "integer",
        default: 1,
        range: { min: 1, max: 1_000_000 },
        appliesWhen: whenAlarms(builtInPreSignUp),
        description: "PreSignUp errors in one 5-minute period that raise an alarm (each one blocked a sign-up).",
    },
    "alarms.preSignUpThrottles": {
        type: "integer",
        default: 1,
        range: { min: 1, max: 1_000_000 },
        appliesWhen: whenAlarms(builtInPreSignUp),
        description: "PreSignUp throttles in one 5-minute period that raise an alarm.",
    },
    "alarms.preSignUpDurationP99Ms": {
        type: "integer",
        default: 3000,
        range: { min: 1, max: 5000, unit: " ms" },
        appliesWhen: whenAlarms(builtInPreSignUp),
        description: "p99 PreSignUp duration in milliseconds that raises an alarm (Cognito gives up at 5000).",
    },
    "alarms.iotAttachServerErrors": {
        type: "integer",
        default: 1,
        range: { min: 1, max: 1_000_000 },
        appliesWhen: whenAlarms({ holds: (s) => s.iot.enabled, text: "iot.enabled is true" }),
        description: "Server errors (HTTP 5xx) of the IoT attach endpoint in one 5-minute period that raise an alarm.",
    },
    "alarms.riskEvents": {
        type: "integer",
        default: 1,
        range: { min: 1, max: 1_000_000 },
        appliesWhen: whenAlarms({ holds: (s) => s.threatProtection !== "OFF", text: "threatProtection is not OFF" }),
        description: "High-risk account-takeover or compromised-credential events in one 5-minute period that raise an alarm.",
    },
    "email.sesIdentityArn": {
        type: "string",
        config: "emailSesIdentityArn",
        format: { test: (v) => SES_IDENTITY_ARN.test(v), text: "an SES verified identity ARN (arn:aws:ses:<region>:<account>:identity/<address or domain>)" },
        check: (v: string, s) => {
            const [, sesRegion, identity] = SES_IDENTITY_ARN.exec(v)!;
            if (!identity.includes("@") && s.email.from === undefined) return `come with email.from when the identity is a domain (got the domain ${JSON.stringify(identity)})`;
            const allowed = s.region === undefined ? undefined : sesRegionsFor(s.region);
            if (allowed && !allowed.includes(sesRegion)) {
                return `be in ${allowed.join(" or ")}, the region${allowed.length > 1 ? "s" : ""} Cognito can send from for a pool in ${s.region} (got ${sesRegion})`;
            }
            return undefined;
        },
        production: {
            waiver: "cognito-email",
            holds: (v: string | undefined) => v !== undefined,
            requirement: "be set",
            why: "without it Cognito's own mailer sends at most 50 e-mails a day and drops verification codes beyond that",
        },
        description: "Send the pool's e-mail through this SES identity (DEVELOPER sending). Unset: Cognito's own mailer, limited to 50 e-mails a day.",
    },
    "email.from": {
        type: "string",
        config: "emailFrom",
        format: { test: isFromAddress, text: 'an e-mail address, or "Name <address>"' },
        check: (v: string, s) => {
            // Without a well-formed SES identity there is nothing to compare: appliesWhen or its format reports that.
            const identity = SES_IDENTITY_ARN.exec(String(s.email.sesIdentityArn))?.[2];
            const address = senderAddress(v).toLowerCase();
            if (identity === undefined) return undefined;
            const covered = identity.includes("@") ? address === identity.toLowerCase() : address.endsWith(`@${identity.toLowerCase()}`);
            return covered ? undefined : `be an address the SES identity ${JSON.stringify(identity)} covers (got ${JSON.stringify(v)})`;
        },
        appliesWhen: whenSes,
        description: 'Sender of the pool\'s e-mail, an address the SES identity covers, optionally as "Name <address>". Required when the identity is a domain.',
    },
    "email.replyTo": {
        type: "string",
        config: "emailReplyTo",
        format: { test: isEmail, text: "an e-mail address" },
        description: "Reply-to address of the pool's e-mail.",
    },
    "email.configurationSet": {
        type: "string",
        config: "emailConfigurationSet",
        format: { test: (v) => /^[A-Za-z0-9_-]{1,64}$/.test(v), text: 'an SES configuration set name (1–64 letters, digits, "_" or "-")' },
        appliesWhen: whenSes,
        description: "SES configuration set applied to the pool's e-mail (event publishing, dedicated IPs).",
    },
    "email.verificationSubject": {
        type: "string",
        config: "emailVerificationSubject",
        default: "Your verification code",
        format: { test: (v) => v.length >= 1 && v.length <= 140, text: "1–140 characters" },
        appliesWhen: whenSes,
        description: "Subject of the verification-code e-mail (Cognito allows custom templates only when sending through SES).",
    },
    "email.verificationMessage": {
        type: "string",
        config: "emailVerificationMessage",
        default: "Your verification code is {####}.",
        format: { test: (v) => v.length <= 20000 && v.includes("{####}"), text: "6–20000 characters containing the code placeholder {####}" },
        appliesWhen: whenSes,
        description: "Body of the verification-code e-mail; {####} is replaced by the code.",
    },
} satisfies Record<SettingPath, Setting>;

/** Arguments that are not scalar settings: validated by their own checks in validate.ts. */
export const STRUCTURED_ARGS = ["authenticatedRoleStatements", "transform", "identityProviders", "groups", "customAttributes", "previousCustomAttributes"] as const;

type Leaf = string | number | boolean | readonly string[] | Promise<string> | { apply: unknown } | readonly unknown[];
type PathsOf<T, P extends string = ""> = {
    [K in keyof T & string]-?: NonNullable<T[K]> extends Leaf ? `${P}${K}` : NonNullable<T[K]> extends object ? PathsOf<NonNullable<T[K]>, `${P}${K}.`> : never;
}[keyof T & string];
/** Every scalar argument path of `CognitoAuthArgs` (the rows the table must have). */
export type SettingPath = PathsOf<Omit<CognitoAuthArgs, (typeof STRUCTURED_ARGS)[number]>>;

export const SETTING_PATHS = Object.keys(SETTINGS) as SettingPath[];
export { CHARACTER_CLASSES };

/** The value at a dotted path of an object (undefined when any level is missing). */
export function getPath(obj: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** Set a dotted path, creating the levels. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
    const keys = path.split(".");
    let o = obj;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]] = value;
}

/** The default of a setting in words, for docs and messages. */
export function defaultText(setting: Setting): string {
    if (setting.derive) return setting.derive.text;
    if (setting.default === undefined) return "unset";
    return JSON.stringify(setting.default);
}

/** The config key → argument paths it sets (one key may set several, e.g. the four character classes). */
export function configKeys(): Map<string, SettingPath[]> {
    const keys = new Map<string, SettingPath[]>();
    for (const path of SETTING_PATHS) {
        const key = (SETTINGS[path] as Setting).config;
        if (key) keys.set(key, [...(keys.get(key) ?? []), path]);
    }
    return keys;
}

/**
 * Resolve every setting: the given value where there is one, else its default or derivation, in
 * table order. Wrong types pass through unchanged so validation can name them.
 */
export function resolveSettings(name: string, args: CognitoAuthArgs, region?: string): Resolved {
    const resolved: Record<string, unknown> = { region };
    const ctx: SettingContext = { name, args };
    for (const path of SETTING_PATHS) {
        const setting = SETTINGS[path] as Setting;
        const given = getPath(args, path);
        const value = given !== undefined ? given : setting.derive ? setting.derive.value(resolved as unknown as Resolved, ctx) : setting.default;
        setPath(resolved, path, value);
    }
    return resolved as unknown as Resolved;
}

/** Human text of the rule: used by messages and docs. */
export function productionRuleText(setting: Setting, value: unknown): string | undefined {
    const rule = setting.production;
    if (!rule) return undefined;
    const got = value === undefined ? "it is unset" : `got ${JSON.stringify(value)}`;
    return `must ${rule.requirement} in production (${got})${rule.why ? `: ${rule.why}` : ""}; to deploy anyway, ${notWaived(rule.waiver)}`;
}

/** Whether a production rule binds this deployment (production on, rule not waived). */
export const enforced = (s: ResolvedArgs, waiver: ProductionWaiver): boolean => s.production && !s.productionWaivers.includes(waiver);
