// What the built-in functions (PreSignUp, IoT attach) share: runtime settings, a log group with
// retention, and a role that may write only to that group.
import type { ResolvedArgs } from "./args";
import type { ChildKey, ChildPlan } from "./children";

/**
 * Cognito waits 5 s for a synchronous trigger and cannot be told otherwise (Cognito developer guide,
 * "Customizing user pool workflows with Lambda triggers"); the function gives up before Cognito does.
 */
export const FUNCTION_TIMEOUT_SECONDS = 5;
/** The newest Node.js runtime Lambda offers, with the longest support window. */
export const FUNCTION_RUNTIME = "nodejs24.x";

/** Settings every built-in function shares: one small file, arm64, 128 MB. */
export const BUILT_IN_FUNCTION = {
    runtime: FUNCTION_RUNTIME,
    architectures: ["arm64"],
    handler: "index.handler",
    memorySize: 128,
    timeout: FUNCTION_TIMEOUT_SECONDS,
};

/** A built-in function's own log group, with the configured retention. */
export function planLogGroup(plan: ChildPlan, key: Extract<ChildKey, `${string}LogGroup`>, s: ResolvedArgs): void {
    plan.add(key, { retentionInDays: s.logRetentionDays });
}
