// The cognito-auth policy pack: `pulumi preview --policy-pack policy` (prod: add
// `--policy-pack-config policy/prod.config.json`). Importing this module only defines the policies;
// the pack itself is served only when the Pulumi CLI runs it, so tests can call each rule directly.
import {
    PolicyPack,
    type Policies,
    type PolicyResource,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationPolicy,
} from "@pulumi/policy";
import { allowsAction, isBroadManagedPolicy, statementsOf, tlsOnlyDeny, unpinnedCognitoTrust, wildcardGrants } from "./iam";
import { isObject, list, read, UNKNOWN, type Plain } from "./values";

export const PACK_NAME = "cognito-auth-policy";

export const TYPES = {
    identityPool: "aws:cognito/identityPool:IdentityPool",
    userPool: "aws:cognito/userPool:UserPool",
    userPoolClient: "aws:cognito/userPoolClient:UserPoolClient",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    lambdaFunction: "aws:lambda/function:Function",
    iotPolicy: "aws:iot/policy:Policy",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    route: "aws:apigatewayv2/route:Route",
    integration: "aws:apigatewayv2/integration:Integration",
} as const;

/** Cognito gives up on a trigger after 5 seconds; a slower function fails the sign-up it serves. */
export const MAX_TRIGGER_TIMEOUT_SECONDS = 5;
/** What Lambda uses when `timeout` is not set. */
const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;

export interface UnauthenticatedIdentitiesConfig {
    allowUnauthenticatedIdentities?: boolean;
}

/**
 * How a user pool is known to be production. Policy packs cannot read the stack's config, so the
 * production stack passes `policy/prod.config.json` (`production: true`); pools created elsewhere can
 * instead carry an `Environment`/`Env`/`Stage` tag of `prod` or `production`.
 */
export interface ProductionConfig {
    production?: boolean;
}

const subject = (type: string, name: string) => `${type} "${name}"`;

function taggedProduction(tags: Plain): boolean {
    if (!isObject(tags)) return false;
    return Object.entries(tags).some(([k, v]) => /^(environment|env|stage)$/i.test(k) && typeof v === "string" && /^prod(uction)?$/i.test(v));
}

/** IAM policy documents and managed-policy ARNs a resource grants, by where they sit in it. */
function grantsOf(args: ResourceValidationArgs): { documents: { where: string; document: Plain }[]; managedArns: Plain[] } {
    const props = args.props;
    switch (args.type) {
        case TYPES.role: {
            const documents = list(read(props, "inlinePolicies")).flatMap((p, i): { where: string; document: Plain }[] =>
                isObject(p) ? [{ where: `inline policy "${typeof p.name === "string" ? p.name : `#${i + 1}`}"`, document: p.policy }] : [],
            );
            return { documents, managedArns: list(read(props, "managedPolicyArns")) };
        }
        // Role and managed policies, and the resource policies that grant actions too: an IoT policy
        // (IoT requires it and the role to allow an action) and a topic's access policy.
        case TYPES.rolePolicy:
        case TYPES.policy:
        case TYPES.iotPolicy:
        case TYPES.topicPolicy:
            return { documents: [{ where: "policy", document: read(props, "policy") }], managedArns: [] };
        case TYPES.rolePolicyAttachment:
            return { documents: [], managedArns: [read(props, "policyArn")] };
        default:
            return { documents: [], managedArns: [] };
    }
}

const noUnauthenticatedIdentities: ResourceValidationPolicy = {
    name: "cognito-no-unauthenticated-identities",
    description: "Cognito identity pools must not hand AWS credentials to callers who have not signed in.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: { properties: { allowUnauthenticatedIdentities: { type: "boolean", default: false } } },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.identityPool) return;
        if (args.getConfig<UnauthenticatedIdentitiesConfig>().allowUnauthenticatedIdentities === true) return;
        if (read(args.props, "allowUnauthenticatedIdentities") === true) {
            reportViolation(
                `${subject(args.type, args.name)} allows unauthenticated identities: anyone can get AWS credentials from it. ` +
                    `Set allowUnauthenticatedIdentities: false, or allow it explicitly in this policy's config (allowUnauthenticatedIdentities: true).`,
            );
        }
    },
};

const trustPinsAudAndAmr: ResourceValidationPolicy = {
    name: "cognito-identity-trust-pins-aud-and-amr",
    description: "IAM roles trusted by cognito-identity.amazonaws.com must pin the identity pool (aud) and the identity kind (amr).",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.role) return;
        const parsed = statementsOf(read(args.props, "assumeRolePolicy"));
        if (parsed.kind !== "statements") return; // unknown until `pulumi up`; invalid JSON is refused by IAM itself
        for (const problem of unpinnedCognitoTrust(parsed.statements)) {
            reportViolation(
                `${subject(args.type, args.name)}: trust statement #${problem.statement + 1} federates cognito-identity.amazonaws.com without ` +
                    `${problem.missing.join(" and ")}, so identities of other identity pools (or of the other kind) can assume it. ` +
                    `Add Condition { "StringEquals": { "cognito-identity.amazonaws.com:aud": "<identity pool id>" }, ` +
                    `"ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } }.`,
            );
        }
    },
};

const noWildcardActions: ResourceValidationPolicy = {
    name: "iam-no-wildcard-actions",
    description: "IAM, IoT and SNS topic policies must grant exact actions, never wildcards, and roles must not get broad AWS managed policies.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, reportViolation) => {
        const { documents, managedArns } = grantsOf(args);
        const who = subject(args.type, args.name);
        for (const { where, document } of documents) {
            const parsed = statementsOf(document);
            if (parsed.kind === "invalid") {
                reportViolation(`${who}: ${where} is ${parsed.reason}, so its actions cannot be checked. Give a valid IAM policy document.`);
            }
            if (parsed.kind !== "statements") continue;
            for (const grant of wildcardGrants(parsed.statements)) {
                reportViolation(
                    grant.action === "NotAction"
                        ? `${who}: ${where}, statement #${grant.statement + 1}, allows every action except its NotAction list. Use Action with the exact actions needed.`
                        : `${who}: ${where}, statement #${grant.statement + 1}, allows the wildcard action "${grant.action}". ` +
                              `List the exact actions needed instead (e.g. "iot:Connect", not "iot:*").`,
                );
            }
        }
        for (const arn of managedArns) {
            if (typeof arn === "string" && isBroadManagedPolicy(arn)) {
                reportViolation(`${who} attaches the broad AWS managed policy "${arn}". Attach a policy with the exact actions and resources needed instead.`);
            }
        }
    },
};

const productionDeletionProtection: ResourceValidationPolicy = {
    name: "cognito-production-deletion-protection",
    description: "Production Cognito user pools must have deletion protection ACTIVE.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: { properties: { production: { type: "boolean", default: false } } },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.userPool) return;
        const production = args.getConfig<ProductionConfig>().production === true || taggedProduction(read(args.props, "tags"));
        if (!production) return;
        const protection = read(args.props, "deletionProtection");
        if (protection === UNKNOWN || protection === "ACTIVE") return;
        reportViolation(
            `${subject(args.type, args.name)} is a production user pool but its deletionProtection is ${JSON.stringify(protection ?? "INACTIVE (unset)")}: ` +
                `deleting it deletes every user. Set deletionProtection: "ACTIVE".`,
        );
    },
};

/** Lambda ARNs a user pool's `lambdaConfig` names (KMS key ARNs and the trigger version are skipped). */
function lambdaArnsIn(value: Plain): string[] {
    if (typeof value === "string") return value.includes(":lambda:") ? [value] : [];
    if (Array.isArray(value)) return value.flatMap(lambdaArnsIn);
    return isObject(value) ? Object.values(value).flatMap(lambdaArnsIn) : [];
}

/**
 * Functions wired as triggers of `pool`. During preview a new function's ARN is unknown, but the
 * engine still knows which resources the pool's `lambdaConfig` came from (its property dependencies);
 * once values are known, a function is also matched by the ARN (or qualified ARN) the pool names.
 */
function triggersOf(pool: PolicyResource, functions: PolicyResource[]): PolicyResource[] {
    const wired = new Set((pool.propertyDependencies?.lambdaConfig ?? []).map((r) => r.urn));
    const arns = lambdaArnsIn(read(pool.props, "lambdaConfig"));
    return functions.filter((fn) => {
        const arn = read(fn.props, "arn");
        return wired.has(fn.urn) || (typeof arn === "string" && arns.some((a) => a === arn || a.startsWith(`${arn}:`)));
    });
}

const cognitoTriggerTimeout: StackValidationPolicy = {
    name: "lambda-cognito-trigger-timeout",
    description: `Lambda functions used as Cognito user pool triggers must time out within ${MAX_TRIGGER_TIMEOUT_SECONDS} seconds.`,
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, reportViolation) => {
        const functions = args.resources.filter((r) => r.type === TYPES.lambdaFunction);
        const poolsOf = new Map<PolicyResource, string[]>();
        for (const pool of args.resources.filter((r) => r.type === TYPES.userPool)) {
            for (const fn of triggersOf(pool, functions)) poolsOf.set(fn, [...(poolsOf.get(fn) ?? []), pool.name]);
        }
        for (const [fn, pools] of poolsOf) {
            const timeout = read(fn.props, "timeout") ?? LAMBDA_DEFAULT_TIMEOUT_SECONDS;
            if (typeof timeout !== "number" || timeout <= MAX_TRIGGER_TIMEOUT_SECONDS) continue;
            reportViolation(
                `${subject(fn.type, fn.name)} is a Cognito trigger of user pool ${pools.map((p) => `"${p}"`).join(", ")} but its timeout is ${timeout} s; ` +
                    `Cognito stops waiting after ${MAX_TRIGGER_TIMEOUT_SECONDS} s. Set timeout to at most ${MAX_TRIGGER_TIMEOUT_SECONDS}.`,
                fn.urn,
            );
        }
    },
};

const preventUserExistenceErrors: ResourceValidationPolicy = {
    name: "cognito-client-prevent-user-existence-errors",
    description: "Cognito user pool clients must not reveal whether a user exists.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.userPoolClient) return;
        const setting = read(args.props, "preventUserExistenceErrors");
        if (setting === UNKNOWN || setting === "ENABLED") return;
        reportViolation(
            `${subject(args.type, args.name)} has preventUserExistenceErrors ${setting === undefined ? "unset (Cognito then uses LEGACY)" : JSON.stringify(setting)}, ` +
                `so sign-in and password-reset errors tell callers which users exist. Set preventUserExistenceErrors: "ENABLED".`,
        );
    },
};

/**
 * OAuth on a client: the authorization-code flow only, redirects to HTTPS (or localhost, or an app's own
 * scheme). The implicit flow returns tokens in the redirect URL's fragment, where browser history,
 * logs and other pages read them (OAuth 2.0 Security Best Current Practice, RFC 9700, section 2.1.2).
 */
const oauthCodeFlowOnly: ResourceValidationPolicy = {
    name: "cognito-client-oauth-code-flow-only",
    description: "Cognito user pool clients must not use the OAuth implicit flow, and must redirect only to HTTPS, localhost or an app's own scheme.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.userPoolClient) return;
        const flows = list(read(args.props, "allowedOauthFlows"));
        if (flows.includes("implicit")) {
            reportViolation(
                `${subject(args.type, args.name)} allows the OAuth implicit flow, which hands tokens over in redirect URLs. ` +
                    `Use allowedOauthFlows: ["code"] (with PKCE for public clients).`,
            );
        }
        for (const key of ["callbackUrls", "logoutUrls"]) {
            for (const url of list(read(args.props, key))) {
                if (typeof url !== "string") continue; // unknown until `pulumi up`
                if (/^http:\/\/(?!localhost[:/]|localhost$)/.test(url)) {
                    reportViolation(`${subject(args.type, args.name)} redirects to ${JSON.stringify(url)} over plain HTTP (${key}). Use https://, http://localhost or the app's own scheme.`);
                }
            }
        }
    },
};

/** Every string in a plain value (unknown parts skipped). */
function stringsIn(value: Plain): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(stringsIn);
    return isObject(value) ? Object.values(value).flatMap(stringsIn) : [];
}

/**
 * The `candidates` that `from`'s input `key` came from: those the engine lists among the input's
 * property dependencies (known during preview too), or, once values are known, those whose output
 * `by` (an ARN, a name), written as `as` writes it, the input holds.
 */
function linked(from: PolicyResource, key: string, candidates: PolicyResource[], by: string, as = (value: string) => value): PolicyResource[] {
    const wired = new Set((from.propertyDependencies?.[key] ?? []).map((r) => r.urn));
    const values = stringsIn(read(from.props, key));
    return candidates.filter((c) => {
        const value = read(c.props, by);
        return wired.has(c.urn) || (typeof value === "string" && values.includes(as(value)));
    });
}

/** Policy documents that grant a role permissions: its inline policies and its role policies (`role` is the role's name). */
function roleDocuments(role: PolicyResource, rolePolicies: PolicyResource[]): Plain[] {
    const inline = list(read(role.props, "inlinePolicies")).map((p) => (isObject(p) ? p.policy : undefined));
    const attached = rolePolicies.filter((p) => linked(p, "role", [role], "name").length > 0);
    return [...inline, ...attached.map((p) => read(p.props, "policy"))];
}

const iotAttachRouteAuthorization: StackValidationPolicy = {
    name: "apigateway-iot-attach-route-iam-authorization",
    description: "API Gateway routes to a function that can attach IoT policies (iot:AttachPolicy) must use AWS_IAM authorization.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateStack: (args, reportViolation) => {
        const of = (type: string) => args.resources.filter((r) => r.type === type);
        const [functions, roles, rolePolicies, integrations] = [of(TYPES.lambdaFunction), of(TYPES.role), of(TYPES.rolePolicy), of(TYPES.integration)];
        // A function that can attach IoT policies: one of its role's documents allows iot:AttachPolicy.
        const attaching = functions.filter((fn) =>
            linked(fn, "role", roles, "arn").some((role) => roleDocuments(role, rolePolicies).some((doc) => {
                const parsed = statementsOf(doc);
                return parsed.kind === "statements" && allowsAction(parsed.statements, "iot:AttachPolicy");
            })),
        );
        for (const route of of(TYPES.route)) {
            // A route's target is "integrations/<integration id>" (API Gateway v2 CreateRoute, Target); an integration's URI is the function's ARN.
            const targets = linked(route, "target", integrations, "id", (id) => `integrations/${id}`).flatMap((i) => linked(i, "integrationUri", attaching, "arn"));
            if (targets.length === 0) continue;
            const authorization = read(route.props, "authorizationType");
            if (authorization === UNKNOWN || authorization === "AWS_IAM") continue;
            reportViolation(
                `${subject(route.type, route.name)} invokes ${targets.map((fn) => `function "${fn.name}"`).join(", ")}, which can attach IoT policies (iot:AttachPolicy), ` +
                    `but its authorizationType is ${JSON.stringify(authorization ?? "NONE (unset)")}: callers are not verified Cognito identities, and the function attaches to whatever identity it is told. ` +
                    `Set authorizationType: "AWS_IAM".`,
                route.urn,
            );
        }
    },
};

const alarmTopicDeniesInsecureTransport: StackValidationPolicy = {
    name: "sns-alarm-topic-denies-insecure-transport",
    description: "SNS topics that alarms notify must deny sns:Publish without TLS (aws:SecureTransport false) in their access policy.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, reportViolation) => {
        const of = (type: string) => args.resources.filter((r) => r.type === type);
        const [topics, topicPolicies] = [of(TYPES.topic), of(TYPES.topicPolicy)];
        const alarmed = new Set(of(TYPES.metricAlarm).flatMap((alarm) => ["alarmActions", "okActions", "insufficientDataActions"].flatMap((key) => linked(alarm, key, topics, "arn"))));
        for (const topic of alarmed) {
            // Every TopicPolicy for the topic, and the topic's own `policy` once known (a topic without one
            // gets AWS's default policy, computed at creation): one deny is enough.
            const own = read(topic.props, "policy");
            const documents = [...topicPolicies.filter((p) => linked(p, "arn", [topic], "arn").length > 0).map((p) => read(p.props, "policy")), ...(own === UNKNOWN ? [] : [own])];
            const verdicts = documents.map((doc) => {
                const parsed = statementsOf(doc);
                return parsed.kind === "statements" ? tlsOnlyDeny(parsed.statements, "sns:Publish") : parsed.kind === "unknown" ? "unknown" : false;
            });
            // A document not known yet (preview) may hold the deny: the rule runs again when it is known.
            if (verdicts.includes(true) || verdicts.includes("unknown")) continue;
            reportViolation(
                `${subject(topic.type, topic.name)} receives alarm notifications but no access policy denies sns:Publish without TLS, so publishers may send in plain text. ` +
                    `Add a TopicPolicy statement { "Effect": "Deny", "Principal": "*", "Action": "sns:Publish", "Resource": "<topic ARN>", ` +
                    `"Condition": { "Bool": { "aws:SecureTransport": "false" } } }.`,
                topic.urn,
            );
        }
    },
};

/** Every policy of the pack, in the order the CLI reports them. */
export const policies: Policies = [
    noUnauthenticatedIdentities,
    trustPinsAudAndAmr,
    noWildcardActions,
    productionDeletionProtection,
    cognitoTriggerTimeout,
    preventUserExistenceErrors,
    iotAttachRouteAuthorization,
    alarmTopicDeniesInsecureTransport,
    oauthCodeFlowOnly,
];

/**
 * True when the Pulumi CLI is running this module as a policy pack: it starts Node on
 * `@pulumi/pulumi/cmd/run-policy-pack`, which then requires this folder. `new PolicyPack` must not run
 * anywhere else: it reads `./package.json` of the working directory, starts a gRPC server that keeps
 * the process alive and prints its port, and exits the process if a second pack is constructed.
 */
export function servedByPulumiCli(mainFile: string | undefined = require.main?.filename): boolean {
    return mainFile !== undefined && /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run-policy-pack[\\/]/.test(mainFile);
}

if (servedByPulumiCli()) {
    new PolicyPack(PACK_NAME, { policies, enforcementLevel: "mandatory" });
}
