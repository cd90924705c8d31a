// Operational alarms. A failing or throttled PreSignUp trigger blocks every sign-up, and Cognito
// gives up on it after 5 s, so those are alarmed; with threat protection, so are risky sign-ins.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { ResolvedArgs } from "./args";

/** One evaluation period; short enough to page while a sign-up outage is still young. */
export const ALARM_PERIOD_SECONDS = 300;

/**
 * Threat-protection metrics as AWS documents them (namespace AWS/Cognito,
 * "Viewing threat protection metrics"): `AccountTakeoverRisk` and `CompromisedCredentialRisk`.
 */
export const RISK_METRICS = ["AccountTakeoverRisk", "CompromisedCredentialRisk"] as const;

export interface AlarmParts {
    topic: aws.sns.Topic;
    subscription?: aws.sns.TopicSubscription;
    alarms: aws.cloudwatch.MetricAlarm[];
}

export function createAlarms(
    name: string,
    args: ResolvedArgs,
    userPool: aws.cognito.UserPool,
    preSignUp: aws.lambda.Function | undefined,
    parent: pulumi.Resource,
): AlarmParts {
    const opts = { parent };
    // Not KMS-encrypted with aws/sns: CloudWatch cannot publish to a topic under that AWS-managed key.
    const topic = new aws.sns.Topic(`${name}-alarms`, {}, opts);
    const subscription = args.alarms.email
        ? new aws.sns.TopicSubscription(`${name}-alarms-email`, { topic: topic.arn, protocol: "email", endpoint: args.alarms.email }, opts)
        : undefined;
    const common = {
        evaluationPeriods: 1,
        period: ALARM_PERIOD_SECONDS,
        comparisonOperator: "GreaterThanOrEqualToThreshold" as const,
        // No data means no invocations: nothing failed.
        treatMissingData: "notBreaching" as const,
        alarmActions: [topic.arn],
        okActions: [topic.arn],
    };
    const alarms: aws.cloudwatch.MetricAlarm[] = [];
    if (preSignUp) {
        const lambda = { namespace: "AWS/Lambda", dimensions: { FunctionName: preSignUp.name } };
        alarms.push(
            new aws.cloudwatch.MetricAlarm(`${name}-pre-sign-up-errors`, { ...common, ...lambda, metricName: "Errors", statistic: "Sum", threshold: args.alarms.preSignUpErrors }, opts),
            new aws.cloudwatch.MetricAlarm(`${name}-pre-sign-up-throttles`, { ...common, ...lambda, metricName: "Throttles", statistic: "Sum", threshold: args.alarms.preSignUpThrottles }, opts),
            new aws.cloudwatch.MetricAlarm(`${name}-pre-sign-up-duration`, { ...common, ...lambda, metricName: "Duration", extendedStatistic: "p99", threshold: args.alarms.preSignUpDurationP99Ms }, opts),
        );
    }
    if (args.threatProtection !== "OFF") {
        for (const metric of RISK_METRICS) {
            const short = metric === "AccountTakeoverRisk" ? "account-takeover" : "compromised-credentials";
            alarms.push(
                new aws.cloudwatch.MetricAlarm(
                    `${name}-${short}-risk`,
                    {
                        ...common,
                        namespace: "AWS/Cognito",
                        metricName: metric,
                        // Published per operation and risk level; high-risk sign-ins are the ones that matter at night.
                        dimensions: { UserPoolId: userPool.id, Operation: "SignIn", RiskLevel: "high" },
                        statistic: "Sum",
                        threshold: args.alarms.riskEvents,
                    },
                    opts,
                ),
            );
        }
    }
    return { topic, subscription, alarms };
}
