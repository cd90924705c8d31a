// What the package tests share: the tarball (packed once per run), a consumer project made from
// examples/consumer with the tarball installed, the example type-checked against the shipped
// declarations, and the shipped policy pack started the way the Pulumi CLI starts it.
import * as assert from "assert";
import { execFileSync, spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as rpc from "@pulumi/pulumi/proto/analyzer_pb";
import type * as TypeScript from "typescript";
import { ROOT } from "../../harness";

export const PACKAGE = "@cognito-auth/pulumi";
export const EXAMPLE = path.join(ROOT, "examples", "consumer");

export interface Manifest {
    name: string;
    version: string;
    main?: string;
    types?: string;
    exports?: Record<string, string | Record<string, string>>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    pulumi?: { resource?: boolean };
}

export interface PackResult {
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
    files: { path: string }[];
}

export const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;

/** Peers npm installs on its own: every peer not marked optional in `peerDependenciesMeta`. */
export const requiredPeers = (m: Manifest): string[] => Object.keys(m.peerDependencies ?? {}).filter((p) => !m.peerDependenciesMeta?.[p]?.optional);

let packed: { tarball: string; pack: PackResult } | undefined;

/** `npm pack` of the repository, once per test run (both package test files use the same tarball). */
export function packTarball(): { tarball: string; pack: PackResult } {
    if (!packed) {
        const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "cognito-auth-tarball-")));
        process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
        // `npm test` has just built dist/; --ignore-scripts keeps prepack from rebuilding it mid-run.
        const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        const [pack] = JSON.parse(out) as PackResult[];
        packed = { tarball: path.join(dir, pack.filename), pack };
    }
    return packed;
}

/** Relative paths (forward slashes) of every file under `dir`. */
export function walk(dir: string, prefix = ""): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const rel = prefix ? `${prefix}/${e.name}` : e.name;
        return e.isDirectory() ? walk(path.join(dir, e.name), rel) : [rel];
    });
}

export interface Consumer {
    /** The copy of examples/consumer. */
    dir: string;
    /** Where the tarball is unpacked: `<dir>/node_modules/@cognito-auth/pulumi`. */
    installed: string;
}

/**
 * A copy of examples/consumer in `parent`, with the tarball unpacked where npm would put it and each
 * package the consumer installs directly (see `directDependencies`) linked to `source(name)`.
 */
export function makeConsumer(parent: string, tarball: string, source: (name: string) => string): Consumer {
    const dir = path.join(parent, "consumer");
    for (const file of fs.readdirSync(EXAMPLE)) {
        // A developer's local install or build of the example must not leak into the test.
        if (["node_modules", "bin", "package-lock.json"].includes(file)) continue;
        fs.cpSync(path.join(EXAMPLE, file), path.join(dir, file), { recursive: true });
    }
    const installed = path.join(dir, "node_modules", ...PACKAGE.split("/"));
    fs.mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"], { stdio: "pipe" });
    const consumer = { dir, installed };
    for (const name of directDependencies(consumer)) {
        const from = source(name);
        assert.ok(fs.existsSync(path.join(from, "package.json")), `${name} is needed by the consumer but not installed at ${from}`);
        const link = path.join(dir, "node_modules", name);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(from, link, "junction");
    }
    return consumer;
}

/** Packages a consumer installs directly: the example's dependencies and devDependencies, and the package's dependencies and peers. */
export function directDependencies(consumer: Consumer): string[] {
    const example = readJson<Manifest>(path.join(consumer.dir, "package.json"));
    const manifest = readJson<Manifest>(path.join(consumer.installed, "package.json"));
    const names = [example.dependencies, example.devDependencies, manifest.dependencies, manifest.peerDependencies].flatMap((deps) => Object.keys(deps ?? {}));
    return [...new Set(names)].filter((n) => n !== PACKAGE).sort();
}

export interface TypeCheck {
    program: TypeScript.Program;
    /** The shipped declaration files the example's program loaded. */
    declarations: TypeScript.SourceFile[];
    /** Problems in the example and in every shipped declaration (other libraries are not ours to check). */
    diagnostics: string[];
}

/**
 * The example type-checked with its own tsconfig, unchanged: strict, node16 resolution (through
 * `exports`) and no skipLibCheck, so the shipped .d.ts files are checked as a default Pulumi project would.
 */
export function typeCheckExample(ts: typeof TypeScript, consumer: Consumer): TypeCheck {
    const configPath = path.join(consumer.dir, "tsconfig.json");
    const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
    assert.equal(error, undefined, `cannot read ${configPath}`);
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, consumer.dir);
    assert.deepEqual(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), []);
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const index = program.getSourceFile(path.join(consumer.dir, "index.ts"));
    assert.ok(index, "the example's index.ts is not in its program");
    const declarations = program.getSourceFiles().filter((sf) => path.resolve(sf.fileName).startsWith(consumer.installed + path.sep));
    const format = (d: TypeScript.Diagnostic) => `${d.file ? path.relative(consumer.dir, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    const diagnostics = [
        ...program.getOptionsDiagnostics(),
        ...program.getGlobalDiagnostics(),
        ...[index, ...declarations].flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
    ].map(format);
    return { program, declarations, diagnostics };
}

/** Emit the example's `index.ts` to `bin/index.js`, as `pulumi up` (ts-node) would run it. */
export function emitExample(check: TypeCheck, consumer: Consumer): string {
    const emitted = check.program.emit(check.program.getSourceFile(path.join(consumer.dir, "index.ts")));
    assert.equal(emitted.emitSkipped, false);
    return path.join(consumer.dir, "bin", "index.js");
}

// ---------------------------------------------------------------------------------------------------
// The shipped policy pack, served as `pulumi preview --policy-pack <folder>` serves it. The CLI
// (pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer) reads
// <folder>/PulumiPolicy.yaml; for `runtime: nodejs` it starts the `pulumi-analyzer-policy` plugin with
// the working directory set to the folder and the arguments `<engine address> .`. That plugin
// (sdk/nodejs/dist/pulumi-analyzer-policy) is a shell script: it resolves
// '@pulumi/pulumi/cmd/run-policy-pack' with `node -e require.resolve(...)` from the folder and runs it
// with node. run-policy-pack registers ts-node and requires "." (the folder: its package.json `main`);
// @pulumi/policy's PolicyPack then reads the version from ./package.json and prints the port it serves on.
// ---------------------------------------------------------------------------------------------------

/** Where `pulumi-analyzer-policy` finds the runner: resolved by Node from the pack folder. */
export function resolveRunPolicyPack(packDir: string): string {
    return execFileSync(process.execPath, ["-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))"], { cwd: packDir, encoding: "utf8" }).trim();
}

export interface ServedPack {
    child: ChildProcess;
    client: AnalyzerClient;
    /** The runner the folder resolved (whose @pulumi/pulumi serves the pack). */
    runner: string;
}

/** Start the pack in `packDir` as the CLI does; resolves once it serves. */
export async function servePack(packDir: string): Promise<ServedPack> {
    const runner = resolveRunPolicyPack(packDir);
    // The first argument is the engine's address; the runner only drops it.
    const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_PATH: "" } });
    try {
        const port = await new Promise<number>((resolve, reject) => {
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
        return { child, runner, client: new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) };
    } catch (e) {
        child.kill();
        throw e;
    }
}

export async function stopPack(served: ServedPack | undefined): Promise<void> {
    if (!served) return;
    served.client.close();
    if (served.child.exitCode === null && served.child.signalCode === null) {
        const exited = new Promise((r) => served.child.once("exit", r));
        served.child.kill();
        await exited;
    }
}

export function call<Res>(invoke: (done: (err: grpc.ServiceError | null, res: Res) => void) => unknown): Promise<Res> {
    return new Promise((resolve, reject) => invoke((err, res) => (err ? reject(err) : resolve(res))));
}

export const packInfo = (served: ServedPack) => call<rpc.AnalyzerInfo>((done) => served.client.getAnalyzerInfo(new Empty(), done));

/** Send per-policy settings (a `--policy-pack-config` file's content), as the engine does. */
export function configurePack(served: ServedPack, settings: Record<string, Record<string, unknown>>): Promise<Empty> {
    const req = new rpc.ConfigureAnalyzerRequest();
    for (const [name, props] of Object.entries(settings)) {
        req.getPolicyconfigMap().set(name, new rpc.PolicyConfig().setEnforcementlevel(rpc.EnforcementLevel.MANDATORY).setProperties(Struct.fromJavaScript(props as any)));
    }
    return call<Empty>((done) => served.client.configure(req, done));
}

/** One resource of a stack as the engine describes it to analyzers. */
export interface StackResource {
    type: string;
    name: string;
    urn: string;
    /** What resource policies see (the inputs, as in preview). */
    inputs: Record<string, unknown>;
    /** What the stack policy sees at the end. */
    outputs: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

export interface Diagnostic {
    policy: string;
    /** The resource's name (resource policies) or the URN the stack policy named. */
    subject: string;
    message: string;
}

/** Plain JSON: the protobuf Struct takes no `undefined`. */
const plain = (v: Record<string, unknown>) => JSON.parse(JSON.stringify(v)) as Record<string, any>;

/** Every resource through `Analyze`, then the whole stack through `AnalyzeStack`, as a preview ends. */
export async function analyzeStack(served: ServedPack, resources: StackResource[]): Promise<Diagnostic[]> {
    const found: Diagnostic[] = [];
    for (const r of resources) {
        const req = new rpc.AnalyzeRequest().setType(r.type).setName(r.name).setUrn(r.urn).setProperties(Struct.fromJavaScript(plain(r.inputs))).setOptions(new rpc.AnalyzerResourceOptions());
        const res = await call<rpc.AnalyzeResponse>((done) => served.client.analyze(req, done));
        found.push(...res.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), subject: r.name, message: d.getMessage() })));
    }
    const all = resources.map((r) => {
        const resource = new rpc.AnalyzerResource()
            .setType(r.type)
            .setName(r.name)
            .setUrn(r.urn)
            .setProperties(Struct.fromJavaScript(plain(r.outputs)))
            .setOptions(new rpc.AnalyzerResourceOptions())
            .setParent(r.parent ?? "")
            .setDependenciesList(r.dependencies ?? []);
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
            if (urns.length > 0) resource.getPropertydependenciesMap().set(key, new rpc.AnalyzerPropertyDependencies().setUrnsList(urns));
        }
        return resource;
    });
    const res = await call<rpc.AnalyzeResponse>((done) => served.client.analyzeStack(new rpc.AnalyzeStackRequest().setResourcesList(all), done));
    found.push(...res.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), subject: resources.find((r) => r.urn === d.getUrn())?.name ?? d.getUrn(), message: d.getMessage() })));
    return found;
}
