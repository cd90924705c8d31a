// The one evaluation module: the stack program (or any component code) run under Pulumi's runtime
// mocks, offline, recording every resource it registers. Used by the tests, the offline plan, the
// adopt tool, the API reference and the bench. It uses Pulumi's public API only: `setMocks` for the
// engine, `runInPulumiStack` to run code inside a root stack as the Node.js language host does, and a
// stack transformation (`registerStackTransformation`) to see each resource's options. Config reaches
// the program the way the CLI would give it (tools/cliConfig.ts), or the CLI's refusal is thrown.
import * as crypto from "crypto";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { cliConfig, readProject, readStack, type Yaml } from "./cliConfig";

import { BUILD, ROOT } from "./paths";

export { BUILD, ROOT };
export const ACCOUNT = "123456789012";
const STACK_TYPE = "pulumi:pulumi:Stack";

export interface RecordedResource {
    type: string;
    name: string;
    custom: boolean;
    /** The id the mock provider assigned (what `resource.id` resolves to). */
    id: string;
    /** The inputs as the engine received them (plain values). */
    inputs: Record<string, any>;
    /** The outputs the mock computed (ids, ARNs, endpoints, secrets), as AWS would. */
    state: Record<string, any>;
    /** URN of the parent resource ("" for the stack's root). */
    parent: string;
    protect: boolean;
    retainOnDelete: boolean;
    /** The `import` option: the id of a live resource to adopt. */
    importId?: string;
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    /** Alias names given with the resource. */
    aliases: string[];
    /**
     * URNs this resource depends on: explicit `dependsOn`, and every resource whose mock id, ARN,
     * name or other computed output appears in its inputs (each mock value names its resource, so a
     * value found in an input came from that resource). A value derived from another resource's
     * output without containing it (an ARN's region alone, say) is not seen: the public mocks API
     * does not report an input's dependencies.
     */
    dependencies: string[];
    /** For each input, the URNs of the resources its value came from (inferred the same way). */
    propertyDependencies: Record<string, string[]>;
    urn: string;
}

export interface Evaluation {
    resources: RecordedResource[];
    /** Plain values of the outputs the program exported. */
    outputs: Record<string, any>;
    /** Names of exported outputs that are Pulumi secrets. */
    secrets: string[];
}

let region = "us-east-1";
let registered: Array<{ type: string; name: string; custom: boolean; id: string; inputs: Record<string, any>; state: Record<string, any>; importId?: string }> = [];
let transformed: Array<{ type: string; name: string; opts: pulumi.ResourceOptions; resource: pulumi.Resource }> = [];
/** Rejections nobody handled during the current evaluation. */
let unhandled: unknown[] = [];

/** What AWS would compute for a resource: ids, ARNs, endpoints, generated secrets. Each value names its resource. */
function computedState(type: string, name: string, inputs: Record<string, any>, importId?: string): { id: string; state: Record<string, any> } {
    const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
    // The provider's auto-name: "<logical name>-<7 random hex>"; here the 7 characters come from the
    // type, so that same-named children of different types (a log group and a role policy) differ.
    const physical = inputs.name ?? `${name}-${crypto.createHash("sha256").update(type).digest("hex").slice(0, 7)}`;
    switch (type) {
        case "aws:cognito/userPool:UserPool": {
            const id = importId ?? `${region}_${name.replace(/[^A-Za-z0-9]/g, "")}`;
            return { id, state: { arn: `arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/${id}`, endpoint: `cognito-idp.${region}.amazonaws.com/${id}` } };
        }
        case "aws:cognito/userPoolClient:UserPoolClient":
            // Imported as "<pool id>/<client id>"; the resource's id is the client id.
            return { id: importId?.split("/")[1] ?? `${name}-client-id`, state: inputs.generateSecret || importId ? { clientSecret: `${importId ? "live" : "generated"}-secret-of-${name}` } : {} };
        case "aws:cognito/identityPool:IdentityPool":
            return { id: importId ?? `${region}:00000000-0000-0000-0000-${name.length.toString().padStart(12, "0")}`, state: {} };
        case "aws:iam/role:Role":
            return { id: physical, state: { name: physical, arn: `arn:aws:iam::${ACCOUNT}:role/${physical}` } };
        case "aws:lambda/function:Function":
            return { id: physical, state: { name: physical, arn: `arn:aws:lambda:${region}:${ACCOUNT}:function:${physical}` } };
        case "aws:apigatewayv2/api:Api": {
            const id = `${name.replace(/[^a-z0-9]/g, "").slice(-10)}api`;
            return { id, state: { name: physical, apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`, executionArn: `arn:aws:execute-api:${region}:${ACCOUNT}:${id}`, arn: `arn:aws:apigateway:${region}::/apis/${id}` } };
        }
        case "aws:cloudwatch/logGroup:LogGroup":
            return { id: physical, state: { name: physical, arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${physical}` } };
        case "aws:sns/topic:Topic":
            return { id: `arn:aws:sns:${region}:${ACCOUNT}:${physical}`, state: { name: physical, arn: `arn:aws:sns:${region}:${ACCOUNT}:${physical}` } };
        default:
            return { id: `${name}-id`, state: { name: physical, arn: `arn:aws:${service}:${region}:${ACCOUNT}:${physical}` } };
    }
}

pulumi.runtime.setMocks(
    {
        newResource(args) {
            // The mock engine passes "" when the resource is not imported.
            const importId = args.id || undefined;
            const { id, state } = computedState(args.type, args.name, args.inputs, importId);
            registered.push({ type: args.type, name: args.name, custom: args.custom ?? true, id, inputs: args.inputs, state, importId });
            return { id, state: { ...args.inputs, ...state } };
        },
        call(args) {
            if (args.token === "aws:iot/getEndpoint:getEndpoint") {
                // DescribeEndpoint (AWS IoT API reference) lists four types, each its own host; "iot:Data" is
                // the VeriSign-signed one AWS recommends against. The reference names no default for an unset
                // type: the mock answers it as "iot:Data" (the account's original endpoint), so that a call
                // without the ATS type cannot pass as one. The region is the one of the provider the invoke
                // went to (`args.provider` is "<urn>::<id>"; an invoke's `parent` supplies its provider).
                const providerId = args.provider?.split("::").pop();
                const provider = registered.find((r) => r.type === "pulumi:providers:aws" && r.id === providerId);
                const at = (provider?.inputs.region as string | undefined) ?? region;
                const type = args.inputs.endpointType ?? "iot:Data";
                const prefix = { "iot:Data": "a1b2c3d4e5f6g7.iot", "iot:Data-ATS": "a1b2c3d4e5f6g7-ats.iot", "iot:CredentialProvider": "c1b2c3d4e5f6g7.credentials.iot", "iot:Jobs": "a1b2c3d4e5f6g7.jobs.iot" }[type as string];
                if (!prefix) throw new Error(`DescribeEndpoint: InvalidRequestException: endpointType ${type}`);
                return { endpointAddress: `${prefix}.${at}.amazonaws.com`, endpointType: type, id: at };
            }
            return args.inputs;
        },
    },
    "cognito-auth",
    "test",
    false,
);

const valueOf = <T>(output: pulumi.Input<T>): Promise<T> => new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));

/** Every string in a value, recursively. */
function strings(value: unknown, out: string[] = []): string[] {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
    else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => strings(v, out));
    return out;
}

/** Everything recorded so far, joined up: options from the transformation, values from the mock. */
async function collect(): Promise<RecordedResource[]> {
    const resources: RecordedResource[] = [];
    const optionsOf = new Map(transformed.map((t) => [`${t.type}::${t.name}`, t.opts]));
    const resourceOf = new Map(transformed.map((t) => [`${t.type}::${t.name}`, t.resource]));
    for (const r of registered) {
        if (r.type === STACK_TYPE) continue;
        const opts = optionsOf.get(`${r.type}::${r.name}`) ?? {};
        const parent = opts.parent ? await valueOf(opts.parent.urn) : "";
        resources.push({
            ...r,
            parent: parent.includes(`::${STACK_TYPE}::`) ? "" : parent,
            protect: opts.protect ?? false,
            retainOnDelete: opts.retainOnDelete ?? false,
            importId: r.importId,
            ignoreChanges: opts.ignoreChanges ?? [],
            additionalSecretOutputs: (opts as pulumi.CustomResourceOptions).additionalSecretOutputs ?? [],
            aliases: (opts.aliases ?? []).map((a) => (typeof a === "string" ? a : String((a as pulumi.Alias).name ?? ""))),
            dependencies: [],
            propertyDependencies: {},
            // The URN the engine gave it (with its parents' types, as the engine writes URNs).
            urn: resourceOf.has(`${r.type}::${r.name}`) ? await valueOf(resourceOf.get(`${r.type}::${r.name}`)!.urn) : "",
        });
    }
    // Inherited protection, as the SDK applies it: a child without its own `protect` takes its parent's.
    for (const r of resources) {
        const opts = optionsOf.get(`${r.type}::${r.name}`);
        if (opts?.protect === undefined && r.parent) r.protect = resources.find((p) => p.urn === r.parent)?.protect ?? false;
    }
    // A resource's marks are the values it computed: not the ones it echoes from its own inputs.
    const markers = resources
        .filter((r) => r.custom)
        .map((r) => {
            const own = new Set(strings(r.inputs));
            return { urn: r.urn, values: [r.id, ...strings(r.state)].filter((v) => v.length >= 8 && !own.has(v)) };
        });
    for (const r of resources) {
        const inputs = strings(r.inputs);
        const explicit = await Promise.all(
            [(optionsOf.get(`${r.type}::${r.name}`)?.dependsOn ?? [])].flat().map((d) => valueOf((d as pulumi.Resource).urn)),
        );
        const from = (values: string[]) => markers.filter((m) => m.urn !== r.urn && m.values.some((v) => values.some((i) => i.includes(v)))).map((m) => m.urn);
        r.dependencies = [...new Set([...explicit, ...from(inputs)])].sort();
        r.propertyDependencies = Object.fromEntries(Object.entries(r.inputs).map(([k, v]) => [k, from(strings(v)).sort()]));
    }
    return resources;
}

/**
 * Wait until every resource that was constructed (the transformation saw it) has reached the mock
 * engine. Registration waits for inputs, so it finishes asynchronously; a resource whose inputs never
 * resolve would wait forever, hence the deadline.
 */
async function settle(deadlineMs = 10_000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    const pending = () => {
        const seen = new Set(registered.map((r) => `${r.type}::${r.name}`));
        return transformed.filter((t) => !seen.has(`${t.type}::${t.name}`));
    };
    // A rejection nobody handles ends the program (as in the language host): nothing more will register.
    while (pending().length > 0 && unhandled.length === 0) {
        if (Date.now() > deadline) throw new Error(`never registered: ${pending().map((t) => `${t.type} ${t.name}`).join(", ")}`);
        await new Promise((r) => setTimeout(r, 1));
    }
    await new Promise((r) => setImmediate(r));
}

/**
 * Run `build` inside a fresh root stack under the mocks and record everything it registers.
 * Whatever `build` returns is exported, as a program's module exports are.
 */
export async function evaluate(build: () => Record<string, unknown> | object): Promise<Evaluation> {
    registered = [];
    transformed = [];
    let exported: Record<string, unknown> = {};
    // As the Node.js language host does, a rejection nobody handles (an error thrown in an apply, say)
    // fails the program; here it fails the evaluation.
    unhandled = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    let thrown: { error: unknown } | undefined;
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((t) => {
                transformed.push({ type: t.type, name: t.name, opts: t.opts, resource: t.resource });
                return undefined;
            });
            try {
                exported = build() as Record<string, unknown>;
            } catch (error) {
                thrown = { error };
            }
            return {};
        });
        if (thrown) throw thrown.error;
        const outputs: Record<string, any> = {};
        const secrets: string[] = [];
        for (const [k, v] of Object.entries(exported)) {
            if (!pulumi.Output.isInstance(v)) continue;
            outputs[k] = await valueOf(v);
            if (await pulumi.isSecret(v)) secrets.push(k);
        }
        await settle();
        if (unhandled.length > 0) throw unhandled[0];
        return { resources: await collect(), outputs, secrets };
    } finally {
        await new Promise((r) => setImmediate(r));
        process.removeListener("unhandledRejection", onUnhandled);
    }
}

/** Run `build`, expecting it to fail; returns the error and whatever got registered regardless. */
export async function evaluateFailure(build: () => unknown): Promise<{ error: unknown; resources: RecordedResource[] }> {
    let error: unknown;
    try {
        await evaluate(() => {
            build();
            return {};
        });
    } catch (e) {
        error = e;
    }
    return { error, resources: await collect() };
}

/**
 * The config the CLI would hand the program for `stack`: Pulumi.yaml merged with
 * Pulumi.<stack>.yaml (plus `overrides`, as if written into the stack file; undefined removes a key).
 * Throws the CLI's own message where the CLI would refuse to run.
 */
export function stackConfig(stack: string, overrides: Record<string, Yaml | undefined> = {}, root = ROOT): Record<string, string> {
    const file = readStack(root, stack).config ?? {};
    const merged: Record<string, Yaml> = { ...file };
    for (const [k, v] of Object.entries(overrides)) {
        if (v === undefined) delete merged[k];
        else merged[k] = v;
    }
    return cliConfig(readProject(root), merged, stack);
}

/** Give the program the config of `stack` as the CLI would (and the mocks its region). */
export function applyStackConfig(stack: string, overrides: Record<string, Yaml | undefined> = {}): void {
    const config = stackConfig(stack, overrides);
    pulumi.runtime.setAllConfig(config);
    region = config["aws:region"] ?? "us-east-1";
}

/** Load the compiled stack program afresh, as `pulumi up` would run it, with the config of `stack`. */
function runStackProgram(stack: string, overrides: Record<string, Yaml | undefined>): Record<string, unknown> {
    applyStackConfig(stack, overrides);
    const program = path.join(BUILD, "index.js");
    for (const file of Object.keys(require.cache)) if (file.startsWith(path.join(BUILD, "stack") + path.sep) || file === program) delete require.cache[file];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(program);
}

/** Evaluate the real stack program (`index.ts`, compiled) with the config of `Pulumi.<stack>.yaml`. */
export function evaluateStack(stack: string, overrides: Record<string, Yaml | undefined> = {}): Promise<Evaluation> {
    return evaluate(() => runStackProgram(stack, overrides));
}

/** Evaluate the stack program with config that must be refused. */
export function evaluateStackFailure(stack: string, overrides: Record<string, Yaml | undefined>): Promise<{ error: unknown; resources: RecordedResource[] }> {
    return evaluateFailure(() => runStackProgram(stack, overrides));
}

/** Set the region the mocks compute ARNs for (evaluateStack sets it from the stack's config). */
export function setRegion(value: string): void {
    region = value;
}
