// Adopting the live pool, clients and identity pool a CloudFormation stack created (the original
// template), in two reviewable steps. Step "import": Pulumi's `import` option with `protect` from the
// start (no CLI version can then replace or delete them) and every input ignored, so the import shows
// no difference on any CLI: ignoreChanges is honoured during import since CLI 2.16 (pulumi/pulumi#5878,
// #5976), and CLIs with import-then-update (pulumi/pulumi#19339) then plan no update either. Step
// "harden": the resources are in the state; the import option and the ignores go, and the engine plans
// this project's settings as updates in place (`npm run adopt` refuses a pool where one would not be).
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedArgs } from "./args";
import type { ChildKey } from "./children";

/** The children that can be adopted, and the id `import` takes for each (pulumi-aws import docs). */
export const ADOPTABLE = ["userPool", "appClient", "webClient", "identityPool"] as const satisfies readonly ChildKey[];
export type AdoptableKey = (typeof ADOPTABLE)[number];

export const isAdopting = (s: ResolvedArgs): boolean => s.adopt.userPoolId !== undefined;

/** The `import` id of an adopted child: a client's is "<pool id>/<client id>". */
export function importId(s: ResolvedArgs, key: AdoptableKey): string {
    const a = s.adopt;
    switch (key) {
        case "userPool":
            return a.userPoolId!;
        case "appClient":
            return `${a.userPoolId}/${a.appClientId}`;
        case "webClient":
            return `${a.userPoolId}/${a.webClientId}`;
        case "identityPool":
            return a.identityPoolId!;
    }
}

/**
 * Inputs a live resource may have that the component never sets (e.g. tags the stack put on it): in
 * the import step they are ignored too, so the import shows no difference for them either (the
 * `ignoreChanges: ["*"]` wildcard would cover them, but only CLIs since pulumi/pulumi#13005 have it).
 */
const CLIENT_INPUTS_NOT_SET = [
    "allowedOauthFlows", "allowedOauthFlowsUserPoolClient", "allowedOauthScopes", "analyticsConfiguration", "callbackUrls", "defaultRedirectUri",
    "enablePropagateAdditionalUserContextData", "logoutUrls", "readAttributes", "refreshTokenRotation", "writeAttributes",
];
const NOT_SET_BY_THE_COMPONENT: Record<AdoptableKey, string[]> = {
    userPool: [
        "emailMfaConfiguration", "emailVerificationMessage", "emailVerificationSubject", "signInPolicy", "smsAuthenticationMessage",
        "smsVerificationMessage", "tags", "userAttributeUpdateSettings", "webAuthnConfiguration",
    ],
    appClient: CLIENT_INPUTS_NOT_SET,
    webClient: CLIENT_INPUTS_NOT_SET,
    identityPool: ["developerProviderName", "openidConnectProviderArns", "samlProviderArns", "supportedLoginProviders", "tags"],
};

/**
 * Options for an adopted child with these args. `generateSecret` is never read back from AWS
 * (hashicorp/terraform-provider-aws#20298) and forces replacement, so an adopted App client ignores it
 * for good: its secret stays the live one.
 */
export function adoptOptions(s: ResolvedArgs, key: AdoptableKey, args: object): pulumi.CustomResourceOptions {
    if (!isAdopting(s)) return {};
    const alwaysIgnored = key === "appClient" || key === "webClient" ? ["generateSecret"] : [];
    if (s.adopt.step === "harden") return { protect: true, ignoreChanges: alwaysIgnored }; // [] is what the SDK sends for none (runtime/resource.js: opts.ignoreChanges || [])
    return { import: importId(s, key), protect: true, ignoreChanges: [...new Set([...Object.keys(args), ...alwaysIgnored, ...NOT_SET_BY_THE_COMPONENT[key]])].sort() };
}
