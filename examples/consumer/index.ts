// A consumer's stack program: the package is used exactly as published, nothing from the repo's sources.
import { CognitoAuth } from "@cognito-auth/pulumi";

// Nothing but a name gives the secure defaults: no guest credentials, no user enumeration, SRP only,
// token revocation, MFA available, and deletion protection left off because this is not `production`.
const auth = new CognitoAuth("auth");

// A second, independent pool in the same stack. Display names derive from the instance name
// (`PartnerAuthUserPool`, ...) and logical names are prefixed with it, so the two never collide.
const partnerAuth = new CognitoAuth("partner-auth", { allowedEmailDomains: ["partner.example"] });

export const userPoolId = auth.userPoolId;
export const appClientId = auth.appClientId;
export const webClientId = auth.webClientId;
export const identityPoolId = auth.identityPoolId;
/** Already a Pulumi secret: `pulumi stack output --show-secrets appClientSecret`. */
export const appClientSecret = auth.appClientSecret;

export const partnerUserPoolId = partnerAuth.userPoolId;
export const partnerWebClientId = partnerAuth.webClientId;
export const partnerIdentityPoolId = partnerAuth.identityPoolId;
