// The children registry (components/children.ts): each auto-named child carries the name limit of its
// resource type, so the component-name check (validate.ts) covers every child, new ones included.
import * as assert from "assert";
import { CHILD_KEYS, CHILDREN, MAX_NAME } from "../../../components/children";

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
