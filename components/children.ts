// Every child the component can create, and the two-phase way it creates them. Phase one plans each
// child (logical name, args, options), applies the consumer's transform and re-checks the guarantees
// on the result, all before anything is registered; phase two registers them under the component.
// References between children are deferred outputs, resolved as each child is created.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CognitoAuthValidationError, show } from "./errors";
import { wildcardActions, type PolicyStatement } from "./policy";

type Ctor = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

interface ChildKind<C extends Ctor> {
    ctor: C;
    /**
     * Logical name is `<component name>-<suffix>`: a contract with every deployed stack (renaming
     * replaces). For a child created once per item (a group, a provider), `{}` in the suffix is the item.
     */
    suffix: string;
    /** Created once per item (its suffix holds `{}`); `nodes[key]` is then a record by item. */
    multi: boolean;
    /** Holds users, identities or ids apps ship with: gets `protect`/`retainOnDelete` when those settings are on. */
    stateful: boolean;
    /**
     * The longest physical name AWS accepts, for children the provider auto-names as
     * `<logical name>-<7 random characters>`; undefined where the component sets the name itself.
     */
    maxAutoName?: number;
}

const kind = <C extends Ctor>(ctor: C, suffix: string, options: { stateful?: boolean; maxAutoName?: number } = {}): ChildKind<C> => ({
    ctor,
    suffix,
    multi: suffix.includes("{}"),
    stateful: options.stateful ?? false,
    maxAutoName: options.maxAutoName,
});

/**
 * The longest physical name each auto-named type can get: the lower of pulumi-aws's own limit
 * (provider/resource_overrides.go: Role 64, Function 64, Permission statementId 100, SNS topic 80,
 * MetricAlarm 255; 255 for every other `name`) and AWS's (PutRolePolicy PolicyName 128, IoT
 * CreatePolicy policyName 128, API Gateway CreateApi Name 128). pulumi/pulumi `NewUniqueName` refuses when
 * `len(logical + "-") + 7 > max` ("name '…-' plus 7 random chars is longer than maximum length N").
 */
export const MAX_NAME = { iamRole: 64, iamRolePolicy: 128, lambdaFunction: 64, lambdaStatementId: 100, logGroup: 255, snsTopic: 80, alarm: 255, iotPolicy: 128, httpApi: 128 } as const;
/** The "-" separator and the 7 random characters pulumi-aws appends. */
export const AUTO_NAME_SUFFIX_LENGTH = 8;

/** The registry of every child the component can create (the builders decide which, and in which order). */
export const CHILDREN = {
    preSignUpLogGroup: kind(aws.cloudwatch.LogGroup, "pre-sign-up-logs", { maxAutoName: MAX_NAME.logGroup }),
    preSignUpRole: kind(aws.iam.Role, "pre-sign-up-role", { maxAutoName: MAX_NAME.iamRole }),
    preSignUpLogPolicy: kind(aws.iam.RolePolicy, "pre-sign-up-logs", { maxAutoName: MAX_NAME.iamRolePolicy }),
    preSignUpFunction: kind(aws.lambda.Function, "pre-sign-up", { maxAutoName: MAX_NAME.lambdaFunction }),
    userPool: kind(aws.cognito.UserPool, "user-pool", { stateful: true }),
    preSignUpPermission: kind(aws.lambda.Permission, "pre-sign-up-invoke", { maxAutoName: MAX_NAME.lambdaStatementId }),
    identityProvider: kind(aws.cognito.IdentityProvider, "idp-{}"),
    appClient: kind(aws.cognito.UserPoolClient, "app-client", { stateful: true }),
    webClient: kind(aws.cognito.UserPoolClient, "web-client", { stateful: true }),
    userPoolDomain: kind(aws.cognito.UserPoolDomain, "domain"),
    loginBranding: kind(aws.cognito.ManagedLoginBranding, "login-branding-{}"),
    triggerPermission: kind(aws.lambda.Permission, "trigger-{}-invoke", { maxAutoName: MAX_NAME.lambdaStatementId }),
    identityPool: kind(aws.cognito.IdentityPool, "identity-pool", { stateful: true }),
    authenticatedRole: kind(aws.iam.Role, "authenticated-role", { maxAutoName: MAX_NAME.iamRole }),
    authenticatedPolicy: kind(aws.iam.RolePolicy, "authenticated-policy", { maxAutoName: MAX_NAME.iamRolePolicy }),
    unauthenticatedRole: kind(aws.iam.Role, "unauthenticated-role", { maxAutoName: MAX_NAME.iamRole }),
    groupRole: kind(aws.iam.Role, "group-{}-role", { maxAutoName: MAX_NAME.iamRole }),
    groupPolicy: kind(aws.iam.RolePolicy, "group-{}-policy", { maxAutoName: MAX_NAME.iamRolePolicy }),
    // Replacing a group drops its memberships: stateful.
    group: kind(aws.cognito.UserGroup, "group-{}", { stateful: true }),
    roleAttachment: kind(aws.cognito.IdentityPoolRoleAttachment, "roles"),
    iotPolicy: kind(aws.iot.Policy, "iot-policy", { maxAutoName: MAX_NAME.iotPolicy }),
    iotAttachLogGroup: kind(aws.cloudwatch.LogGroup, "iot-attach-logs", { maxAutoName: MAX_NAME.logGroup }),
    iotAttachRole: kind(aws.iam.Role, "iot-attach-role", { maxAutoName: MAX_NAME.iamRole }),
    iotAttachRolePolicy: kind(aws.iam.RolePolicy, "iot-attach-policy", { maxAutoName: MAX_NAME.iamRolePolicy }),
    iotAttachFunction: kind(aws.lambda.Function, "iot-attach", { maxAutoName: MAX_NAME.lambdaFunction }),
    iotAttachApi: kind(aws.apigatewayv2.Api, "iot-attach-api", { maxAutoName: MAX_NAME.httpApi }),
    iotAttachIntegration: kind(aws.apigatewayv2.Integration, "iot-attach-integration"),
    iotAttachRoute: kind(aws.apigatewayv2.Route, "iot-attach-route"),
    iotAttachAccessLogGroup: kind(aws.cloudwatch.LogGroup, "iot-attach-access-logs", { maxAutoName: MAX_NAME.logGroup }),
    iotAttachStage: kind(aws.apigatewayv2.Stage, "iot-attach-stage"),
    iotAttachPermission: kind(aws.lambda.Permission, "iot-attach-invoke", { maxAutoName: MAX_NAME.lambdaStatementId }),
    executionRole: kind(aws.iam.Role, "execution-role", { maxAutoName: MAX_NAME.iamRole }),
    executionPolicy: kind(aws.iam.RolePolicy, "execution-policy", { maxAutoName: MAX_NAME.iamRolePolicy }),
    alarmTopic: kind(aws.sns.Topic, "alarms", { maxAutoName: MAX_NAME.snsTopic }),
    alarmTopicPolicy: kind(aws.sns.TopicPolicy, "alarms-policy"),
    alarmSubscription: kind(aws.sns.TopicSubscription, "alarms-email"),
    preSignUpErrorsAlarm: kind(aws.cloudwatch.MetricAlarm, "pre-sign-up-errors", { maxAutoName: MAX_NAME.alarm }),
    preSignUpThrottlesAlarm: kind(aws.cloudwatch.MetricAlarm, "pre-sign-up-throttles", { maxAutoName: MAX_NAME.alarm }),
    preSignUpDurationAlarm: kind(aws.cloudwatch.MetricAlarm, "pre-sign-up-duration", { maxAutoName: MAX_NAME.alarm }),
    iotAttachServerErrorsAlarm: kind(aws.cloudwatch.MetricAlarm, "iot-attach-5xx", { maxAutoName: MAX_NAME.alarm }),
    accountTakeoverRiskAlarm: kind(aws.cloudwatch.MetricAlarm, "account-takeover-risk", { maxAutoName: MAX_NAME.alarm }),
    compromisedCredentialsRiskAlarm: kind(aws.cloudwatch.MetricAlarm, "compromised-credentials-risk", { maxAutoName: MAX_NAME.alarm }),
} satisfies Record<string, ChildKind<Ctor>>;

export type ChildKey = keyof typeof CHILDREN;
export const CHILD_KEYS = Object.keys(CHILDREN) as ChildKey[];
/** The args type of a child. */
export type ChildArgs<K extends ChildKey> = NonNullable<ConstructorParameters<(typeof CHILDREN)[K]["ctor"]>[1]>;
/** The resource class instance of a child. */
export type ChildResource<K extends ChildKey> = InstanceType<(typeof CHILDREN)[K]["ctor"]>;

/**
 * Change a child before it is created, as SST's `transform` does: either a partial args object merged
 * over the component's args, or a function that mutates `args` and `opts` in place (`name` is the
 * child's logical name, for reading only).
 */
export type Transform<T> = Partial<T> | ((args: T, opts: pulumi.CustomResourceOptions, name: string) => void);

/** One optional transform per child, keyed as in `CognitoAuth.nodes`. */
export type CognitoAuthTransforms = { [K in ChildKey]?: Transform<ChildArgs<K>> };

/** The children that exist in every configuration. */
type AlwaysPresent = "userPool" | "appClient" | "webClient" | "identityPool" | "authenticatedRole" | "authenticatedPolicy" | "roleAttachment" | "preSignUpPermission";
/** The children created once per item (groups, identity providers, trigger permissions, client brandings). */
export type MultiKey = { [K in ChildKey]: (typeof CHILDREN)[K]["suffix"] extends `${string}{}${string}` ? K : never }[ChildKey];
/**
 * The created children, keyed like `transform`: optional ones are absent when not created, and the
 * ones created per item are records keyed by the item (the group's name, the provider's name, …).
 */
export type CognitoAuthNodes = { readonly [K in AlwaysPresent]: ChildResource<K> } & {
    readonly [K in Exclude<ChildKey, AlwaysPresent | MultiKey>]?: ChildResource<K>;
} & { readonly [K in MultiKey]?: Readonly<Record<string, ChildResource<K>>> };

/** The logical name of a child (of one item, for children created per item). */
export function childName(component: string, key: ChildKey, item?: string): string {
    const suffix = CHILDREN[key].suffix;
    if (suffix.includes("{}") !== (item !== undefined)) throw new Error(`child ${key} ${item === undefined ? "needs" : "takes no"} item`);
    return `${component}-${item === undefined ? suffix : suffix.replace("{}", item)}`;
}

/** A problem a planned child has after its transform, reported like an argument problem. */
export interface PlanProblem {
    path: string;
    message: string;
}

/** Checks a planned child's final args and options; returns what is wrong ("must …" messages). */
export type Guarantee<K extends ChildKey = ChildKey> = (args: ChildArgs<K>, opts: pulumi.CustomResourceOptions) => string[];

interface Planned {
    key: ChildKey;
    item?: string;
    name: string;
    args: object;
    opts: pulumi.CustomResourceOptions;
}

/** A deferred reference to a child's outputs, usable before the child exists. */
export type Ref<K extends ChildKey> = { readonly [P in keyof ChildResource<K>]: ChildResource<K>[P] };

export class ChildPlan {
    private readonly planned: Planned[] = [];
    private readonly deferred = new Map<string, Map<string, (source: pulumi.Output<unknown>) => void>>();
    private readonly refs = new Map<string, object>();
    readonly problems: PlanProblem[] = [];

    constructor(
        readonly component: string,
        private readonly transforms: CognitoAuthTransforms,
        private readonly stateful: { protect: boolean; retainOnDelete: boolean },
    ) {}

    /** Outputs of `key` (of one item), usable in the args of children planned before it is created. */
    ref<K extends ChildKey>(key: K, item?: string): Ref<K> {
        // Names repeat across types (the trigger's log group and log policy), so the key is part of the id.
        const id = `${key}::${childName(this.component, key, item)}`;
        let ref = this.refs.get(id);
        if (!ref) {
            const outputs = new Map<string, pulumi.Output<unknown>>();
            ref = new Proxy(
                {},
                {
                    get: (_target, property) => {
                        if (typeof property !== "string") return undefined;
                        let output = outputs.get(property);
                        if (!output) {
                            const [deferred, resolve] = pulumi.deferredOutput<unknown>();
                            output = deferred;
                            outputs.set(property, output);
                            const byProperty = this.deferred.get(id) ?? new Map();
                            byProperty.set(property, resolve);
                            this.deferred.set(id, byProperty);
                        }
                        return output;
                    },
                },
            );
            this.refs.set(id, ref);
        }
        return ref as Ref<K>;
    }

    /**
     * Plan a child: apply its transform, then the guarantees. Stateful children get `protect` and
     * `retainOnDelete` first, so a transform sees (and must keep) them.
     */
    add<K extends ChildKey>(key: K, args: ChildArgs<K>, opts: pulumi.CustomResourceOptions = {}, guarantees: Guarantee<K>[] = [], item?: string): void {
        const name = childName(this.component, key, item);
        if (this.planned.some((p) => p.name === name && p.key === key)) throw new Error(`child ${name} planned twice`);
        let finalArgs = args;
        const finalOpts: pulumi.CustomResourceOptions = { ...opts };
        if (CHILDREN[key].stateful) {
            if (this.stateful.protect) finalOpts.protect = true;
            if (this.stateful.retainOnDelete) finalOpts.retainOnDelete = true;
        }
        const adopted = opts.import !== undefined;
        const transform = (this.transforms as Record<string, Transform<object> | undefined>)[key];
        if (typeof transform === "function") transform(finalArgs, finalOpts, name);
        else finalArgs = { ...finalArgs, ...transform } as ChildArgs<K>; // spreading no transform changes nothing

        // Only a transform can break a guarantee (the component's own args keep them all).
        const where = `transform.${key}`;
        if (CHILDREN[key].stateful) {
            if (this.stateful.protect && finalOpts.protect !== true) this.problems.push({ path: where, message: "must keep protect: true (protect is on for stateful children)" });
            if (this.stateful.retainOnDelete && finalOpts.retainOnDelete !== true) {
                this.problems.push({ path: where, message: "must keep retainOnDelete: true (retainOnDelete is on for stateful children)" });
            }
        }
        if (adopted && (finalOpts.import !== opts.import || finalOpts.protect !== true)) {
            this.problems.push({ path: where, message: `must keep import: ${JSON.stringify(opts.import)} and protect: true (an adopted resource is protected from the start)` });
        }
        for (const guarantee of guarantees) for (const message of guarantee(finalArgs, finalOpts)) this.problems.push({ path: where, message });
        // The component's own documents come from the one policy builder, which refuses wildcard actions;
        // wrapping them in a check would also change when their children register (the plan's order).
        if (transform !== undefined) finalArgs = this.checkDocuments(where, finalArgs);
        this.planned.push({ key, item, name, args: finalArgs, opts: finalOpts });
    }

    /**
     * A transform may replace a policy document; plain documents are checked now, outputs when their
     * value is known.
     */
    private checkDocuments<T>(where: string, args: T): T {
        const out = { ...args } as Record<string, unknown>;
        for (const field of ["policy", "assumeRolePolicy"]) {
            const doc = out[field];
            if (doc === undefined) continue;
            const problem = (document: unknown) => {
                const bad = documentWildcards(document);
                return bad.length > 0 ? `must keep ${field} free of wildcard actions (got ${JSON.stringify(bad)})` : undefined;
            };
            if (isPlain(doc)) {
                const message = problem(doc);
                if (message) this.problems.push({ path: where, message });
            } else {
                out[field] = pulumi.output(doc).apply((text) => {
                    const message = problem(text);
                    if (message) throw new CognitoAuthValidationError([{ label: where, message }], `CognitoAuth "${this.component}" has invalid transforms`);
                    return text;
                });
            }
        }
        return out as T;
    }

    /** Problems of transforms for children this configuration does not create: they would do nothing. */
    unusedTransforms(): PlanProblem[] {
        const planned = new Set(this.planned.map((p) => p.key));
        return Object.keys(this.transforms)
            .filter((key) => !planned.has(key as ChildKey) && (this.transforms as Record<string, unknown>)[key] !== undefined)
            .map((key) => {
                const k = key as ChildKey;
                const logical = CHILDREN[k].multi ? `${this.component}-${CHILDREN[k].suffix.replace("{}", "<item>")}` : childName(this.component, k);
                return { path: `transform.${key}`, message: `has no effect: this configuration creates no ${key} (logical name ${logical})` };
            });
    }

    /** Register every planned child under `parent`, resolving deferred references as each appears. */
    create(parent: pulumi.Resource): Record<string, unknown> {
        const created: Record<string, unknown> = {};
        for (const p of this.planned) {
            const resource = new CHILDREN[p.key].ctor(p.name, p.args as never, { ...p.opts, parent });
            if (p.item === undefined) created[p.key] = resource;
            else created[p.key] = { ...(created[p.key] as Record<string, unknown> | undefined), [p.item]: resource };
            const id = `${p.key}::${p.name}`;
            for (const [property, resolve] of this.deferred.get(id) ?? []) {
                const value = (resource as unknown as Record<string, unknown>)[property];
                if (!pulumi.Output.isInstance(value)) throw new Error(`child ${p.name} has no output ${property}`);
                resolve(value);
            }
            this.deferred.delete(id);
        }
        const dangling = [...this.deferred.keys()];
        if (dangling.length > 0) throw new Error(`references to children that were never planned: ${dangling.join(", ")}`);
        return created;
    }
}

/** A value is checkable before deployment only when it is plain (not an Output or a Promise). */
export const isPlain = (v: unknown): boolean => !pulumi.Output.isInstance(v) && !(v instanceof Promise);

const NOT_PLAIN = Symbol("not plain");

/** The value at a dotted path of args, or NOT_PLAIN when any level is an Output or a Promise. */
function readPlain(args: unknown, path: string): unknown {
    let value = args;
    for (const key of path.split(".")) {
        if (!isPlain(value)) return NOT_PLAIN;
        value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    }
    return isPlain(value) ? value : NOT_PLAIN;
}

/**
 * A guarantee on one input of a child, checked on its final args (after any transform) when
 * `active`. `requirement` completes "must keep <path> …"; a waivable production rule names its waiver.
 */
export function guard<K extends ChildKey>(active: boolean, path: string, holds: (value: unknown) => boolean, requirement: string, waiver?: string): Guarantee<K> {
    return (args) => {
        if (!active) return [];
        const value = readPlain(args, path);
        const howToWaive = waiver ? `; to deploy anyway, waive it: productionWaivers: ["${waiver}"]` : "";
        if (value === NOT_PLAIN) return [`must leave ${path} a plain value, so that it can be checked to be ${requirement} before deployment${howToWaive}`];
        return holds(value) ? [] : [`must keep ${path} ${requirement} (got ${show(value)})${howToWaive}`];
    };
}

/**
 * Wildcard actions in a policy document, given as JSON text or as an object (the providers take both).
 * A document that is not JSON, or not an object, is AWS's to refuse.
 */
function documentWildcards(document: unknown): string[] {
    let doc = document;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc);
        } catch {
            return [];
        }
    }
    // JSON that is not an object (null, a number, a string) has no statements to read, nor a null statement actions.
    const statements = [(doc as { Statement?: PolicyStatement | PolicyStatement[] } | null | undefined)?.Statement ?? []].flat();
    return wildcardActions(statements.map((st) => ({ ...st, Action: [st?.Action ?? []].flat() as string[] })));
}
