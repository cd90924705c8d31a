// Operational alarms. A failing or throttled PreSignUp trigger blocks every sign-up, and Cognito
// gives up on it after 5 s, so those are alarmed; with threat protection, so are risky events.
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { ResolvedArgs } from "./args";
import type { ChildPlan } from "./children";
import { arnParts, policyDocumentOutput, type PolicyStatement } from "./policy";

/** One evaluation period; short enough to page while a sign-up outage is still young. */
export const ALARM_PERIOD_SECONDS = 300;

/**
 * The operations Cognito publishes threat-protection metrics for (Cognito developer guide, "Viewing
 * threat protection metrics": Operation is PasswordChange, SignIn or SignUp). Compromised-credentials
 * detection does not run on SRP sign-ins ("Checking for compromised credentials"), so SignIn counts
 * only when password sign-in is allowed; account-takeover detection scores sign-ins.
 */
export function riskOperations(s: ResolvedArgs): { accountTakeover: string[]; compromisedCredentials: string[] } {
    return { accountTakeover: ["SignIn"], compromisedCredentials: ["SignUp", "PasswordChange", ...(s.allowPasswordAuth ? ["SignIn"] : [])] };
}

/** High-risk events of one metric, summed over `operations` with metric math (missing data as 0). */
function riskQueries(metric: string, operations: string[], userPoolId: pulumi.Input<string>): aws.types.input.cloudwatch.MetricAlarmMetricQuery[] {
    const ids = operations.map((_, i) => `m${i + 1}`);
    return [
        ...operations.map((operation, i) => ({
            id: ids[i],
            returnData: false,
            metric: { namespace: "AWS/Cognito", metricName: metric, dimensions: { UserPoolId: userPoolId, Operation: operation, RiskLevel: "high" }, period: ALARM_PERIOD_SECONDS, stat: "Sum" },
        })),
        { id: "total", returnData: true, label: `${metric} (high) on ${operations.join(", ")}`, expression: ids.map((id) => `FILL(${id}, 0)`).join(" + ") },
    ];
}

export function planAlarms(plan: ChildPlan, s: ResolvedArgs): void {
    if (!s.alarms.enabled) return;
    // Not KMS-encrypted with aws/sns: CloudWatch cannot publish to a topic under that AWS-managed key.
    plan.add("alarmTopic", {});
    const topicArn = plan.ref("alarmTopic").arn;
    plan.add("alarmTopicPolicy", {
        arn: topicArn,
        policy: policyDocumentOutput(
            topicArn.apply((arn): PolicyStatement[] => {
                const at = arnParts(arn);
                return [
                    {
                        Sid: "CloudWatchAlarmsOfThisAccount",
                        Effect: "Allow",
                        Principal: { Service: ["cloudwatch.amazonaws.com"] },
                        Action: ["sns:Publish"],
                        Resource: [arn],
                        Condition: { ArnLike: { "aws:SourceArn": `arn:${at.partition}:cloudwatch:${at.region}:${at.account}:alarm:*` } },
                    },
                    // Publishers must use TLS (cdk-nag SNS3; AWS SNS security best practices).
                    { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: ["sns:Publish"], Resource: [arn], Condition: { Bool: { "aws:SecureTransport": "false" } } },
                ];
            }),
        ),
    });
    if (s.alarms.email !== undefined) plan.add("alarmSubscription", { topic: topicArn, protocol: "email", endpoint: s.alarms.email });
    const common = {
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        // No data means nothing happened: no invocations, no risky events.
        treatMissingData: "notBreaching",
        alarmActions: [topicArn],
        okActions: [topicArn],
    };
    if (s.triggers.preSignUp === undefined) {
        const lambda = { ...common, namespace: "AWS/Lambda", period: ALARM_PERIOD_SECONDS, dimensions: { FunctionName: plan.ref("preSignUpFunction").name } };
        plan.add("preSignUpErrorsAlarm", { ...lambda, alarmDescription: "PreSignUp failed: each error blocked a sign-up", metricName: "Errors", statistic: "Sum", threshold: s.alarms.preSignUpErrors });
        plan.add("preSignUpThrottlesAlarm", { ...lambda, alarmDescription: "PreSignUp throttled: sign-ups failed", metricName: "Throttles", statistic: "Sum", threshold: s.alarms.preSignUpThrottles });
        plan.add("preSignUpDurationAlarm", {
            ...lambda,
            alarmDescription: "PreSignUp p99 duration nears Cognito's 5 s limit",
            metricName: "Duration",
            extendedStatistic: "p99",
            threshold: s.alarms.preSignUpDurationP99Ms,
        });
    }
    if (s.iot.enabled) {
        // The attach function answers failures with HTTP 5xx rather than throwing, so Lambda's Errors
        // metric would not see them; API Gateway's 5xx metric of the stage does (AWS/ApiGateway, ApiId, Stage).
        plan.add("iotAttachServerErrorsAlarm", {
            ...common,
            alarmDescription: "The IoT attach endpoint failed: devices of new identities cannot connect",
            namespace: "AWS/ApiGateway",
            metricName: "5xx",
            dimensions: { ApiId: plan.ref("iotAttachApi").id, Stage: "$default" },
            period: ALARM_PERIOD_SECONDS,
            statistic: "Sum",
            threshold: s.alarms.iotAttachServerErrors,
        });
    }
    if (s.threatProtection !== "OFF") {
        const userPoolId = plan.ref("userPool").id;
        const operations = riskOperations(s);
        plan.add("accountTakeoverRiskAlarm", {
            ...common,
            alarmDescription: "High-risk sign-ins (account takeover) detected by Cognito threat protection",
            metricQueries: riskQueries("AccountTakeoverRisk", operations.accountTakeover, userPoolId),
            threshold: s.alarms.riskEvents,
        });
        plan.add("compromisedCredentialsRiskAlarm", {
            ...common,
            alarmDescription: "Compromised credentials used where Cognito checks them (sign-up, password change, password sign-in)",
            metricQueries: riskQueries("CompromisedCredentialRisk", operations.compromisedCredentials, userPoolId),
            threshold: s.alarms.riskEvents,
        });
    }
}
