// Operational alarms: what they watch and whom they notify.
import * as assert from "assert";
import { CognitoAuth, type CognitoAuthArgs } from "../../../components";
import { evaluate, evaluateStack, named, ofType, single, T, type Evaluation } from "../../harness";

const build = (args: CognitoAuthArgs) =>
    evaluate(() => {
        new CognitoAuth("auth", args);
        return {};
    });
const alarm = (e: Evaluation, suffix: string) => named(e.resources, `auth-${suffix}`, T.alarm).inputs;
/** The operations a risk alarm sums, read from its metric queries. */
const operations = (inputs: Record<string, any>) => inputs.metricQueries.filter((q: any) => q.metric).map((q: any) => q.metric.dimensions.Operation);

describe("alarms", () => {
    it("dev: PreSignUp errors, throttles, p99 duration and the attach endpoint's 5xx; no risk alarms without threat protection", async () => {
        const e = await evaluateStack("dev");
        assert.deepStrictEqual(ofType(e.resources, T.alarm).map((a) => a.name).sort(), [
            "auth-iot-attach-5xx", "auth-pre-sign-up-duration", "auth-pre-sign-up-errors", "auth-pre-sign-up-throttles",
        ]);
    });

    it("prod: risk alarms where Cognito's detection runs: takeover on sign-in; compromised credentials on sign-up and password change, not on SRP sign-in", async () => {
        // Cognito developer guide, "Checking for compromised credentials": "Amazon Cognito doesn't check for
        // compromised credentials for sign-in operations with Secure Remote Password (SRP) flow". Both clients
        // allow SRP only, so a SignIn dimension would never see an event.
        const e = await evaluateStack("prod");
        assert.deepStrictEqual(operations(alarm(e, "account-takeover-risk")), ["SignIn"]);
        assert.deepStrictEqual(operations(alarm(e, "compromised-credentials-risk")), ["SignUp", "PasswordChange"]);
        assert.strictEqual(alarm(e, "compromised-credentials-risk").metricQueries.at(-1).expression, "FILL(m1, 0) + FILL(m2, 0)");
    });

    it("counts compromised credentials on sign-in too once password sign-in is allowed (the flow Cognito checks)", async () => {
        const e = await build({ featurePlan: "PLUS", threatProtection: "AUDIT", allowPasswordAuth: true });
        assert.deepStrictEqual(operations(alarm(e, "compromised-credentials-risk")), ["SignUp", "PasswordChange", "SignIn"]);
        assert.strictEqual(alarm(e, "compromised-credentials-risk").metricQueries.at(-1).expression, "FILL(m1, 0) + FILL(m2, 0) + FILL(m3, 0)");
    });

    it("watches the attach endpoint's 5xx at API Gateway: the function answers failures without throwing, so Lambda's Errors never sees them", async () => {
        const e = await evaluateStack("dev");
        const api = single(e.resources, "aws:apigatewayv2/api:Api");
        assert.deepStrictEqual(
            [alarm(e, "iot-attach-5xx").namespace, alarm(e, "iot-attach-5xx").metricName, alarm(e, "iot-attach-5xx").dimensions],
            ["AWS/ApiGateway", "5xx", { ApiId: api.id, Stage: "$default" }],
        );
    });

    it("subscribes the configured e-mail to the TLS-only topic, and nobody otherwise", async () => {
        const none = await evaluateStack("dev");
        assert.strictEqual(ofType(none.resources, T.subscription).length, 0);
        const e = await evaluateStack("dev", { "cognito-auth:alarmEmail": "ops@example.com" });
        const sub = single(e.resources, T.subscription).inputs;
        assert.deepStrictEqual([sub.protocol, sub.endpoint, sub.topic], ["email", "ops@example.com", single(e.resources, T.topic).state.arn]);
    });

    it("takes thresholds from args", async () => {
        const e = await build({ alarms: { preSignUpErrors: 5, preSignUpThrottles: 7, preSignUpDurationP99Ms: 2500, iotAttachServerErrors: 3 } });
        assert.deepStrictEqual(
            ["pre-sign-up-errors", "pre-sign-up-throttles", "pre-sign-up-duration", "iot-attach-5xx"].map((s) => alarm(e, s).threshold),
            [5, 7, 2500, 3],
        );
    });

    it("can be switched off: no alarms, no topic", async () => {
        const off = await evaluateStack("prod", { "cognito-auth:alarmsEnabled": false });
        assert.strictEqual(ofType(off.resources, T.alarm).length, 0);
        assert.strictEqual(ofType(off.resources, T.topic).length, 0);
        assert.strictEqual(ofType(off.resources, T.topicPolicy).length, 0);
    });

    it("has no function alarms for a consumer's own trigger, and no endpoint alarm without IoT", async () => {
        const e = await build({ triggers: { preSignUp: "arn:aws:lambda:eu-west-1:123456789012:function:theirs" }, iot: { enabled: false } });
        assert.deepStrictEqual(ofType(e.resources, T.alarm).map((a) => a.name), []);
        assert.strictEqual(ofType(e.resources, T.topic).length, 1);
    });
});
