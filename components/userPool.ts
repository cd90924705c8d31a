// The user pool and its two clients: App (back end, with a secret) and Web (browser, no secret).
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { ResolvedArgs } from "./args";
import { guard, type ChildPlan } from "./children";
import { adoptOptions } from "./adopt";
import { customSchemas, schemaInput } from "./customAttributes";
import { oauthClientArgs } from "./hostedUi";
import { enforced } from "./settings";
import { lambdaConfig } from "./triggers";

/**
 * The schema, with every constraint stated: an omitted `stringAttributeConstraints` makes each
 * `pulumi up` propose a schema change that Cognito then refuses (pulumi/pulumi#8937).
 */
export const EMAIL_SCHEMA: aws.types.input.cognito.UserPoolSchema = {
    name: "email",
    attributeDataType: "String",
    required: true,
    mutable: false,
    developerOnlyAttribute: false,
    stringAttributeConstraints: { minLength: "5", maxLength: "255" },
};

/**
 * Device remembering (Cognito API, DeviceConfigurationType): any DeviceConfiguration turns it on;
 * `DeviceOnlyRememberedOnUserPrompt: true` remembers a device only when the app reports the user's
 * choice (UpdateDeviceStatus), false remembers every confirmed device. A remembered device signs in
 * without the MFA step (`ChallengeRequiredOnNewDevice`).
 */
export function deviceConfiguration(mode: ResolvedArgs["deviceRemembering"]): aws.types.input.cognito.UserPoolDeviceConfiguration | undefined {
    if (mode === "OFF") return undefined;
    return { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: mode === "USER_OPT_IN" };
}

export function userPoolArgs(component: string, s: ResolvedArgs, preSignUpArn: pulumi.Input<string>): aws.cognito.UserPoolArgs {
    const pw = s.passwordPolicy;
    const ses = s.email.sesIdentityArn !== undefined;
    return {
        name: `${s.environmentName}UserPool`,
        deletionProtection: s.deletionProtection ? "ACTIVE" : "INACTIVE",
        adminCreateUserConfig: { allowAdminCreateUserOnly: false },
        autoVerifiedAttributes: ["email"],
        deviceConfiguration: deviceConfiguration(s.deviceRemembering),
        lambdaConfig: lambdaConfig(s, preSignUpArn),
        passwordPolicy: {
            minimumLength: pw.minimumLength,
            requireLowercase: pw.requireLowercase,
            requireUppercase: pw.requireUppercase,
            requireNumbers: pw.requireNumbers,
            requireSymbols: pw.requireSymbols,
            temporaryPasswordValidityDays: 7,
        },
        schemas: schemaInput(component, s, [EMAIL_SCHEMA, ...customSchemas(s)]),
        accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
        // Stated even for Cognito's own mailer, so the provider never sees a difference to AWS's default.
        emailConfiguration: ses
            ? {
                  emailSendingAccount: "DEVELOPER",
                  sourceArn: s.email.sesIdentityArn,
                  fromEmailAddress: s.email.from,
                  replyToEmailAddress: s.email.replyTo,
                  configurationSet: s.email.configurationSet,
              }
            : { emailSendingAccount: "COGNITO_DEFAULT", replyToEmailAddress: s.email.replyTo },
        // Cognito accepts custom e-mail templates only with DEVELOPER sending (API VerificationMessageTemplateType).
        verificationMessageTemplate: ses
            ? { defaultEmailOption: "CONFIRM_WITH_CODE", emailSubject: s.email.verificationSubject, emailMessage: s.email.verificationMessage }
            : undefined,
        mfaConfiguration: s.mfa,
        // TOTP only: SMS needs an SNS role and costs per message; e-mail MFA needs SES.
        softwareTokenMfaConfiguration: s.mfa === "OFF" ? undefined : { enabled: true },
        userPoolTier: s.featurePlan,
        userPoolAddOns: { advancedSecurityMode: s.threatProtection },
    };
}

export function clientArgs(s: ResolvedArgs, userPoolId: pulumi.Input<string>, kind: "App" | "Web", providers: pulumi.Input<string>[]): aws.cognito.UserPoolClientArgs {
    const tv = s.tokenValidity;
    return {
        name: `${s.environmentName}${kind}`,
        userPoolId,
        // Only the back end can keep a secret; a browser client with one cannot sign in at all.
        generateSecret: kind === "App",
        explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", ...(s.allowPasswordAuth ? ["ALLOW_USER_PASSWORD_AUTH"] : [])],
        preventUserExistenceErrors: "ENABLED",
        enableTokenRevocation: true,
        accessTokenValidity: tv.accessTokenMinutes,
        idTokenValidity: tv.idTokenMinutes,
        refreshTokenValidity: tv.refreshTokenDays,
        tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
        authSessionValidity: 3,
        // Every federated provider, through its output: the client then waits for the provider to exist.
        supportedIdentityProviders: ["COGNITO", ...providers],
        ...oauthClientArgs(s, kind),
    };
}

/** Plan the pool. */
export function planUserPool(plan: ChildPlan, s: ResolvedArgs, preSignUpArn: pulumi.Input<string>): void {
    const password = enforced(s, "password-policy");
    const poolArgs = userPoolArgs(plan.component, s, preSignUpArn);
    plan.add("userPool", poolArgs, adoptOptions(s, "userPool", poolArgs), [
        guard(s.deletionProtection, "deletionProtection", (v) => v === "ACTIVE", '"ACTIVE" (deletionProtection is on)'),
        guard(password, "passwordPolicy.minimumLength", (v) => typeof v === "number" && v >= 8, "at least 8 in production", "password-policy"),
        ...(["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"] as const).map((c) =>
            guard<"userPool">(password, `passwordPolicy.${c}`, (v) => v === true, "true in production", "password-policy"),
        ),
        guard(enforced(s, "mfa"), "mfaConfiguration", (v) => v === "OPTIONAL" || v === "ON", '"OPTIONAL" or "ON" in production', "mfa"),
        guard(enforced(s, "threat-protection"), "userPoolAddOns.advancedSecurityMode", (v) => v === "AUDIT" || v === "ENFORCED", '"AUDIT" or "ENFORCED" in production', "threat-protection"),
        guard(enforced(s, "remember-devices"), "deviceConfiguration.deviceOnlyRememberedOnUserPrompt", (v) => v !== false, "true or unset in production", "remember-devices"),
        guard(enforced(s, "cognito-email"), "emailConfiguration.emailSendingAccount", (v) => v === "DEVELOPER", '"DEVELOPER" (SES) in production', "cognito-email"),
    ]);
}

/** Plan both clients; `providers` are the federated providers' names (outputs). */
export function planClients(plan: ChildPlan, s: ResolvedArgs, providers: pulumi.Input<string>[]): void {
    const userPoolId = plan.ref("userPool").id;
    const noPasswordAuth = guard<"appClient" | "webClient">(
        enforced(s, "password-auth"),
        "explicitAuthFlows",
        (v) => Array.isArray(v) && !v.includes("ALLOW_USER_PASSWORD_AUTH"),
        "without ALLOW_USER_PASSWORD_AUTH in production",
        "password-auth",
    );
    // The secret is generated by Cognito; marked secret at the source so it never lands in plain state.
    // pulumi-aws's UserPoolClient marks `clientSecret` as a secret output itself (additionalSecretOutputs
    // in its constructor, applied after any transform), so the secret never lands in plain state.
    const app = clientArgs(s, userPoolId, "App", providers);
    const web = clientArgs(s, userPoolId, "Web", providers);
    plan.add("appClient", app, adoptOptions(s, "appClient", app), [noPasswordAuth]);
    plan.add("webClient", web, adoptOptions(s, "webClient", web), [noPasswordAuth]);
}
