// Operational alarms. A failing or throttled PreSignUp trigger blocks every sign-up, and Cognito
// gives up on it after 5 s, so those are alarmed; with threat protection, so are risky sign-ins.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Metric } from "@pulumi/awsx/classic/cloudwatch";
import { metrics as lambdaMetrics } from "@pulumi/awsx/classic/lambda";
import type { ResolvedArgs } from "./args";

/** One evaluation period; short enough to page while a sign-up outage is still young. */
export const ALARM_PERIOD_SECONDS = 300;

/**
 * Threat-protection metrics as AWS documents them (namespace AWS/Cognito). awsx's classic cognito
 * helpers spell them `AccountTakeOverRisk` / `CompromisedCredentialsRisk`, which match no published metric.
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
        comparisonOperator: "GreaterThanOrEqualToThreshold" as const,
        // No data means no invocations: nothing failed.
        treatMissingData: "notBreaching" as const,
        alarmActions: [topic.arn],
        okActions: [topic.arn],
    };
    const alarms: aws.cloudwatch.MetricAlarm[] = [];
    if (preSignUp) {
        const change = { function: preSignUp, period: ALARM_PERIOD_SECONDS };
        alarms.push(
            lambdaMetrics.errors({ ...change, statistic: "Sum" }).createAlarm(`${name}-pre-sign-up-errors`, { ...common, threshold: args.alarms.preSignUpErrors }, opts),
            lambdaMetrics.throttles({ ...change, statistic: "Sum" }).createAlarm(`${name}-pre-sign-up-throttles`, { ...common, threshold: args.alarms.preSignUpThrottles }, opts),
            lambdaMetrics.duration({ ...change, extendedStatistic: 99 }).createAlarm(`${name}-pre-sign-up-duration`, { ...common, threshold: args.alarms.preSignUpDurationP99Ms }, opts),
        );
    }
    if (args.threatProtection !== "OFF") {
        for (const metric of RISK_METRICS) {
            const risk = new Metric({
                namespace: "AWS/Cognito",
                name: metric,
                // Published per operation and risk level; high-risk sign-ins are the ones that matter at night.
                dimensions: { UserPoolId: userPool.id, Operation: "SignIn", RiskLevel: "high" },
                period: ALARM_PERIOD_SECONDS,
                statistic: "Sum",
            });
            const short = metric === "AccountTakeoverRisk" ? "account-takeover" : "compromised-credentials";
            alarms.push(risk.createAlarm(`${name}-${short}-risk`, { ...common, threshold: args.alarms.riskEvents }, opts));
        }
    }
    return { topic, subscription, alarms };
}
