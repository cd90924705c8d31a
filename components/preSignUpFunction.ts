// The built-in PreSignUp trigger: function, its minimal role, its log group. The invoke permission
// is created by `preSignUpPermission` after the pool exists: function → pool → permission, no cycle.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ENV_ALLOWED_DOMAINS, ENV_AUTO_CONFIRM } from "../lambdas/preSignUp";
import type { ResolvedArgs } from "./args";
import { handlerArchive } from "./handlerCode";
import { policyDocument, policyDocumentOutput, serviceTrust } from "./policy";
import { applyTransform } from "./transform";

/** Cognito waits 5 s for a trigger; the function must give up before Cognito does. */
export const PRE_SIGN_UP_TIMEOUT_SECONDS = 5;
export const PRE_SIGN_UP_RUNTIME = aws.lambda.Runtime.NodeJS24dX;

export interface PreSignUpFunction {
    function: aws.lambda.Function;
    role: aws.iam.Role;
    logGroup: aws.cloudwatch.LogGroup;
    logPolicy: aws.iam.RolePolicy;
}

export function createPreSignUpFunction(name: string, args: ResolvedArgs, parent: pulumi.Resource): PreSignUpFunction {
    const opts = { parent };
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-pre-sign-up-logs`, { retentionInDays: args.logRetentionDays }, opts);
    const role = new aws.iam.Role(`${name}-pre-sign-up-role`, { assumeRolePolicy: policyDocument(serviceTrust(["lambda.amazonaws.com"])) }, opts);
    // Only its own log group: no CreateLogGroup (the group exists) and no other service.
    const logPolicy = new aws.iam.RolePolicy(
        `${name}-pre-sign-up-logs`,
        {
            role: role.id,
            policy: policyDocumentOutput([
                { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [pulumi.interpolate`${logGroup.arn}:*`] },
            ]),
        },
        opts,
    );
    const functionArgs = applyTransform<aws.lambda.FunctionArgs>(args.transform.preSignUpFunction, {
        description: "Cognito PreSignUp trigger: e-mail domain allow-list and optional auto-confirmation",
        runtime: PRE_SIGN_UP_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        memorySize: 128,
        timeout: PRE_SIGN_UP_TIMEOUT_SECONDS,
        role: role.arn,
        code: handlerArchive(),
        environment: {
            variables: {
                [ENV_ALLOWED_DOMAINS]: args.allowedEmailDomains.join(","),
                [ENV_AUTO_CONFIRM]: String(args.autoConfirmSignUps),
            },
        },
        loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
    });
    // No dependsOn on the log policy: it is created alongside, long before the first sign-up, and
    // waiting for it would lengthen the deploy's critical path by one resource.
    const fn = new aws.lambda.Function(`${name}-pre-sign-up`, functionArgs, { parent });
    return { function: fn, role, logGroup, logPolicy };
}

/** Lets Cognito invoke the trigger, from this pool only. */
export function preSignUpPermission(name: string, functionArn: pulumi.Input<string>, userPoolArn: pulumi.Input<string>, parent: pulumi.Resource): aws.lambda.Permission {
    return new aws.lambda.Permission(
        `${name}-pre-sign-up-invoke`,
        { action: "lambda:InvokeFunction", function: functionArn, principal: "cognito-idp.amazonaws.com", sourceArn: userPoolArn },
        { parent },
    );
}
