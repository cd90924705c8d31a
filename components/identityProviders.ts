// Federated identity providers. Each one becomes an `aws.cognito.IdentityProvider` and is added to
// both clients' supported providers, which then depend on it (Cognito refuses a client naming a
// provider that does not exist yet). Secrets stay Pulumi secrets.
import * as pulumi from "@pulumi/pulumi";
import type { AttributeMapping, IdentityProvidersArgs, ResolvedArgs } from "./args";
import type { ChildPlan } from "./children";
import { show } from "./errors";
import type { ValidationProblem } from "./validate";

/**
 * Keys Cognito adds to a provider's details on its own (discovered endpoints); the provider would
 * otherwise propose removing them on every update. terraform-provider-aws suppresses these for
 * Google only (identity_provider.go); they are ignored here for every provider that gets them.
 */
const DISCOVERED_DETAILS = ["attributes_url", "attributes_url_add_attributes", "authorize_url", "jwks_uri", "token_url"];

interface Provider {
    /** The provider's name in Cognito and in clients' `supportedIdentityProviders`. */
    name: string;
    type: "Google" | "SignInWithApple" | "OIDC" | "SAML";
    details: Record<string, pulumi.Input<string>>;
    mapping: AttributeMapping;
    identifiers?: string[];
    /** Details Cognito fills in itself. */
    discovered: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !pulumi.Output.isInstance(v);
const isPlainString = (v: unknown) => typeof v === "string" && v.length > 0;
const isSecretInput = (v: unknown) => isPlainString(v) || pulumi.Output.isInstance(v) || v instanceof Promise;
/**
 * A provider name Cognito accepts (CreateIdentityProvider ProviderName: 1–32 characters matching
 * `[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+`): at least 3, and no "_" after the second. Kept
 * to letters, digits and "-", since the name also names a child resource.
 */
const NAME = /^[A-Za-z0-9-]{3,32}$/;

/** The providers of the args, in a stable order: Google, Apple, then OIDC and SAML as listed. */
export function providers(p: IdentityProvidersArgs): Provider[] {
    const out: Provider[] = [];
    if (p.google) {
        out.push({
            name: "Google",
            type: "Google",
            details: { client_id: p.google.clientId, client_secret: pulumi.secret(p.google.clientSecret), authorize_scopes: (p.google.scopes ?? ["openid", "email", "profile"]).join(" ") },
            mapping: p.google.attributeMapping ?? { email: "email", email_verified: "email_verified", username: "sub" },
            discovered: [...DISCOVERED_DETAILS, "oidc_issuer"],
        });
    }
    if (p.apple) {
        out.push({
            name: "SignInWithApple",
            type: "SignInWithApple",
            details: {
                client_id: p.apple.servicesId,
                team_id: p.apple.teamId,
                key_id: p.apple.keyId,
                private_key: pulumi.secret(p.apple.privateKey),
                authorize_scopes: (p.apple.scopes ?? ["email", "name"]).join(" "),
            },
            mapping: p.apple.attributeMapping ?? { email: "email", username: "sub" },
            discovered: [...DISCOVERED_DETAILS, "oidc_issuer"],
        });
    }
    for (const o of p.oidc ?? []) {
        out.push({
            name: o.name,
            type: "OIDC",
            details: {
                client_id: o.clientId,
                client_secret: pulumi.secret(o.clientSecret),
                oidc_issuer: o.issuer,
                attributes_request_method: o.attributesRequestMethod ?? "GET",
                authorize_scopes: (o.scopes ?? ["openid", "email", "profile"]).join(" "),
            },
            mapping: o.attributeMapping ?? { email: "email", email_verified: "email_verified", username: "sub" },
            discovered: DISCOVERED_DETAILS,
        });
    }
    for (const x of p.saml ?? []) {
        out.push({
            name: x.name,
            type: "SAML",
            details: { ...(x.metadataUrl !== undefined ? { MetadataURL: x.metadataUrl } : { MetadataFile: x.metadataXml! }), IDPSignout: String(x.signOut ?? false) },
            mapping: x.attributeMapping,
            identifiers: x.identifiers,
            // Cognito adds the SAML signing certificate it generated (terraform-provider-aws suppresses it too).
            discovered: ["ActiveEncryptionCertificate", "SLORedirectBindingURI", "SSORedirectBindingURI"],
        });
    }
    return out;
}

/** Problems of the `identityProviders` argument. */
export function validateIdentityProviders(raw: unknown, s: ResolvedArgs): ValidationProblem[] {
    if (raw === undefined) return [];
    const problems: ValidationProblem[] = [];
    const fail = (path: string, message: string) => problems.push({ path, message });
    if (!isObject(raw)) return [{ path: "identityProviders", message: `must be an object (got ${show(raw)})` }];
    const known = ["google", "apple", "oidc", "saml"];
    for (const key of Object.keys(raw)) if (!known.includes(key)) fail(`identityProviders.${key}`, `is not a known provider; known: ${known.join(", ")}`);
    const fields = (at: string, value: unknown, required: Record<string, (v: unknown) => boolean>, optional: string[]): value is Record<string, unknown> => {
        if (!isObject(value)) {
            fail(at, `must be an object (got ${show(value)})`);
            return false;
        }
        for (const key of Object.keys(value)) if (!(key in required) && !optional.includes(key)) fail(`${at}.${key}`, `is not a known setting; known: ${[...Object.keys(required), ...optional].join(", ")}`);
        for (const [key, ok] of Object.entries(required)) if (!ok(value[key])) fail(`${at}.${key}`, `must be set${key.toLowerCase().includes("secret") || key === "privateKey" ? " (a string or a secret Output)" : " to a non-empty string"} (got ${show(value[key])})`);
        return true;
    };
    const mapping = (at: string, value: unknown, required: boolean) => {
        if (value === undefined && !required) return;
        if (!isObject(value) || !Object.values(value).every((v) => typeof v === "string" && v.length > 0)) return fail(at, `must map pool attributes to provider attributes, { email: "<provider attribute>", … } (got ${show(value)})`);
        // The pool requires e-mail, and Cognito needs a mapping for every required attribute ("Specifying
        // identity provider attribute mappings"); the PreSignUp allow-list reads it too.
        if (!("email" in value)) fail(at, `must map email, which the pool requires (got ${show(value)})`);
    };
    const scopes = (at: string, value: unknown) => {
        if (value !== undefined && (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && /^\S+$/.test(v)))) fail(at, `must be a non-empty list of scope names (got ${show(value)})`);
    };
    if (raw.google !== undefined && fields("identityProviders.google", raw.google, { clientId: isPlainString, clientSecret: isSecretInput }, ["scopes", "attributeMapping"])) {
        scopes("identityProviders.google.scopes", raw.google.scopes);
        mapping("identityProviders.google.attributeMapping", raw.google.attributeMapping, false);
    }
    if (raw.apple !== undefined && fields("identityProviders.apple", raw.apple, { servicesId: isPlainString, teamId: isPlainString, keyId: isPlainString, privateKey: isSecretInput }, ["scopes", "attributeMapping"])) {
        scopes("identityProviders.apple.scopes", raw.apple.scopes);
        mapping("identityProviders.apple.attributeMapping", raw.apple.attributeMapping, false);
    }
    const list = (kind: "oidc" | "saml", check: (at: string, item: unknown) => void) => {
        const items = raw[kind];
        if (items === undefined) return;
        if (!Array.isArray(items)) return fail(`identityProviders.${kind}`, `must be a list (got ${show(items)})`);
        items.forEach((item, i) => {
            const at = `identityProviders.${kind}[${i}]`;
            if (isObject(item) && !(typeof item.name === "string" && NAME.test(item.name))) fail(`${at}.name`, `must be 3–32 letters, digits or "-" (got ${show(item.name)})`);
            else if (isObject(item) && ["Google", "SignInWithApple", "COGNITO", "Facebook", "LoginWithAmazon"].includes(item.name as string)) fail(`${at}.name`, `must not be a name Cognito reserves for its own providers (got ${show(item.name)})`);
            check(at, item); // its fields() refuses an item that is not an object
        });
    };
    list("oidc", (at, o) => {
        // name and issuer have their own checks (above, below): listed here as known, not re-checked.
        if (!fields(at, o, { name: () => true, issuer: () => true, clientId: isPlainString, clientSecret: isSecretInput }, ["scopes", "attributesRequestMethod", "attributeMapping"])) return;
        if (!(typeof o.issuer === "string" && /^https:\/\/[^\s#?]+$/.test(o.issuer))) fail(`${at}.issuer`, `must be an https:// URL without query or fragment (got ${show(o.issuer)})`);
        scopes(`${at}.scopes`, o.scopes);
        if (o.attributesRequestMethod !== undefined && !["GET", "POST"].includes(o.attributesRequestMethod as string)) fail(`${at}.attributesRequestMethod`, `must be one of GET, POST (got ${show(o.attributesRequestMethod)})`);
        mapping(`${at}.attributeMapping`, o.attributeMapping, false);
    });
    list("saml", (at, x) => {
        if (!fields(at, x, { name: () => true }, ["metadataUrl", "metadataXml", "attributeMapping", "signOut", "identifiers"])) return;
        if ((x.metadataUrl === undefined) === (x.metadataXml === undefined)) fail(at, "must give exactly one of metadataUrl and metadataXml");
        if (x.metadataUrl !== undefined && !(typeof x.metadataUrl === "string" && /^https:\/\/\S+$/.test(x.metadataUrl))) fail(`${at}.metadataUrl`, `must be an https:// URL (got ${show(x.metadataUrl)})`);
        if (x.metadataXml !== undefined && !isSecretInput(x.metadataXml)) fail(`${at}.metadataXml`, `must be a non-empty string or an Output (got ${show(x.metadataXml)})`);
        if (x.signOut !== undefined && typeof x.signOut !== "boolean") fail(`${at}.signOut`, `must be true or false (got ${show(x.signOut)})`);
        if (x.identifiers !== undefined && !(Array.isArray(x.identifiers) && x.identifiers.every((v) => typeof v === "string" && v.length > 0 && v.length <= 40))) {
            fail(`${at}.identifiers`, `must be a list of identifiers of 1–40 characters (got ${show(x.identifiers)})`);
        }
        mapping(`${at}.attributeMapping`, x.attributeMapping, true);
    });
    if (problems.length > 0) return problems;
    const names = providers(raw as IdentityProvidersArgs).map((p) => p.name);
    const dupe = names.find((n, i) => names.indexOf(n) !== i);
    if (dupe) fail("identityProviders", `must not repeat a provider name (got ${show(dupe)} twice)`);
    // Federated sign-in happens on the hosted pages, through the OAuth endpoints.
    if (names.length > 0 && s.oauth.callbackUrls.length === 0) fail("identityProviders", "must come with OAuth sign-in: set oauth.callbackUrls (and a domain); federated users sign in on the hosted pages");
    return problems;
}

/** Plan one provider per entry; returns their names as outputs, for the clients to depend on. */
export function planIdentityProviders(plan: ChildPlan, s: ResolvedArgs): pulumi.Output<string>[] {
    return providers(s.identityProviders).map((p) => {
        plan.add(
            "identityProvider",
            {
                userPoolId: plan.ref("userPool").id,
                providerName: p.name,
                providerType: p.type,
                providerDetails: p.details,
                attributeMapping: p.mapping,
                ...(p.identifiers?.length ? { idpIdentifiers: p.identifiers } : {}),
            },
            { ignoreChanges: p.discovered.map((key) => `providerDetails.${key}`) },
            [],
            p.name,
        );
        return plan.ref("identityProvider", p.name).providerName;
    });
}
