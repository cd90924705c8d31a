// The component's public arguments. The TSDoc of every scalar setting is generated from the settings
// table (components/settings.ts) by `npm run docs`; a test fails when it is stale.
import type * as pulumi from "@pulumi/pulumi";
import type { CognitoAuthTransforms } from "./children";
import type { PolicyStatementInput } from "./policy";
import type { ProductionWaiver } from "./settings";

export type MfaMode = "OFF" | "OPTIONAL" | "ON";
export type FeaturePlan = "ESSENTIALS" | "PLUS";
export type ThreatProtectionMode = "OFF" | "AUDIT" | "ENFORCED";
export type DeviceRemembering = "OFF" | "USER_OPT_IN" | "ALWAYS";
export type { ProductionWaiver };

/** Password rules for the user pool. */
export interface PasswordPolicyArgs {
    /** Minimum password length. 6–99. Production: must be at least 8 (waiver "password-policy"). @default 8 */
    minimumLength?: number;
    /** Require a lower-case letter in passwords. Production: must be true (waiver "password-policy"). @default true */
    requireLowercase?: boolean;
    /** Require an upper-case letter in passwords. Production: must be true (waiver "password-policy"). @default true */
    requireUppercase?: boolean;
    /** Require a digit in passwords. Production: must be true (waiver "password-policy"). @default true */
    requireNumbers?: boolean;
    /** Require a symbol in passwords. Production: must be true (waiver "password-policy"). @default true */
    requireSymbols?: boolean;
}

/** Token lifetimes, the same for both clients. Units are stated explicitly on every client. */
export interface TokenValidityArgs {
    /** Access-token lifetime of both clients. 5–1440 minutes. @default 60 */
    accessTokenMinutes?: number;
    /** ID-token lifetime of both clients. 5–1440 minutes. @default 60 */
    idTokenMinutes?: number;
    /** Refresh-token lifetime of both clients, in whole days (AWS's limit is ten years). 1–3650 days. @default 365 */
    refreshTokenDays?: number;
}

/** AWS IoT access for signed-in identities. */
export interface IotArgs {
    /** AWS IoT for signed-in identities: the IoT policy, the role's IoT grants and the attach endpoint. False creates none of them. @default true */
    enabled?: boolean;
    /**
     * Each identity may use the topics <prefix>/<identity id>/* and nothing else. Must be 1–100 characters of letters,
     * digits, "_", "-" in "/"-separated levels, without MQTT wildcards or "$". Only when iot.enabled is true.
     * @default "devices"
     */
    topicPrefix?: string;
}

/** Cognito triggers pointed at functions of your own. */
export interface TriggerArgs {
    /**
     * Use this existing function as the PreSignUp trigger instead of the built-in one; the component then only grants
     * Cognito permission to invoke it. Must be a Lambda function ARN.
     * @default unset
     */
    preSignUp?: pulumi.Input<string>;
    /**
     * Post confirmation: runs after a user confirms (e.g. to create their profile). The component grants Cognito
     * permission to invoke it from this pool only. Must be a Lambda function ARN.
     * @default unset
     */
    postConfirmation?: pulumi.Input<string>;
    /**
     * Pre authentication: may refuse a sign-in. The component grants Cognito permission to invoke it from this pool
     * only. Must be a Lambda function ARN.
     * @default unset
     */
    preAuthentication?: pulumi.Input<string>;
    /**
     * Post authentication: runs after a sign-in (e.g. auditing). The component grants Cognito permission to invoke it
     * from this pool only. Must be a Lambda function ARN.
     * @default unset
     */
    postAuthentication?: pulumi.Input<string>;
    /**
     * Pre token generation, event version 2: may change ID- and access-token claims. The component grants Cognito
     * permission to invoke it from this pool only. Must be a Lambda function ARN.
     * @default unset
     */
    preTokenGeneration?: pulumi.Input<string>;
    /**
     * Custom message: writes the verification and invitation messages. The component grants Cognito permission to
     * invoke it from this pool only. Must be a Lambda function ARN.
     * @default unset
     */
    customMessage?: pulumi.Input<string>;
    /**
     * User migration: signs in users of a legacy directory and moves them into the pool. The component grants Cognito
     * permission to invoke it from this pool only. Must be a Lambda function ARN.
     * @default unset
     */
    userMigration?: pulumi.Input<string>;
    /**
     * Define auth challenge (custom authentication flow). The component grants Cognito permission to invoke it from
     * this pool only. Must be a Lambda function ARN.
     * @default unset
     */
    defineAuthChallenge?: pulumi.Input<string>;
    /**
     * Create auth challenge (custom authentication flow). The component grants Cognito permission to invoke it from
     * this pool only. Must be a Lambda function ARN.
     * @default unset
     */
    createAuthChallenge?: pulumi.Input<string>;
    /**
     * Verify auth challenge response (custom authentication flow). The component grants Cognito permission to invoke it
     * from this pool only. Must be a Lambda function ARN.
     * @default unset
     */
    verifyAuthChallengeResponse?: pulumi.Input<string>;
}

/** The live resources of the CloudFormation stack to adopt (`npm run adopt` writes these). */
export interface AdoptArgs {
    /**
     * import: adopt the live resources as they are (import with protect, every input ignored: no difference on any
     * CLI); harden: then apply this project's settings to them, as updates in place. One of import, harden. Only when
     * adopt.userPoolId is set.
     * @default "import"
     */
    step?: "import" | "harden";
    /**
     * Adopt this live user pool (with its users) instead of creating one; npm run adopt writes it. Must be a user pool
     * id such as ap-northeast-2_AbC123xyZ.
     * @default unset
     */
    userPoolId?: string;
    /** The live App client to adopt; its secret stays the live one. Must be an app client id. Only when adopt.userPoolId is set. @default unset */
    appClientId?: string;
    /** The live Web client to adopt. Must be an app client id. Only when adopt.userPoolId is set. @default unset */
    webClientId?: string;
    /**
     * The live identity pool to adopt (its identity ids, and the IoT policies attached to them, stay). Must be an
     * identity pool id such as ap-northeast-2:<uuid>. Only when adopt.userPoolId is set.
     * @default unset
     */
    identityPoolId?: string;
}

/** A hosted sign-in domain for the managed login pages and the OAuth endpoints. */
export interface DomainArgs {
    /**
     * Cognito prefix domain: sign-in pages at https://<prefix>.auth.<region>.amazoncognito.com. Must be 1–63 lower-case
     * letters, digits and "-", not starting or ending with "-".
     * @default unset
     */
    prefix?: string;
    /**
     * Custom domain for the sign-in pages (e.g. auth.example.com). Cognito serves it through CloudFront: point an alias
     * (A) record at the customDomainTarget output, and its parent domain must already resolve (an A record). Must be a
     * fully qualified host name such as auth.example.com.
     * @default unset
     */
    customDomain?: string;
    /**
     * ACM certificate covering the custom domain. Must be an ACM certificate ARN in us-east-1 (CloudFront, which serves
     * the domain, takes certificates from us-east-1 only). Only when domain.customDomain is set.
     * @default unset
     */
    certificateArn?: string;
    /**
     * 2: the current managed login pages (each OAuth client gets Cognito's default branding); 1: the classic hosted UI.
     * One of 1, 2. Only when a domain is set.
     * @default 2
     */
    managedLoginVersion?: number;
}

export type OAuthScope = "openid" | "email" | "phone" | "profile" | "aws.cognito.signin.user.admin";

/** OAuth 2.0 authorization-code sign-in through the hosted domain. */
export interface OAuthArgs {
    /**
     * Where the hosted sign-in may send users back with the authorization code. Non-empty turns on the
     * authorization-code flow on the Web client (public, so the app must use PKCE). Each must be an https:// URL,
     * http://localhost, or an app's own scheme (myapp://…), without a fragment, at most 1024 characters.
     * @default []
     */
    callbackUrls?: string[];
    /**
     * Where the hosted sign-out may send users back. Each must be an https:// URL, http://localhost, or an app's own
     * scheme (myapp://…), without a fragment, at most 1024 characters. Only when oauth.callbackUrls is set.
     * @default []
     */
    logoutUrls?: string[];
    /**
     * Scopes the OAuth clients may request. Each one of openid, email, phone, profile, aws.cognito.signin.user.admin.
     * Only when oauth.callbackUrls is set.
     * @default ["openid","email","profile"]
     */
    scopes?: OAuthScope[];
    /**
     * Also give the App (back-end) client the authorization-code flow, with its secret (a confidential client). Only
     * when oauth.callbackUrls is set.
     * @default false
     */
    appClient?: boolean;
}

/** A provider's user attributes mapped to the pool's: `{ <pool attribute>: <provider attribute> }`. */
export type AttributeMapping = Record<string, string>;

/** Sign in with Google. The provider is named "Google". */
export interface GoogleProviderArgs {
    /** The OAuth client id from the Google Cloud console. */
    clientId: string;
    /** Its client secret; kept a Pulumi secret. */
    clientSecret: pulumi.Input<string>;
    /** Scopes asked of Google. @default ["openid", "email", "profile"] */
    scopes?: string[];
    /** Attribute mapping; must map `email`, which the pool requires. @default { email: "email", email_verified: "email_verified", username: "sub" } */
    attributeMapping?: AttributeMapping;
}

/** Sign in with Apple. The provider is named "SignInWithApple". */
export interface AppleProviderArgs {
    /** The Services ID (Apple's client id). */
    servicesId: string;
    /** The Apple developer team id. */
    teamId: string;
    /** The id of the Sign in with Apple private key. */
    keyId: string;
    /** The private key (PEM); kept a Pulumi secret. */
    privateKey: pulumi.Input<string>;
    /** Scopes asked of Apple. @default ["email", "name"] */
    scopes?: string[];
    /** Attribute mapping; must map `email`. @default { email: "email", username: "sub" } */
    attributeMapping?: AttributeMapping;
}

/** A generic OpenID Connect provider. */
export interface OidcProviderArgs {
    /** Provider name (shown on the sign-in page, used in `identity_provider`), 1–32 letters, digits, "-" or "_". */
    name: string;
    /** The issuer URL (HTTPS); Cognito discovers the endpoints from it. */
    issuer: string;
    /** The client id registered with the provider. */
    clientId: string;
    /** Its client secret; kept a Pulumi secret. */
    clientSecret: pulumi.Input<string>;
    /** Scopes asked of the provider. @default ["openid", "email", "profile"] */
    scopes?: string[];
    /** How Cognito reads the user info endpoint. @default "GET" */
    attributesRequestMethod?: "GET" | "POST";
    /** Attribute mapping; must map `email`. @default { email: "email", email_verified: "email_verified", username: "sub" } */
    attributeMapping?: AttributeMapping;
}

/** A SAML 2.0 provider. */
export interface SamlProviderArgs {
    /** Provider name, 1–32 letters, digits, "-" or "_". */
    name: string;
    /** The IdP's metadata URL (HTTPS); give this or `metadataXml`. @default unset */
    metadataUrl?: string;
    /** The IdP's metadata document; give this or `metadataUrl`. @default unset */
    metadataXml?: pulumi.Input<string>;
    /** Attribute mapping (SAML attribute names are usually URIs); must map `email`. */
    attributeMapping: AttributeMapping;
    /** Sign the user out of the IdP too (SAML single logout). @default false */
    signOut?: boolean;
    /** E-mail domains or other identifiers that route users to this IdP. @default [] */
    identifiers?: string[];
}

/** Federated identity providers; each one is added to both clients' supported providers. */
export interface IdentityProvidersArgs {
    /** Sign in with Google. @default unset */
    google?: GoogleProviderArgs;
    /** Sign in with Apple. @default unset */
    apple?: AppleProviderArgs;
    /** Generic OIDC providers. @default [] */
    oidc?: OidcProviderArgs[];
    /** SAML providers. @default [] */
    saml?: SamlProviderArgs[];
}

/** A user group; with statements it gets its own IAM role, which the identity pool hands its members. */
export interface GroupArgs {
    /** Group name, 1–40 letters, digits, "-" or "_" (it also names the group's children). */
    name: string;
    /** Shown in the console and the API. @default unset */
    description?: string;
    /**
     * Lower wins: a user in several groups gets the role of the group with the lowest precedence (the
     * token's `cognito:preferred_role`). Unique among groups with a role. @default unset (required with statements)
     */
    precedence?: number;
    /**
     * Grants of the group's role, on top of everything the authenticated role grants (the identity pool
     * hands a member this role instead of the authenticated one). Exact actions only. @default [] (no role)
     */
    statements?: pulumi.Input<PolicyStatementInput>[];
}

/** A custom attribute (`custom:<name>`). Cognito can add them but never change or remove one. */
export interface CustomAttributeArgs {
    /** Name without the `custom:` prefix, 1–20 letters, digits or "_". */
    name: string;
    type: "String" | "Number";
    /** Users (and apps) may change it after sign-up. @default true */
    mutable?: boolean;
    /** String only: the shortest value. @default 0 */
    minLength?: number;
    /** String only: the longest value. @default 2048 */
    maxLength?: number;
    /** Number only: the smallest value; required, so the pool states it and no preview shows a change. */
    minValue?: number;
    /** Number only: the largest value; required. */
    maxValue?: number;
}


/** The back-end execution role of the original template, with least-privilege grants. */
export interface ExecutionRoleArgs {
    /**
     * Create the original template's back-end execution role (trusted by Lambda and API Gateway), scoped to this pool.
     * @default true when executionRole is given
     */
    enabled?: boolean;
    /**
     * DynamoDB tables (and their indexes) the execution role may read and write. Each must be a full DynamoDB table ARN
     * without wildcards. Only when executionRole.enabled is true.
     * @default []
     */
    dynamoDbTableArns?: pulumi.Input<string>[];
    /**
     * Lambda functions the execution role may invoke. Each must be a full Lambda function ARN without wildcards. Only
     * when executionRole.enabled is true.
     * @default []
     */
    invokableFunctionArns?: pulumi.Input<string>[];
    /**
     * Let the execution role manage network interfaces so its functions can run in a VPC (EC2 network-interface actions
     * on Resource "*", which they support no narrower). Only when executionRole.enabled is true.
     * @default false
     */
    vpcAccess?: boolean;
}

/** Operational alarms and their thresholds. */
export interface AlarmArgs {
    /** Create the operational alarms and their SNS topic. @default true */
    enabled?: boolean;
    /**
     * E-mail address subscribed to the alarm topic (AWS mails a confirmation link first). Unset: no subscription. Must
     * be an e-mail address. Only when alarms.enabled is true.
     * @default unset
     */
    email?: string;
    /**
     * PreSignUp errors in one 5-minute period that raise an alarm (each one blocked a sign-up). 1–1000000. Only when
     * alarms.enabled is true and the built-in PreSignUp function is used (triggers.preSignUp unset).
     * @default 1
     */
    preSignUpErrors?: number;
    /**
     * PreSignUp throttles in one 5-minute period that raise an alarm. 1–1000000. Only when alarms.enabled is true and
     * the built-in PreSignUp function is used (triggers.preSignUp unset).
     * @default 1
     */
    preSignUpThrottles?: number;
    /**
     * p99 PreSignUp duration in milliseconds that raises an alarm (Cognito gives up at 5000). 1–5000 ms. Only when
     * alarms.enabled is true and the built-in PreSignUp function is used (triggers.preSignUp unset).
     * @default 3000
     */
    preSignUpDurationP99Ms?: number;
    /**
     * Server errors (HTTP 5xx) of the IoT attach endpoint in one 5-minute period that raise an alarm. 1–1000000. Only
     * when alarms.enabled is true and iot.enabled is true.
     * @default 1
     */
    iotAttachServerErrors?: number;
    /**
     * High-risk account-takeover or compromised-credential events in one 5-minute period that raise an alarm.
     * 1–1000000. Only when alarms.enabled is true and threatProtection is not OFF.
     * @default 1
     */
    riskEvents?: number;
}

/** How the pool sends e-mail. */
export interface EmailArgs {
    /**
     * Send the pool's e-mail through this SES identity (DEVELOPER sending). Unset: Cognito's own mailer, limited to 50
     * e-mails a day. Must be an SES verified identity ARN (arn:aws:ses:<region>:<account>:identity/<address or
     * domain>). Production: must be set (waiver "cognito-email").
     * @default unset
     */
    sesIdentityArn?: string;
    /**
     * Sender of the pool's e-mail, an address the SES identity covers, optionally as "Name <address>". Required when
     * the identity is a domain. Must be an e-mail address, or "Name <address>". Only when email.sesIdentityArn is set
     * (sending through SES).
     * @default unset
     */
    from?: string;
    /** Reply-to address of the pool's e-mail. Must be an e-mail address. @default unset */
    replyTo?: string;
    /**
     * SES configuration set applied to the pool's e-mail (event publishing, dedicated IPs). Must be an SES
     * configuration set name (1–64 letters, digits, "_" or "-"). Only when email.sesIdentityArn is set (sending through
     * SES).
     * @default unset
     */
    configurationSet?: string;
    /**
     * Subject of the verification-code e-mail (Cognito allows custom templates only when sending through SES). Must be
     * 1–140 characters. Only when email.sesIdentityArn is set (sending through SES).
     * @default "Your verification code"
     */
    verificationSubject?: string;
    /**
     * Body of the verification-code e-mail; {####} is replaced by the code. Must be 6–20000 characters containing the
     * code placeholder {####}. Only when email.sesIdentityArn is set (sending through SES).
     * @default "Your verification code is {####}."
     */
    verificationMessage?: string;
}

export interface CognitoAuthArgs {
    /**
     * A production deployment: a preset that turns on deletion protection, Pulumi protect and retainOnDelete, the PLUS
     * plan with threat protection enforced, and the production rules (each can be waived by name with
     * productionWaivers).
     * @default false
     */
    production?: boolean;
    /**
     * Production rules this deployment knowingly breaks, each by name; every waived rule must really be broken, so a
     * stale waiver is an error too. Each one of password-policy, mfa, threat-protection, deletion-protection, protect,
     * retain-on-delete, auto-confirm, unauthenticated-identities, password-auth, remember-devices, cognito-email. Only
     * when production is true.
     * @default []
     */
    productionWaivers?: ProductionWaiver[];
    /**
     * Prefix of the display names (<prefix>UserPool, <prefix>App, <prefix>Web, <prefix>IdentityPool): the template's
     * Environment parameter. Changing it replaces the identity pool. Must be 1–32 letters or digits starting with a
     * letter, usable in resource names.
     * @default the component's name in PascalCase
     */
    environmentName?: string;
    /**
     * Cognito deletion protection on the user pool: AWS refuses to delete it while this is on. Production: must be true
     * (waiver "deletion-protection").
     * @default production
     */
    deletionProtection?: boolean;
    /**
     * Pulumi protect on the stateful children (user pool, identity pool, both clients): the engine refuses to delete or
     * replace them. Production: must be true (waiver "protect").
     * @default production
     */
    protect?: boolean;
    /**
     * Pulumi retainOnDelete on the stateful children: `pulumi destroy` leaves them in AWS. Production: must be true
     * (waiver "retain-on-delete").
     * @default production
     */
    retainOnDelete?: boolean;
    /**
     * E-mail domains allowed to sign up, compared exactly and case-insensitively. Empty lets anyone sign up. Each must
     * be a well-formed ASCII domain name such as "example.com". Only when the built-in PreSignUp function is used
     * (triggers.preSignUp unset).
     * @default []
     */
    allowedEmailDomains?: string[];
    /**
     * Confirm self sign-ups and mark their e-mail verified without a code (development convenience). Only when the
     * built-in PreSignUp function is used (triggers.preSignUp unset). Production: must be false (waiver
     * "auto-confirm").
     * @default false
     */
    autoConfirmSignUps?: boolean;
    /** Password rules. @default 8 characters with lower, upper, digit and symbol */
    passwordPolicy?: PasswordPolicyArgs;
    /**
     * Multi-factor authentication with TOTP authenticator apps; ON makes it mandatory for every user. One of OFF,
     * OPTIONAL, ON. Production: must be OPTIONAL or ON (waiver "mfa").
     * @default "OPTIONAL"
     */
    mfa?: MfaMode;
    /**
     * Remembered devices skip MFA on later sign-ins. USER_OPT_IN remembers a device only when the user asks (the app
     * calls UpdateDeviceStatus); ALWAYS remembers every device, as the original template did; OFF tracks no devices.
     * One of OFF, USER_OPT_IN, ALWAYS. Production: must be USER_OPT_IN or OFF (waiver "remember-devices").
     * @default "USER_OPT_IN"
     */
    deviceRemembering?: DeviceRemembering;
    /**
     * Cognito feature plan. Threat protection needs PLUS, which AWS bills per monthly active user on top of ESSENTIALS.
     * One of ESSENTIALS, PLUS.
     * @default "PLUS" in production, else "ESSENTIALS"
     */
    featurePlan?: FeaturePlan;
    /**
     * Threat protection (formerly advanced security): compromised-credential and account-takeover detection. AUDIT only
     * records risks; ENFORCED also blocks or challenges risky sign-ins. One of OFF, AUDIT, ENFORCED. Production: must
     * be AUDIT or ENFORCED (waiver "threat-protection").
     * @default "ENFORCED" in production on PLUS, else "OFF"
     */
    threatProtection?: ThreatProtectionMode;
    /** Token lifetimes for both clients. @default access 60 minutes, ID 60 minutes, refresh 365 days */
    tokenValidity?: TokenValidityArgs;
    /**
     * Also allow USER_PASSWORD_AUTH on both clients (SRP and refresh are always allowed). Production: must be false
     * (waiver "password-auth").
     * @default false
     */
    allowPasswordAuth?: boolean;
    /**
     * Give identities that have not signed in AWS credentials (an unauthenticated role without permissions).
     * Production: must be false (waiver "unauthenticated-identities").
     * @default false
     */
    allowUnauthenticatedIdentities?: boolean;
    /** AWS IoT access for signed-in identities. @default enabled, topics under "devices" */
    iot?: IotArgs;
    /** Extra statements for the authenticated role, through the one policy builder (exact actions only). @default [] */
    authenticatedRoleStatements?: pulumi.Input<PolicyStatementInput>[];
    /**
     * Retention of the built-in functions' log groups, in days (a CloudWatch Logs retention value). One of 1, 3, 5, 7,
     * 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. Only when a built-in
     * function exists (the PreSignUp function or the IoT attach endpoint).
     * @default 30
     */
    logRetentionDays?: number;
    /** Cognito triggers pointed at your own functions. @default the built-in PreSignUp function only */
    triggers?: TriggerArgs;
    /** A hosted sign-in domain (managed login pages, OAuth endpoints). @default none */
    domain?: DomainArgs;
    /** OAuth authorization-code sign-in (with PKCE for the Web client) through the domain. @default off */
    oauth?: OAuthArgs;
    /** Federated identity providers (Google, Apple, OIDC, SAML). @default none */
    identityProviders?: IdentityProvidersArgs;
    /** User groups, optionally each with its own IAM role. @default [] */
    groups?: GroupArgs[];
    /** Custom attributes; additive only. @default [] */
    customAttributes?: CustomAttributeArgs[];
    /**
     * The custom attributes the pool already has (e.g. this stack's previous `customAttributes` output,
     * read with a StackReference to itself): removing or changing one of them is refused, as Cognito cannot.
     * @default unknown (only the offline plan's guard checks)
     */
    previousCustomAttributes?: pulumi.Input<CustomAttributeArgs[]>;
    /** Adopt the live pool, clients and identity pool of the CloudFormation stack, in two steps. @default create new ones */
    adopt?: AdoptArgs;
    /** The original template's back-end execution role, scoped to this pool. @default no role */
    executionRole?: ExecutionRoleArgs;
    /** Operational alarms. @default enabled, thresholds as documented on AlarmArgs */
    alarms?: AlarmArgs;
    /** How the pool sends e-mail. @default Cognito's own mailer (50 e-mails a day; refused in production) */
    email?: EmailArgs;
    /**
     * Change any child's args or resource options before it is created: a partial args object merged
     * over the component's, or a function `(args, opts, name)` that mutates them. Production
     * guarantees are checked again on the result.
     * @default {}
     */
    transform?: CognitoAuthTransforms;
}

/** The fully specified settings the children are built from. */
export interface ResolvedArgs {
    /** The region the default AWS provider deploys to, when known (for region rules). */
    region?: string;
    production: boolean;
    productionWaivers: ProductionWaiver[];
    environmentName: string;
    deletionProtection: boolean;
    protect: boolean;
    retainOnDelete: boolean;
    allowedEmailDomains: string[];
    autoConfirmSignUps: boolean;
    passwordPolicy: Required<PasswordPolicyArgs>;
    mfa: MfaMode;
    deviceRemembering: DeviceRemembering;
    featurePlan: FeaturePlan;
    threatProtection: ThreatProtectionMode;
    tokenValidity: Required<TokenValidityArgs>;
    allowPasswordAuth: boolean;
    allowUnauthenticatedIdentities: boolean;
    iot: Required<IotArgs>;
    logRetentionDays: number;
    triggers: TriggerArgs;
    domain: DomainArgs & { managedLoginVersion: number };
    oauth: Required<OAuthArgs>;
    identityProviders: IdentityProvidersArgs;
    groups: GroupArgs[];
    customAttributes: CustomAttributeArgs[];
    previousCustomAttributes?: pulumi.Input<CustomAttributeArgs[]>;
    adopt: AdoptArgs & { step: "import" | "harden" };
    executionRole: Required<ExecutionRoleArgs>;
    alarms: Required<Omit<AlarmArgs, "email">> & { email?: string };
    email: Required<Pick<EmailArgs, "verificationSubject" | "verificationMessage">> & Omit<EmailArgs, "verificationSubject" | "verificationMessage">;
    authenticatedRoleStatements: pulumi.Input<PolicyStatementInput>[];
    transform: CognitoAuthTransforms;
}
