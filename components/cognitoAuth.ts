// The CognitoAuth component: user pool, clients, identity pool, roles and the PreSignUp trigger.
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import { resolveArgs, type CognitoAuthArgs, type ResolvedArgs } from "./args";
import { createAlarms, type AlarmParts } from "./alarms";
import { createExecutionRole, type ExecutionRoleParts } from "./executionRole";
import { createIdentityPool, type IdentityPoolParts } from "./identityPool";
import { createPreSignUpFunction, preSignUpPermission, type PreSignUpFunction } from "./preSignUpFunction";
import { createUserPool, type UserPoolParts } from "./userPool";
import { CognitoAuthValidationError, validateArgs } from "./validate";

export const COGNITO_AUTH_TYPE = "cognito-auth:index:CognitoAuth";

/** Child resources, for consumers who need more than the outputs (tags, extra wiring, imports). */
export interface CognitoAuthNodes extends UserPoolParts, IdentityPoolParts {
    preSignUp?: PreSignUpFunction;
    preSignUpPermission: aws.lambda.Permission;
    executionRole?: ExecutionRoleParts;
    alarms?: AlarmParts;
}

/**
 * Validate args and fill in defaults; throws `CognitoAuthValidationError` listing every problem.
 * `labels` renames argument paths in messages (the stack program maps them to config keys).
 */
export function checkedArgs(name: string, args: CognitoAuthArgs | undefined, labels: Record<string, string> = {}): ResolvedArgs {
    const safe = args !== null && typeof args === "object" && !Array.isArray(args) ? args : {};
    const resolved = resolveArgs(name, safe);
    const problems = validateArgs(args, resolved);
    if (problems.length > 0) {
        throw new CognitoAuthValidationError(
            problems.map((p) => ({ label: labels[p.path] ?? p.path, message: p.message })),
            `CognitoAuth "${name}" has invalid arguments`,
        );
    }
    return resolved;
}

export class CognitoAuth extends pulumi.ComponentResource {
    /** The user pool's id (the template's `UserPoolId` output). */
    readonly userPoolId: pulumi.Output<string>;
    readonly userPoolArn: pulumi.Output<string>;
    /** `cognito-idp.<region>.amazonaws.com/<pool id>`: the provider name identity pools and JWT issuers use. */
    readonly userPoolEndpoint: pulumi.Output<string>;
    /** The back-end client's id (the template's `UserPoolAppClient` output). */
    readonly appClientId: pulumi.Output<string>;
    /** The back-end client's secret, always a Pulumi secret. */
    readonly appClientSecret: pulumi.Output<string>;
    /** The browser client's id, which has no secret (the template's `UserPoolWebClient` output). */
    readonly webClientId: pulumi.Output<string>;
    readonly identityPoolId: pulumi.Output<string>;
    readonly authenticatedRoleArn: pulumi.Output<string>;
    /** Only when unauthenticated identities are allowed. */
    readonly unauthenticatedRoleArn: pulumi.Output<string | undefined>;
    /** The IoT policy to attach to each identity at run time. */
    readonly iotPolicyName: pulumi.Output<string>;
    readonly preSignUpFunctionArn: pulumi.Output<string>;
    /** Only when `executionRole` is given. */
    readonly executionRoleArn: pulumi.Output<string | undefined>;
    /** The SNS topic alarms notify; only when alarms are enabled. */
    readonly alarmTopicArn: pulumi.Output<string | undefined>;
    /** The settings the children were built from, defaults filled in. */
    readonly settings: ResolvedArgs;
    private readonly children: CognitoAuthNodes;

    constructor(name: string, args?: CognitoAuthArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, the component itself included.
        const settings = checkedArgs(name, args);
        super(COGNITO_AUTH_TYPE, name, {}, opts);
        this.settings = settings;

        // Order matters: function → pool (needs the function ARN) → permission (needs the pool ARN).
        const preSignUp = settings.preSignUpFunctionArn === undefined ? createPreSignUpFunction(name, settings, this) : undefined;
        const triggerArn = settings.preSignUpFunctionArn ?? preSignUp!.function.arn;
        const pool = createUserPool(name, settings, triggerArn, this);
        const permission = preSignUpPermission(name, triggerArn, pool.userPool.arn, this);
        const identity = createIdentityPool(name, settings, pool, this);
        const executionRole = settings.executionRole ? createExecutionRole(name, settings.executionRole, pool.userPool.arn, this) : undefined;
        const alarms = settings.alarms.enabled ? createAlarms(name, settings, pool.userPool, preSignUp?.function, this) : undefined;
        this.children = { ...pool, ...identity, preSignUp, preSignUpPermission: permission, executionRole, alarms };

        this.userPoolId = pool.userPool.id;
        this.userPoolArn = pool.userPool.arn;
        this.userPoolEndpoint = pool.userPool.endpoint;
        this.appClientId = pool.appClient.id;
        this.appClientSecret = pulumi.secret(pool.appClient.clientSecret);
        this.webClientId = pool.webClient.id;
        this.identityPoolId = identity.identityPool.id;
        this.authenticatedRoleArn = identity.authenticatedRole.arn;
        this.unauthenticatedRoleArn = pulumi.output(identity.unauthenticatedRole?.arn);
        this.iotPolicyName = identity.iotPolicy.name;
        this.preSignUpFunctionArn = pulumi.output(triggerArn);
        this.executionRoleArn = pulumi.output(executionRole?.role.arn);
        this.alarmTopicArn = pulumi.output(alarms?.topic.arn);

        this.registerOutputs({
            userPoolId: this.userPoolId,
            userPoolArn: this.userPoolArn,
            userPoolEndpoint: this.userPoolEndpoint,
            appClientId: this.appClientId,
            appClientSecret: this.appClientSecret,
            webClientId: this.webClientId,
            identityPoolId: this.identityPoolId,
            authenticatedRoleArn: this.authenticatedRoleArn,
            unauthenticatedRoleArn: this.unauthenticatedRoleArn,
            iotPolicyName: this.iotPolicyName,
            preSignUpFunctionArn: this.preSignUpFunctionArn,
            executionRoleArn: this.executionRoleArn,
            alarmTopicArn: this.alarmTopicArn,
        });
    }

    /** The child resources. */
    get nodes(): CognitoAuthNodes {
        return this.children;
    }
}
