// The pack served for real, as `pulumi preview --policy-pack policy` starts it: Node on
// @pulumi/pulumi's run-policy-pack with the policy folder, which compiles policy/index.ts with the
// pack's own tsconfig (type-checked) and serves the analyzer gRPC API on a port of its choosing. The
// test plays the engine's part: it asks for the pack's description, configures it and analyzes resources.
import * as assert from "assert";
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as rpc from "@pulumi/pulumi/proto/analyzer_pb";
import { PACK_NAME, policies } from "../../../policy";
import { ROOT } from "../../harness";
import { UNKNOWN_VALUE } from "../../unit/policy/runPack";

const POLICY_DIR = path.join(ROOT, "policy");

/** Start the pack; `port` resolves once its server listens (the runner prints the port on stdout). */
function startPack(): { child: ChildProcess; port: Promise<number> } {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [POLICY_DIR] });
    // The first argument is the engine's address; the runner only drops it.
    const child = spawn(process.execPath, [runner, "127.0.0.1:1", POLICY_DIR], { cwd: POLICY_DIR, stdio: ["ignore", "pipe", "pipe"] });
    const port = new Promise<number>((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        child.stdout!.on("data", (d) => {
            stdout += d;
            const printed = /^(\d+)\s*$/m.exec(stdout)?.[1];
            if (printed) resolve(Number(printed));
        });
        child.on("error", reject);
        child.on("exit", (code) => reject(new Error(`the pack exited (${code}) before serving:\n${stdout}\n${stderr}`)));
    });
    return { child, port };
}

function call<Res>(invoke: (done: (err: grpc.ServiceError | null, res: Res) => void) => unknown): Promise<Res> {
    return new Promise((resolve, reject) => invoke((err, res) => (err ? reject(err) : resolve(res))));
}

function resource(type: string, name: string, properties: Record<string, unknown>): rpc.AnalyzeRequest {
    return new rpc.AnalyzeRequest()
        .setType(type)
        .setName(name)
        .setUrn(`urn:pulumi:prod::cognito-auth::${type}::${name}`)
        .setProperties(Struct.fromJavaScript(properties as any))
        .setOptions(new rpc.AnalyzerResourceOptions());
}

describe("policy pack served by run-policy-pack", function () {
    // Compiling the pack with type checking takes a few seconds on a small machine.
    this.timeout(120_000);
    let child: ChildProcess | undefined;
    let client: AnalyzerClient;

    before(async () => {
        const pack = startPack();
        child = pack.child; // kept before awaiting, so `after` stops it even if it never serves
        client = new AnalyzerClient(`127.0.0.1:${await pack.port}`, grpc.credentials.createInsecure());
    });

    after(async () => {
        client?.close();
        if (child && child.exitCode === null) {
            const exited = new Promise((r) => child!.once("exit", r));
            child.kill();
            await exited;
        }
    });

    const analyze = async (req: rpc.AnalyzeRequest) =>
        (await call<rpc.AnalyzeResponse>((done) => client.analyze(req, done))).getDiagnosticsList().map((d) => ({
            policy: d.getPolicyname(),
            level: d.getEnforcementlevel(),
            message: d.getMessage(),
        }));

    const configure = (settings: Record<string, Record<string, unknown>>) => {
        const req = new rpc.ConfigureAnalyzerRequest();
        for (const [name, props] of Object.entries(settings)) {
            // The engine always sends the effective level along with the settings.
            req.getPolicyconfigMap().set(name, new rpc.PolicyConfig().setEnforcementlevel(rpc.EnforcementLevel.MANDATORY).setProperties(Struct.fromJavaScript(props as any)));
        }
        return call<Empty>((done) => client.configure(req, done));
    };

    it("describes the pack: its name, version and every policy, mandatory, with the config schemas", async () => {
        const info = await call<rpc.AnalyzerInfo>((done) => client.getAnalyzerInfo(new Empty(), done));
        assert.strictEqual(info.getName(), PACK_NAME);
        assert.strictEqual(info.getVersion(), "0.2.0");
        const served = info.getPoliciesList();
        assert.deepStrictEqual(served.map((p) => p.getName()), policies.map((p) => p.name));
        for (const p of served) assert.strictEqual(p.getEnforcementlevel(), rpc.EnforcementLevel.MANDATORY, p.getName());
        const schemas = Object.fromEntries(served.filter((p) => p.getConfigschema()).map((p) => [p.getName(), p.getConfigschema()!.getProperties()!.toJavaScript()]));
        assert.deepStrictEqual(schemas, {
            "cognito-no-unauthenticated-identities": { allowUnauthenticatedIdentities: { type: "boolean", default: false } },
            "cognito-production-deletion-protection": { production: { type: "boolean", default: false } },
        });
    });

    it("reports a client that reveals users as a mandatory violation, and passes a hardened one", async () => {
        const client = (setting: string) => resource("aws:cognito/userPoolClient:UserPoolClient", "web", { name: "Web", preventUserExistenceErrors: setting });
        const [violation, ...rest] = await analyze(client("LEGACY"));
        assert.deepStrictEqual(rest, []);
        assert.strictEqual(violation.policy, "cognito-client-prevent-user-existence-errors");
        assert.strictEqual(violation.level, rpc.EnforcementLevel.MANDATORY);
        assert.match(violation.message, /"web" has preventUserExistenceErrors "LEGACY"/);
        assert.deepStrictEqual(await analyze(client("ENABLED")), []);
    });

    it("checks what is known in preview and says nothing about what is not (no 'cannot run during preview')", async () => {
        const role = (props: Record<string, unknown>) => resource("aws:iam/role:Role", "role", props);
        const wildcard = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iot:*", Resource: "*" }] });
        assert.deepStrictEqual(await analyze(role({ assumeRolePolicy: UNKNOWN_VALUE, inlinePolicies: [{ name: "later", policy: UNKNOWN_VALUE }] })), []);
        const found = await analyze(role({ assumeRolePolicy: UNKNOWN_VALUE, inlinePolicies: [{ name: "now", policy: wildcard }] }));
        assert.deepStrictEqual(found.map((d) => d.policy), ["iam-no-wildcard-actions"]);
    });

    it("applies the production config the engine sends", async () => {
        const pool = resource("aws:cognito/userPool:UserPool", "pool", { name: "Pool", deletionProtection: "INACTIVE" });
        assert.deepStrictEqual(await analyze(pool), []);
        await configure({ "cognito-production-deletion-protection": { production: true } });
        try {
            assert.deepStrictEqual((await analyze(pool)).map((d) => d.policy), ["cognito-production-deletion-protection"]);
        } finally {
            await configure({});
        }
    });

    it("finds a slow trigger at the end of a preview through the pool's property dependencies", async () => {
        const fnUrn = "urn:pulumi:prod::cognito-auth::aws:lambda/function:Function::slow";
        const fn = new rpc.AnalyzerResource()
            .setType("aws:lambda/function:Function")
            .setName("slow")
            .setUrn(fnUrn)
            .setProperties(Struct.fromJavaScript({ timeout: 30, arn: UNKNOWN_VALUE }))
            .setOptions(new rpc.AnalyzerResourceOptions());
        const pool = new rpc.AnalyzerResource()
            .setType("aws:cognito/userPool:UserPool")
            .setName("pool")
            .setUrn("urn:pulumi:prod::cognito-auth::aws:cognito/userPool:UserPool::pool")
            .setProperties(Struct.fromJavaScript({ lambdaConfig: UNKNOWN_VALUE, deletionProtection: "ACTIVE" }))
            .setOptions(new rpc.AnalyzerResourceOptions());
        pool.addDependencies(fnUrn);
        pool.getPropertydependenciesMap().set("lambdaConfig", new rpc.AnalyzerPropertyDependencies().setUrnsList([fnUrn]));
        const response = await call<rpc.AnalyzeResponse>((done) => client.analyzeStack(new rpc.AnalyzeStackRequest().setResourcesList([fn, pool]), done));
        const diagnostics = response.getDiagnosticsList();
        assert.deepStrictEqual(diagnostics.map((d) => [d.getPolicyname(), d.getUrn()]), [["lambda-cognito-trigger-timeout", fnUrn]]);
    });

    it("finds an alarm topic that allows plain-text publishing at the end of a preview, through the alarm's property dependencies", async () => {
        const topicUrn = "urn:pulumi:prod::cognito-auth::aws:sns/topic:Topic::alarms";
        const stackResource = (type: string, name: string, properties: Record<string, unknown>) =>
            new rpc.AnalyzerResource()
                .setType(type)
                .setName(name)
                .setUrn(`urn:pulumi:prod::cognito-auth::${type}::${name}`)
                .setProperties(Struct.fromJavaScript(properties as any))
                .setOptions(new rpc.AnalyzerResourceOptions());
        const topic = stackResource("aws:sns/topic:Topic", "alarms", { arn: UNKNOWN_VALUE });
        const alarm = stackResource("aws:cloudwatch/metricAlarm:MetricAlarm", "errors", { metricName: "Errors", alarmActions: UNKNOWN_VALUE });
        alarm.addDependencies(topicUrn);
        alarm.getPropertydependenciesMap().set("alarmActions", new rpc.AnalyzerPropertyDependencies().setUrnsList([topicUrn]));
        const response = await call<rpc.AnalyzeResponse>((done) => client.analyzeStack(new rpc.AnalyzeStackRequest().setResourcesList([topic, alarm]), done));
        assert.deepStrictEqual(response.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getUrn()]), [["sns-alarm-topic-denies-insecure-transport", topicUrn]]);
    });
});
