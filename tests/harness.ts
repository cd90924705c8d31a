// Test helpers over the one evaluation module (tools/evaluate.ts): mocks are set up once per process
// when this file is required (mocha --require), before any program module is loaded.
import * as pulumi from "@pulumi/pulumi";
import { readProject, readStack } from "../tools/cliConfig";
import type { RecordedResource } from "../tools/evaluate";
import { ROOT } from "../tools/evaluate";

export {
    ACCOUNT,
    BUILD,
    evaluate,
    evaluateFailure,
    evaluateStack,
    evaluateStackFailure,
    ROOT,
    stackConfig,
    type Evaluation,
    type RecordedResource,
} from "../tools/evaluate";

/** The plain value of an output. */
export function valueOf<T>(output: pulumi.Input<T> | undefined): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

export const isSecret = (output: pulumi.Output<unknown>): Promise<boolean> => pulumi.isSecret(output);

/** `Pulumi.yaml`, parsed. */
export const projectFile = () => readProject(ROOT) as { name: string; config: Record<string, { type: string; default?: unknown; description: string; items?: { type: string } }>; [k: string]: any };
/** `Pulumi.<stack>.yaml`, parsed. */
export const stackFile = (stack: string) => readStack(ROOT, stack) as { config: Record<string, unknown> };

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

/** The one resource with this logical name and (optionally) type. */
export function named(resources: RecordedResource[], name: string, type?: string): RecordedResource {
    const found = resources.filter((r) => r.name === name && (type === undefined || r.type === type));
    if (found.length !== 1) throw new Error(`expected one resource named ${name}${type ? ` of ${type}` : ""}, found ${found.length}`);
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
    functionUrl: "aws:lambda/functionUrl:FunctionUrl",
    permission: "aws:lambda/permission:Permission",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    iotPolicy: "aws:iot/policy:Policy",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

/**
 * A resource's inputs as plain data: policy documents parsed, archives as their files' text. (An
 * archive's `assets` is a Promise, and two Promises are never deep-equal: Node 24's assert says so.)
 */
export async function plainInputs(r: RecordedResource): Promise<Record<string, unknown>> {
    const inputs: Record<string, unknown> = { ...r.inputs };
    for (const key of ["policy", "assumeRolePolicy"]) if (typeof inputs[key] === "string") inputs[key] = JSON.parse(inputs[key] as string);
    if (inputs.accessLogSettings) {
        const settings = inputs.accessLogSettings as { destinationArn: string; format: string };
        inputs.accessLogSettings = { ...settings, format: JSON.parse(settings.format) };
    }
    if (pulumi.asset.Archive.isInstance(inputs.code)) {
        const assets = await (inputs.code as pulumi.asset.AssetArchive).assets;
        const files: Record<string, string> = {};
        for (const [file, asset] of Object.entries(assets)) files[file] = await (asset as pulumi.asset.StringAsset).text;
        inputs.code = files;
    }
    return inputs;
}
