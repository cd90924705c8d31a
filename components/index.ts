// The package's public surface. Everything exported here is a semver promise (see CHANGELOG.md);
// a test compares it with the recorded surface in api-surface.json.
export { CognitoAuth, type CognitoAuthOutputs } from "./cognitoAuth";
export type {
    AlarmArgs,
    AppleProviderArgs,
    AttributeMapping,
    CognitoAuthArgs,
    CustomAttributeArgs,
    DeviceRemembering,
    DomainArgs,
    EmailArgs,
    ExecutionRoleArgs,
    FeaturePlan,
    GoogleProviderArgs,
    GroupArgs,
    IdentityProvidersArgs,
    IotArgs,
    MfaMode,
    OAuthArgs,
    OAuthScope,
    OidcProviderArgs,
    PasswordPolicyArgs,
    ProductionWaiver,
    ResolvedArgs,
    SamlProviderArgs,
    ThreatProtectionMode,
    TokenValidityArgs,
    TriggerArgs,
} from "./args";
export type { ChildArgs, ChildKey, ChildResource, CognitoAuthNodes, CognitoAuthTransforms, MultiKey, Transform } from "./children";
export { CognitoAuthValidationError, type LabeledProblem } from "./errors";
export { COGNITO_IDENTITY_ID, type PolicyStatement, type PolicyStatementInput } from "./policy";
