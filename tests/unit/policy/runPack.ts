// Runs the pack's rules the way the policy runtime would, without the Pulumi CLI: property bags
// wrapped in the runtime's unknown-checking proxy, per-policy config as `getConfig` returns it, and
// stack resources linked by parent, dependencies and property dependencies.
import * as fs from "fs";
import * as path from "path";
import { unknownCheckingProxy, type Policies, type PolicyResource, type PolicyResourceOptions, type ResourceValidationArgs, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { policies } from "../../../policy";
import type { Yaml } from "../../../tools/cliConfig";
import { evaluateStack, ROOT, type Evaluation, type RecordedResource } from "../../harness";

/** What the engine sends for a value it does not know yet (preview of a resource not created yet). */
export const UNKNOWN_VALUE: string = unknownValue;

/** One resource as a policy sees it. `inputs` feed resource policies; `outputs` (default: inputs) feed stack policies. */
export interface Target {
    type: string;
    name: string;
    urn: string;
    inputs: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    protect?: boolean;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

/** A `--policy-pack-config` file: policy name → enforcement level, or an object of settings. */
export type PackConfig = Record<string, string | Record<string, unknown>>;

export interface Violation {
    policy: string;
    /** Name of the resource the violation is about (the one validated, or the stack policy's `urn`). */
    resource: string;
    message: string;
}

/** The policy's settings, as the runtime's `getConfig` returns them (everything but enforcementLevel). */
export function configOf(config: PackConfig, policy: string): Record<string, unknown> {
    const entry = config[policy];
    if (entry === undefined || typeof entry === "string") return {};
    const { enforcementLevel: _level, ...settings } = entry;
    return settings;
}

export function readPackConfig(file: string): PackConfig {
    return JSON.parse(fs.readFileSync(path.join(ROOT, "policy", file), "utf8")) as PackConfig;
}

export const isStackPolicy = (p: Policies[number]): p is StackValidationPolicy => "validateStack" in p;

export function policyNamed(name: string): Policies[number] {
    const found = policies.find((p) => p.name === name);
    if (!found) throw new Error(`no policy named ${name}`);
    return found;
}

export function resourcePolicy(name: string): ResourceValidationPolicy {
    const p = policyNamed(name);
    if (isStackPolicy(p)) throw new Error(`${name} is a stack policy`);
    return p;
}

export function stackPolicy(name: string): StackValidationPolicy {
    const p = policyNamed(name);
    if (!isStackPolicy(p)) throw new Error(`${name} is a resource policy`);
    return p;
}

// Typed here: @pulumi/policy's published declarations omit the proxy module's types.
const proxy = unknownCheckingProxy as (props: Record<string, unknown>) => Record<string, any>;

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};
const isTypeOf = (type: string) => (cls: unknown) => (cls as { __pulumiType?: string }).__pulumiType === type;

function options(t: Target): PolicyResourceOptions {
    return {
        protect: t.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(t.parent ? { parent: t.parent } : {}),
    };
}

/** `policy.validateResource` on one resource; returns its violations. */
export async function validateResource(policy: ResourceValidationPolicy, target: Target, config: PackConfig = {}): Promise<Violation[]> {
    const violations: Violation[] = [];
    const props = proxy(target.inputs);
    const args: ResourceValidationArgs = {
        type: target.type,
        name: target.name,
        urn: target.urn,
        props,
        opts: options(target),
        stackTags: new Map(),
        isType: isTypeOf(target.type),
        asType: ((cls: unknown) => (isTypeOf(target.type)(cls) ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => configOf(config, policy.name) as T,
        notApplicable,
    };
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
    for (const validate of validations) {
        try {
            await validate(args, (message) => violations.push({ policy: policy.name, resource: target.name, message }));
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
        }
    }
    return violations;
}

/** The stack's resources as `validateStack` receives them, linked to each other by URN. */
export function policyResources(targets: Target[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const resources = targets.map((t) => {
        const props = proxy(t.outputs ?? t.inputs);
        const r: PolicyResource = {
            type: t.type,
            name: t.name,
            urn: t.urn,
            props,
            opts: options(t),
            dependencies: [],
            propertyDependencies: {},
            isType: isTypeOf(t.type),
            asType: ((cls: unknown) => (isTypeOf(t.type)(cls) ? props : undefined)) as PolicyResource["asType"],
        };
        byUrn.set(t.urn, r);
        return r;
    });
    const resolve = (urns: string[] = []) => urns.flatMap((u) => byUrn.get(u) ?? []);
    targets.forEach((t, i) => {
        const r = resources[i];
        r.dependencies = resolve(t.dependencies);
        r.propertyDependencies = Object.fromEntries(Object.entries(t.propertyDependencies ?? {}).map(([k, urns]) => [k, resolve(urns)]));
        const parent = t.parent ? byUrn.get(t.parent) : undefined;
        if (parent) r.parent = parent;
    });
    return resources;
}

export async function validateStack(policy: StackValidationPolicy, targets: Target[], config: PackConfig = {}): Promise<Violation[]> {
    const violations: Violation[] = [];
    const resources = policyResources(targets);
    const nameOf = (urn?: string) => resources.find((r) => r.urn === urn)?.name ?? "(stack)";
    try {
        await policy.validateStack(
            { resources, stackTags: new Map(), getConfig: <T extends object>() => configOf(config, policy.name) as T, notApplicable },
            (message, urn) => violations.push({ policy: policy.name, resource: nameOf(urn), message }),
        );
    } catch (e) {
        if (!(e instanceof NotApplicable)) throw e;
    }
    return violations;
}

/** Every policy of the pack over every resource (and the stack), as `pulumi preview --policy-pack` would. */
export async function runPack(targets: Target[], config: PackConfig = {}): Promise<Violation[]> {
    const violations: Violation[] = [];
    for (const policy of policies) {
        if (isStackPolicy(policy)) violations.push(...(await validateStack(policy, targets, config)));
        else for (const t of targets) violations.push(...(await validateResource(policy, t, config)));
    }
    return violations;
}

/** A recorded mock resource as a policy target: inputs for resource policies, inputs plus computed state as outputs. */
export function fromRecorded(r: RecordedResource, propertyDependencies: Record<string, string[]> = r.propertyDependencies): Target {
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        inputs: r.inputs,
        outputs: { ...r.inputs, ...r.state },
        protect: r.protect,
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies,
    };
}

/**
 * The same resources as a first `pulumi preview` sees them: every input that comes from another
 * resource's output is unknown, and so is every computed output (ARNs, ids).
 */
export function asPreview(targets: Target[]): Target[] {
    const created = new Set(targets.map((t) => t.urn));
    return targets.map((t) => {
        const inputs = { ...t.inputs };
        for (const [key, urns] of Object.entries(t.propertyDependencies ?? {})) {
            if (key in inputs && urns.some((u) => created.has(u))) inputs[key] = UNKNOWN_VALUE;
        }
        const outputs = { ...inputs };
        for (const [key, value] of Object.entries(t.outputs ?? {})) {
            if (!(key in t.inputs) || JSON.stringify(value) !== JSON.stringify(t.inputs[key])) outputs[key] = UNKNOWN_VALUE;
        }
        return { ...t, inputs, outputs };
    });
}

/** How many violations of `policy` each resource has (for compact, exact assertions). */
export function byResource(violations: Violation[], policy: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const v of violations.filter((v) => v.policy === policy)) counts[v.resource] = (counts[v.resource] ?? 0) + 1;
    return counts;
}

/** `evaluateStack`, with each recorded resource turned into a policy target. */
export async function evaluateStackTargets(stack: string, overrides: Record<string, Yaml | undefined> = {}): Promise<{ evaluation: Evaluation; targets: Target[] }> {
    const evaluation = await evaluateStack(stack, overrides);
    return { evaluation, targets: evaluation.resources.map((r) => fromRecorded(r)) };
}
