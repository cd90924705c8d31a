// Live Cognito settings (the API's Describe… answers) → the Pulumi inputs the AWS provider would hold
// for them: the inverse of tests/integration/e2e/toCognitoApi.ts for the fields the component sets, plus
// the ones whose change replaces a resource (tools/planDiff.ts REPLACEMENT_INPUTS). Pure: no I/O.
// Shapes follow terraform-provider-aws's Read functions (internal/service/cognitoidp/user_pool.go,
// user_pool_client.go; internal/service/cognitoidentity/pool.go), which pulumi-aws inherits.
import type { GetUserPoolMfaConfigResponse, SchemaAttributeType, UserPoolClientType, UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import type { IdentityPool } from "@aws-sdk/client-cognito-identity";
import { TRIGGERS } from "../../components/triggers";
import type { Json } from "../planModel";

type Inputs = { [key: string]: Json };

/** The value without undefined members, empty lists or empty objects (the provider holds those as unset). */
function defined(value: Record<string, unknown>): Inputs | undefined {
    const out: Inputs = {};
    for (const [k, v] of Object.entries(value)) {
        if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
        if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) continue;
        out[k] = v as Json;
    }
    return Object.keys(out).length > 0 ? out : undefined;
}

const firstUpper = (s: string) => s[0].toUpperCase() + s.slice(1);

/**
 * Standard attributes exactly as AWS returns them when nobody configured them; the provider leaves
 * those out of its state (terraform-provider-aws user_pool.go, userPoolSchemaAttributeMatchesStandardAttribute).
 * Every one is a mutable, optional String of 0–2048 characters, except these.
 */
const STANDARD_EXCEPTIONS: Record<string, SchemaAttributeType> = {
    sub: { AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: false, Required: true, StringAttributeConstraints: { MinLength: "1", MaxLength: "2048" } },
    birthdate: { AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: true, Required: false, StringAttributeConstraints: { MinLength: "10", MaxLength: "10" } },
    email_verified: { AttributeDataType: "Boolean", DeveloperOnlyAttribute: false, Mutable: true, Required: false },
    phone_number_verified: { AttributeDataType: "Boolean", DeveloperOnlyAttribute: false, Mutable: true, Required: false },
    updated_at: { AttributeDataType: "Number", DeveloperOnlyAttribute: false, Mutable: true, Required: false, NumberAttributeConstraints: { MinValue: "0" } },
};
const STANDARD_STRINGS = ["address", "email", "family_name", "gender", "given_name", "locale", "middle_name", "name", "nickname", "phone_number", "picture", "preferred_username", "profile", "website", "zoneinfo"];

/** AWS's default definition of a standard attribute, or undefined for a custom (or unknown) one. */
export function standardDefault(name: string): SchemaAttributeType | undefined {
    if (STANDARD_EXCEPTIONS[name]) return STANDARD_EXCEPTIONS[name];
    if (!STANDARD_STRINGS.includes(name)) return undefined;
    return { AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: true, Required: false, StringAttributeConstraints: { MinLength: "0", MaxLength: "2048" } };
}

/** An attribute as comparable JSON: its defined members in a fixed order. */
export function attributeJson(a: SchemaAttributeType): string {
    const constraints = (c: Record<string, string | undefined> | undefined) => c && defined(c);
    return JSON.stringify(
        defined({
            Name: a.Name,
            AttributeDataType: a.AttributeDataType,
            DeveloperOnlyAttribute: a.DeveloperOnlyAttribute ?? false,
            Mutable: a.Mutable ?? false,
            Required: a.Required ?? false,
            StringAttributeConstraints: constraints(a.StringAttributeConstraints && { MinLength: a.StringAttributeConstraints.MinLength, MaxLength: a.StringAttributeConstraints.MaxLength }),
            NumberAttributeConstraints: constraints(a.NumberAttributeConstraints && { MinValue: a.NumberAttributeConstraints.MinValue, MaxValue: a.NumberAttributeConstraints.MaxValue }),
        }),
    );
}

/** Whether the provider keeps this attribute in state: not a standard attribute at AWS's default, not the automatic `identities`. */
export function declaredAttribute(a: SchemaAttributeType): boolean {
    const standard = standardDefault(a.Name ?? "");
    if (standard && attributeJson(a) === attributeJson({ ...standard, Name: a.Name })) return false;
    return a.Name !== "identities";
}

/** A schema attribute as the provider's `schemas` entry (the `custom:`/`dev:` prefix dropped). */
export function schemaInput(a: SchemaAttributeType): Inputs {
    return defined({
        name: (a.Name ?? "").replace(/^(dev:)?(custom:)?/, ""),
        attributeDataType: a.AttributeDataType,
        developerOnlyAttribute: a.DeveloperOnlyAttribute ?? false,
        mutable: a.Mutable ?? false,
        required: a.Required ?? false,
        stringAttributeConstraints: a.StringAttributeConstraints && defined({ minLength: a.StringAttributeConstraints.MinLength, maxLength: a.StringAttributeConstraints.MaxLength }),
        numberAttributeConstraints: a.NumberAttributeConstraints && defined({ minValue: a.NumberAttributeConstraints.MinValue, maxValue: a.NumberAttributeConstraints.MaxValue }),
    })!;
}

/** DescribeUserPool + GetUserPoolMfaConfig → `aws:cognito/userPool:UserPool` inputs. */
export function userPoolInputs(p: UserPoolType, mfa: GetUserPoolMfaConfigResponse): Inputs {
    const l = (p.LambdaConfig ?? {}) as Record<string, unknown>;
    const triggers: Record<string, unknown> = {};
    for (const trigger of TRIGGERS) {
        // Version 2 of pre token generation lives in its own block; the plain ARN is computed from it.
        if (trigger === "preTokenGeneration") {
            const v2 = p.LambdaConfig?.PreTokenGenerationConfig;
            triggers.preTokenGenerationConfig = v2 && defined({ lambdaArn: v2.LambdaArn, lambdaVersion: v2.LambdaVersion });
        } else triggers[trigger] = l[firstUpper(trigger)];
    }
    const pw = p.Policies?.PasswordPolicy;
    const d = p.DeviceConfiguration;
    const e = p.EmailConfiguration;
    const v = p.VerificationMessageTemplate;
    return defined({
        name: p.Name,
        deletionProtection: p.DeletionProtection,
        adminCreateUserConfig: defined({ allowAdminCreateUserOnly: p.AdminCreateUserConfig?.AllowAdminCreateUserOnly }),
        autoVerifiedAttributes: p.AutoVerifiedAttributes,
        aliasAttributes: p.AliasAttributes,
        usernameAttributes: p.UsernameAttributes,
        usernameConfiguration: p.UsernameConfiguration && defined({ caseSensitive: p.UsernameConfiguration.CaseSensitive }),
        deviceConfiguration: d && defined({ challengeRequiredOnNewDevice: d.ChallengeRequiredOnNewDevice, deviceOnlyRememberedOnUserPrompt: d.DeviceOnlyRememberedOnUserPrompt }),
        lambdaConfig: defined(triggers),
        passwordPolicy:
            pw &&
            defined({
                minimumLength: pw.MinimumLength,
                requireLowercase: pw.RequireLowercase,
                requireUppercase: pw.RequireUppercase,
                requireNumbers: pw.RequireNumbers,
                requireSymbols: pw.RequireSymbols,
                temporaryPasswordValidityDays: pw.TemporaryPasswordValidityDays,
            }),
        schemas: (p.SchemaAttributes ?? []).filter(declaredAttribute).map(schemaInput),
        accountRecoverySetting: defined({ recoveryMechanisms: p.AccountRecoverySetting?.RecoveryMechanisms?.map((m) => defined({ name: m.Name, priority: m.Priority })) }),
        // The API's `From` is Pulumi's `fromEmailAddress` (EmailConfigurationType).
        emailConfiguration: e && defined({ emailSendingAccount: e.EmailSendingAccount, sourceArn: e.SourceArn, fromEmailAddress: e.From, replyToEmailAddress: e.ReplyToEmailAddress, configurationSet: e.ConfigurationSet }),
        verificationMessageTemplate: v && defined({ defaultEmailOption: v.DefaultEmailOption, emailSubject: v.EmailSubject, emailMessage: v.EmailMessage }),
        // The provider reads MFA from GetUserPoolMfaConfig, not from the pool.
        mfaConfiguration: mfa.MfaConfiguration ?? p.MfaConfiguration,
        softwareTokenMfaConfiguration: mfa.SoftwareTokenMfaConfiguration && { enabled: mfa.SoftwareTokenMfaConfiguration.Enabled ?? false },
        userPoolTier: p.UserPoolTier,
        userPoolAddOns: defined({ advancedSecurityMode: p.UserPoolAddOns?.AdvancedSecurityMode }),
    })!;
}

/** DescribeUserPoolClient → `aws:cognito/userPoolClient:UserPoolClient` inputs. The secret itself is never kept: only whether there is one. */
export function clientInputs(c: UserPoolClientType): Inputs {
    const u = c.TokenValidityUnits;
    return defined({
        name: c.ClientName,
        userPoolId: c.UserPoolId,
        generateSecret: c.ClientSecret !== undefined,
        explicitAuthFlows: c.ExplicitAuthFlows,
        preventUserExistenceErrors: c.PreventUserExistenceErrors,
        enableTokenRevocation: c.EnableTokenRevocation,
        accessTokenValidity: c.AccessTokenValidity,
        idTokenValidity: c.IdTokenValidity,
        refreshTokenValidity: c.RefreshTokenValidity,
        tokenValidityUnits: u && defined({ accessToken: u.AccessToken, idToken: u.IdToken, refreshToken: u.RefreshToken }),
        authSessionValidity: c.AuthSessionValidity,
        supportedIdentityProviders: c.SupportedIdentityProviders,
        allowedOauthFlows: c.AllowedOAuthFlows,
        allowedOauthFlowsUserPoolClient: c.AllowedOAuthFlowsUserPoolClient,
        allowedOauthScopes: c.AllowedOAuthScopes,
        callbackUrls: c.CallbackURLs,
        logoutUrls: c.LogoutURLs,
    })!;
}

/** DescribeIdentityPool → `aws:cognito/identityPool:IdentityPool` inputs. */
export function identityPoolInputs(i: IdentityPool): Inputs {
    return defined({
        identityPoolName: i.IdentityPoolName,
        allowUnauthenticatedIdentities: i.AllowUnauthenticatedIdentities,
        allowClassicFlow: i.AllowClassicFlow ?? false,
        cognitoIdentityProviders: i.CognitoIdentityProviders?.map((p) => defined({ clientId: p.ClientId, providerName: p.ProviderName, serverSideTokenCheck: p.ServerSideTokenCheck ?? false })),
        developerProviderName: i.DeveloperProviderName,
    })!;
}
