// The offline plan of a stack: the stack program evaluated under the shared Pulumi mocks of
// tools/evaluate.ts (no CLI, no credentials), reduced to a deterministic description of every
// resource it declares. Values that come from other resources are the mocks' ids and ARNs:
// stable and name-derived, so they still show which resource an input points at.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { Yaml } from "./cliConfig";
import { evaluateStack, ROOT, stackConfig, type Evaluation } from "./evaluate";

/** Bumped when the JSON layout changes, so a diff against an older base can say so. */
export const PLAN_FORMAT = 1;
/** What a Pulumi secret becomes in a plan. */
export const REDACTED = "[secret]";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PlannedResource {
    /**
     * `type::name`. A logical name alone is not unique (the log group and the role policy of the
     * trigger are both `auth-pre-sign-up-logs`); Pulumi itself tells resources apart by type and name.
     */
    key: string;
    type: string;
    name: string;
    /** False for component resources. */
    custom: boolean;
    /** Key of the parent resource; null at the stack's root. */
    parent: string | null;
    protect: boolean;
    retainOnDelete: boolean;
    /** Keys of the resources this one depends on, sorted. */
    dependencies: string[];
    /** Every input, keys sorted, secrets redacted, assets and archives replaced by their sha256. */
    inputs: { [key: string]: Json };
}

export interface Plan {
    format: number;
    stack: string;
    /** The stack's `aws:region`: changing it replaces every resource. */
    region: string | null;
    /** Parents before children, siblings by key. */
    resources: PlannedResource[];
    /** Stack outputs (mock values), secrets redacted. */
    outputs: { [key: string]: Json };
}

export function resourceKey(type: string, name: string): string {
    return `${type}::${name}`;
}

/** `urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>` → `type::name`. */
export function keyOfUrn(urn: string): string {
    const parts = urn.split("::");
    if (parts.length < 4) throw new Error(`not a resource URN: ${urn}`);
    const type = parts[2].split("$").pop() as string;
    return resourceKey(type, parts.slice(3).join("::"));
}

const sha256 = (data: string | Buffer) => crypto.createHash("sha256").update(data).digest("hex");

// The wire form of a secret after deserialisation (an internal of @pulumi/pulumi, pinned by the lockfile).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialSecretSig: string };
const isSecretValue = (v: object) => (v as Record<string, unknown>)[rpc.specialSigKey] === rpc.specialSecretSig;

/** A file path as it should appear in a plan: relative to the repository, so plans do not depend on the checkout folder. */
const repoPath = (p: string) => path.relative(ROOT, path.resolve(p)).split(path.sep).join("/");

async function normalizeAsset(asset: pulumi.asset.Asset): Promise<Json> {
    if (asset instanceof pulumi.asset.StringAsset) return { kind: "string", sha256: sha256(await asset.text) };
    if (asset instanceof pulumi.asset.FileAsset) {
        const file = await asset.path;
        return { kind: "file", path: repoPath(file), sha256: fs.existsSync(file) ? sha256(fs.readFileSync(file)) : null };
    }
    if (asset instanceof pulumi.asset.RemoteAsset) return { kind: "remote", uri: await asset.uri };
    throw new Error(`unsupported asset ${asset.constructor?.name}`);
}

async function normalizeArchive(archive: pulumi.asset.Archive): Promise<Json> {
    if (archive instanceof pulumi.asset.AssetArchive) {
        const assets = await archive.assets;
        const out: { [key: string]: Json } = {};
        for (const name of Object.keys(assets).sort()) out[name] = (await normalizeInput(assets[name])) as Json;
        return { assets: out, kind: "assets" };
    }
    // A folder's contents are not hashed: the plan names it, which is enough to see it change.
    if (archive instanceof pulumi.asset.FileArchive) return { kind: "file", path: repoPath(await archive.path) };
    if (archive instanceof pulumi.asset.RemoteArchive) return { kind: "remote", uri: await archive.uri };
    throw new Error(`unsupported archive ${archive.constructor?.name}`);
}

/**
 * A resource input as plain JSON with a stable key order: undefined dropped, secrets redacted,
 * assets/archives as `{ $asset }`/`{ $archive }` with content hashes, resource references as
 * `{ $resource: key }`. Throws on anything else that is not plain data, rather than guess.
 */
export async function normalizeInput(value: unknown): Promise<Json | undefined> {
    if (value === undefined) return undefined;
    if (value === null || typeof value === "boolean" || typeof value === "string") return value;
    if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
    if (Array.isArray(value)) {
        const items: Json[] = [];
        for (const item of value) items.push((await normalizeInput(item)) ?? null);
        return items;
    }
    if (typeof value !== "object") throw new Error(`cannot represent a ${typeof value} in a plan`);
    if (isSecretValue(value)) return REDACTED;
    if (pulumi.asset.Asset.isInstance(value)) return { $asset: await normalizeAsset(value) };
    if (pulumi.asset.Archive.isInstance(value)) return { $archive: await normalizeArchive(value) };
    if (pulumi.Resource.isInstance(value)) {
        const resource = value as pulumi.Resource;
        const urn = await new Promise<string>((resolve) => resource.urn.apply(resolve));
        return { $resource: keyOfUrn(urn) };
    }
    if (pulumi.Output.isInstance(value)) throw new Error("an Output reached the plan unresolved");
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new Error(`cannot represent a ${proto?.constructor?.name} in a plan`);
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
        const v = await normalizeInput((value as Record<string, unknown>)[key]);
        if (v !== undefined) out[key] = v;
    }
    return out;
}

/** Parents first, then their children; siblings by key. Resources whose parent is not in the plan are roots. */
function treeOrder(resources: PlannedResource[]): PlannedResource[] {
    const keys = new Set(resources.map((r) => r.key));
    const children = new Map<string | null, PlannedResource[]>();
    for (const r of resources) {
        const parent = r.parent !== null && keys.has(r.parent) ? r.parent : null;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const ordered: PlannedResource[] = [];
    const visit = (parent: string | null) => {
        for (const r of (children.get(parent) ?? []).sort((a, b) => compare(a.key, b.key))) {
            ordered.push(r);
            visit(r.key);
        }
    };
    visit(null);
    return ordered;
}

/** Plain code-unit order: the same on every machine and locale. */
export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The plan of an evaluation. */
export async function buildPlan(stack: string, evaluation: Evaluation, region: string | null): Promise<Plan> {
    const resources: PlannedResource[] = [];
    const seen = new Set<string>();
    for (const r of evaluation.resources) {
        const key = resourceKey(r.type, r.name);
        if (seen.has(key)) throw new Error(`two resources are both ${key}; the plan cannot tell them apart`);
        seen.add(key);
        resources.push({
            key,
            type: r.type,
            name: r.name,
            custom: r.custom,
            parent: r.parent ? keyOfUrn(r.parent) : null,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            dependencies: [...new Set(r.dependencies.map(keyOfUrn))].sort(compare),
            inputs: ((await normalizeInput(r.inputs)) ?? {}) as { [key: string]: Json },
        });
    }
    const outputs: { [key: string]: Json } = {};
    for (const name of Object.keys(evaluation.outputs).sort(compare)) {
        const value = evaluation.secrets.includes(name) ? REDACTED : await normalizeInput(evaluation.outputs[name]);
        if (value !== undefined) outputs[name] = value;
    }
    return { format: PLAN_FORMAT, stack, region, resources: treeOrder(resources), outputs };
}

/** Evaluate `Pulumi.<stack>.yaml` (plus config overrides, for tests) and plan it. */
export async function planStack(stack: string, overrides: Record<string, Yaml | undefined> = {}): Promise<Plan> {
    if (!fs.existsSync(path.join(ROOT, `Pulumi.${stack}.yaml`))) throw new Error(`no stack "${stack}": Pulumi.${stack}.yaml does not exist`);
    const region = stackConfig(stack, overrides)["aws:region"] ?? null;
    return buildPlan(stack, await evaluateStack(stack, overrides), region);
}

/** The plan file's text: two-space JSON and a final newline, identical for identical plans. */
export function serializePlan(plan: Plan): string {
    return `${JSON.stringify(plan, null, 2)}\n`;
}

/** A base plan written by a tool of another plan format: there is nothing comparable to diff. */
export class PlanFormatError extends Error {}

export function parsePlan(text: string, source: string): Plan {
    let plan: Plan;
    try {
        plan = JSON.parse(text) as Plan;
    } catch (e) {
        throw new Error(`${source} is not JSON: ${(e as Error).message}`);
    }
    if (typeof plan !== "object" || plan === null || !Array.isArray(plan.resources)) throw new Error(`${source} is not a plan (no resources list)`);
    if (plan.format !== PLAN_FORMAT) throw new PlanFormatError(`${source} has plan format ${plan.format}, this tool reads format ${PLAN_FORMAT}`);
    return plan;
}

// ---- the readable listing -------------------------------------------------------------------

/** Short type for display: `aws:cognito/userPool:UserPool` → `cognito:UserPool`. */
export function shortType(type: string): string {
    const [pkg, module = "", member = ""] = type.split(":");
    const mod = module.split("/")[0];
    return pkg === "aws" ? `${mod}:${member}` : `${pkg}:${member}`;
}

const at = (inputs: Json, dotted: string): Json | undefined => {
    let cur: Json | undefined = inputs;
    for (const part of dotted.split(".")) {
        if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
        cur = cur[part];
    }
    return cur;
};

/** Principals a trust policy names (services, or the federated provider). */
function trustedPrincipals(document: Json | undefined): string | undefined {
    if (typeof document !== "string") return undefined;
    try {
        const statements = (JSON.parse(document) as { Statement?: { Principal?: Record<string, string | string[]> }[] }).Statement ?? [];
        return statements.flatMap((s) => Object.values(s.Principal ?? {}).flat()).join(",");
    } catch {
        return undefined;
    }
}

/** The statement ids of a policy document, or its statement count when they have none. */
function statementIds(document: Json | undefined): string | undefined {
    if (typeof document !== "string") return undefined;
    try {
        const statements = (JSON.parse(document) as { Statement?: { Sid?: string }[] }).Statement ?? [];
        const sids = statements.map((s) => s.Sid).filter((s): s is string => !!s);
        return sids.length === statements.length && sids.length > 0 ? sids.join(",") : String(statements.length);
    } catch {
        return undefined;
    }
}

type Summary = (inputs: { [key: string]: Json }) => [string, Json | undefined][];
const paths =
    (...names: string[]): Summary =>
    (inputs) =>
        names.map((n) => [n.split(".").pop() as string, at(inputs, n)]);

/** The few inputs the listing shows per type; everything is in the JSON plan. */
export const KEY_INPUTS: Record<string, Summary> = {
    "aws:cognito/userPool:UserPool": paths("name", "deletionProtection", "userPoolTier", "mfaConfiguration", "userPoolAddOns.advancedSecurityMode", "passwordPolicy.minimumLength"),
    "aws:cognito/userPoolClient:UserPoolClient": paths("name", "generateSecret", "explicitAuthFlows"),
    "aws:cognito/identityPool:IdentityPool": paths("identityPoolName", "allowUnauthenticatedIdentities", "allowClassicFlow"),
    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment": (i) => [["roles", Object.keys((at(i, "roles") as object | undefined) ?? {}).join(",")]],
    "aws:iam/role:Role": (i) => [
        ["name", i.name],
        ["trust", trustedPrincipals(i.assumeRolePolicy)],
    ],
    "aws:iam/rolePolicy:RolePolicy": (i) => [["statements", statementIds(i.policy)]],
    "aws:iot/policy:Policy": (i) => [["statements", statementIds(i.policy)]],
    "aws:lambda/function:Function": (i) => [
        ...paths("runtime", "architectures", "memorySize", "timeout", "handler")(i),
        ["code", shortHash(i.code)],
    ],
    "aws:lambda/permission:Permission": paths("action", "principal"),
    "aws:cloudwatch/logGroup:LogGroup": paths("retentionInDays"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": (i) => [
        // A metric-math alarm names its metrics in its queries.
        ["metricName", i.metricName ?? queriedMetrics(i.metricQueries)],
        ...paths("statistic", "extendedStatistic", "comparisonOperator", "threshold")(i),
    ],
    "aws:sns/topic:Topic": paths("name"),
    "aws:sns/topicPolicy:TopicPolicy": (i) => [["statements", statementIds(i.policy)]],
    "aws:sns/topicSubscription:TopicSubscription": paths("protocol"),
    "aws:apigatewayv2/api:Api": paths("protocolType"),
    "aws:apigatewayv2/integration:Integration": paths("integrationType", "payloadFormatVersion"),
    "aws:apigatewayv2/route:Route": paths("routeKey", "authorizationType"),
    "aws:apigatewayv2/stage:Stage": paths("name", "autoDeploy"),
};

/** The distinct metric names of an alarm's metric queries, joined. */
function queriedMetrics(queries: Json | undefined): string | undefined {
    if (!Array.isArray(queries)) return undefined;
    const names = queries.map((q) => at(q, "metric.metricName")).filter((n): n is string => typeof n === "string");
    return names.length > 0 ? [...new Set(names)].join(",") : undefined;
}

/** The first content hash inside an asset or archive, shortened for the listing. */
function shortHash(value: Json | undefined): string | undefined {
    const found = JSON.stringify(value ?? null).match(/"sha256":"([0-9a-f]{12})/);
    return found ? `sha256:${found[1]}` : undefined;
}

export function formatValue(value: Json | undefined): string {
    if (value === undefined) return "-";
    if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null)) return value.join(",");
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** `k=v` pairs of the key inputs of a resource (defined values only). */
export function keyInputs(r: PlannedResource): string {
    const summary = KEY_INPUTS[r.type] ?? paths("name");
    return summary(r.inputs)
        .filter(([, v]) => v !== undefined && v !== "")
        .map(([k, v]) => `${k}=${formatValue(v)}`)
        .join(" ");
}

/** The compact listing printed by `npm run plan`: one line per resource, indented under its parent. */
export function renderListing(plan: Plan): string {
    const depth = new Map<string, number>();
    for (const r of plan.resources) depth.set(r.key, r.parent !== null && depth.has(r.parent) ? (depth.get(r.parent) as number) + 1 : 0);
    const rows = plan.resources.map((r) => {
        const flags = [r.protect ? "protect" : "", r.retainOnDelete ? "retainOnDelete" : ""].filter(Boolean);
        return {
            name: `${"  ".repeat(depth.get(r.key) as number)}${r.name}`,
            type: shortType(r.type),
            rest: [keyInputs(r), flags.length ? `[${flags.join(", ")}]` : ""].filter(Boolean).join("  "),
        };
    });
    const nameWidth = Math.max(...rows.map((r) => r.name.length));
    const typeWidth = Math.max(...rows.map((r) => r.type.length));
    const custom = plan.resources.filter((r) => r.custom).length;
    return [
        `Stack ${plan.stack} (${plan.region ?? "no region"}): ${plan.resources.length} resources (${custom} custom, ${plan.resources.length - custom} component)`,
        ...rows.map((r) => `  ${r.name.padEnd(nameWidth)}  ${r.type.padEnd(typeWidth)}  ${r.rest}`.trimEnd()),
    ].join("\n");
}
