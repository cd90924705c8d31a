// Cognito triggers: the pool's `lambdaConfig`, and an invoke permission for every function of the
// consumer's, scoped to this pool. Cognito does not check the permission when the pool is created
// (NOTES §8): without it a trigger fails only when it runs (hashicorp/terraform-provider-aws#8373).
import type * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { ResolvedArgs, TriggerArgs } from "./args";
import type { ChildPlan } from "./children";

/** Every trigger the component wires, in the order Cognito runs them in a sign-up and sign-in. */
export const TRIGGERS = [
    "preSignUp", "customMessage", "postConfirmation", "userMigration", "preAuthentication", "defineAuthChallenge",
    "createAuthChallenge", "verifyAuthChallengeResponse", "postAuthentication", "preTokenGeneration",
] as const satisfies readonly (keyof TriggerArgs)[];

/** The pool's `lambdaConfig`: PreSignUp is the built-in function unless the consumer gives one. */
export function lambdaConfig(s: ResolvedArgs, preSignUpArn: pulumi.Input<string>): aws.types.input.cognito.UserPoolLambdaConfig {
    const config: aws.types.input.cognito.UserPoolLambdaConfig = { preSignUp: preSignUpArn };
    for (const trigger of TRIGGERS) {
        const arn = s.triggers[trigger];
        if (trigger === "preSignUp" || arn === undefined) continue;
        // Event version 2 can change access-token claims too; it needs the ESSENTIALS or PLUS plan, which every
        // plan this component offers is (Cognito developer guide, "Pre token generation Lambda trigger").
        if (trigger === "preTokenGeneration") config.preTokenGenerationConfig = { lambdaArn: arn, lambdaVersion: "V2_0" };
        else config[trigger] = arn;
    }
    return config;
}

/** An invoke permission for each trigger of the consumer's (the built-in PreSignUp has its own). */
export function planTriggerPermissions(plan: ChildPlan, s: ResolvedArgs): void {
    for (const trigger of TRIGGERS) {
        const arn = s.triggers[trigger];
        if (trigger === "preSignUp" || arn === undefined) continue;
        plan.add(
            "triggerPermission",
            { action: "lambda:InvokeFunction", function: arn, principal: "cognito-idp.amazonaws.com", sourceArn: plan.ref("userPool").arn },
            {},
            [],
            trigger,
        );
    }
}
