// The policy pack's rules called directly, without the Pulumi CLI: on both mocked stacks (which must
// pass), on the original CloudFormation template (whose weaknesses they must find), and one by one.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as fc from "fast-check";
import { identityPoolTrust, policyDocument, serviceTrust } from "../../../components/policy";
import { MAX_TRIGGER_TIMEOUT_SECONDS, PACK_NAME, policies, servedByPulumiCli, TYPES } from "../../../policy";
import { isWildcardAction } from "../../../policy/iam";
import { ROOT } from "../../harness";
import { loadTemplate, ORIGINAL_TEMPLATE, templateTargets } from "./cfnTemplate";
import {
    asPreview,
    byResource,
    configOf,
    evaluateStackTargets,
    isStackPolicy,
    readPackConfig,
    resourcePolicy,
    runPack,
    stackPolicy,
    UNKNOWN_VALUE,
    validateResource,
    validateStack,
    type PackConfig,
    type Target,
    type Violation,
} from "./runPack";

const RULE = {
    unauthenticated: "cognito-no-unauthenticated-identities",
    trust: "cognito-identity-trust-pins-aud-and-amr",
    wildcard: "iam-no-wildcard-actions",
    deletion: "cognito-production-deletion-protection",
    trigger: "lambda-cognito-trigger-timeout",
    client: "cognito-client-prevent-user-existence-errors",
    route: "apigateway-iot-attach-route-iam-authorization",
    topic: "sns-alarm-topic-denies-insecure-transport",
    oauth: "cognito-client-oauth-code-flow-only",
} as const;

const PROD_CONFIG = readPackConfig("prod.config.json");
const STACK_CONFIG: Record<string, PackConfig> = { dev: {}, prod: PROD_CONFIG };

/** A resource to validate, named `name`, of `type`. */
function target(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<Target> = {}): Target {
    return { type, name, urn: `urn:pulumi:test::cognito-auth::${type}::${name}`, inputs, ...extra };
}

/** Policy + resource of each violation, sorted: the shape most assertions compare. */
const found = (violations: Violation[]) => violations.map((v) => `${v.policy} ${v.resource}`).sort();

/** The same resource with its JSON `policy` document changed. */
function withPolicy(t: Target, change: (doc: any) => void): Target {
    const doc = JSON.parse(t.inputs.policy as string);
    change(doc);
    return withInputs(t, { policy: JSON.stringify(doc) });
}

/** The same resource with some inputs (and the matching outputs) replaced. */
function withInputs(t: Target, patch: Record<string, unknown>): Target {
    return { ...t, inputs: { ...t.inputs, ...patch }, outputs: t.outputs && { ...t.outputs, ...patch } };
}

function replace(targets: Target[], name: string, change: (t: Target) => Target): Target[] {
    assert.ok(targets.some((t) => t.name === name), `the stack has ${name}`);
    return targets.map((t) => (t.name === name ? change(t) : t));
}

const check = (rule: string, t: Target, config: PackConfig = {}) => validateResource(resourcePolicy(rule), t, config);

describe("policy pack", () => {
    it("has the nine rules, all mandatory, three of them stack policies", () => {
        assert.deepStrictEqual(policies.map((p) => p.name).sort(), Object.values(RULE).sort());
        for (const p of policies) assert.strictEqual(p.enforcementLevel, "mandatory", p.name);
        assert.deepStrictEqual(policies.filter(isStackPolicy).map((p) => p.name), [RULE.trigger, RULE.route, RULE.topic]);
        assert.strictEqual(PACK_NAME, JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "package.json"), "utf8")).name);
    });

    it("is served only when the CLI's run-policy-pack runs it, never when imported", () => {
        // Mocha imported it above without starting a server (which would have printed a port and kept mocha alive).
        assert.strictEqual(servedByPulumiCli(), false);
        assert.strictEqual(servedByPulumiCli("/repo/node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js"), true);
        assert.strictEqual(servedByPulumiCli("C:\\repo\\node_modules\\@pulumi\\pulumi\\cmd\\run-policy-pack\\index.js"), true);
        assert.strictEqual(servedByPulumiCli("/repo/node_modules/mocha/bin/mocha.js"), false);
        assert.strictEqual(servedByPulumiCli("/repo/node_modules/@pulumi/pulumi/cmd/run/index.js"), false);
        assert.strictEqual(servedByPulumiCli(undefined), false);
    });

    it("production config file turns on the production rule, and only that", () => {
        assert.deepStrictEqual(Object.keys(PROD_CONFIG), [RULE.deletion]);
        assert.deepStrictEqual(configOf(PROD_CONFIG, RULE.deletion), { production: true });
    });
});

for (const stack of ["dev", "prod"]) {
    describe(`policy pack on stack ${stack}`, () => {
        const config = STACK_CONFIG[stack];
        let targets: Target[];
        before(async () => {
            ({ targets } = await evaluateStackTargets(stack));
        });

        it("finds zero violations with the stack's pack config", async () => {
            assert.deepStrictEqual(await runPack(targets, config), []);
        });

        it("finds zero violations in preview, when every value that comes from another resource is unknown", async () => {
            const preview = asPreview(targets);
            const role = preview.find((t) => t.name === "auth-authenticated-role")!;
            assert.strictEqual(role.inputs.assumeRolePolicy, UNKNOWN_VALUE, "the trust policy waits for the identity pool id");
            assert.deepStrictEqual(await runPack(preview, config), []);
        });

        // Each weakening must be caught by exactly its rule: proves the zero above is not vacuous.
        const weakenings: { rule: string; name: string; change: (t: Target) => Target; onlyIn?: string; flags?: string }[] = [
            { rule: RULE.unauthenticated, name: "auth-identity-pool", change: (t) => withInputs(t, { allowUnauthenticatedIdentities: true }) },
            {
                rule: RULE.trust,
                name: "auth-authenticated-role",
                change: (t) => {
                    const doc = JSON.parse(t.inputs.assumeRolePolicy as string);
                    delete doc.Statement[0].Condition.StringEquals;
                    return withInputs(t, { assumeRolePolicy: JSON.stringify(doc) });
                },
            },
            {
                rule: RULE.wildcard,
                name: "auth-authenticated-policy",
                change: (t) => {
                    const doc = JSON.parse(t.inputs.policy as string);
                    doc.Statement[0].Action = ["iot:*"];
                    return withInputs(t, { policy: JSON.stringify(doc) });
                },
            },
            { rule: RULE.wildcard, name: "auth-execution-role", change: (t) => withInputs(t, { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }) },
            { rule: RULE.deletion, name: "auth-user-pool", change: (t) => withInputs(t, { deletionProtection: "INACTIVE" }), onlyIn: "prod" },
            { rule: RULE.trigger, name: "auth-pre-sign-up", change: (t) => withInputs(t, { timeout: MAX_TRIGGER_TIMEOUT_SECONDS + 1 }) },
            { rule: RULE.client, name: "auth-web-client", change: (t) => withInputs(t, { preventUserExistenceErrors: "LEGACY" }) },
            { rule: RULE.wildcard, name: "auth-iot-policy", change: (t) => withPolicy(t, (doc) => (doc.Statement[1].Action = ["iot:*"])) },
            { rule: RULE.wildcard, name: "auth-alarms-policy", change: (t) => withPolicy(t, (doc) => (doc.Statement[0].Action = ["sns:*"])) },
            { rule: RULE.route, name: "auth-iot-attach-route", change: (t) => withInputs(t, { authorizationType: "NONE" }) },
            { rule: RULE.oauth, name: "auth-web-client", change: (t) => withInputs(t, { allowedOauthFlows: ["code", "implicit"] }) },
            { rule: RULE.oauth, name: "auth-app-client", change: (t) => withInputs(t, { callbackUrls: ["http://app.example.com/callback"] }) },
            { rule: RULE.route, name: "auth-iot-attach-route", change: (t) => withInputs(t, { authorizationType: "JWT" }) },
            {
                rule: RULE.topic,
                name: "auth-alarms-policy",
                flags: "auth-alarms",
                change: (t) => withPolicy(t, (doc) => (doc.Statement = doc.Statement.filter((st: { Sid: string }) => st.Sid !== "DenyInsecureTransport"))),
            },
        ];
        for (const w of weakenings) {
            const flagged = w.onlyIn === undefined || w.onlyIn === stack;
            it(`${flagged ? "flags" : "does not flag"} ${w.name} weakened against ${w.rule}`, async () => {
                const violations = await runPack(replace(targets, w.name, w.change), config);
                assert.deepStrictEqual(found(violations), flagged ? [`${w.rule} ${w.flags ?? w.name}`] : []);
            });
        }

        it("finds the PreSignUp trigger through the pool's wiring when ARNs are unknown (preview)", async () => {
            const preview = replace(asPreview(targets), "auth-pre-sign-up", (t) => withInputs(t, { timeout: 30 }));
            const fn = preview.find((t) => t.name === "auth-pre-sign-up")!;
            const pool = preview.find((t) => t.name === "auth-user-pool")!;
            assert.strictEqual(fn.outputs?.arn, UNKNOWN_VALUE);
            assert.strictEqual(pool.inputs.lambdaConfig, UNKNOWN_VALUE);
            const violations = await validateStack(stackPolicy(RULE.trigger), preview, config);
            assert.deepStrictEqual(found(violations), [`${RULE.trigger} auth-pre-sign-up`]);
            assert.match(violations[0].message, /"auth-user-pool".*30 s/);
        });

        it("follows the route to the attach function through property dependencies when values are unknown (preview of an update)", async () => {
            // The attach role's policy is known (deployed before); the route is new, so what it targets is unknown.
            const known = targets.find((t) => t.name === "auth-iot-attach-policy")!;
            let preview = replace(asPreview(targets), "auth-iot-attach-route", (t) => withInputs(t, { authorizationType: "NONE" }));
            preview = replace(preview, "auth-iot-attach-policy", () => known);
            const route = preview.find((t) => t.name === "auth-iot-attach-route")!;
            assert.strictEqual(route.inputs.target, UNKNOWN_VALUE);
            assert.deepStrictEqual(found(await runPack(preview, config)), [`${RULE.route} auth-iot-attach-route`]);
        });

        it("finds the alarm topic without a topic policy in preview, through the alarms' property dependencies", async () => {
            const preview = asPreview(targets.filter((t) => t.name !== "auth-alarms-policy"));
            assert.deepStrictEqual(found(await runPack(preview, config)), [`${RULE.topic} auth-alarms`]);
        });
    });
}

describe("policy pack on the dev stack with the production config", () => {
    it("flags the dev pool, whose deletion protection is off", async () => {
        const { targets } = await evaluateStackTargets("dev");
        assert.deepStrictEqual(found(await runPack(targets, PROD_CONFIG)), [`${RULE.deletion} auth-user-pool`]);
    });
});

describe("policy pack on the original CloudFormation template", () => {
    const template = loadTemplate();
    const targets = templateTargets(template);
    const wildcardsOf = (violations: Violation[]) => {
        const byRole: Record<string, string[]> = {};
        for (const v of violations.filter((x) => x.policy === RULE.wildcard)) {
            const action = /wildcard action "([^"]+)"/.exec(v.message)?.[1];
            assert.ok(action, `names the action: ${v.message}`);
            (byRole[v.resource] ??= []).push(action);
        }
        return Object.fromEntries(Object.entries(byRole).map(([k, a]) => [k, a.sort()]));
    };

    it("reads every resource of the template fixture through the explicit mapping", () => {
        assert.ok(fs.readFileSync(ORIGINAL_TEMPLATE, "utf8").includes("\nAWSTemplateFormatVersion:"));
        assert.deepStrictEqual(targets.map((t) => `${t.name} ${t.type}`).sort(), [
            `CognitoAuthorizedRole ${TYPES.role}`,
            `CognitoExecutionRole ${TYPES.role}`,
            `CognitoIdentityPool ${TYPES.identityPool}`,
            `CognitoUnAuthorizedRole ${TYPES.role}`,
            `CognitoUserPool ${TYPES.userPool}`,
            `CognitoUserPoolAppClient ${TYPES.userPoolClient}`,
            `CognitoUserPoolWebClient ${TYPES.userPoolClient}`,
        ]);
        const client = targets.find((t) => t.name === "CognitoUserPoolWebClient")!;
        assert.deepStrictEqual(client.inputs, { name: "DevWeb", generateSecret: false, refreshTokenValidity: 365, userPoolId: "CognitoUserPool.Ref" });
    });

    it("flags each of the template's wildcard grants", async () => {
        const violations = await runPack(targets);
        assert.deepStrictEqual(wildcardsOf(violations), {
            CognitoAuthorizedRole: ["cognito-identity:*", "cognito-sync:*", "iot:*"],
            CognitoExecutionRole: ["cognito-idp:*", "dynamodb:*"],
        });
    });

    it("flags both template clients, which leave preventUserExistenceErrors unset", async () => {
        const violations = await runPack(targets);
        assert.deepStrictEqual(byResource(violations, RULE.client), { CognitoUserPoolAppClient: 1, CognitoUserPoolWebClient: 1 });
    });

    it("finds nothing else with the dev config: its trust policies pin aud and amr, its identity pool is authenticated-only", async () => {
        assert.deepStrictEqual(found(await runPack(targets)), [
            ...Array(3).fill(`${RULE.wildcard} CognitoAuthorizedRole`),
            ...Array(2).fill(`${RULE.wildcard} CognitoExecutionRole`),
            `${RULE.client} CognitoUserPoolAppClient`,
            `${RULE.client} CognitoUserPoolWebClient`,
        ].sort());
    });

    it("also flags the pool, which has no deletion protection, with the production config", async () => {
        const violations = await runPack(targets, PROD_CONFIG);
        assert.deepStrictEqual(byResource(violations, RULE.deletion), { CognitoUserPool: 1 });
        assert.strictEqual(violations.length, 8);
    });

    it("gives the same findings in preview, with every Ref and GetAtt unknown", async () => {
        const preview = templateTargets(template, { preview: true });
        const trust = preview.find((t) => t.name === "CognitoAuthorizedRole")!.inputs.assumeRolePolicy as any;
        assert.strictEqual(trust.Statement[0].Condition.StringEquals["cognito-identity.amazonaws.com:aud"], UNKNOWN_VALUE);
        assert.deepStrictEqual(await runPack(preview, PROD_CONFIG), await runPack(targets, PROD_CONFIG));
    });

    it("flags exactly the template actions that the component's policy builder refuses", () => {
        const roles = Object.values(template.Resources).filter((r) => r.Type === "AWS::IAM::Role");
        const actions = roles.flatMap((r) => ((r.Properties?.Policies ?? []) as any[]).flatMap((p) => p.PolicyDocument.Statement.flatMap((s: any) => s.Action as string[])));
        assert.strictEqual(actions.length, 8);
        const refused = (a: string) => {
            try {
                policyDocument([{ Effect: "Allow", Action: [a] }]);
                return false;
            } catch {
                return true;
            }
        };
        for (const a of actions) assert.strictEqual(isWildcardAction(a), refused(a), a);
    });
});

describe("rule cognito-no-unauthenticated-identities", () => {
    const pool = (allow: unknown) => target(TYPES.identityPool, "pool", { identityPoolName: "P", allowUnauthenticatedIdentities: allow });

    it("flags a pool that allows unauthenticated identities, naming the pool and the fix", async () => {
        const [v, ...rest] = await check(RULE.unauthenticated, pool(true));
        assert.deepStrictEqual(rest, []);
        assert.match(v.message, /"pool".*allowUnauthenticatedIdentities: false/);
    });

    it("passes false, unset and unknown, and true when the pack config allows it", async () => {
        for (const allow of [false, undefined, UNKNOWN_VALUE]) assert.deepStrictEqual(await check(RULE.unauthenticated, pool(allow)), [], String(allow));
        const allowed = { [RULE.unauthenticated]: { allowUnauthenticatedIdentities: true } };
        assert.deepStrictEqual(await check(RULE.unauthenticated, pool(true), allowed), []);
    });
});

describe("rule cognito-identity-trust-pins-aud-and-amr", () => {
    const role = (assumeRolePolicy: unknown) => target(TYPES.role, "identity-role", { assumeRolePolicy });
    const trust = (Condition?: unknown, Effect = "Allow", Federated: unknown = "cognito-identity.amazonaws.com") => ({
        Version: "2012-10-17",
        Statement: [{ Effect, Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated }, ...(Condition === undefined ? {} : { Condition }) }],
    });
    const aud = { StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:pool" } };
    const amr = { "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } };

    it("flags a trust without conditions, naming both missing pins and the fix", async () => {
        const [v, ...rest] = await check(RULE.trust, role(JSON.stringify(trust())));
        assert.deepStrictEqual(rest, []);
        assert.match(v.message, /"identity-role".*StringEquals on cognito-identity.amazonaws.com:aud and a condition on cognito-identity.amazonaws.com:amr/);
        assert.match(v.message, /Add Condition/);
    });

    it("flags a missing aud, an aud pinned only by StringLike, a missing amr, and an amr of *", async () => {
        const cases = [
            trust({ ...amr }),
            trust({ StringLike: aud.StringEquals, ...amr }),
            trust({ ...aud }),
            trust({ ...aud, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "*" } }),
            trust({ ...aud, ...amr }, "Allow", ["accounts.google.com", "cognito-identity.amazonaws.com"]),
        ];
        const results = await Promise.all(cases.map((doc) => check(RULE.trust, role(doc))));
        assert.deepStrictEqual(results.map((r) => r.length), [1, 1, 1, 1, 0]);
        assert.match(results[0][0].message, /without StringEquals on cognito-identity.amazonaws.com:aud,/);
        assert.match(results[2][0].message, /without a condition on cognito-identity.amazonaws.com:amr,/);
    });

    it("passes the component's identity-pool trust (JSON text) and the same trust as an object", async () => {
        const doc = JSON.parse(policyDocument(identityPoolTrust("us-east-1:pool", "authenticated")));
        assert.deepStrictEqual(await check(RULE.trust, role(JSON.stringify(doc))), []);
        assert.deepStrictEqual(await check(RULE.trust, role(doc)), []);
    });

    it("ignores service trusts and Deny statements", async () => {
        assert.deepStrictEqual(await check(RULE.trust, role(policyDocument(serviceTrust(["lambda.amazonaws.com"])))), []);
        assert.deepStrictEqual(await check(RULE.trust, role(trust(undefined, "Deny"))), []);
    });

    it("does not flag what preview cannot know: the document, its conditions, or the pool id", async () => {
        for (const doc of [UNKNOWN_VALUE, trust(UNKNOWN_VALUE), trust({ StringEquals: { "cognito-identity.amazonaws.com:aud": UNKNOWN_VALUE }, ...amr })]) {
            assert.deepStrictEqual(await check(RULE.trust, role(doc)), []);
        }
    });
});

describe("rule iam-no-wildcard-actions", () => {
    const doc = (Action: unknown, Effect = "Allow") => ({ Version: "2012-10-17", Statement: { Effect, Action, Resource: "*" } });
    const rolePolicy = (policy: unknown) => target(TYPES.rolePolicy, "role-policy", { role: "r", policy });
    const actionsIn = (vs: Violation[]) => vs.map((v) => /wildcard action "([^"]+)"/.exec(v.message)?.[1]);

    it("flags each wildcard action of a role policy, naming the resource, the action and the fix", async () => {
        const vs = await check(RULE.wildcard, rolePolicy(JSON.stringify(doc(["s3:GetObject", "s3:Get*", "*", "iot:Conn?ct"]))));
        assert.deepStrictEqual(actionsIn(vs), ["s3:Get*", "*", "iot:Conn?ct"]);
        assert.match(vs[0].message, /aws:iam\/rolePolicy:RolePolicy "role-policy": policy, statement #1, allows the wildcard action "s3:Get\*"\. List the exact actions/);
    });

    it("reads role inline policies, standalone policies, object documents, single statements and single actions", async () => {
        const role = target(TYPES.role, "role", {
            assumeRolePolicy: policyDocument(serviceTrust(["lambda.amazonaws.com"])),
            inlinePolicies: [
                { name: "text", policy: JSON.stringify(doc("iot:*")) },
                { name: "object", policy: doc(["dynamodb:*"]) },
                { name: "exact", policy: JSON.stringify(doc(["dynamodb:GetItem"])) },
            ],
        });
        const vs = await check(RULE.wildcard, role);
        assert.deepStrictEqual(actionsIn(vs), ["iot:*", "dynamodb:*"]);
        assert.match(vs[0].message, /inline policy "text"/);
        assert.deepStrictEqual(actionsIn(await check(RULE.wildcard, target(TYPES.policy, "p", { policy: JSON.stringify(doc("*")) }))), ["*"]);
    });

    it("reads IoT policies and SNS topic policies too, where a Deny may still use wildcards", async () => {
        const iot = target(TYPES.iotPolicy, "iot-policy", { policy: JSON.stringify(doc(["iot:Connect", "iot:*"])) });
        assert.deepStrictEqual(actionsIn(await check(RULE.wildcard, iot)), ["iot:*"]);
        const topicPolicy = (Effect: string) => target(TYPES.topicPolicy, "topic-policy", { arn: "arn:aws:sns:us-east-1:123456789012:t", policy: JSON.stringify(doc("sns:*", Effect)) });
        const [v] = await check(RULE.wildcard, topicPolicy("Allow"));
        assert.match(v.message, /^aws:sns\/topicPolicy:TopicPolicy "topic-policy": policy, statement #1, allows the wildcard action "sns:\*"\./);
        assert.deepStrictEqual(await check(RULE.wildcard, topicPolicy("Deny")), []);
    });

    it("flags Allow with NotAction, and lets Deny statements use wildcards", async () => {
        const notAction = { Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] };
        const [v] = await check(RULE.wildcard, rolePolicy(JSON.stringify(notAction)));
        assert.match(v.message, /every action except its NotAction list/);
        assert.deepStrictEqual(await check(RULE.wildcard, rolePolicy(JSON.stringify(doc("*", "Deny")))), []);
    });

    it("flags broad AWS managed policies, on roles and attachments, and nothing narrower", async () => {
        const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`;
        const role = target(TYPES.role, "role", {
            managedPolicyArns: [
                managed("AdministratorAccess"),
                managed("PowerUserAccess"),
                managed("AmazonDynamoDBFullAccess"),
                managed("service-role/AWSLambdaVPCAccessExecutionRole"),
                managed("ReadOnlyAccess"),
                "arn:aws:iam::123456789012:policy/TeamFullAccess", // customer managed: its content is checked where it is defined
            ],
        });
        const vs = await check(RULE.wildcard, role);
        assert.deepStrictEqual(vs.map((v) => /"(arn:[^"]+)"/.exec(v.message)?.[1]), [managed("AdministratorAccess"), managed("PowerUserAccess"), managed("AmazonDynamoDBFullAccess")]);
        const attachment = (policyArn: string) => target(TYPES.rolePolicyAttachment, "attachment", { role: "r", policyArn });
        assert.strictEqual((await check(RULE.wildcard, attachment("arn:aws-us-gov:iam::aws:policy/AdministratorAccess"))).length, 1);
        assert.deepStrictEqual(await check(RULE.wildcard, attachment(managed("AmazonCognitoReadOnly"))), []);
    });

    it("reports an unparsable document instead of crashing", async () => {
        const [v, ...rest] = await check(RULE.wildcard, rolePolicy("{ not json"));
        assert.deepStrictEqual(rest, []);
        assert.match(v.message, /"role-policy": policy is not valid JSON/);
    });

    it("skips only the unknown parts of a preview: whole documents, statements, actions, list items", async () => {
        assert.deepStrictEqual(await check(RULE.wildcard, rolePolicy(UNKNOWN_VALUE)), []);
        assert.deepStrictEqual(await check(RULE.wildcard, rolePolicy({ Version: "2012-10-17", Statement: UNKNOWN_VALUE })), []);
        assert.deepStrictEqual(actionsIn(await check(RULE.wildcard, rolePolicy(doc([UNKNOWN_VALUE, "s3:*"])))), ["s3:*"]);
        assert.deepStrictEqual(await check(RULE.wildcard, target(TYPES.role, "role", { inlinePolicies: UNKNOWN_VALUE, managedPolicyArns: UNKNOWN_VALUE })), []);
        const partly = target(TYPES.role, "role", {
            inlinePolicies: [UNKNOWN_VALUE, { name: UNKNOWN_VALUE, policy: JSON.stringify(doc("iot:*")) }],
            managedPolicyArns: [UNKNOWN_VALUE, "arn:aws:iam::aws:policy/AdministratorAccess"],
        });
        const vs = await check(RULE.wildcard, partly);
        assert.strictEqual(vs.length, 2);
        assert.match(vs[0].message, /inline policy "#2"/);
    });

    it("agrees with the component's policy builder on exact and wildcard actions", async () => {
        const service = fc.constantFrom("iot", "s3", "cognito-idp", "dynamodb");
        const name = fc.stringMatching(/^[A-Z][A-Za-z]{0,12}$/);
        const wildcard = fc.stringMatching(/^[A-Za-z]{0,4}[*?][A-Za-z*]{0,4}$/);
        const action = fc.oneof(
            fc.tuple(service, name).map(([s, n]) => `${s}:${n}`),
            fc.tuple(service, wildcard).map(([s, w]) => `${s}:${w}`),
            fc.constant("*"),
        );
        await fc.assert(
            fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 6 }), async (actions) => {
                const statements = [{ Effect: "Allow" as const, Action: actions, Resource: ["*"] }];
                const vs = await check(RULE.wildcard, rolePolicy(JSON.stringify({ Version: "2012-10-17", Statement: statements })));
                let built = true;
                try {
                    policyDocument(statements);
                } catch {
                    built = false;
                }
                assert.strictEqual(vs.length === 0, built, actions.join(" "));
                assert.deepStrictEqual(actionsIn(vs), actions.filter(isWildcardAction));
            }),
            { numRuns: 200, seed: 20240601 },
        );
    });
});

describe("rule cognito-production-deletion-protection", () => {
    const pool = (inputs: Record<string, unknown>) => target(TYPES.userPool, "user-pool", { name: "Pool", ...inputs });

    it("flags a production pool without ACTIVE protection, naming the pool and the fix", async () => {
        const [inactive] = await check(RULE.deletion, pool({ deletionProtection: "INACTIVE" }), PROD_CONFIG);
        assert.match(inactive.message, /"user-pool" is a production user pool but its deletionProtection is "INACTIVE".*deletionProtection: "ACTIVE"/);
        const [unset] = await check(RULE.deletion, pool({}), PROD_CONFIG);
        assert.match(unset.message, /INACTIVE \(unset\)/);
    });

    it("passes ACTIVE and unknown in production, and anything outside production", async () => {
        assert.deepStrictEqual(await check(RULE.deletion, pool({ deletionProtection: "ACTIVE" }), PROD_CONFIG), []);
        assert.deepStrictEqual(await check(RULE.deletion, pool({ deletionProtection: UNKNOWN_VALUE }), PROD_CONFIG), []);
        assert.deepStrictEqual(await check(RULE.deletion, pool({ deletionProtection: "INACTIVE" })), []);
    });

    it("treats a pool tagged Environment=production as production without the config", async () => {
        assert.strictEqual((await check(RULE.deletion, pool({ tags: { Environment: "Production" } }))).length, 1);
        assert.strictEqual((await check(RULE.deletion, pool({ tags: { stage: "prod" }, deletionProtection: "ACTIVE" }))).length, 0);
        assert.deepStrictEqual(await check(RULE.deletion, pool({ tags: { Environment: "dev" } })), []);
        assert.deepStrictEqual(await check(RULE.deletion, pool({ tags: UNKNOWN_VALUE })), []);
    });
});

describe("rule lambda-cognito-trigger-timeout", () => {
    const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
    const fn = (name: string, timeout?: unknown, outputs: Record<string, unknown> = { arn: arn(name) }) =>
        target(TYPES.lambdaFunction, name, { ...(timeout === undefined ? {} : { timeout }) }, { outputs: { ...(timeout === undefined ? {} : { timeout }), ...outputs } });
    const pool = (name: string, lambdaConfig: unknown, propertyDependencies: Record<string, string[]> = {}) =>
        target(TYPES.userPool, name, { lambdaConfig }, { propertyDependencies });
    const run = (targets: Target[]) => validateStack(stackPolicy(RULE.trigger), targets);

    it("flags a trigger slower than 5 s, against the function, naming the pool and the fix", async () => {
        const vs = await run([fn("trigger", 10), pool("pool", { preSignUp: arn("trigger") })]);
        assert.deepStrictEqual(found(vs), [`${RULE.trigger} trigger`]);
        assert.match(vs[0].message, /"trigger" is a Cognito trigger of user pool "pool" but its timeout is 10 s.*Set timeout to at most 5/);
    });

    it("passes triggers of 5 s or the 3 s default, and slow functions that are no trigger", async () => {
        assert.deepStrictEqual(await run([fn("a", 5), fn("b"), fn("batch", 900), pool("pool", { preSignUp: arn("a"), postConfirmation: arn("b") })]), []);
    });

    it("matches qualified ARNs and reports a function shared by two pools once", async () => {
        const vs = await run([fn("t", 6), pool("p1", { customMessage: `${arn("t")}:live` }), pool("p2", { customEmailSender: { lambdaArn: arn("t"), lambdaVersion: "V1_0" } })]);
        assert.strictEqual(vs.length, 1);
        assert.match(vs[0].message, /"p1", "p2"/);
    });

    it("follows the pool's property dependencies when ARNs are unknown (preview), and skips unknown timeouts", async () => {
        const slow = fn("slow", 30, { arn: UNKNOWN_VALUE });
        const wired = pool("pool", UNKNOWN_VALUE, { lambdaConfig: [slow.urn] });
        assert.deepStrictEqual(found(await run([slow, wired])), [`${RULE.trigger} slow`]);
        assert.deepStrictEqual(await run([slow, pool("pool", UNKNOWN_VALUE)]), [], "no wiring, no trigger");
        assert.deepStrictEqual(await run([fn("t", UNKNOWN_VALUE), pool("pool", { preSignUp: arn("t") })]), []);
    });
});

describe("rule cognito-client-prevent-user-existence-errors", () => {
    const client = (setting: unknown) => target(TYPES.userPoolClient, "web-client", { name: "Web", userPoolId: "p", ...(setting === undefined ? {} : { preventUserExistenceErrors: setting }) });

    it("flags LEGACY and unset, naming the client and the fix", async () => {
        const [legacy] = await check(RULE.client, client("LEGACY"));
        assert.match(legacy.message, /"web-client" has preventUserExistenceErrors "LEGACY".*Set preventUserExistenceErrors: "ENABLED"/);
        const [unset] = await check(RULE.client, client(undefined));
        assert.match(unset.message, /unset \(Cognito then uses LEGACY\)/);
    });

    it("passes ENABLED and unknown", async () => {
        assert.deepStrictEqual(await check(RULE.client, client("ENABLED")), []);
        assert.deepStrictEqual(await check(RULE.client, client(UNKNOWN_VALUE)), []);
    });
});

describe("rule cognito-client-oauth-code-flow-only", () => {
    const client = (inputs: Record<string, unknown>) => target(TYPES.userPoolClient, "web-client", { name: "Web", userPoolId: "p", ...inputs });

    it("flags the implicit flow and plain-HTTP redirects other than localhost, naming the client and the fix", async () => {
        const violations = await check(RULE.oauth, client({ allowedOauthFlows: ["implicit"], callbackUrls: ["http://app.example.com/cb"], logoutUrls: ["http://localhost:3000/"] }));
        assert.deepStrictEqual(violations.map((v) => v.message), [
            'aws:cognito/userPoolClient:UserPoolClient "web-client" allows the OAuth implicit flow, which hands tokens over in redirect URLs. Use allowedOauthFlows: ["code"] (with PKCE for public clients).',
            'aws:cognito/userPoolClient:UserPoolClient "web-client" redirects to "http://app.example.com/cb" over plain HTTP (callbackUrls). Use https://, http://localhost or the app\'s own scheme.',
        ]);
    });

    it("passes the code flow with https://, http://localhost, an app's own scheme, and unknown URLs", async () => {
        assert.deepStrictEqual(await check(RULE.oauth, client({ allowedOauthFlows: ["code"], callbackUrls: ["https://app.example.com/cb", "http://localhost:3000/cb", "myapp://cb", UNKNOWN_VALUE] })), []);
    });
});

describe("rule apigateway-iot-attach-route-iam-authorization", () => {
    const FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:attach";
    const ROLE_ARN = "arn:aws:iam::123456789012:role/attach-role";
    const document = (Effect: string, Action: unknown) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect, Action, Resource: "*" }] });
    /** Route → integration → function → role (+ role policy), linked by values as after `pulumi up`. */
    function stack(authorizationType: unknown, rolePolicy: string = document("Allow", ["iot:AttachPolicy"]), inline = false): Target[] {
        const roleInputs = inline ? { inlinePolicies: [{ name: "attach", policy: rolePolicy }] } : {};
        const role = target(TYPES.role, "attach-role", roleInputs, { outputs: { ...roleInputs, name: "attach-role", arn: ROLE_ARN } });
        return [
            role,
            ...(inline ? [] : [target(TYPES.rolePolicy, "attach-policy", { role: "attach-role", policy: rolePolicy })]),
            target(TYPES.lambdaFunction, "attach", { role: ROLE_ARN }, { outputs: { role: ROLE_ARN, arn: FN_ARN } }),
            target(TYPES.integration, "integration", { integrationType: "AWS_PROXY", integrationUri: FN_ARN }, { outputs: { integrationUri: FN_ARN, id: "int123" } }),
            target(TYPES.route, "route", { routeKey: "POST /attach", target: "integrations/int123", ...(authorizationType === undefined ? {} : { authorizationType }) }),
        ];
    }
    const run = (targets: Target[]) => validateStack(stackPolicy(RULE.route), targets);

    it("flags a route without IAM authorization to a function that can attach IoT policies, naming both and the fix", async () => {
        const [v, ...rest] = await run(stack("NONE"));
        assert.deepStrictEqual(rest, []);
        assert.strictEqual(v.resource, "route");
        assert.strictEqual(
            v.message,
            'aws:apigatewayv2/route:Route "route" invokes function "attach", which can attach IoT policies (iot:AttachPolicy), but its authorizationType is "NONE": ' +
                "callers are not verified Cognito identities, and the function attaches to whatever identity it is told. " +
                'Set authorizationType: "AWS_IAM".',
        );
        assert.match((await run(stack(undefined)))[0].message, /authorizationType is "NONE \(unset\)"/);
        assert.match((await run(stack("JWT")))[0].message, /authorizationType is "JWT"/);
    });

    it("recognises the grant in inline policies and by wildcard or NotAction", async () => {
        assert.strictEqual((await run(stack("NONE", document("Allow", ["iot:AttachPolicy"]), true))).length, 1);
        assert.strictEqual((await run(stack("NONE", document("Allow", "iot:Attach*")))).length, 1);
        assert.strictEqual((await run(stack("NONE", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "s3:*", Resource: "*" }] })))).length, 1);
    });

    it("passes AWS_IAM, an unknown authorization, and routes to functions that cannot attach IoT policies", async () => {
        assert.deepStrictEqual(await run(stack("AWS_IAM")), []);
        assert.deepStrictEqual(await run(stack(UNKNOWN_VALUE)), []);
        assert.deepStrictEqual(await run(stack("NONE", document("Allow", ["iot:Publish"]))), []);
        assert.deepStrictEqual(await run(stack("NONE", document("Deny", ["iot:AttachPolicy"]))), []);
        assert.deepStrictEqual(await run(stack("NONE", UNKNOWN_VALUE)), [], "a role policy not known yet");
    });
});

describe("rule sns-alarm-topic-denies-insecure-transport", () => {
    const ARN = "arn:aws:sns:us-east-1:123456789012:alarms";
    const statement = (extra: Record<string, unknown> = {}) => ({
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: ARN,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
        ...extra,
    });
    const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
    const topic = (policy?: unknown) => target(TYPES.topic, "alarms", {}, { outputs: { arn: ARN, ...(policy === undefined ? {} : { policy }) } });
    const alarm = (actions: Record<string, unknown> = { alarmActions: [ARN] }) => target(TYPES.metricAlarm, "errors", { metricName: "Errors", ...actions });
    const topicPolicy = (policy: unknown) => target(TYPES.topicPolicy, "alarms-policy", { arn: ARN, policy });
    const run = (targets: Target[]) => validateStack(stackPolicy(RULE.topic), targets);

    it("flags an alarm topic with no policy that denies publishing without TLS, naming the topic and the fix", async () => {
        const [v, ...rest] = await run([topic(), alarm()]);
        assert.deepStrictEqual(rest, []);
        assert.strictEqual(v.resource, "alarms");
        assert.strictEqual(
            v.message,
            'aws:sns/topic:Topic "alarms" receives alarm notifications but no access policy denies sns:Publish without TLS, so publishers may send in plain text. ' +
                'Add a TopicPolicy statement { "Effect": "Deny", "Principal": "*", "Action": "sns:Publish", "Resource": "<topic ARN>", "Condition": { "Bool": { "aws:SecureTransport": "false" } } }.',
        );
    });

    it("flags topic policies that allow only, deny someone in particular, deny another action, or deny always", async () => {
        const cases = [
            doc({ Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: ARN }),
            doc(statement({ Principal: { Service: "cloudwatch.amazonaws.com" } })),
            doc(statement({ Action: "sns:Subscribe" })),
            doc(statement({ Condition: undefined })),
            doc(statement({ Condition: { Bool: { "aws:SecureTransport": "true" } } })),
        ];
        for (const policy of cases) assert.deepStrictEqual(found(await run([topic(), alarm({ okActions: [ARN] }), topicPolicy(policy)])), [`${RULE.topic} alarms`], policy);
    });

    it("passes the deny written in any of its forms, in a topic policy or the topic's own policy", async () => {
        const forms = [
            doc(statement()),
            doc(statement({ Principal: { AWS: "*" }, Action: ["sns:*"] })),
            doc(statement({ Principal: { AWS: ["*"] }, Condition: { Bool: { "AWS:SecureTransport": ["false"] } } })),
            doc(statement({ Condition: { Bool: { "aws:SecureTransport": false } } })),
        ];
        for (const policy of forms) assert.deepStrictEqual(await run([topic(), alarm(), topicPolicy(policy)]), [], policy);
        assert.deepStrictEqual(await run([topic(doc(statement())), alarm({ insufficientDataActions: [ARN] })]), []);
    });

    it("passes a topic policy not known yet (preview), and topics no alarm notifies", async () => {
        assert.deepStrictEqual(await run([topic(), alarm(), topicPolicy(UNKNOWN_VALUE)]), []);
        // A document given as an object (aws.iam.PolicyDocument) may be known in part.
        assert.deepStrictEqual(await run([topic(), alarm(), topicPolicy({ Version: "2012-10-17", Statement: [statement({ Condition: UNKNOWN_VALUE })] })]), []);
        assert.deepStrictEqual(await run([topic(), alarm({ alarmActions: ["arn:aws:sns:us-east-1:123456789012:other"] })]), []);
        assert.deepStrictEqual(await run([topic()]), []);
    });
});
