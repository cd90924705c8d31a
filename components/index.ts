// The package's public surface. Everything exported here is a semver promise (see CHANGELOG.md);
// a test compares it with the recorded surface in api-surface.json.
export { CognitoAuth, type CognitoAuthOutputs } from "./cognitoAuth";
export type {
    AlarmArgs,
    CognitoAuthArgs,
    DeviceRemembering,
    EmailArgs,
    ExecutionRoleArgs,
    FeaturePlan,
    IotArgs,
    MfaMode,
    PasswordPolicyArgs,
    ProductionWaiver,
    ResolvedArgs,
    ThreatProtectionMode,
    TokenValidityArgs,
    TriggerArgs,
} from "./args";
export type { ChildArgs, ChildKey, ChildResource, CognitoAuthNodes, CognitoAuthTransforms, Transform } from "./children";
export { CognitoAuthValidationError, type LabeledProblem } from "./errors";
export { COGNITO_IDENTITY_ID, type PolicyStatement, type PolicyStatementInput } from "./policy";
