// Public entry of the package.
export { CognitoAuth, COGNITO_AUTH_TYPE, checkedArgs, type CognitoAuthNodes } from "./cognitoAuth";
export {
    DEFAULTS,
    resolveArgs,
    type AlarmArgs,
    type CognitoAuthArgs,
    type CognitoAuthTransforms,
    type ExecutionRoleArgs,
    type FeaturePlan,
    type MfaMode,
    type PasswordPolicyArgs,
    type ResolvedArgs,
    type ThreatProtectionMode,
    type TokenValidityArgs,
    type Transform,
} from "./args";
export { CognitoAuthValidationError, validateArgs, type ValidationProblem } from "./validate";
export { argsFromConfig, CONFIG_KEYS, CONFIG_LABELS } from "./stackConfig";
export { preSignUpHandlerCode, handlerArchive } from "./handlerCode";
export { policyDocument, iotIdentityStatements, type PolicyStatement, type PolicyStatementInput, type PolicyDocument } from "./policy";
