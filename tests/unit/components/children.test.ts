// The children registry (components/children.ts): each auto-named child carries the name limit of its
// resource type, so the component-name check (validate.ts) covers every child, new ones included.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CHILD_KEYS, CHILDREN, ChildPlan, childName, guard, MAX_NAME } from "../../../components/children";

/**
 * The name limit per Pulumi type: pulumi-aws's auto-name maxima (provider/resource_overrides.go) and
 * AWS's own limits (PutRolePolicy, IoT CreatePolicy, API Gateway CreateApi), as MAX_NAME documents them.
 */
const LIMIT_OF_TYPE: Record<string, number> = {
    "aws:iam/role:Role": 64,
    "aws:iam/rolePolicy:RolePolicy": 128,
    "aws:lambda/function:Function": 64,
    "aws:lambda/permission:Permission": 100,
    "aws:cloudwatch/logGroup:LogGroup": 255,
    "aws:sns/topic:Topic": 80,
    "aws:cloudwatch/metricAlarm:MetricAlarm": 255,
    "aws:iot/policy:Policy": 128,
    "aws:apigatewayv2/api:Api": 128,
};
const typeOf = (key: (typeof CHILD_KEYS)[number]): string => (CHILDREN[key].ctor as unknown as { __pulumiType: string }).__pulumiType;

describe("children registry", () => {
    it("MAX_NAME holds the limits the provider and AWS document", () => {
        assert.deepStrictEqual(MAX_NAME, { iamRole: 64, iamRolePolicy: 128, lambdaFunction: 64, lambdaStatementId: 100, logGroup: 255, snsTopic: 80, alarm: 255, iotPolicy: 128, httpApi: 128 });
    });

    for (const key of CHILD_KEYS) {
        const limit = LIMIT_OF_TYPE[typeOf(key)];
        it(`${key} (${typeOf(key)}): ${limit === undefined ? "no auto-name limit to check" : `auto-name limit ${limit}`}`, () => {
            assert.strictEqual(CHILDREN[key].maxAutoName, limit);
        });
    }
});

// The plan's own invariants catch mistakes in the component's builders (no argument reaches them), and
// its checks of transformed args: tested on a plan directly.
describe("child plan", () => {
    const OFF = { protect: false, retainOnDelete: false };
    const WILDCARD = JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:*", Resource: "*" } });

    it("names a per-item child after its item, and refuses a per-item child without one or a single child with one", () => {
        assert.strictEqual(childName("auth", "group", "admins"), "auth-group-admins");
        assert.strictEqual(childName("auth", "userPool"), "auth-user-pool");
        assert.throws(() => childName("auth", "group"), /^Error: child group needs item$/);
        assert.throws(() => childName("auth", "userPool", "admins"), /^Error: child userPool takes no item$/);
    });

    it("refuses to plan a child twice, and plans one logical name under two types (a log group and a log policy)", () => {
        const plan = new ChildPlan("auth", {}, OFF);
        plan.add("preSignUpLogGroup", { retentionInDays: 30 });
        plan.add("preSignUpLogPolicy", { role: "r", policy: "{}" });
        assert.throws(() => plan.add("preSignUpLogGroup", { retentionInDays: 7 }), /^Error: child auth-pre-sign-up-logs planned twice$/);
    });

    it("fails to create a child referenced through an output it does not have, naming child and output", () => {
        const plan = new ChildPlan("auth", {}, OFF);
        plan.add("userPool", {});
        void (plan.ref("userPool") as unknown as Record<string, unknown>).noSuchOutput;
        assert.throws(() => plan.create(new pulumi.ComponentResource("test:index:Parent", "parent-no-output")), /^Error: child auth-user-pool has no output noSuchOutput$/);
    });

    it("fails creation when a reference names a child that was never planned", () => {
        const plan = new ChildPlan("auth", {}, OFF);
        plan.add("appClient", { userPoolId: plan.ref("userPool").id });
        void plan.ref("group", "admins").id;
        assert.throws(() => plan.create(new pulumi.ComponentResource("test:index:Parent", "parent-dangling")), /^Error: references to children that were never planned: userPool::auth-user-pool, group::auth-group-admins$/);
    });

    it("reports transforms of children the configuration does not create, and not the ones left undefined", () => {
        const plan = new ChildPlan("auth", { alarmTopic: { displayName: "x" }, iotPolicy: undefined, group: { precedence: 1 } }, OFF);
        plan.add("userPool", {});
        assert.deepStrictEqual(plan.unusedTransforms(), [
            { path: "transform.alarmTopic", message: "has no effect: this configuration creates no alarmTopic (logical name auth-alarms)" },
            { path: "transform.group", message: "has no effect: this configuration creates no group (logical name auth-group-<item>)" },
        ]);
    });

    it("checks a transformed policy document for wildcard actions (a single statement and a single action too), and leaves a Deny by NotAction, a document that is not JSON, JSON that is no object and a null statement to AWS", () => {
        const denyByNotAction = JSON.stringify({ Statement: [{ Effect: "Deny", NotAction: ["iot:Connect"], Resource: "*" }] });
        const plan = new ChildPlan(
            "auth",
            { authenticatedPolicy: { policy: WILDCARD }, executionPolicy: { policy: denyByNotAction }, groupPolicy: { policy: "not JSON" }, preSignUpLogPolicy: { policy: "5" }, iotAttachRolePolicy: { policy: "null" }, executionRole: { assumeRolePolicy: '{"Statement":[null]}' } },
            OFF,
        );
        plan.add("authenticatedPolicy", { role: "r", policy: "{}" });
        plan.add("executionPolicy", { role: "r", policy: "{}" });
        plan.add("groupPolicy", { role: "r", policy: "{}" }, {}, [], "admins");
        plan.add("preSignUpLogPolicy", { role: "r", policy: "{}" });
        plan.add("iotAttachRolePolicy", { role: "r", policy: "{}" });
        plan.add("executionRole", { assumeRolePolicy: "{}" });
        assert.deepStrictEqual(plan.problems, [{ path: "transform.authenticatedPolicy", message: 'must keep policy free of wildcard actions (got ["s3:*"])' }]);
    });

    // RolePolicy.policy takes a JSON string or a PolicyDocument object (pulumi-aws iam/rolePolicy.ts).
    it("checks a policy document given as an object too", () => {
        const document = { Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: ["iot:Connect", "iot:*"], Resource: "*" }] };
        const plan = new ChildPlan("auth", { iotAttachRolePolicy: { policy: document } }, OFF);
        plan.add("iotAttachRolePolicy", { role: "r", policy: "{}" });
        assert.deepStrictEqual(plan.problems, [{ path: "transform.iotAttachRolePolicy", message: 'must keep policy free of wildcard actions (got ["iot:*"])' }]);
    });

    describe("guarantees on a nested input", () => {
        const holds = guard(true, "passwordPolicy.minimumLength", (v) => v === 12, "12");

        it("reads a missing level as undefined: a null level is not a plain value that holds", () => {
            assert.deepStrictEqual(holds({ passwordPolicy: null } as never, {}), ["must keep passwordPolicy.minimumLength 12 (got undefined)"]);
            assert.deepStrictEqual(holds({ passwordPolicy: { minimumLength: 12 } } as never, {}), []);
            assert.deepStrictEqual(holds({ passwordPolicy: { minimumLength: "8" } } as never, {}), ['must keep passwordPolicy.minimumLength 12 (got "8")']);
        });

        it("refuses an Output or a Promise at any level, since its value cannot be checked before deployment", () => {
            const plainOnly = "must leave passwordPolicy.minimumLength a plain value, so that it can be checked to be 12 before deployment";
            assert.deepStrictEqual(holds({ passwordPolicy: Promise.resolve({ minimumLength: 12 }) } as never, {}), [plainOnly]);
            assert.deepStrictEqual(holds({ passwordPolicy: pulumi.output({ minimumLength: 12 }) } as never, {}), [plainOnly]);
            assert.deepStrictEqual(holds({ passwordPolicy: { minimumLength: Promise.resolve(12) } } as never, {}), [plainOnly]);
        });

        it("is silent when inactive", () => {
            assert.deepStrictEqual(guard(false, "passwordPolicy.minimumLength", () => false, "12")({ passwordPolicy: null } as never, {}), []);
        });
    });
});
