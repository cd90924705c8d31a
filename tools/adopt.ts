// `npm run adopt -- --cloudformation-stack <name> --stack <pulumi stack> [--region r] [--endpoint-cognito url] [--out-dir dir] [--write]`
//
// Brings the live user pool, its two clients and the identity pool of a CloudFormation stack (the
// original template's) under this project's Pulumi stack without losing a user. It reads the stack and
// the live settings, decides before writing anything whether they can be adopted (components/adopt.ts:
// step "import", then step "harden" as updates in place), and then writes the adopt config into
// Pulumi.<stack>.yaml and a copy of the stack's template that retains the adopted resources, and
// prints the runbook. Without --write it prints what it would write. The import ids are those of the
// pulumi-aws import docs (a client's is "<pool id>/<client id>", components/adopt.ts).
// Exit codes: 0 adoptable (written, or shown), 1 refused (nothing written), 2 usage or unexpected error.
import * as fs from "fs";
import * as path from "path";
import { parseCommandLine, UsageError } from "./commandLine";
import { CloudFormationClient, type StackResourceSummary } from "@aws-sdk/client-cloudformation";
import { CognitoIdentityClient } from "@aws-sdk/client-cognito-identity";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { ADOPTABLE, type AdoptableKey } from "../components/adopt";
import { childName } from "../components/children";
import { validateArgs } from "../components/validate";
import { argsFromConfig, configLabel } from "../stack/config";
import { readProject, readStack, type Yaml } from "./cliConfig";
import { evaluateStack, ROOT, stackConfig, type RecordedResource } from "./evaluate";
import { renderDiff, type PlanDiff } from "./planDiff";
import { shortType } from "./planModel";
import { clientInputs, identityPoolInputs, userPoolInputs } from "./adopt/fromCognitoApi";
import { hardenDiff } from "./adopt/harden";
import { readCfnStack, readCognito, TYPES, type AdoptClients, type StackRead } from "./adopt/live";
import { checkLive, pickResources } from "./adopt/rules";
import { runbook } from "./adopt/runbook";
import { parseStackFile, setConfig } from "./adopt/stackFile";
import { isJsonTemplate, parseTemplate, referencedId, retainTemplate } from "./adopt/template";

export type { AdoptClients } from "./adopt/live";

/** The stack program's component (index.ts: `stackAuth("auth")`). */
const COMPONENT = "auth";

export interface AdoptOptions {
    cloudFormationStack: string;
    stack: string;
    region?: string;
    endpointCognito?: string;
    outDir: string;
    write: boolean;
}

export interface Adoption {
    /** The two files, in the order they are written. */
    files: { path: string; text: string }[];
    runbook: string;
    /** Step 2's updates, live → component (no hazards). */
    changes: PlanDiff;
}

const show = (v: unknown) => JSON.stringify(v);
const ids = (r: StackResourceSummary) => r.PhysicalResourceId!;

/** Every Lambda ARN a pool's LambdaConfig names (plain triggers and the versioned ones). */
function lambdaArns(value: unknown): string[] {
    if (typeof value === "string") return /^arn:aws[a-z-]*:lambda:/.test(value) ? [value] : [];
    return value !== null && typeof value === "object" ? Object.values(value).flatMap(lambdaArns) : [];
}
const functionName = (arnOrName: string) => /:function:([^:]+)/.exec(arnOrName)?.[1] ?? arnOrName;

/**
 * What must outlive the stack (DeletionPolicy/UpdateReplacePolicy Retain, AWS CloudFormation User Guide,
 * "DeletionPolicy attribute"): the adopted resources; every role attachment (deleting one clears the
 * identity pool's roles, which by then are the component's); and each trigger function the pool still
 * calls until step 2 switches it, with what it needs to run: its execution role (Lambda assumes it on
 * every invocation, AWS Lambda Developer Guide, "Defining Lambda function permissions with an execution
 * role") and the resource-based permissions that let Cognito invoke it.
 */
function retainedResources(read: StackRead, adopted: StackResourceSummary[], triggerArns: string[]) {
    const template = parseTemplate(read.templateBody);
    const props = (r: StackResourceSummary) => template.Resources?.[r.LogicalResourceId!]?.Properties ?? {};
    const ofType = (type: string) => read.resources.filter((r) => r.ResourceType === type);
    const functions = ofType(TYPES.function).filter((f) => triggerArns.some((arn) => functionName(arn) === ids(f)));
    const invokes = (fn: unknown) => functions.some((f) => referencedId(fn) === f.LogicalResourceId || (typeof fn === "string" && functionName(fn) === ids(f)));
    const roles = ofType(TYPES.role).filter((role) => functions.some((f) => referencedId(props(f).Role) === role.LogicalResourceId));
    const permissions = ofType(TYPES.permission).filter((p) => invokes(props(p).FunctionName));
    const attachments = ofType(TYPES.roleAttachment);
    // In template order, as the operator will read them there.
    const inOrder = (rs: StackResourceSummary[]) => Object.keys(template.Resources ?? {}).filter((id) => rs.some((r) => r.LogicalResourceId === id));
    return {
        retained: inOrder([...adopted, ...attachments, ...functions, ...roles, ...permissions]),
        attachments: inOrder(attachments),
        triggerKept: inOrder([...functions, ...roles, ...permissions]),
        functions,
        roles,
    };
}

/** The stack file's config as evaluateStack overrides: every key of the file at ROOT replaced. */
function asOverrides(stack: string, config: Record<string, Yaml>): Record<string, Yaml | undefined> {
    const atRoot = readStack(ROOT, stack).config ?? {};
    return { ...Object.fromEntries(Object.keys(atRoot).map((k) => [k, undefined])), ...config };
}

/** A path as the user would type it: relative inside the working folder, absolute outside. */
const shown = (p: string) => {
    const relative = path.relative(process.cwd(), p);
    return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : p;
};

/**
 * Decide whether the stack can be adopted and compute both files and the runbook; writes nothing.
 * `projectDir` holds Pulumi.<stack>.yaml (the repository root unless a test says otherwise).
 */
export async function planAdoption(o: AdoptOptions, clients: AdoptClients, projectDir = ROOT): Promise<Adoption | { problems: string[] }> {
    const refuse = (problems: string[]) => ({ problems });
    const project = String(readProject(ROOT).name);
    const stackFile = path.join(projectDir, `Pulumi.${o.stack}.yaml`);
    const fileText = fs.existsSync(stackFile) ? fs.readFileSync(stackFile, "utf8") : "";
    const fileConfig = readStack(projectDir, o.stack).config ?? {};
    const stackRegion = stackConfig(o.stack, asOverrides(o.stack, fileConfig))["aws:region"];
    const region = o.region ?? stackRegion;
    if (!region) return refuse([`Pulumi.${o.stack}.yaml sets no aws:region: pass --region or set it (the provider imports from its region)`]);
    if (stackRegion !== undefined && region !== stackRegion) return refuse([`--region is ${region}, the stack's aws:region is ${stackRegion}: the provider imports only from its own region`]);

    const name = o.cloudFormationStack;
    const read = await readCfnStack(clients.cloudFormation, name);
    if (!read) return refuse([`stack ${name} does not exist in ${region} (DescribeStacks)`]);
    const { picked, problems: stackProblems } = pickResources(name, read);
    if (!picked) return refuse(stackProblems);
    const live = await readCognito(clients, ids(picked.pool), picked.clients.map(ids), ids(picked.identityPool));
    const verdict = checkLive(picked, live, region);
    if (verdict.problems.length > 0) return refuse(verdict.problems);
    const { app, web, environmentName } = verdict as Required<typeof verdict>;

    // The config, through the settings table, before anything else is believed.
    const liveIds: Record<AdoptableKey, string> = { userPool: ids(picked.pool), appClient: ids(app), webClient: ids(web), identityPool: ids(picked.identityPool) };
    const values: Record<string, string> = {
        environmentName,
        adoptUserPoolId: liveIds.userPool,
        adoptAppClientId: liveIds.appClient,
        adoptWebClientId: liveIds.webClient,
        adoptIdentityPoolId: liveIds.identityPool,
        adoptStep: "import",
    };
    const problems: string[] = [];
    for (const [key, value] of Object.entries(values)) {
        const existing = fileConfig[`${project}:${key}`] ?? fileConfig[key];
        if (key.startsWith("adopt") && existing !== undefined && String(existing) !== value) {
            problems.push(`Pulumi.${o.stack}.yaml sets ${key} to ${show(existing)}, not ${show(value)}: it is adopting other resources, or is past the import step; finish or undo that first`);
        }
    }
    if (problems.length > 0) return refuse(problems);
    const newText = setConfig(fileText, project, values);
    const newConfig = (parseStackFile(newText).config ?? {}) as Record<string, Yaml>;
    const overrides = asOverrides(o.stack, newConfig);
    let cli: Record<string, string>;
    try {
        cli = stackConfig(o.stack, overrides);
    } catch (e) {
        return refuse([`Pulumi.${o.stack}.yaml would be refused by the Pulumi CLI: ${(e as Error).message}`]);
    }
    const { args, problems: configProblems } = argsFromConfig(cli, project);
    for (const p of configProblems) problems.push(`Pulumi.${o.stack}.yaml: ${p.label} ${p.message}`);
    for (const p of validateArgs(COMPONENT, args, region).problems) problems.push(`Pulumi.${o.stack}.yaml: ${configLabel(p.path)} ${p.message}`);
    if (problems.length > 0) return refuse(problems);

    // Step 1 as the program registers it: exactly the live ids imported.
    const imported = (await evaluateStack(o.stack, overrides)).resources;
    const record = (resources: RecordedResource[], key: AdoptableKey) => resources.find((r) => r.name === childName(COMPONENT, key))!;
    const importIds: Record<AdoptableKey, string> = { ...liveIds, appClient: `${liveIds.userPool}/${liveIds.appClient}`, webClient: `${liveIds.userPool}/${liveIds.webClient}` };
    for (const key of ADOPTABLE) {
        const r = record(imported, key);
        if (r?.importId !== importIds[key]) problems.push(`the stack program imports ${childName(COMPONENT, key)} as ${show(r?.importId)}, not ${show(importIds[key])}`);
    }

    // Step 2 against the live settings: updates in place only.
    const stepKey = [`${project}:adoptStep`, "adoptStep"].find((k) => k in newConfig)!;
    const hardened = (await evaluateStack(o.stack, { ...overrides, [stepKey]: "harden" })).resources;
    const liveInputs = {
        userPool: userPoolInputs(live.pool, live.mfa),
        appClient: clientInputs(live.clients.get(liveIds.appClient)!),
        webClient: clientInputs(live.clients.get(liveIds.webClient)!),
        identityPool: identityPoolInputs(live.identityPool),
    };
    const { diff } = await hardenDiff(COMPONENT, hardened, liveInputs, liveIds, o.stack, region);
    for (const h of diff.hazards) problems.push(`${h.key}: step 2 (adoptStep harden) would ${h.action === "fail" ? "fail to update" : h.action} it: ${h.reason}`);

    const adopted = [picked.pool, app, web, picked.identityPool];
    const { retained, attachments, triggerKept, functions, roles } = retainedResources(read, adopted, lambdaArns(live.pool.LambdaConfig));
    let retainText = "";
    try {
        retainText = retainTemplate(read.templateBody, retained);
    } catch (e) {
        problems.push(`stack ${name}'s template: ${(e as Error).message}`);
    }
    if (problems.length > 0) return refuse(problems);

    const retainFile = path.resolve(o.outDir, `${name}.retain.${isJsonTemplate(read.templateBody) ? "json" : "yaml"}`);
    const text = runbook({
        cfnStack: name,
        stack: o.stack,
        region,
        retainFile: shown(retainFile),
        retained,
        attachments,
        triggerKept,
        deleted: read.resources.filter((r) => !retained.includes(r.LogicalResourceId!)).map((r) => `${r.LogicalResourceId} (${r.ResourceType})`),
        imports: ADOPTABLE.map((key) => `${record(imported, key).type} ${childName(COMPONENT, key)} (id ${importIds[key]})`),
        creates: imported.filter((r) => r.custom && r.importId === undefined).map((r) => `${shortType(r.type)} ${r.name}`),
        roleAttachment: childName(COMPONENT, "roleAttachment"),
        hardenDiff: renderDiff(diff, o.stack, "the live resources", false),
        leftovers: { functions: functions.map(ids), roles: roles.map(ids) },
    });
    return {
        files: [
            { path: stackFile, text: newText },
            { path: retainFile, text: retainText },
        ],
        runbook: text,
        changes: diff,
    };
}

// ---- the command line ---------------------------------------------------------------------------

export const USAGE =
    "usage: npm run adopt -- --cloudformation-stack <name> --stack <pulumi stack> [--region <region>] [--endpoint-cognito <url>] [--out-dir <dir>] [--write]";

export { UsageError };

const FLAGS = {
    "cloudformation-stack": { type: "string" },
    stack: { type: "string" },
    region: { type: "string" },
    "endpoint-cognito": { type: "string" },
    "out-dir": { type: "string" },
    write: { type: "boolean" },
} as const;

/** The options of a command line (non-strict parsing, so the messages below say what is wrong). */
export function parseArgs(argv: string[]): AdoptOptions {
    const values = parseCommandLine(argv, FLAGS);
    const v = values as Record<string, string | undefined>;
    if (!v["cloudformation-stack"]) throw new UsageError("--cloudformation-stack is required");
    if (!v.stack) throw new UsageError("--stack is required");
    if (!/^[A-Za-z0-9_.-]+$/.test(v.stack)) throw new UsageError(`bad stack name ${v.stack}`);
    return { cloudFormationStack: v["cloudformation-stack"], stack: v.stack, region: v.region, endpointCognito: v["endpoint-cognito"], outDir: v["out-dir"] ?? ".", write: values.write === true };
}

/** The SDK clients for a region; Cognito user pools at `endpointCognito` when given (an emulator). */
export function awsClients(region: string, endpointCognito?: string): AdoptClients {
    return {
        cloudFormation: new CloudFormationClient({ region }),
        cognitoIdp: new CognitoIdentityProviderClient({ region, ...(endpointCognito ? { endpoint: endpointCognito } : {}) }),
        cognitoIdentity: new CognitoIdentityClient({ region }),
    };
}

export interface AdoptIo {
    log?: (line: string) => void;
    /** Where Pulumi.<stack>.yaml lives (the repository root). */
    projectDir?: string;
    /** The clients to use instead of the SDK's own for `region`. */
    clients?: (region: string, endpointCognito?: string) => AdoptClients;
}

/** The whole command; returns the exit code instead of exiting so tests can call it. */
export async function run(argv: string[], io: AdoptIo = {}): Promise<number> {
    const log = io.log ?? console.log;
    let o: AdoptOptions;
    try {
        o = parseArgs(argv);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        log(`${e.message}\n${USAGE}`);
        return 2;
    }
    const projectDir = io.projectDir ?? ROOT;
    let clients: AdoptClients | undefined;
    try {
        const region = o.region ?? stackConfig(o.stack, asOverrides(o.stack, readStack(projectDir, o.stack).config ?? {}))["aws:region"] ?? "";
        clients = (io.clients ?? awsClients)(region, o.endpointCognito);
        const result = await planAdoption(o, clients, projectDir);
        if ("problems" in result) {
            log(`Refusing to adopt CloudFormation stack ${o.cloudFormationStack} into Pulumi stack ${o.stack}: ${result.problems.length} problem(s):`);
            for (const p of result.problems) log(`  - ${p}`);
            return 1;
        }
        for (const file of result.files) {
            if (o.write) {
                fs.mkdirSync(path.dirname(file.path), { recursive: true });
                fs.writeFileSync(file.path, file.text);
                log(`Wrote ${shown(file.path)}`);
            } else log(`Would write ${shown(file.path)}:\n${file.text}`);
        }
        log(result.runbook);
        if (!o.write) log("Nothing written: run again with --write to write both files.");
        return 0;
    } catch (e) {
        log(`adopt failed: ${e instanceof Error ? e.message : String(e)}`);
        return 2;
    } finally {
        if (clients && !io.clients) for (const c of Object.values(clients)) c.destroy();
    }
}

if (require.main === module) {
    run(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (e: unknown) => {
            console.error(e);
            process.exitCode = 2;
        },
    );
}
