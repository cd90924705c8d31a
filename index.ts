// The stack program: config in, one CognitoAuth, outputs out.
import { stackAuth } from "./stack/config";

const auth = stackAuth("auth");

/** Template output `UserPoolId`. */
export const userPoolId = auth.userPoolId;
/** Template output `UserPoolAppClient`. */
export const appClientId = auth.appClientId;
/** Template output `UserPoolWebClient`. */
export const webClientId = auth.webClientId;
export const userPoolArn = auth.userPoolArn;
export const userPoolEndpoint = auth.userPoolEndpoint;
export const identityPoolId = auth.identityPoolId;
export const authenticatedRoleArn = auth.authenticatedRoleArn;
export const iotPolicyName = auth.iotPolicyName;
export const iotEndpoint = auth.iotEndpoint;
export const iotAttachUrl = auth.iotAttachUrl;
export const preSignUpFunctionArn = auth.preSignUpFunctionArn;
export const executionRoleArn = auth.executionRoleArn;
export const alarmTopicArn = auth.alarmTopicArn;
/** Already a Pulumi secret: it stays encrypted in state and masked in output. */
export const appClientSecret = auth.appClientSecret;
