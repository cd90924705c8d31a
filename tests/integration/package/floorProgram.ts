// Runs a consumer's compiled program under Pulumi's runtime mocks with the @pulumi/pulumi and
// @pulumi/aws THAT CONSUMER resolves, in a process of its own: nothing of the test's SDK is loaded, so
// the floor versions are what runs. The mocks are set with that same SDK (public API only: setMocks,
// runInPulumiStack, registerStackTransformation). Prints one JSON line (FloorRun).
//
//     node floorProgram.js <consumer folder> <program file>
import { createRequire } from "module";
import * as path from "path";
import type * as PulumiSdk from "@pulumi/pulumi";

export interface FloorResource {
    type: string;
    name: string;
    urn: string;
    inputs: Record<string, unknown>;
    /** What the mock computed (ids, ARNs, endpoints), as AWS would. */
    state: Record<string, unknown>;
    /** URN of the parent ("" for the stack). */
    parent: string;
}

export interface FloorRun {
    versions: { pulumi: string; aws: string };
    /** The values of `aws.lambda.Runtime`: the runtimes that @pulumi/aws version knows. */
    lambdaRuntimes: string[];
    resources: FloorResource[];
    outputs: Record<string, unknown>;
    secrets: string[];
    /** Every module file the process loaded. */
    modules: string[];
}

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
const PROJECT = "cognito-auth-consumer";
const STACK = "dev";
const STACK_TYPE = "pulumi:pulumi:Stack";

/** What AWS would compute, enough for the component's ARN parsing and cross-references. */
function computed(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, unknown> } {
    const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
    const physical: string = inputs.name ?? `${name}-0000000`;
    switch (type) {
        case "aws:cognito/userPool:UserPool": {
            const id = `${REGION}_${name.replace(/[^A-Za-z0-9]/g, "")}`;
            return { id, state: { arn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${id}`, endpoint: `cognito-idp.${REGION}.amazonaws.com/${id}` } };
        }
        case "aws:cognito/userPoolClient:UserPoolClient":
            return { id: `${name}-client-id`, state: inputs.generateSecret ? { clientSecret: `generated-secret-of-${name}` } : {} };
        case "aws:cognito/identityPool:IdentityPool":
            return { id: `${REGION}:00000000-0000-0000-0000-${String(name.length).padStart(12, "0")}`, state: {} };
        case "aws:iam/role:Role":
            return { id: physical, state: { name: physical, arn: `arn:aws:iam::${ACCOUNT}:role/${physical}` } };
        case "aws:lambda/function:Function":
            return { id: physical, state: { name: physical, arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${physical}` } };
        default:
            return { id: `${name}-id`, state: { name: physical, arn: `arn:aws:${service}:${REGION}:${ACCOUNT}:${physical}` } };
    }
}

async function main(consumer: string, programFile: string): Promise<FloorRun> {
    const consumerRequire = createRequire(path.join(consumer, "index.js"));
    const pulumi = consumerRequire("@pulumi/pulumi") as typeof PulumiSdk;
    const registered: Omit<FloorResource, "parent" | "urn">[] = [];
    const constructed: { type: string; name: string; opts: PulumiSdk.ResourceOptions }[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                const { id, state: all } = computed(args.type, args.name, args.inputs);
                // Outputs echo the inputs, as AWS does: a TopicPolicy's `arn` is its topic's, not one of its own.
                const state = Object.fromEntries(Object.entries(all).filter(([key]) => !(key in args.inputs)));
                registered.push({ type: args.type, name: args.name, inputs: args.inputs, state });
                return { id, state: { ...args.inputs, ...state } };
            },
            call: (args) => args.inputs,
        },
        PROJECT,
        STACK,
        false,
    );
    const valueOf = <T>(o: PulumiSdk.Input<T>): Promise<T> => new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
    const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

    let exported: Record<string, unknown> = {};
    await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation((t) => {
            constructed.push({ type: t.type, name: t.name, opts: t.opts });
            return undefined;
        });
        exported = consumerRequire(programFile) as Record<string, unknown>;
        return {};
    });
    const outputs: Record<string, unknown> = {};
    const secrets: string[] = [];
    for (const [key, value] of Object.entries(exported)) {
        if (!pulumi.Output.isInstance(value)) continue;
        outputs[key] = await valueOf(value);
        if (await pulumi.isSecret(value)) secrets.push(key);
    }
    // Registration waits for inputs: wait until every constructed resource reached the mocks.
    const deadline = Date.now() + 10_000;
    while (constructed.some((c) => !registered.some((r) => r.type === c.type && r.name === c.name))) {
        if (Date.now() > deadline) throw new Error("resources constructed but never registered");
        await new Promise((r) => setTimeout(r, 1));
    }
    const resources: FloorResource[] = [];
    for (const r of registered.filter((r) => r.type !== STACK_TYPE)) {
        const opts = constructed.find((c) => c.type === r.type && c.name === r.name)?.opts ?? {};
        const parent = opts.parent ? await valueOf(opts.parent.urn) : "";
        resources.push({ ...r, urn: urnOf(r.type, r.name), parent: parent.includes(`::${STACK_TYPE}::`) ? "" : parent });
    }
    const aws = consumerRequire("@pulumi/aws") as typeof import("@pulumi/aws");
    return {
        versions: {
            pulumi: (consumerRequire("@pulumi/pulumi/package.json") as { version: string }).version,
            aws: (consumerRequire("@pulumi/aws/package.json") as { version: string }).version,
        },
        lambdaRuntimes: Object.values(aws.lambda.Runtime),
        resources,
        outputs,
        secrets,
        modules: Object.keys(require.cache),
    };
}

if (require.main === module) {
    const [consumer, programFile] = process.argv.slice(2);
    main(consumer, programFile).then(
        (run) => process.stdout.write(JSON.stringify(run) + "\n"),
        (error: unknown) => {
            console.error(error instanceof Error ? error.stack : error);
            process.exit(1);
        },
    );
}
