// The PreSignUp trigger: the built-in function (with its minimal role and log group) unless the
// consumer brings one, and the permission for Cognito to invoke it. Order: function → pool →
// permission, so there is no cycle (the pool needs the function's ARN, the permission the pool's).
import * as pulumi from "@pulumi/pulumi";
import { ENV_ALLOWED_DOMAINS, ENV_AUTO_CONFIRM } from "../lambdas/preSignUp";
import type { ResolvedArgs } from "./args";
import { guard, type ChildPlan } from "./children";
import { BUILT_IN_FUNCTION, planLogGroup } from "./functions";
import { lambdaArchive } from "./handlerCode";
import { logWriteStatements, policyDocument, policyDocumentOutput, serviceTrust } from "./policy";
import { enforced } from "./settings";

/** Plan the built-in function when no function of the consumer's is given; returns the trigger's ARN. */
export function planPreSignUpFunction(plan: ChildPlan, s: ResolvedArgs): pulumi.Input<string> {
    if (s.triggers.preSignUp !== undefined) return s.triggers.preSignUp;
    planLogGroup(plan, "preSignUpLogGroup", s);
    plan.add("preSignUpRole", { description: "The built-in Cognito PreSignUp trigger", assumeRolePolicy: policyDocument(serviceTrust(["lambda.amazonaws.com"])) });
    plan.add("preSignUpLogPolicy", {
        role: plan.ref("preSignUpRole").id,
        policy: policyDocumentOutput(plan.ref("preSignUpLogGroup").arn.apply(logWriteStatements)),
    });
    // No dependsOn on the log policy: it is created alongside, long before the first sign-up, and
    // waiting for it would lengthen the deploy's critical path by one resource.
    plan.add(
        "preSignUpFunction",
        {
            ...BUILT_IN_FUNCTION,
            description: "Cognito PreSignUp trigger: e-mail domain allow-list and optional auto-confirmation",
            role: plan.ref("preSignUpRole").arn,
            code: lambdaArchive("preSignUp"),
            environment: { variables: { [ENV_ALLOWED_DOMAINS]: s.allowedEmailDomains.map((d) => d.toLowerCase()).join(","), [ENV_AUTO_CONFIRM]: String(s.autoConfirmSignUps) } },
            loggingConfig: { logFormat: "Text", logGroup: plan.ref("preSignUpLogGroup").name },
        },
        {},
        [guard(enforced(s, "auto-confirm"), `environment.variables.${ENV_AUTO_CONFIRM}`, (v) => v === "false", '"false" in production', "auto-confirm")],
    );
    return plan.ref("preSignUpFunction").arn;
}

/** Lets Cognito invoke the trigger, from this pool only. Cognito does not check this at pool creation. */
export function planPreSignUpPermission(plan: ChildPlan, triggerArn: pulumi.Input<string>): void {
    plan.add("preSignUpPermission", { action: "lambda:InvokeFunction", function: triggerArn, principal: "cognito-idp.amazonaws.com", sourceArn: plan.ref("userPool").arn });
}
