// The component's public arguments, their defaults (the single source of every default) and
// their resolution into the fully specified settings the children are built from.
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { PolicyStatementInput } from "./policy";

export type MfaMode = "OFF" | "OPTIONAL" | "ON";
export type FeaturePlan = "ESSENTIALS" | "PLUS";
export type ThreatProtectionMode = "OFF" | "AUDIT" | "ENFORCED";

/** Password rules for the user pool. */
export interface PasswordPolicyArgs {
    /** Minimum length, 6–99. Production requires at least 8. @default 8 */
    minimumLength?: number;
    /** Require a lower-case letter. @default true */
    requireLowercase?: boolean;
    /** Require an upper-case letter. @default true */
    requireUppercase?: boolean;
    /** Require a digit. @default true */
    requireNumbers?: boolean;
    /** Require a symbol. @default true */
    requireSymbols?: boolean;
}

/** Token lifetimes, the same for both clients. Units are stated explicitly on every client. */
export interface TokenValidityArgs {
    /** Access-token lifetime in minutes, 5–1440. @default 60 */
    accessTokenMinutes?: number;
    /** ID-token lifetime in minutes, 5–1440. @default 60 */
    idTokenMinutes?: number;
    /** Refresh-token lifetime in whole days, 1–3650 (AWS's 10-year limit); must outlast the access and ID tokens. @default 365 */
    refreshTokenDays?: number;
}

/** The back-end execution role of the original template, with least-privilege grants. */
export interface ExecutionRoleArgs {
    /** DynamoDB tables (and their indexes) the back end may read and write. @default [] */
    dynamoDbTableArns?: pulumi.Input<string>[];
    /** Lambda functions the back end may invoke. @default [] */
    invokableFunctionArns?: pulumi.Input<string>[];
    /** Let the role create network interfaces so functions can run inside a VPC. @default true */
    vpcAccess?: boolean;
}

/** Thresholds of the operational alarms. */
export interface AlarmArgs {
    /** Create the alarms and their SNS topic. @default true */
    enabled?: boolean;
    /** E-mail address subscribed to the alarm topic; none when unset. @default undefined */
    email?: string;
    /** PreSignUp errors in one 5-minute period that raise an alarm (each one blocked a sign-up). @default 1 */
    preSignUpErrors?: number;
    /** PreSignUp throttles in one 5-minute period that raise an alarm. @default 1 */
    preSignUpThrottles?: number;
    /** p99 PreSignUp duration in milliseconds that raises an alarm (Cognito gives up at 5000). @default 3000 */
    preSignUpDurationP99Ms?: number;
    /** Account-takeover or compromised-credential risk events in one 5-minute period (threat protection only). @default 1 */
    riskEvents?: number;
}

/** Hooks that may change a child's args before it is created, as SST's `transform` does. */
export interface CognitoAuthTransforms {
    /** Change the user pool's args (e.g. tags, e-mail sending through SES). @default undefined */
    userPool?: Transform<aws.cognito.UserPoolArgs>;
    /** Change the App (back-end) client's args. @default undefined */
    appClient?: Transform<aws.cognito.UserPoolClientArgs>;
    /** Change the Web (browser) client's args (e.g. OAuth callback URLs). @default undefined */
    webClient?: Transform<aws.cognito.UserPoolClientArgs>;
    /** Change the identity pool's args. @default undefined */
    identityPool?: Transform<aws.cognito.IdentityPoolArgs>;
    /** Change the authenticated role's args (e.g. a permissions boundary). @default undefined */
    authenticatedRole?: Transform<aws.iam.RoleArgs>;
    /** Change the built-in PreSignUp function's args (e.g. tracing, tags). @default undefined */
    preSignUpFunction?: Transform<aws.lambda.FunctionArgs>;
}

/** Mutate `args` in place, or return replacement args. */
export type Transform<T> = (args: T) => T | void;

export interface CognitoAuthArgs {
    /**
     * Prefix of the display names (`<prefix>UserPool`, `<prefix>App`, `<prefix>Web`, `<prefix>IdentityPool`),
     * the template's `Environment` parameter. Letters and digits, starting with a letter, at most 32.
     * @default the component's name in PascalCase
     */
    environmentName?: string;
    /**
     * A production deployment: deletion protection on the pool, Pulumi `protect` and `retainOnDelete` on
     * both pools, and stricter validation (password ≥ 8 with character classes).
     * @default false
     */
    production?: boolean;
    /** E-mail domains allowed to sign up, compared exactly and case-insensitively; empty lets anyone sign up. @default [] */
    allowedEmailDomains?: string[];
    /** Confirm self sign-ups and verify their e-mail without a code (development convenience). @default false */
    autoConfirmSignUps?: boolean;
    /** Password rules. @default 8 characters with lower, upper, digit and symbol */
    passwordPolicy?: PasswordPolicyArgs;
    /** Multi-factor authentication (TOTP). `ON` makes it mandatory. @default "OPTIONAL" */
    mfa?: MfaMode;
    /** Cognito feature plan; threat protection needs `PLUS`. @default production ? "PLUS" : "ESSENTIALS" */
    featurePlan?: FeaturePlan;
    /** Threat protection (advanced security). @default production ? "ENFORCED" : "OFF" */
    threatProtection?: ThreatProtectionMode;
    /** Token lifetimes for both clients. @default access 60 min, ID 60 min, refresh 365 days */
    tokenValidity?: TokenValidityArgs;
    /** Also allow `USER_PASSWORD_AUTH` (the password travels to Cognito; SRP avoids that). @default false */
    allowPasswordAuth?: boolean;
    /** Give identities that have not signed in AWS credentials (an unauthenticated role). @default false */
    allowUnauthenticatedIdentities?: boolean;
    /** Topic prefix under which each identity owns `<prefix>/<identity id>/*` in AWS IoT. @default "devices" */
    iotTopicPrefix?: string;
    /** Extra statements for the authenticated role (actions must be exact). @default [] */
    authenticatedRoleStatements?: pulumi.Input<PolicyStatementInput>[];
    /** Retention of the PreSignUp log group, in days. @default 30 */
    logRetentionDays?: number;
    /**
     * Use this existing function as the PreSignUp trigger instead of the built-in one; the component
     * then only grants Cognito permission to invoke it.
     * @default undefined (the built-in handler)
     */
    preSignUpFunctionArn?: pulumi.Input<string>;
    /** Create the template's back-end execution role with these grants. @default undefined (no role) */
    executionRole?: ExecutionRoleArgs;
    /** Operational alarms. @default enabled, thresholds as documented on `AlarmArgs` */
    alarms?: AlarmArgs;
    /** Per-child customisation hooks. @default {} */
    transform?: CognitoAuthTransforms;
}

/** Every static default, in one place. Production-dependent defaults are derived in `resolveArgs`. */
export const DEFAULTS = {
    production: false,
    allowedEmailDomains: [] as string[],
    autoConfirmSignUps: false,
    passwordPolicy: { minimumLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    mfa: "OPTIONAL" as MfaMode,
    tokenValidity: { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 365 },
    allowPasswordAuth: false,
    allowUnauthenticatedIdentities: false,
    iotTopicPrefix: "devices",
    logRetentionDays: 30,
    alarms: { enabled: true, preSignUpErrors: 1, preSignUpThrottles: 1, preSignUpDurationP99Ms: 3000, riskEvents: 1 },
    executionRole: { vpcAccess: true },
} as const;

/** The fully specified settings the children are built from. */
export interface ResolvedArgs {
    environmentName: string;
    production: boolean;
    allowedEmailDomains: string[];
    autoConfirmSignUps: boolean;
    passwordPolicy: Required<PasswordPolicyArgs>;
    mfa: MfaMode;
    featurePlan: FeaturePlan;
    threatProtection: ThreatProtectionMode;
    tokenValidity: Required<TokenValidityArgs>;
    allowPasswordAuth: boolean;
    allowUnauthenticatedIdentities: boolean;
    iotTopicPrefix: string;
    authenticatedRoleStatements: pulumi.Input<PolicyStatementInput>[];
    logRetentionDays: number;
    preSignUpFunctionArn?: pulumi.Input<string>;
    executionRole?: Required<ExecutionRoleArgs>;
    alarms: Required<Omit<AlarmArgs, "email">> & { email?: string };
    transform: CognitoAuthTransforms;
}

/** `my-auth_stack` → `MyAuthStack`: the default display-name prefix. */
export function pascalCase(name: string): string {
    return name
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join("");
}

/** `value` unless it is undefined; null and wrong types pass through so validation can name them. */
const or = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);

export function resolveArgs(name: string, args: CognitoAuthArgs = {}): ResolvedArgs {
    const production = or(args.production, DEFAULTS.production);
    const featurePlan = or(args.featurePlan, production === true ? "PLUS" : "ESSENTIALS");
    const domains = or(args.allowedEmailDomains, DEFAULTS.allowedEmailDomains);
    return {
        environmentName: or(args.environmentName, pascalCase(name)),
        production,
        allowedEmailDomains: Array.isArray(domains) ? domains.map((d) => (typeof d === "string" ? d.toLowerCase() : d)) : domains,
        autoConfirmSignUps: or(args.autoConfirmSignUps, DEFAULTS.autoConfirmSignUps),
        passwordPolicy: { ...DEFAULTS.passwordPolicy, ...definedOnly(args.passwordPolicy) },
        mfa: or(args.mfa, DEFAULTS.mfa),
        featurePlan,
        threatProtection: or(args.threatProtection, production === true && featurePlan === "PLUS" ? "ENFORCED" : "OFF"),
        tokenValidity: { ...DEFAULTS.tokenValidity, ...definedOnly(args.tokenValidity) },
        allowPasswordAuth: or(args.allowPasswordAuth, DEFAULTS.allowPasswordAuth),
        allowUnauthenticatedIdentities: or(args.allowUnauthenticatedIdentities, DEFAULTS.allowUnauthenticatedIdentities),
        iotTopicPrefix: or(args.iotTopicPrefix, DEFAULTS.iotTopicPrefix),
        authenticatedRoleStatements: or(args.authenticatedRoleStatements, []),
        logRetentionDays: or(args.logRetentionDays, DEFAULTS.logRetentionDays),
        preSignUpFunctionArn: args.preSignUpFunctionArn,
        executionRole: args.executionRole && {
            dynamoDbTableArns: or(args.executionRole.dynamoDbTableArns, []),
            invokableFunctionArns: or(args.executionRole.invokableFunctionArns, []),
            vpcAccess: or(args.executionRole.vpcAccess, DEFAULTS.executionRole.vpcAccess),
        },
        alarms: { ...DEFAULTS.alarms, ...definedOnly(args.alarms) },
        transform: or(args.transform, {}),
    };
}

/** Drop keys whose value is undefined, so they do not overwrite defaults when spread. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
    return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
