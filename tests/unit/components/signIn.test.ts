// The sign-in features (hosted domain, OAuth, federated identity providers, groups with roles, custom
// attributes, consumer triggers) in a development-like and a production-like deployment with every one
// of them on: the full inputs and options of every child they add or change, as literal values (see
// tests/unit/stacks.test.ts for the resources every deployment has), then what the literals cannot
// show: secrets, dependencies, the PreSignUp allow-list for federated users, outputs, the additive rule.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import type { PreSignUpTriggerEvent } from "aws-lambda";
import { CognitoAuth, CognitoAuthValidationError, type CognitoAuthArgs, type CustomAttributeArgs } from "../../../components";
import { setRegion } from "../../../tools/evaluate";
import { loadDeployedHandler } from "../../deployedHandler";
import { evaluate, evaluateFailure, named, plainInputs, single, T, type Evaluation, type RecordedResource } from "../../harness";

type Expected = Record<string, { inputs: Record<string, unknown>; protect?: true; retainOnDelete?: true; ignoreChanges?: string[]; additionalSecretOutputs?: string[] }>;

/** How a Pulumi secret reaches the engine: wrapped, so that it is encrypted in state and masked in output. */
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });
const isSecretValue = (v: unknown) => typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;

const fn = (name: string) => `arn:aws:lambda:ap-northeast-2:123456789012:function:${name}`;
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

/** Everything the issue asks for, shared by both deployments. */
const SIGN_IN: CognitoAuthArgs = {
    identityProviders: {
        google: { clientId: "1234567890-abc.apps.googleusercontent.com", clientSecret: "GOCSPX-google-client-secret" },
        apple: {
            servicesId: "com.example.signin",
            teamId: "TEAM123456",
            keyId: "KEY1234567",
            privateKey: "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQgAPPLE\n-----END PRIVATE KEY-----",
        },
        // An Output the consumer did not mark secret: the component marks it.
        oidc: [{ name: "Corp", issuer: "https://login.corp.example.com", clientId: "corp-client", clientSecret: pulumi.output("corp-oidc-client-secret") }],
        saml: [
            {
                name: "Okta",
                metadataUrl: "https://example.okta.com/app/exk1/sso/saml/metadata",
                attributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" },
                signOut: true,
                identifiers: ["example.com"],
            },
        ],
    },
    groups: [
        { name: "admins", description: "Administrators", precedence: 1, statements: [{ Sid: "AdminReports", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::example-reports/*"] }] },
        { name: "editors", precedence: 2, statements: [{ Sid: "EditContent", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::example-content/*"] }] },
        { name: "readers", description: "Read-only members" },
    ],
    customAttributes: [
        { name: "department", type: "String", minLength: 2, maxLength: 64 },
        { name: "seats", type: "Number", minValue: 1, maxValue: 500, mutable: false },
    ],
    // Every trigger but PreSignUp, which stays the built-in allow-list.
    triggers: {
        postConfirmation: fn("create-profile"),
        preAuthentication: fn("check-account"),
        postAuthentication: fn("audit-sign-in"),
        preTokenGeneration: fn("add-claims"),
        customMessage: fn("render-message"),
        userMigration: fn("migrate-user"),
        defineAuthChallenge: fn("define-challenge"),
        createAuthChallenge: fn("create-challenge"),
        verifyAuthChallengeResponse: fn("verify-challenge"),
    },
};

const DEV_ARGS: CognitoAuthArgs = {
    ...SIGN_IN,
    environmentName: "Dev",
    allowedEmailDomains: ["example.com"],
    autoConfirmSignUps: true,
    domain: { prefix: "example-dev-auth" },
    oauth: {
        callbackUrls: ["https://dev.example.com/callback", "http://localhost:3000/callback", "exampleapp://callback"],
        logoutUrls: ["https://dev.example.com/", "http://localhost:3000/"],
        appClient: true,
    },
};

const PROD_ARGS: CognitoAuthArgs = {
    ...SIGN_IN,
    environmentName: "Prod",
    production: true,
    email: { sesIdentityArn: "arn:aws:ses:ap-northeast-2:123456789012:identity/example.com", from: "Example <no-reply@example.com>" },
    allowedEmailDomains: ["example.com"],
    domain: { customDomain: "auth.example.com", certificateArn: CERT },
    oauth: { callbackUrls: ["https://app.example.com/callback", "exampleapp://callback"], logoutUrls: ["https://app.example.com/"], appClient: true },
};

async function build(args: CognitoAuthArgs, opts?: pulumi.ComponentResourceOptions): Promise<Evaluation & { auth: CognitoAuth }> {
    let auth!: CognitoAuth;
    const e = await evaluate(() => {
        auth = new CognitoAuth("auth", args, opts);
        return {
            hostedUiUrl: auth.hostedUiUrl,
            customDomainTarget: auth.customDomainTarget,
            customDomainTargetZoneId: auth.customDomainTargetZoneId,
            customAttributes: auth.customAttributes,
            userPoolId: auth.userPoolId,
            appClientId: auth.appClientId,
            appClientSecret: auth.appClientSecret,
            webClientId: auth.webClientId,
            identityPoolId: auth.identityPoolId,
            preSignUpFunctionArn: auth.preSignUpFunctionArn,
        };
    });
    return { ...e, auth };
}

/** A recorded resource as the literals state it. */
async function normalize(r: RecordedResource): Promise<Expected[string]> {
    return {
        inputs: await plainInputs(r),
        ...(r.protect ? { protect: true as const } : {}),
        ...(r.retainOnDelete ? { retainOnDelete: true as const } : {}),
        ...(r.ignoreChanges.length > 0 ? { ignoreChanges: r.ignoreChanges } : {}),
        ...(r.additionalSecretOutputs.length > 0 ? { additionalSecretOutputs: r.additionalSecretOutputs } : {}),
    };
}

/** The types only the sign-in features create: every resource of these must be in the literal. */
const NEW_TYPES = [
    "aws:cognito/userPoolDomain:UserPoolDomain",
    "aws:cognito/managedLoginBranding:ManagedLoginBranding",
    "aws:cognito/identityProvider:IdentityProvider",
    "aws:cognito/userGroup:UserGroup",
];

const POOL = "ap-northeast-2_authuserpool";
const POOL_ARN = "arn:aws:cognito-idp:ap-northeast-2:123456789012:userpool/ap-northeast-2_authuserpool";
const IDENTITY_POOL = "ap-northeast-2:00000000-0000-0000-0000-000000000018";

/** The trust of every role identities assume: this identity pool only (aud), signed-in identities only (amr). */
const AUTHENTICATED_TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Action: ["sts:AssumeRoleWithWebIdentity"],
            Principal: { Federated: "cognito-identity.amazonaws.com" },
            Condition: {
                StringEquals: { "cognito-identity.amazonaws.com:aud": IDENTITY_POOL },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
            },
        },
    ],
};

/** The authenticated role's statements (its own IoT topics and the attach endpoint), which every group role also gets. */
const AUTHENTICATED_STATEMENTS = [
    {
        Sid: "ConnectAsOwnIdentity",
        Effect: "Allow",
        Action: ["iot:Connect"],
        Resource: ["arn:aws:iot:ap-northeast-2:123456789012:client/${cognito-identity.amazonaws.com:sub}"],
    },
    {
        Sid: "OwnTopics",
        Effect: "Allow",
        Action: ["iot:Publish", "iot:Receive"],
        Resource: ["arn:aws:iot:ap-northeast-2:123456789012:topic/devices/${cognito-identity.amazonaws.com:sub}/*"],
    },
    {
        Sid: "OwnTopicFilters",
        Effect: "Allow",
        Action: ["iot:Subscribe"],
        Resource: ["arn:aws:iot:ap-northeast-2:123456789012:topicfilter/devices/${cognito-identity.amazonaws.com:sub}/*"],
    },
    {
        Sid: "CallIotAttachEndpoint",
        Effect: "Allow",
        Action: ["execute-api:Invoke"],
        Resource: ["arn:aws:execute-api:ap-northeast-2:123456789012:tattachapiapi/$default/POST/attach"],
    },
];

/** An invoke permission for one consumer trigger, from this pool only. */
const permission = (functionName: string) => ({
    inputs: { action: "lambda:InvokeFunction", function: fn(functionName), principal: "cognito-idp.amazonaws.com", sourceArn: POOL_ARN },
});

/** The children both deployments add for the sign-in features, and the changed ones' common parts. */
const COMMON: Expected = {
    "aws:cognito/managedLoginBranding:ManagedLoginBranding auth-login-branding-web": {
        inputs: { clientId: "auth-web-client-client-id", useCognitoProvidedValues: true, userPoolId: POOL },
    },
    "aws:cognito/managedLoginBranding:ManagedLoginBranding auth-login-branding-app": {
        inputs: { clientId: "auth-app-client-client-id", useCognitoProvidedValues: true, userPoolId: POOL },
    },
    "aws:cognito/identityProvider:IdentityProvider auth-idp-Google": {
        inputs: {
            attributeMapping: { email: "email", email_verified: "email_verified", username: "sub" },
            providerDetails: secret({
                authorize_scopes: "openid email profile",
                client_id: "1234567890-abc.apps.googleusercontent.com",
                client_secret: "GOCSPX-google-client-secret",
            }),
            providerName: "Google",
            providerType: "Google",
            userPoolId: POOL,
        },
        ignoreChanges: [
            "providerDetails.attributes_url",
            "providerDetails.attributes_url_add_attributes",
            "providerDetails.authorize_url",
            "providerDetails.jwks_uri",
            "providerDetails.token_url",
            "providerDetails.oidc_issuer",
        ],
    },
    "aws:cognito/identityProvider:IdentityProvider auth-idp-SignInWithApple": {
        inputs: {
            attributeMapping: { email: "email", username: "sub" },
            providerDetails: secret({
                authorize_scopes: "email name",
                client_id: "com.example.signin",
                key_id: "KEY1234567",
                private_key: "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQgAPPLE\n-----END PRIVATE KEY-----",
                team_id: "TEAM123456",
            }),
            providerName: "SignInWithApple",
            providerType: "SignInWithApple",
            userPoolId: POOL,
        },
        ignoreChanges: [
            "providerDetails.attributes_url",
            "providerDetails.attributes_url_add_attributes",
            "providerDetails.authorize_url",
            "providerDetails.jwks_uri",
            "providerDetails.token_url",
            "providerDetails.oidc_issuer",
        ],
    },
    "aws:cognito/identityProvider:IdentityProvider auth-idp-Corp": {
        inputs: {
            attributeMapping: { email: "email", email_verified: "email_verified", username: "sub" },
            providerDetails: secret({
                attributes_request_method: "GET",
                authorize_scopes: "openid email profile",
                client_id: "corp-client",
                client_secret: "corp-oidc-client-secret",
                oidc_issuer: "https://login.corp.example.com",
            }),
            providerName: "Corp",
            providerType: "OIDC",
            userPoolId: POOL,
        },
        ignoreChanges: [
            "providerDetails.attributes_url",
            "providerDetails.attributes_url_add_attributes",
            "providerDetails.authorize_url",
            "providerDetails.jwks_uri",
            "providerDetails.token_url",
        ],
    },
    "aws:cognito/identityProvider:IdentityProvider auth-idp-Okta": {
        inputs: {
            attributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" },
            idpIdentifiers: ["example.com"],
            providerDetails: { IDPSignout: "true", MetadataURL: "https://example.okta.com/app/exk1/sso/saml/metadata" },
            providerName: "Okta",
            providerType: "SAML",
            userPoolId: POOL,
        },
        ignoreChanges: ["providerDetails.ActiveEncryptionCertificate", "providerDetails.SLORedirectBindingURI", "providerDetails.SSORedirectBindingURI"],
    },
    "aws:iam/role:Role auth-group-admins-role": { inputs: { assumeRolePolicy: AUTHENTICATED_TRUST, description: 'Members of the "admins" group' } },
    "aws:iam/role:Role auth-group-editors-role": { inputs: { assumeRolePolicy: AUTHENTICATED_TRUST, description: 'Members of the "editors" group' } },
    "aws:iam/rolePolicy:RolePolicy auth-group-admins-policy": {
        inputs: {
            policy: {
                Version: "2012-10-17",
                Statement: [...AUTHENTICATED_STATEMENTS, { Sid: "AdminReports", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::example-reports/*"] }],
            },
            role: "auth-group-admins-role-25f331d",
        },
    },
    "aws:iam/rolePolicy:RolePolicy auth-group-editors-policy": {
        inputs: {
            policy: {
                Version: "2012-10-17",
                Statement: [...AUTHENTICATED_STATEMENTS, { Sid: "EditContent", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::example-content/*"] }],
            },
            role: "auth-group-editors-role-25f331d",
        },
    },
    "aws:lambda/permission:Permission auth-trigger-postConfirmation-invoke": permission("create-profile"),
    "aws:lambda/permission:Permission auth-trigger-preAuthentication-invoke": permission("check-account"),
    "aws:lambda/permission:Permission auth-trigger-postAuthentication-invoke": permission("audit-sign-in"),
    "aws:lambda/permission:Permission auth-trigger-preTokenGeneration-invoke": permission("add-claims"),
    "aws:lambda/permission:Permission auth-trigger-customMessage-invoke": permission("render-message"),
    "aws:lambda/permission:Permission auth-trigger-userMigration-invoke": permission("migrate-user"),
    "aws:lambda/permission:Permission auth-trigger-defineAuthChallenge-invoke": permission("define-challenge"),
    "aws:lambda/permission:Permission auth-trigger-createAuthChallenge-invoke": permission("create-challenge"),
    "aws:lambda/permission:Permission auth-trigger-verifyAuthChallengeResponse-invoke": permission("verify-challenge"),
    // Token-based mapping for each client: the identity provider is "<pool endpoint>:<client id>"
    // (aws/aws-cdk#22951); a token without a preferred role gets the authenticated role, never a denial.
    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment auth-roles": {
        inputs: {
            identityPoolId: IDENTITY_POOL,
            roleMappings: [
                {
                    ambiguousRoleResolution: "AuthenticatedRole",
                    identityProvider: "cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_authuserpool:auth-app-client-client-id",
                    type: "Token",
                },
                {
                    ambiguousRoleResolution: "AuthenticatedRole",
                    identityProvider: "cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_authuserpool:auth-web-client-client-id",
                    type: "Token",
                },
            ],
            roles: { authenticated: "arn:aws:iam::123456789012:role/auth-authenticated-role-25f331d" },
        },
    },
};

/** Groups are stateful (replacing one drops its memberships): protected and retained in production. */
const groups = (stateful: { protect?: true; retainOnDelete?: true }): Expected => ({
    "aws:cognito/userGroup:UserGroup auth-group-admins": {
        inputs: { description: "Administrators", name: "admins", precedence: 1, roleArn: "arn:aws:iam::123456789012:role/auth-group-admins-role-25f331d", userPoolId: POOL },
        ...stateful,
    },
    "aws:cognito/userGroup:UserGroup auth-group-editors": {
        inputs: { name: "editors", precedence: 2, roleArn: "arn:aws:iam::123456789012:role/auth-group-editors-role-25f331d", userPoolId: POOL },
        ...stateful,
    },
    "aws:cognito/userGroup:UserGroup auth-group-readers": { inputs: { description: "Read-only members", name: "readers", userPoolId: POOL }, ...stateful },
});

/** Both clients: the authorization-code flow only, every provider, the App client confidential (its secret). */
const client = (kind: "App" | "Web", env: string, urls: { callbackUrls: string[]; logoutUrls: string[] }, stateful: { protect?: true; retainOnDelete?: true }): Expected[string] => ({
    inputs: {
        accessTokenValidity: 60,
        allowedOauthFlows: ["code"],
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthScopes: ["openid", "email", "profile"],
        authSessionValidity: 3,
        callbackUrls: urls.callbackUrls,
        enableTokenRevocation: true,
        explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        generateSecret: kind === "App",
        idTokenValidity: 60,
        logoutUrls: urls.logoutUrls,
        name: `${env}${kind}`,
        preventUserExistenceErrors: "ENABLED",
        refreshTokenValidity: 365,
        supportedIdentityProviders: ["COGNITO", "Google", "SignInWithApple", "Corp", "Okta"],
        tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
        userPoolId: POOL,
    },
    ...stateful,
    additionalSecretOutputs: ["clientSecret"],
});

const DEV: Expected = {
    ...COMMON,
    ...groups({}),
    "aws:cognito/userPoolDomain:UserPoolDomain auth-domain": { inputs: { domain: "example-dev-auth", managedLoginVersion: 2, userPoolId: POOL } },
    "aws:cognito/userPoolClient:UserPoolClient auth-app-client": client(
        "App",
        "Dev",
        { callbackUrls: ["https://dev.example.com/callback", "http://localhost:3000/callback", "exampleapp://callback"], logoutUrls: ["https://dev.example.com/", "http://localhost:3000/"] },
        {},
    ),
    "aws:cognito/userPoolClient:UserPoolClient auth-web-client": client(
        "Web",
        "Dev",
        { callbackUrls: ["https://dev.example.com/callback", "http://localhost:3000/callback", "exampleapp://callback"], logoutUrls: ["https://dev.example.com/", "http://localhost:3000/"] },
        {},
    ),
};

const PROTECTED = { protect: true, retainOnDelete: true } as const;
const PROD: Expected = {
    ...COMMON,
    ...groups(PROTECTED),
    "aws:cognito/userPoolDomain:UserPoolDomain auth-domain": { inputs: { certificateArn: CERT, domain: "auth.example.com", managedLoginVersion: 2, userPoolId: POOL } },
    "aws:cognito/userPoolClient:UserPoolClient auth-app-client": client("App", "Prod", { callbackUrls: ["https://app.example.com/callback", "exampleapp://callback"], logoutUrls: ["https://app.example.com/"] }, PROTECTED),
    "aws:cognito/userPoolClient:UserPoolClient auth-web-client": client("Web", "Prod", { callbackUrls: ["https://app.example.com/callback", "exampleapp://callback"], logoutUrls: ["https://app.example.com/"] }, PROTECTED),
};

/** The user pool's trigger configuration: the built-in PreSignUp, the consumer's functions, pre token generation as event version 2. */
const LAMBDA_CONFIG = {
    createAuthChallenge: fn("create-challenge"),
    customMessage: fn("render-message"),
    defineAuthChallenge: fn("define-challenge"),
    postAuthentication: fn("audit-sign-in"),
    postConfirmation: fn("create-profile"),
    preAuthentication: fn("check-account"),
    preSignUp: "arn:aws:lambda:ap-northeast-2:123456789012:function:auth-pre-sign-up-a989b66",
    preTokenGenerationConfig: { lambdaArn: fn("add-claims"), lambdaVersion: "V2_0" },
    userMigration: fn("migrate-user"),
    verifyAuthChallengeResponse: fn("verify-challenge"),
};

/** The e-mail schema, then the custom attributes with every constraint stated (pulumi/pulumi#8937). */
const SCHEMAS = [
    { attributeDataType: "String", developerOnlyAttribute: false, mutable: false, name: "email", required: true, stringAttributeConstraints: { maxLength: "255", minLength: "5" } },
    { attributeDataType: "String", developerOnlyAttribute: false, mutable: true, name: "department", required: false, stringAttributeConstraints: { maxLength: "64", minLength: "2" } },
    { attributeDataType: "Number", developerOnlyAttribute: false, mutable: false, name: "seats", numberAttributeConstraints: { maxValue: "500", minValue: "1" }, required: false },
];

/** The `customAttributes` output: as the pool has them, every default filled in. */
const CUSTOM_ATTRIBUTES = [
    { name: "department", type: "String", mutable: true, minLength: 2, maxLength: 64 },
    { name: "seats", type: "Number", mutable: false, minValue: 1, maxValue: 500 },
];

const PROVIDER_URNS = ["Google", "SignInWithApple", "Corp", "Okta"].map(
    (p) => `urn:pulumi:test::cognito-auth::cognito-auth:index:CognitoAuth$aws:cognito/identityProvider:IdentityProvider::auth-idp-${p}`,
);

/** What the SDK itself sends the engine as each resource's dependencies (RegisterResourceRequest), by logical name. */
interface SdkDependencies {
    all: string[];
    byProperty: Record<string, string[]>;
}

interface RegisterRequest {
    getName(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

/**
 * Run `body` while reading the dependencies off each RegisterResourceRequest. The recorded
 * `dependencies` (tools/evaluate.ts) are inferred from mock values, and a client's provider names are
 * values the providers echo from their own inputs, so that inference cannot see this edge.
 */
async function withSdkDependencies<T>(body: () => Promise<T>): Promise<{ result: T; dependencies: Map<string, SdkDependencies> }> {
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: RegisterRequest, ...rest: unknown[]) => unknown };
    const original = monitor.registerResource;
    const dependencies = new Map<string, SdkDependencies>();
    monitor.registerResource = function (req: RegisterRequest, ...rest: unknown[]) {
        const byProperty: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((value, key) => (byProperty[key] = value.getUrnsList()));
        dependencies.set(req.getName(), { all: req.getDependenciesList(), byProperty });
        return original.call(this, req, ...rest);
    };
    try {
        return { result: await body(), dependencies };
    } finally {
        monitor.registerResource = original;
    }
}

describe("sign-in features (hosted domain, OAuth, identity providers, groups, custom attributes, triggers)", () => {
    let saved: Record<string, string>;
    let dev: Evaluation & { auth: CognitoAuth };
    let prod: Evaluation & { auth: CognitoAuth };
    let dependencies: Map<string, SdkDependencies>;
    before(async () => {
        // The region in effect depends on which test ran last (evaluateStack sets it): pin it, as the stacks do.
        saved = pulumi.runtime.allConfig();
        pulumi.runtime.setConfig("aws:region", "ap-northeast-2");
        setRegion("ap-northeast-2");
        ({ result: dev, dependencies } = await withSdkDependencies(() => build(DEV_ARGS)));
        prod = await build(PROD_ARGS);
    });
    after(() => pulumi.runtime.setAllConfig(saved));

    describe("every child the features add or change, literally", () => {
        for (const [deployment, expected, get] of [
            ["development", DEV, () => dev],
            ["production", PROD, () => prod],
        ] as const) {
            it(`${deployment}: exactly these new children, and these inputs and options of the changed ones`, async () => {
                const { resources } = get();
                const actual: Expected = {};
                for (const r of resources) actual[`${r.type} ${r.name}`] = await normalize(r);
                const created = resources.filter((r) => NEW_TYPES.includes(r.type) || r.name.startsWith("auth-group-") || r.name.startsWith("auth-trigger-"));
                assert.deepStrictEqual(
                    created.map((r) => `${r.type} ${r.name}`).sort(),
                    Object.keys(expected).filter((k) => !k.includes("UserPoolClient") && !k.includes("IdentityPoolRoleAttachment")).sort(),
                    "the set of new children",
                );
                for (const key of Object.keys(expected)) assert.deepStrictEqual(actual[key], expected[key], key);
            });

            it(`${deployment}: the pool runs the consumer's function for every trigger, and states every custom attribute's constraints`, () => {
                const pool = single(get().resources, T.userPool);
                assert.deepStrictEqual(pool.inputs.lambdaConfig, LAMBDA_CONFIG);
                assert.deepStrictEqual(pool.inputs.schemas, SCHEMAS);
            });
        }
    });

    describe("secrets", () => {
        const SECRETS = [
            "GOCSPX-google-client-secret",
            "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQgAPPLE\n-----END PRIVATE KEY-----",
            "corp-oidc-client-secret",
        ];

        /** Every string of a value that is not inside a secret. */
        const plainStrings = (value: unknown, out: string[] = []): string[] => {
            if (isSecretValue(value)) return out;
            if (typeof value === "string") out.push(value);
            else if (Array.isArray(value)) value.forEach((v) => plainStrings(v, out));
            else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => plainStrings(v, out));
            return out;
        };

        it("sends each provider's client_secret and private_key as a Pulumi secret, given plain or as an unmarked Output", () => {
            for (const [provider, key] of [["Google", "client_secret"], ["SignInWithApple", "private_key"], ["Corp", "client_secret"]] as const) {
                const details = named(dev.resources, `auth-idp-${provider}`).inputs.providerDetails;
                assert.ok(isSecretValue(details), `${provider}'s details are a secret`);
                assert.strictEqual(typeof details.value[key], "string", `${provider}'s ${key} is inside the secret`);
            }
        });

        for (const [deployment, get] of [["development", () => dev], ["production", () => prod]] as const) {
            it(`${deployment}: never shows a provider secret in plain text in any input or output`, () => {
                const e = get();
                for (const r of e.resources) {
                    const leaked = plainStrings(r.inputs).filter((s) => SECRETS.some((x) => s.includes(x)));
                    assert.deepStrictEqual(leaked, [], `${r.type} ${r.name}`);
                }
                const plainOutputs = Object.entries(e.outputs).filter(([k]) => !e.secrets.includes(k));
                assert.deepStrictEqual(plainStrings(plainOutputs).filter((s) => SECRETS.some((x) => s.includes(x))), []);
                assert.deepStrictEqual(e.secrets, ["appClientSecret"]);
            });
        }

        it("keeps a secret given as pulumi.secret or as a Promise a secret", async () => {
            const e = await build({
                domain: { prefix: "example-auth" },
                oauth: { callbackUrls: ["https://app.example.com/callback"] },
                identityProviders: {
                    google: { clientId: "1234567890-abc.apps.googleusercontent.com", clientSecret: pulumi.secret("GOCSPX-google-client-secret") },
                    oidc: [{ name: "Corp", issuer: "https://login.corp.example.com", clientId: "corp-client", clientSecret: Promise.resolve("corp-oidc-client-secret") }],
                },
            });
            for (const provider of ["Google", "Corp"]) assert.ok(isSecretValue(named(e.resources, `auth-idp-${provider}`).inputs.providerDetails), provider);
        });
    });

    describe("dependencies and role mapping", () => {
        it("makes both clients depend on every provider (Cognito refuses a client naming a provider that does not exist yet)", () => {
            for (const name of ["auth-app-client", "auth-web-client"]) {
                const d = dependencies.get(name)!;
                assert.deepStrictEqual(d.byProperty.supportedIdentityProviders, PROVIDER_URNS, name);
                for (const urn of PROVIDER_URNS) assert.ok(d.all.includes(urn), `${name} depends on ${urn}`);
            }
        });

        it("creates each provider after the pool and never depends on the clients (no cycle)", () => {
            for (const p of ["Google", "SignInWithApple", "Corp", "Okta"]) {
                assert.deepStrictEqual(dependencies.get(`auth-idp-${p}`)!.all, ["urn:pulumi:test::cognito-auth::cognito-auth:index:CognitoAuth$aws:cognito/userPool:UserPool::auth-user-pool"], p);
            }
        });

        // aws/aws-cdk#22951: the role mapping's key is "cognito-idp.<region>.amazonaws.com/<pool id>:<client id>".
        it("keys each client's role mapping by cognito-idp.<region>.amazonaws.com/<pool id>:<client id>, from the pool's endpoint and the client's id", () => {
            const pool = single(dev.resources, T.userPool);
            const mappings = single(dev.resources, T.roleAttachment).inputs.roleMappings as { identityProvider: string }[];
            assert.deepStrictEqual(
                mappings.map((m) => m.identityProvider),
                ["auth-app-client", "auth-web-client"].map((c) => `${pool.state.endpoint}:${named(dev.resources, c, T.client).id}`),
            );
            assert.strictEqual(pool.state.endpoint, "cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_authuserpool");
        });

        it("gives a group role the authenticated role's statements, then the group's own", () => {
            const authenticated = JSON.parse(named(dev.resources, "auth-authenticated-policy", T.rolePolicy).inputs.policy).Statement;
            for (const [group, own] of [["admins", "AdminReports"], ["editors", "EditContent"]]) {
                const statements = JSON.parse(named(dev.resources, `auth-group-${group}-policy`, T.rolePolicy).inputs.policy).Statement;
                assert.deepStrictEqual(statements.slice(0, -1), authenticated, group);
                assert.deepStrictEqual(statements.map((s: { Sid: string }) => s.Sid).slice(-1), [own], group);
            }
        });

        it("trusts a group role exactly as the authenticated role: this identity pool (aud), signed-in identities (amr)", () => {
            const trust = named(dev.resources, "auth-authenticated-role", T.role).inputs.assumeRolePolicy;
            for (const group of ["admins", "editors"]) assert.strictEqual(named(dev.resources, `auth-group-${group}-role`, T.role).inputs.assumeRolePolicy, trust, group);
        });

        it("adds no role mapping and no role when no group has statements", async () => {
            const e = await build({ groups: [{ name: "readers", precedence: 1 }] });
            assert.strictEqual(single(e.resources, T.roleAttachment).inputs.roleMappings, undefined);
            assert.deepStrictEqual(e.resources.filter((r) => r.name.startsWith("auth-group-")).map((r) => r.name), ["auth-group-readers"]);
        });
    });

    // The built-in PreSignUp function also runs on a federated user's first sign-in (Cognito developer
    // guide, "Pre sign-up Lambda trigger": triggerSource PreSignUp_ExternalProvider, userName
    // "<provider name>_<the provider's user id>"), and its request carries only the attributes the
    // provider's mapping produced ("Specifying identity provider attribute mappings").
    describe("the PreSignUp allow-list for federated users (deployed handler bytes, development settings)", () => {
        let handler: (event: unknown) => Promise<PreSignUpTriggerEvent>;
        let logs: string[];
        beforeEach(async () => {
            const deployed = await plainInputs(named(dev.resources, "auth-pre-sign-up", T.fn));
            const variables = (deployed.environment as { variables: Record<string, string> }).variables;
            assert.deepStrictEqual(variables, { ALLOWED_EMAIL_DOMAINS: "example.com", AUTO_CONFIRM_SIGN_UPS: "true" });
            ({ handler, logs } = loadDeployedHandler(variables, (deployed.code as Record<string, string>)["index.js"]));
        });

        const event = (userName: string, userAttributes: Record<string, string>, triggerSource = "PreSignUp_ExternalProvider"): PreSignUpTriggerEvent =>
            ({
                version: "1",
                region: "ap-northeast-2",
                userPoolId: POOL,
                userName,
                triggerSource,
                callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "auth-web-client-client-id" },
                request: { userAttributes, validationData: {} },
                response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
            }) as PreSignUpTriggerEvent;
        const UNCHANGED = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };

        /** The mapped attributes: `email` when the provider sent one, and `email_verified` where the mapping has it. */
        const mapped = (email: string | undefined, verified: boolean): Record<string, string> => ({ ...(email ? { email } : {}), ...(verified ? { email_verified: "true" } : {}) });
        const USERS: [string, string, boolean][] = [
            ["Google", "Google_110169484474386276334", true],
            ["Google (lower-case prefix)", "google_110169484474386276334", true],
            ["Apple", "SignInWithApple_001234.0a1b2c3d4e5f60718293a4b5c6d7e8f9.1234", false],
            ["an OIDC provider", "Corp_8f14e45f-ceea-467f-a0e6-1b2c3d4e5f60", true],
            ["a SAML provider", "Okta_ana@example.com", false],
        ];
        for (const [provider, userName, verified] of USERS) {
            it(`lets a ${provider} user with an allowed e-mail in without confirming them (auto-confirm is for self sign-up only)`, async () => {
                const out = await handler(event(userName, mapped("Ana@Example.com", verified)));
                assert.deepStrictEqual(out.response, UNCHANGED);
                assert.deepStrictEqual(logs, []);
            });

            it(`refuses a ${provider} user with an e-mail of another domain, with the generic message`, async () => {
                await assert.rejects(handler(event(userName, mapped("mallory@gmail.com", verified))), { message: "Sign-up is not allowed." });
                assert.deepStrictEqual(logs.map((l) => JSON.parse(l)), [
                    { level: "warn", msg: "sign-up rejected", reason: "e-mail domain not allowed", triggerSource: "PreSignUp_ExternalProvider", emailDomain: "gmail.com" },
                ]);
            });

            it(`refuses a ${provider} user whose provider sent no e-mail (Cognito passes only mapped attributes)`, async () => {
                await assert.rejects(handler(event(userName, mapped(undefined, verified))), { message: "Sign-up is not allowed." });
                assert.deepStrictEqual(logs.map((l) => JSON.parse(l)), [
                    { level: "warn", msg: "sign-up rejected", reason: "missing or malformed e-mail", triggerSource: "PreSignUp_ExternalProvider", emailDomain: null },
                ]);
            });
        }

        // Apple lets a user hide their address behind a relay address of Apple's domain: an allow-list
        // of company domains refuses such a user, by design.
        it("refuses an Apple user who hid their e-mail behind Apple's private relay", async () => {
            const hidden = event("SignInWithApple_001234.0a1b2c3d4e5f60718293a4b5c6d7e8f9.1234", { email: "x7kq2m9p4d@privaterelay.appleid.com" });
            await assert.rejects(handler(hidden), { message: "Sign-up is not allowed." });
            assert.strictEqual(JSON.parse(logs[0]).emailDomain, "privaterelay.appleid.com");
        });

        it("still auto-confirms a self sign-up of the same deployment, for contrast", async () => {
            const out = await handler(event("ana", { email: "ana@example.com" }, "PreSignUp_SignUp"));
            assert.deepStrictEqual(out.response, { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false });
        });
    });

    describe("inputs left unset rather than empty (AWS reads an empty list back as none: a diff on every preview)", () => {
        it("an OAuth client without logout URLs carries no logoutUrls; a prefix domain no certificateArn", async () => {
            const e = await build({ domain: { prefix: "example-auth" }, oauth: { callbackUrls: ["https://app.example.com/callback"] } });
            const web = named(e.resources, "auth-web-client", T.client).inputs;
            assert.deepStrictEqual([web.callbackUrls, "logoutUrls" in web], [["https://app.example.com/callback"], false]);
            assert.ok(!("certificateArn" in single(e.resources, "aws:cognito/userPoolDomain:UserPoolDomain").inputs));
        });
    });

    describe("outputs", () => {
        it("gives the prefix domain's URL in the pool's region, and no custom-domain target", () => {
            assert.strictEqual(dev.outputs.hostedUiUrl, "https://example-dev-auth.auth.ap-northeast-2.amazoncognito.com");
            assert.strictEqual(dev.outputs.customDomainTarget, undefined);
            assert.strictEqual(dev.outputs.customDomainTargetZoneId, undefined);
        });

        it("reads the region from the pool, not from aws:region, when the component gets a provider for another region", async () => {
            pulumi.runtime.setConfig("aws:region", "us-west-2");
            try {
                const e = await build({ domain: { prefix: "example-auth" } }, { provider: new aws.Provider("seoul", { region: "ap-northeast-2" }) });
                assert.strictEqual(e.outputs.hostedUiUrl, "https://example-auth.auth.ap-northeast-2.amazoncognito.com");
            } finally {
                pulumi.runtime.setConfig("aws:region", "ap-northeast-2");
            }
        });

        it("gives the custom domain's URL, its CloudFront target and CloudFront's hosted zone (Z2FDTNDATAQYW2) for the alias record", () => {
            assert.strictEqual(prod.outputs.hostedUiUrl, "https://auth.example.com");
            assert.strictEqual(prod.outputs.customDomainTargetZoneId, "Z2FDTNDATAQYW2");
            // The mocks compute no CloudFront distribution; the output is the domain's own.
            assert.strictEqual(prod.auth.customDomainTarget, prod.auth.nodes.userPoolDomain!.cloudfrontDistribution);
        });

        it("gives no hosted URL without a domain", async () => {
            const e = await build({});
            assert.deepStrictEqual([e.outputs.hostedUiUrl, e.outputs.customDomainTarget, e.outputs.customDomainTargetZoneId], [undefined, undefined, undefined]);
            assert.deepStrictEqual(e.outputs.customAttributes, []);
        });

        it("gives the custom attributes as the pool has them, defaults filled in", () => {
            assert.deepStrictEqual(dev.outputs.customAttributes, CUSTOM_ATTRIBUTES);
            assert.deepStrictEqual(prod.outputs.customAttributes, CUSTOM_ATTRIBUTES);
        });

        it("keys the per-item children by item in nodes", () => {
            const nodes = dev.auth.nodes;
            assert.deepStrictEqual(Object.keys(nodes.identityProvider!), ["Google", "SignInWithApple", "Corp", "Okta"]);
            assert.deepStrictEqual(Object.keys(nodes.group!), ["admins", "editors", "readers"]);
            assert.deepStrictEqual(Object.keys(nodes.groupRole!), ["admins", "editors"]);
            assert.deepStrictEqual(Object.keys(nodes.loginBranding!), ["web", "app"]);
            assert.deepStrictEqual(Object.keys(nodes.triggerPermission!).sort(), Object.keys(SIGN_IN.triggers!).sort());
        });

        it("creates no branding with the classic hosted UI (managed login version 1)", async () => {
            const e = await build({ domain: { prefix: "example-auth", managedLoginVersion: 1 }, oauth: { callbackUrls: ["https://app.example.com/callback"] } });
            assert.strictEqual(single(e.resources, "aws:cognito/userPoolDomain:UserPoolDomain").inputs.managedLoginVersion, 1);
            assert.deepStrictEqual(e.resources.filter((r) => r.type === "aws:cognito/managedLoginBranding:ManagedLoginBranding"), []);
        });

        it("leaves the App client without OAuth (and without a branding) unless oauth.appClient is set", async () => {
            const e = await build({ domain: { prefix: "example-auth" }, oauth: { callbackUrls: ["https://app.example.com/callback"] } });
            const app = named(e.resources, "auth-app-client", T.client).inputs;
            assert.deepStrictEqual([app.allowedOauthFlows, app.allowedOauthFlowsUserPoolClient, app.callbackUrls], [undefined, undefined, undefined]);
            assert.deepStrictEqual(e.resources.filter((r) => r.type === "aws:cognito/managedLoginBranding:ManagedLoginBranding").map((r) => r.name), ["auth-login-branding-web"]);
        });
    });

    // Cognito can add custom attributes but never change or remove one: the output, fed back as
    // previousCustomAttributes (a StackReference to the stack itself, here given plain), holds the line.
    describe("the additive rule, end to end", () => {
        const again = (customAttributes: CognitoAuthArgs["customAttributes"]) => ({ ...DEV_ARGS, customAttributes, previousCustomAttributes: dev.outputs.customAttributes });

        it("accepts the same attributes", async () => {
            const e = await build(again(SIGN_IN.customAttributes));
            assert.deepStrictEqual(single(e.resources, T.userPool).inputs.schemas, SCHEMAS);
        });

        it("accepts one more attribute", async () => {
            const e = await build(again([...SIGN_IN.customAttributes!, { name: "nickname", type: "String" }]));
            assert.deepStrictEqual(single(e.resources, T.userPool).inputs.schemas.slice(3), [
                { attributeDataType: "String", developerOnlyAttribute: false, mutable: true, name: "nickname", required: false, stringAttributeConstraints: { maxLength: "2048", minLength: "0" } },
            ]);
            assert.deepStrictEqual(e.outputs.customAttributes, [...CUSTOM_ATTRIBUTES, { name: "nickname", type: "String", mutable: true, minLength: 0, maxLength: 2048 }]);
        });

        const REFUSED: [string, CustomAttributeArgs[], string][] = [
            [
                "a removal",
                [SIGN_IN.customAttributes![0]],
                'customAttributes must keep "seats": the pool has it, and Cognito cannot remove a custom attribute (it was {"name":"seats","type":"Number","mutable":false,"minValue":1,"maxValue":500})',
            ],
            [
                "a change",
                [SIGN_IN.customAttributes![0], { name: "seats", type: "Number", minValue: 1, maxValue: 1000, mutable: false }],
                'customAttributes must keep "seats" as it is: Cognito cannot change a custom attribute (it was {"name":"seats","type":"Number","mutable":false,"minValue":1,"maxValue":500}, ' +
                    'got {"name":"seats","type":"Number","mutable":false,"minValue":1,"maxValue":1000})',
            ],
        ];
        for (const [what, attributes, line] of REFUSED) {
            it(`refuses ${what}, registering nothing`, async () => {
                const { error, resources } = await evaluateFailure(() => new CognitoAuth("auth", again(attributes)));
                assert.ok(error instanceof CognitoAuthValidationError, `expected a validation error, got ${error}`);
                assert.strictEqual(error.message, `CognitoAuth "auth" has invalid arguments: 1 problem(s):\n  - ${line}`);
                assert.deepStrictEqual(resources, []);
            });
        }
    });
});
