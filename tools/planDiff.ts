// Compares two offline plans and finds the changes that would destroy a stateful resource, or that
// the provider would refuse to apply to one.
// Only types are imported from planModel, so this module (and previewGuard) never loads the mocks.
import type { Json, Plan, PlannedResource } from "./planModel";

const USER_POOL = "aws:cognito/userPool:UserPool";
const USER_POOL_CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const IDENTITY_POOL = "aws:cognito/identityPool:IdentityPool";

/**
 * Resources whose loss loses data: every user and password, every client id the apps ship with (a
 * new client gets a new id, and every installed app stops signing in), every identity id handed out.
 * The component marks the same children stateful (components/children.ts), so they are protected in production.
 */
export const STATEFUL_TYPES: readonly string[] = [USER_POOL, USER_POOL_CLIENT, IDENTITY_POOL];

export interface ReplacementInput {
    /** Input path (camelCase, as in the plan); any change at or below it counts. */
    input: string;
    why: string;
}

/**
 * Inputs of the stateful resources that cannot be changed in place: the provider replaces the
 * resource (terraform-provider-aws `ForceNew` / `RequiresReplace`, which pulumi-aws inherits).
 *
 * Researched in terraform-provider-aws (internal/service/cognitoidp/user_pool.go,
 * internal/service/cognitoidp/user_pool_client.go and internal/service/cognitoidentity/pool.go):
 * - user pool `alias_attributes`, `username_attributes` and `username_configuration` are ForceNew;
 * - user pool `name` was ForceNew until provider 6.6.0 (#42639 made it updatable in place), so it is not listed;
 * - user pool `schema` is not ForceNew: see SCHEMA_INPUT below;
 * - user pool client `generate_secret` and `user_pool_id` have `RequiresReplace` (the client, and its id, are new);
 * - identity pool `identity_pool_name` is ForceNew (still in 6.61, #49638) and so is `developer_provider_name`;
 * - `region` (pulumi-aws 7's per-resource region) moves the resource to another region: a new resource.
 * Renaming the logical resource, changing its parent (both change the URN) or removing it deletes it.
 */
export const REPLACEMENT_INPUTS: Readonly<Record<string, readonly ReplacementInput[]>> = {
    [USER_POOL]: [
        { input: "usernameAttributes", why: "username attributes are fixed when the pool is created (ForceNew)" },
        { input: "aliasAttributes", why: "alias attributes are fixed when the pool is created (ForceNew)" },
        { input: "usernameConfiguration", why: "username case sensitivity is fixed when the pool is created (ForceNew)" },
        { input: "region", why: "a pool in another region is a new pool" },
    ],
    [USER_POOL_CLIENT]: [
        { input: "generateSecret", why: "whether a client has a secret is fixed when it is created (RequiresReplace): the new client gets a new id" },
        { input: "userPoolId", why: "a client belongs to one pool (RequiresReplace): the new client gets a new id" },
        { input: "region", why: "a client in another region is a new client, with a new id" },
    ],
    [IDENTITY_POOL]: [
        { input: "identityPoolName", why: "the provider replaces the identity pool when its name changes (ForceNew)" },
        { input: "developerProviderName", why: "the developer provider name cannot be changed after creation (ForceNew)" },
        { input: "region", why: "an identity pool in another region is a new identity pool" },
    ],
};

/**
 * The user pool's schema is not ForceNew, but only additions can be applied: the provider's Update
 * calls AddCustomAttributes when every old entry is still there (`os.Difference(ns).Len() == 0`) and
 * otherwise fails with "cannot modify or remove schema items" (terraform-provider-aws
 * internal/service/cognitoidp/user_pool.go, resourceUserPoolUpdate). Cognito itself never modifies
 * or removes an attribute (pulumi-aws#828). Entries are a set: order does not matter.
 */
export const SCHEMA_INPUT = { type: USER_POOL, input: "schemas" } as const;

/** Schema entries of `before` that `after` no longer has exactly (changed or removed). */
export function schemaEntriesLost(before: Json | undefined, after: Json | undefined): Json[] {
    const kept = new Set((Array.isArray(after) ? after : []).map((e) => JSON.stringify(e)));
    return (Array.isArray(before) ? before : []).filter((e) => !kept.has(JSON.stringify(e)));
}

export interface ValueChange {
    /** Input path such as `schemas[0].mutable`; `(protect)`-style names for resource options. */
    path: string;
    before: Json | undefined;
    after: Json | undefined;
}

export interface ResourceChange {
    resource: PlannedResource;
    changes: ValueChange[];
}

export interface Hazard {
    key: string;
    /** `fail`: not destructive, but the update would fail and stop the deployment part-way. */
    action: "replace" | "delete" | "fail";
    reason: string;
}

export interface PlanDiff {
    added: PlannedResource[];
    removed: PlannedResource[];
    changed: ResourceChange[];
    /** Stateful resources that would be replaced or deleted, or whose update would fail. */
    hazards: Hazard[];
    outputsAdded: string[];
    outputsRemoved: string[];
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const child = (base: string, key: string) => (IDENT.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`);

/** A JSON document held in a string (IAM policies), parsed so its changes get precise paths. */
function embeddedJson(v: Json | undefined): Json | undefined {
    if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
    try {
        return JSON.parse(v) as Json;
    } catch {
        return undefined;
    }
}

/** Every leaf that differs between two values, with its path. */
export function valueChanges(before: Json | undefined, after: Json | undefined, path = ""): ValueChange[] {
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    if (isObject(before) && isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => valueChanges(before[k], after[k], child(path, k)));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        const n = Math.max(before.length, after.length);
        return Array.from({ length: n }, (_, i) => valueChanges(before[i], after[i], `${path}[${i}]`)).flat();
    }
    const [b, a] = [embeddedJson(before), embeddedJson(after)];
    if (b !== undefined && a !== undefined) return valueChanges(b, a, `${path}<json>`);
    return [{ path, before, after }];
}

const within = (path: string, input: string) => path === input || path.startsWith(`${input}.`) || path.startsWith(`${input}[`) || path.startsWith(`${input}<`);

export function diffPlans(base: Plan, current: Plan): PlanDiff {
    const before = new Map(base.resources.map((r) => [r.key, r]));
    const after = new Map(current.resources.map((r) => [r.key, r]));
    const added = current.resources.filter((r) => !before.has(r.key));
    const removed = base.resources.filter((r) => !after.has(r.key));
    const changed: ResourceChange[] = [];
    const hazards: Hazard[] = [];

    for (const r of current.resources) {
        const old = before.get(r.key);
        if (!old) continue;
        const changes = [
            ...valueChanges(old.inputs, r.inputs),
            ...(["parent", "protect", "retainOnDelete"] as const).flatMap((option) => valueChanges(old[option], r[option], `(${option})`)),
        ];
        const deps = dependencyChange(old.dependencies, r.dependencies);
        if (deps) changes.push(deps);
        if (changes.length > 0) changed.push({ resource: r, changes });
        if (!STATEFUL_TYPES.includes(r.type)) continue;
        const reasons = new Set<string>();
        for (const c of changes) {
            if (c.path === "(parent)") reasons.add("its parent changed, which changes its URN: Pulumi deletes it and creates a new one unless an alias is added");
            for (const rule of REPLACEMENT_INPUTS[r.type] ?? []) {
                if (within(c.path, rule.input)) reasons.add(`${rule.input} changed: ${rule.why}`);
            }
        }
        if ((base.region ?? null) !== (current.region ?? null)) reasons.add(`the stack's region changed (${base.region} → ${current.region}): every resource is recreated`);
        if (reasons.size > 0) hazards.push({ key: r.key, action: "replace", reason: [...reasons].join("; ") });
        else if (r.type === SCHEMA_INPUT.type) {
            const lost = schemaEntriesLost(old.inputs[SCHEMA_INPUT.input], r.inputs[SCHEMA_INPUT.input]);
            if (lost.length > 0) {
                const names = lost.map((e) => (e !== null && typeof e === "object" && !Array.isArray(e) && typeof e.name === "string" ? e.name : JSON.stringify(e)));
                hazards.push({
                    key: r.key,
                    action: "fail",
                    reason: `schemas changed or removed ${names.join(", ")}: the update fails with "cannot modify or remove schema items" (only new entries can be added to an existing pool)`,
                });
            }
        }
    }
    for (const r of removed) {
        if (!STATEFUL_TYPES.includes(r.type)) continue;
        const renamed = added.filter((a) => a.type === r.type).map((a) => a.name);
        const hint = renamed.length ? ` (renamed to ${renamed.join(", ")}? a new logical name is a new resource unless an alias keeps the old one)` : "";
        hazards.push({ key: r.key, action: "delete", reason: `it is no longer declared${hint}` });
    }
    const outputsAdded = Object.keys(current.outputs).filter((k) => !(k in base.outputs));
    const outputsRemoved = Object.keys(base.outputs).filter((k) => !(k in current.outputs));
    return { added, removed, changed, hazards, outputsAdded, outputsRemoved };
}

/** Dependencies compared as sets: `+key` gained, `-key` lost. */
function dependencyChange(before: string[], after: string[]): ValueChange | undefined {
    const gained = after.filter((d) => !before.includes(d)).map((d) => `+${d}`);
    const lost = before.filter((d) => !after.includes(d)).map((d) => `-${d}`);
    if (gained.length + lost.length === 0) return undefined;
    return { path: "(dependencies)", before: null, after: [...lost, ...gained] };
}

function show(v: Json | undefined): string {
    if (v === undefined) return "(unset)";
    const text = JSON.stringify(v);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describe(change: ValueChange): string {
    if (change.path === "(dependencies)") return `(dependencies): ${(change.after as string[]).join(" ")}`;
    return `${change.path}: ${show(change.before)} → ${show(change.after)}`;
}

const label = (r: PlannedResource) => `${r.type}  ${r.name}`;

const ACTION_LABEL: Readonly<Record<Hazard["action"], string>> = { replace: "REPLACE", delete: "DELETE", fail: "UPDATE FAILS" };

/** "user pool, user pool client or identity pool", for messages. */
export const STATEFUL_NAMES = "user pool, user pool client or identity pool";

/** The readable diff; ends with the verdict on stateful resources. */
export function renderDiff(diff: PlanDiff, stack: string, baseName: string, allowReplace: boolean): string {
    const lines = [
        `Plan diff for stack ${stack} against ${baseName}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`,
    ];
    for (const r of diff.added) lines.push(`  + ${label(r)}`);
    for (const r of diff.removed) lines.push(`  - ${label(r)}`);
    for (const c of diff.changed) {
        lines.push(`  ~ ${label(c.resource)}`);
        for (const change of c.changes) lines.push(`      ${describe(change)}`);
    }
    if (diff.outputsAdded.length) lines.push(`  stack outputs added: ${diff.outputsAdded.join(", ")}`);
    if (diff.outputsRemoved.length) lines.push(`  stack outputs REMOVED (consumers may break): ${diff.outputsRemoved.join(", ")}`);
    if (diff.hazards.length === 0) {
        lines.push(`No ${STATEFUL_NAMES} would be replaced or deleted, and no update of one would fail.`);
        return lines.join("\n");
    }
    for (const h of diff.hazards) lines.push(`${ACTION_LABEL[h.action]} ${h.key}: ${h.reason}`);
    lines.push(
        allowReplace
            ? `${diff.hazards.length} stateful resource(s) would be replaced, deleted or fail to update; allowed by --allow-replace.`
            : `Refusing: ${diff.hazards.length} stateful resource(s) would be replaced, deleted or fail to update. ` +
                  "A new user pool has none of the users, a new client a new id the apps do not know, a new identity pool none of the identities. " +
                  "If that is intended, re-run with --allow-replace.",
    );
    return lines.join("\n");
}
