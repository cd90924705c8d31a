// Hosted sign-in: the pool's domain (a Cognito prefix or a custom domain), managed-login branding for
// each OAuth client, and the OAuth settings of the clients.
import type * as pulumi from "@pulumi/pulumi";
import { arnParts } from "./policy";
import { hasDomain } from "./settings";
import type * as aws from "@pulumi/aws";
import type { ResolvedArgs } from "./args";
import type { ChildPlan } from "./children";

/** CloudFront's hosted zone id, the alias target zone of every custom Cognito domain (terraform-provider-aws user_pool_domain.go). */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

export const oauthOn = (s: ResolvedArgs, kind: "App" | "Web"): boolean => s.oauth.callbackUrls.length > 0 && (kind === "Web" || s.oauth.appClient);

/**
 * A client's OAuth settings: the authorization-code flow only (no implicit flow: tokens never travel in
 * URLs). The Web client is public, so Cognito requires nothing more and the app must use PKCE; the
 * App client, when enabled, is confidential and authenticates with its secret.
 */
export function oauthClientArgs(s: ResolvedArgs, kind: "App" | "Web"): Partial<aws.cognito.UserPoolClientArgs> {
    if (!oauthOn(s, kind)) return {};
    return {
        allowedOauthFlows: ["code"],
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthScopes: s.oauth.scopes,
        callbackUrls: s.oauth.callbackUrls,
        ...(s.oauth.logoutUrls.length > 0 ? { logoutUrls: s.oauth.logoutUrls } : {}),
    };
}

/** Plan the domain and, for managed login version 2, a branding style for each OAuth client. */
export function planDomain(plan: ChildPlan, s: ResolvedArgs): void {
    if (!hasDomain(s)) return;
    const userPoolId = plan.ref("userPool").id;
    plan.add("userPoolDomain", {
        userPoolId,
        domain: (s.domain.customDomain ?? s.domain.prefix)!,
        // Only a custom domain has one (validation refuses certificateArn without customDomain).
        certificateArn: s.domain.certificateArn,
        managedLoginVersion: s.domain.managedLoginVersion,
    });
    if (s.domain.managedLoginVersion !== 2) return;
    // Managed login (v2) shows a client's pages only once the client has a style; Cognito's defaults
    // are used until the consumer brands it (transform.loginBranding).
    for (const kind of ["Web", "App"] as const) {
        if (!oauthOn(s, kind)) continue;
        const client = kind === "Web" ? "webClient" : "appClient";
        plan.add("loginBranding", { userPoolId, clientId: plan.ref(client).id, useCognitoProvidedValues: true }, {}, [], kind.toLowerCase());
    }
}

/** The hosted sign-in base URL, for a pool whose ARN is `userPoolArn`. */
export function hostedUiUrl(s: ResolvedArgs, userPoolArn: pulumi.Output<string>): pulumi.Output<string | undefined> {
    return userPoolArn.apply((arn) => {
        if (s.domain.customDomain !== undefined) return `https://${s.domain.customDomain}`;
        if (s.domain.prefix !== undefined) return `https://${s.domain.prefix}.auth.${arnParts(arn).region}.amazoncognito.com`;
        return undefined;
    });
}
