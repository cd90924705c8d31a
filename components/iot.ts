// AWS IoT for signed-in identities: the IoT policy that mirrors the role's IoT grants, and the attach
// endpoint that attaches it to the calling identity. The endpoint is an API Gateway HTTP API route
// with IAM authorization in front of a small function: API Gateway hands the function the caller's
// verified Cognito identity (`requestContext.authorizer.iam.cognitoIdentity`), which a Lambda
// function URL does not ("Function URLs don't use this parameter", Lambda guide, urls-invocation).
import * as pulumi from "@pulumi/pulumi";
import { ATTACH_ROUTE_KEY, STAGE_VAR_IDENTITY_POOL_ID, STAGE_VAR_IOT_POLICY_NAME } from "../lambdas/iotAttach";
import type { ResolvedArgs } from "./args";
import { guard, type ChildPlan } from "./children";
import { BUILT_IN_FUNCTION, planLogGroup } from "./functions";
import { lambdaArchive } from "./handlerCode";
import { iotPolicyStatements } from "./identityPool";
import { logWriteStatements, policyDocument, policyDocumentOutput, serviceTrust, type PolicyStatementInput } from "./policy";

/** The attach route: the only one the API has (the handler refuses any other route key). */
export const ATTACH_ROUTE = { method: "POST", path: "/attach" } as const;
/** Per-API throttling of the attach route: each identity calls it once, so these bound abuse only. */
export const ATTACH_THROTTLING = { throttlingBurstLimit: 20, throttlingRateLimit: 10 };

/**
 * Plan the IoT policy and the attach endpoint. Returns the statement the authenticated role needs to
 * call it: `execute-api:Invoke` on exactly this route of the `$default` stage.
 */
export function planIot(plan: ChildPlan, s: ResolvedArgs): PolicyStatementInput[] {
    const userPoolArn = plan.ref("userPool").arn;
    // AWS refuses to delete an IoT policy attached to any identity (DeleteConflictException), and the
    // provider does not detach, so the policy is left in place on delete and replacement: destroy and
    // rename then succeed. A left policy grants nothing alone, as IoT also requires the role to allow.
    const keepsRetainOnDelete = (_args: unknown, opts: pulumi.CustomResourceOptions) =>
        opts.retainOnDelete === true ? [] : ["must keep retainOnDelete: true (AWS refuses to delete an IoT policy still attached to identities)"];
    plan.add("iotPolicy", { policy: userPoolArn.apply((arn) => policyDocument(iotPolicyStatements(s, arn))) }, { retainOnDelete: true }, [keepsRetainOnDelete]);

    planLogGroup(plan, "iotAttachLogGroup", s);
    plan.add("iotAttachRole", { description: "The IoT attach endpoint: attaches the IoT policy to the calling identity", assumeRolePolicy: policyDocument(serviceTrust(["lambda.amazonaws.com"])) });
    plan.add("iotAttachRolePolicy", {
        role: plan.ref("iotAttachRole").id,
        policy: policyDocumentOutput(
            plan.ref("iotAttachLogGroup").arn.apply((arn) => [
                ...logWriteStatements(arn),
                // iot:AttachPolicy supports only certificate and thing-group resources (Service Authorization
                // Reference, AWS IoT); a Cognito identity is neither, so the resource must be "*". What bounds it:
                // only Lambda may assume this role; the function attaches the one policy named by its stage, to the
                // caller's verified identity of this pool only; and the IoT policy grants no more than the
                // authenticated role does, since IoT requires both to allow an action.
                { Sid: "AttachTheIotPolicy", Effect: "Allow" as const, Action: ["iot:AttachPolicy"], Resource: ["*"] },
            ]),
        ),
    });
    plan.add("iotAttachFunction", {
        ...BUILT_IN_FUNCTION,
        description: "Attaches the IoT policy to the calling Cognito identity (API Gateway, IAM authorization)",
        role: plan.ref("iotAttachRole").arn,
        code: lambdaArchive("iotAttach"),
        loggingConfig: { logFormat: "Text", logGroup: plan.ref("iotAttachLogGroup").name },
    });

    plan.add("iotAttachApi", { protocolType: "HTTP", description: "Attaches the IoT policy to the calling Cognito identity" });
    const apiId = plan.ref("iotAttachApi").id;
    const executionArn = plan.ref("iotAttachApi").executionArn;
    plan.add("iotAttachIntegration", { apiId, integrationType: "AWS_PROXY", integrationUri: plan.ref("iotAttachFunction").arn, payloadFormatVersion: "2.0" });
    plan.add(
        "iotAttachRoute",
        { apiId, routeKey: ATTACH_ROUTE_KEY, authorizationType: "AWS_IAM", target: pulumi.interpolate`integrations/${plan.ref("iotAttachIntegration").id}` },
        {},
        [guard(true, "authorizationType", (v) => v === "AWS_IAM", '"AWS_IAM" (the function trusts only the identity IAM authorization verified)')],
    );
    plan.add("iotAttachAccessLogGroup", { retentionInDays: s.logRetentionDays });
    plan.add("iotAttachStage", {
        apiId,
        name: "$default",
        autoDeploy: true,
        // Read by the function on each request: set here, never by clients, and they keep the function
        // itself independent of the identity pool and the policy (a shorter deploy).
        stageVariables: { [STAGE_VAR_IDENTITY_POOL_ID]: plan.ref("identityPool").id, [STAGE_VAR_IOT_POLICY_NAME]: plan.ref("iotPolicy").name },
        defaultRouteSettings: ATTACH_THROTTLING,
        accessLogSettings: {
            destinationArn: plan.ref("iotAttachAccessLogGroup").arn,
            format: JSON.stringify({
                requestId: "$context.requestId",
                routeKey: "$context.routeKey",
                status: "$context.status",
                identityId: "$context.identity.cognitoIdentityId",
                error: "$context.error.message",
                integrationError: "$context.integrationErrorMessage",
            }),
        },
    });
    plan.add("iotAttachPermission", {
        action: "lambda:InvokeFunction",
        function: plan.ref("iotAttachFunction").name,
        principal: "apigateway.amazonaws.com",
        // Only this route of the $default stage: whoever could invoke the function otherwise could forge
        // both the identity and the stage variables it trusts.
        sourceArn: pulumi.interpolate`${executionArn}/$default/${ATTACH_ROUTE.method}${ATTACH_ROUTE.path}`,
    });
    return [
        {
            Sid: "CallIotAttachEndpoint",
            Effect: "Allow",
            Action: ["execute-api:Invoke"],
            Resource: [pulumi.interpolate`${executionArn}/$default/${ATTACH_ROUTE.method}${ATTACH_ROUTE.path}`],
        },
    ];
}
