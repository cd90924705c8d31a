import * as assert from "assert";
import { CognitoAuth, DEFAULTS } from "../../../components";
import { ALARM_PERIOD_SECONDS } from "../../../components/alarms";
import { evaluate, evaluateStack, ofType, single, type Evaluation, type RecordedResource } from "../../harness";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const byName = (e: Evaluation, suffix: string) => ofType(e.resources, ALARM).find((a) => a.name.endsWith(suffix))?.inputs;

function assertNotifies(alarm: Record<string, any>, topic: RecordedResource) {
    assert.deepStrictEqual(alarm.alarmActions, [topic.state.arn]);
    assert.deepStrictEqual(alarm.okActions, [topic.state.arn]);
    assert.strictEqual(alarm.period, ALARM_PERIOD_SECONDS);
    assert.strictEqual(alarm.comparisonOperator, "GreaterThanOrEqualToThreshold");
    assert.strictEqual(alarm.treatMissingData, "notBreaching");
}

describe("alarms", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: PreSignUp errors, throttles and p99 duration alarm on the function, notifying the topic`, async () => {
            const e = await evaluateStack(stack);
            const topic = single(e.resources, "aws:sns/topic:Topic");
            const fn = single(e.resources, "aws:lambda/function:Function");
            const errors = byName(e, "pre-sign-up-errors")!;
            const throttles = byName(e, "pre-sign-up-throttles")!;
            const duration = byName(e, "pre-sign-up-duration")!;
            for (const [alarm, metric] of [[errors, "Errors"], [throttles, "Throttles"], [duration, "Duration"]] as const) {
                assertNotifies(alarm, topic);
                assert.strictEqual(alarm.namespace, "AWS/Lambda");
                assert.strictEqual(alarm.metricName, metric);
                assert.deepStrictEqual(alarm.dimensions, { FunctionName: fn.state.name });
            }
            assert.deepStrictEqual([errors.statistic, errors.threshold], ["Sum", DEFAULTS.alarms.preSignUpErrors]);
            assert.deepStrictEqual([throttles.statistic, throttles.threshold], ["Sum", DEFAULTS.alarms.preSignUpThrottles]);
            assert.deepStrictEqual([duration.statistic, duration.extendedStatistic, duration.threshold], [undefined, "p99", DEFAULTS.alarms.preSignUpDurationP99Ms]);
            assert.ok(DEFAULTS.alarms.preSignUpDurationP99Ms < 5000, "the duration alarm fires before Cognito's 5 s limit");
        });
    }

    it("prod (threat protection on): account-takeover and compromised-credential risk alarms on the pool", async () => {
        const e = await evaluateStack("prod");
        const topic = single(e.resources, "aws:sns/topic:Topic");
        const pool = single(e.resources, "aws:cognito/userPool:UserPool");
        for (const [suffix, metric] of [["account-takeover-risk", "AccountTakeoverRisk"], ["compromised-credentials-risk", "CompromisedCredentialRisk"]]) {
            const alarm = byName(e, suffix)!;
            assertNotifies(alarm, topic);
            assert.deepStrictEqual([alarm.namespace, alarm.metricName, alarm.statistic, alarm.threshold], ["AWS/Cognito", metric, "Sum", DEFAULTS.alarms.riskEvents]);
            assert.deepStrictEqual(alarm.dimensions, { UserPoolId: pool.id, Operation: "SignIn", RiskLevel: "high" });
        }
        assert.strictEqual(ofType(e.resources, ALARM).length, 5);
    });

    it("dev (no threat protection): no risk alarms", async () => {
        const e = await evaluateStack("dev");
        assert.strictEqual(ofType(e.resources, ALARM).length, 3);
    });

    it("subscribes the configured e-mail, and nobody otherwise", async () => {
        const none = await evaluateStack("dev");
        assert.strictEqual(ofType(none.resources, "aws:sns/topicSubscription:TopicSubscription").length, 0);
        const e = await evaluateStack("dev", { "cognito-auth:alarmEmail": "ops@example.com" });
        const sub = single(e.resources, "aws:sns/topicSubscription:TopicSubscription").inputs;
        assert.deepStrictEqual([sub.protocol, sub.endpoint, sub.topic], ["email", "ops@example.com", single(e.resources, "aws:sns/topic:Topic").state.arn]);
    });

    it("takes thresholds from args, and can be switched off", async () => {
        const e = await evaluate(() => {
            new CognitoAuth("auth", { alarms: { preSignUpErrors: 5, preSignUpThrottles: 7, preSignUpDurationP99Ms: 2500 } });
            return {};
        });
        assert.deepStrictEqual(
            [byName(e, "errors")!.threshold, byName(e, "throttles")!.threshold, byName(e, "duration")!.threshold],
            [5, 7, 2500],
        );
        const off = await evaluateStack("prod", { "cognito-auth:alarmsEnabled": false });
        assert.strictEqual(ofType(off.resources, ALARM).length, 0);
        assert.strictEqual(ofType(off.resources, "aws:sns/topic:Topic").length, 0);
    });

    it("has no function alarms when the consumer brings their own trigger", async () => {
        const e = await evaluate(() => {
            new CognitoAuth("auth", { preSignUpFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:theirs" });
            return {};
        });
        assert.strictEqual(ofType(e.resources, ALARM).length, 0);
    });
});
