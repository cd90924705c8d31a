// The one test harness: Pulumi runtime mocks that record every registered resource with its inputs
// and resource options, resolve computed outputs the way AWS would, and evaluate the real stack
// program with the real stack config files.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "js-yaml";

/** The repository root; the compiled tests live in `<root>/<outDir>/tests`. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** The compiled output folder these tests run from (normally `dist`). */
export const BUILD = path.resolve(__dirname, "..");
export const ACCOUNT = "123456789012";

export interface RecordedResource {
    type: string;
    name: string;
    custom: boolean;
    /** The id the mock provider assigned (what `resource.id` resolves to). */
    id: string;
    inputs: Record<string, any>;
    state: Record<string, any>;
    /** URN of the parent resource ("" for the stack's root). */
    parent: string;
    protect: boolean;
    retainOnDelete: boolean;
    /** URNs this resource depends on (through inputs or dependsOn). */
    dependencies: string[];
    /** For each input, the URNs of the resources its value came from. */
    propertyDependencies: Record<string, string[]>;
    /** Alias specs registered with the resource (protobuf objects as plain data). */
    aliases: Record<string, unknown>[];
    urn: string;
}

let recorded: RecordedResource[] = [];
let region = "ap-northeast-2";
const pendingOptions = new Map<string, Omit<RecordedResource, "id" | "inputs" | "state" | "custom">>();

/** What AWS would compute for a resource: ids, ARNs, endpoints, generated secrets. */
function computedState(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, any> } {
    const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
    const physical = inputs.name ?? `${name}-0000000`;
    switch (type) {
        case "aws:cognito/userPool:UserPool": {
            const id = `${region}_${name.replace(/[^A-Za-z0-9]/g, "")}`;
            return { id, state: { arn: `arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/${id}`, endpoint: `cognito-idp.${region}.amazonaws.com/${id}` } };
        }
        case "aws:cognito/userPoolClient:UserPoolClient":
            return { id: `${name}-client-id`, state: inputs.generateSecret ? { clientSecret: `generated-secret-of-${name}` } : {} };
        case "aws:cognito/identityPool:IdentityPool":
            return { id: `${region}:00000000-0000-0000-0000-${name.length.toString().padStart(12, "0")}`, state: {} };
        case "aws:iam/role:Role":
            return { id: physical, state: { name: physical, arn: `arn:aws:iam::${ACCOUNT}:role/${physical}` } };
        case "aws:lambda/function:Function":
            return { id: physical, state: { name: physical, arn: `arn:aws:lambda:${region}:${ACCOUNT}:function:${physical}` } };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { id: physical, state: { name: physical, arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${physical}` } };
        default:
            return { id: `${name}-id`, state: { name: physical, arn: `arn:aws:${service}:${region}:${ACCOUNT}:${physical}` } };
    }
}

pulumi.runtime.setMocks(
    {
        newResource(args) {
            const { id, state } = computedState(args.type, args.name, args.inputs);
            const options = pendingOptions.get(`${args.type}::${args.name}`);
            recorded.push({
                type: args.type,
                name: args.name,
                custom: args.custom ?? true,
                id,
                inputs: args.inputs,
                state,
                parent: options?.parent ?? "",
                protect: options?.protect ?? false,
                retainOnDelete: options?.retainOnDelete ?? false,
                dependencies: options?.dependencies ?? [],
                propertyDependencies: options?.propertyDependencies ?? {},
                aliases: options?.aliases ?? [],
                urn: options?.urn ?? "",
            });
            return { id, state: { ...args.inputs, ...state } };
        },
        call(args) {
            return args.inputs;
        },
    },
    "cognito-auth",
    "test",
    false,
);

// The mock API passes neither resource options nor dependencies to `newResource`; read them from the
// registration request itself. (Internal module of @pulumi/pulumi: pinned in package-lock.json.)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");
const monitor = settings.getMonitor();
const registerResource = monitor.registerResource.bind(monitor);
monitor.registerResource = (req: any, callback: any) => {
    const parent: string = req.getParent();
    const type: string = req.getType();
    const name: string = req.getName();
    pendingOptions.set(`${type}::${name}`, {
        type,
        name,
        parent,
        protect: req.getProtect?.() ?? false,
        retainOnDelete: req.getRetainondelete?.() ?? false,
        dependencies: [...new Set<string>(req.getDependenciesList())].sort(),
        propertyDependencies: Object.fromEntries(
            (req.getPropertydependenciesMap().toArray() as [string, any][]).map(([k, v]) => [k, [...v[0]].sort()]),
        ),
        aliases: (req.getAliasesList?.() ?? []).map((a: any) => a.toObject()),
        urn: monitor.newUrn(parent, type, name),
    });
    return registerResource(req, callback);
};

/** Wait until every registration and output resolution has finished. */
export async function settle(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const store = require("@pulumi/pulumi/runtime/state").getStore();
    let done: Promise<void> | undefined;
    while (done !== store.settings.rpcDone) {
        done = store.settings.rpcDone;
        await done;
        await new Promise((r) => setImmediate(r));
    }
}

/** The plain value of an output (undefined while unknown). */
export function valueOf<T>(output: pulumi.Input<T> | undefined): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as any).isSecret as Promise<boolean>;
}

export interface Evaluation {
    resources: RecordedResource[];
    /** Plain values of whatever outputs were asked for. */
    outputs: Record<string, any>;
    /** Names of outputs that are Pulumi secrets. */
    secrets: string[];
}

/** Run `build` under the mocks and record everything it registers. */
export async function evaluate(build: () => Record<string, pulumi.Output<unknown> | unknown>): Promise<Evaluation> {
    recorded = [];
    pendingOptions.clear();
    const exported = build();
    const outputs: Record<string, any> = {};
    const secrets: string[] = [];
    for (const [k, v] of Object.entries(exported)) {
        if (!pulumi.Output.isInstance(v)) continue;
        outputs[k] = await valueOf(v);
        if (await isSecret(v)) secrets.push(k);
    }
    await settle();
    return { resources: [...recorded], outputs, secrets };
}

/** Run `build`, expecting it to throw; returns the error and whatever got registered regardless. */
export async function evaluateFailure(build: () => unknown): Promise<{ error: unknown; resources: RecordedResource[] }> {
    recorded = [];
    pendingOptions.clear();
    let error: unknown;
    try {
        build();
    } catch (e) {
        error = e;
    }
    await settle();
    return { error, resources: [...recorded] };
}

/** `Pulumi.yaml` and `Pulumi.<stack>.yaml`, parsed. */
export function projectFile(): { name: string; config: Record<string, { type: string; default?: unknown; description: string; items?: { type: string } }>; [k: string]: any } {
    return YAML.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as any;
}
export function stackFile(stack: string): { config: Record<string, unknown> } {
    return YAML.load(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as any;
}

/** A config value as the Pulumi CLI hands it to the program: strings as they are, the rest as JSON. */
const configString = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** The config the CLI would give the program for `stack`: project defaults, then the stack file. */
export function stackConfig(stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
    const project = projectFile();
    const config: Record<string, string> = {};
    for (const [k, spec] of Object.entries(project.config ?? {})) {
        if (spec.default !== undefined) config[`${project.name}:${k}`] = configString(spec.default);
    }
    for (const [k, v] of Object.entries({ ...stackFile(stack).config, ...overrides })) {
        if (v === undefined) delete config[k];
        else config[k] = configString(v);
    }
    return config;
}

/** Load the compiled stack program afresh with the config the CLI would give it for `stack`. */
function runStackProgram(stack: string, overrides: Record<string, unknown>): Record<string, unknown> {
    const config = stackConfig(stack, overrides);
    pulumi.runtime.setAllConfig(config);
    region = config["aws:region"] ?? "us-east-1";
    const program = path.join(BUILD, "index.js");
    delete require.cache[require.resolve(program)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(program);
}

/** Evaluate the real stack program (`index.ts`, compiled) with the config of `Pulumi.<stack>.yaml`. */
export function evaluateStack(stack: string, overrides: Record<string, unknown> = {}): Promise<Evaluation> {
    return evaluate(() => runStackProgram(stack, overrides));
}

/** Evaluate the stack program with config that must be refused. */
export function evaluateStackFailure(stack: string, overrides: Record<string, unknown>): Promise<{ error: unknown; resources: RecordedResource[] }> {
    return evaluateFailure(() => runStackProgram(stack, overrides));
}

/** Resources of one type (e.g. `aws:cognito/userPool:UserPool`). */
export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one resource of a type; fails when there are none or several. */
export function single(resources: RecordedResource[], type: string): RecordedResource {
    const found = ofType(resources, type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0];
}

export const T = {
    component: "cognito-auth:index:CognitoAuth",
    userPool: "aws:cognito/userPool:UserPool",
    client: "aws:cognito/userPoolClient:UserPoolClient",
    identityPool: "aws:cognito/identityPool:IdentityPool",
    roleAttachment: "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    fn: "aws:lambda/function:Function",
    permission: "aws:lambda/permission:Permission",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    iotPolicy: "aws:iot/policy:Policy",
} as const;
