// The peer ranges are honest: the package works with the OLDEST versions its peerDependencies allow.
// The floor versions are installed from the registry into node_modules/.cache (reused by later runs),
// then a consumer made from examples/consumer with the tarball and ONLY those versions is
// type-checked against the shipped declarations, run under Pulumi mocks set with the floor SDK in a
// process of its own, and checked by the shipped policy pack served by the floor runner.
//
// Why these floors (oldest on the registry with what the code uses; see the README's compatibility notes):
// - @pulumi/pulumi 3.142.0: `pulumi.deferredOutput` (children.ts) first appears in 3.141.0, and every
//   @pulumi/aws 7.x depends on @pulumi/pulumi ^3.142.0 (a lower top-level copy would get a second one nested).
//   Versions from 3.249 declare Node >= 22; this one declares Node >= 18.
// - @pulumi/aws 7.17.0: the first whose `aws.lambda.Runtime` lists "nodejs24.x", the built-in functions'
//   runtime (7.16.0 does not). The provider plugin of the same version refuses any runtime outside that
//   list at preview ("expected runtime to be one of [... "nodejs22.x"], got nodejs24.x", anomalyco/sst#6388;
//   added by pulumi/pulumi-aws#6154), so an older one fails although the types (string) compile. Every type
//   the component uses (userPoolTier, loggingConfig, apigatewayv2, ...) is already in 7.2.0.
// - @pulumi/policy 1.21.0 (optional): the first that exports `UnknownValueError` from its entry point
//   (1.20.0 has it only in proxy.js), which policy/values.ts tests for whenever preview leaves a value
//   unknown; with 1.20.0 that `instanceof` throws. It also takes `severity`, which every rule sets.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as os from "os";
import * as path from "path";
import type * as TypeScript from "typescript";
import { FUNCTION_RUNTIME } from "../../../components/functions";
import { ROOT } from "../../harness";
import { analyzeStack, emitExample, makeConsumer, packTarball, readJson, servePack, stopPack, typeCheckExample, type Consumer, type Manifest, type ServedPack } from "./consumerKit";
import type { FloorRun } from "./floorProgram";

const manifest = readJson<Manifest>(path.join(ROOT, "package.json"));
/** `^x.y.z` → `x.y.z` (a test below holds every peer range to that form). */
const floorOf = (peer: string): string => /^\^(\d+\.\d+\.\d+)$/.exec(manifest.peerDependencies?.[peer] ?? "")?.[1] ?? `(not a caret range: ${manifest.peerDependencies?.[peer]})`;
const FLOORS = { "@pulumi/aws": floorOf("@pulumi/aws"), "@pulumi/pulumi": floorOf("@pulumi/pulumi"), "@pulumi/policy": floorOf("@pulumi/policy") };
/** The example's own tools, at the versions it asks for (Node 20 types: this package supports Node >= 20). */
const TOOLS = { typescript: "~5.9", "@types/node": "20" };
// Outside the repository: from inside it, Node's lookup climbs to the repository's node_modules and finds
// what the floor install lacks (debug's optional supports-color did), which no consumer would have.
const CACHE = path.join(os.tmpdir(), "cognito-auth-floors", [...Object.entries(FLOORS), ...Object.entries(TOOLS)].map(([n, v]) => `${n.replace("@", "").replace("/", "-")}@${v}`).join("+"));
const DONE = path.join(CACHE, "installed.json");
const CHILD = path.join(__dirname, "floorProgram.js");

/** Install the floor versions (and the example's tools) into CACHE unless a completed install is there. */
function installFloors(): { ms: number; reused: boolean } {
    const started = Date.now();
    if (fs.existsSync(DONE)) return { ms: Date.now() - started, reused: true };
    // Installed beside CACHE and renamed into place when complete, so an interrupted run leaves no half install.
    const partial = `${CACHE}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    // A package.json of its own, so npm installs here and never climbs to another project's.
    fs.writeFileSync(path.join(partial, "package.json"), JSON.stringify({ name: "cognito-auth-floors", private: true }) + "\n");
    const specs = [...Object.entries(FLOORS), ...Object.entries(TOOLS)].map(([name, version]) => `${name}@${version}`);
    try {
        // --ignore-scripts: nothing is deployed, so no provider plugin needs installing.
        execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--prefix", partial, ...specs], { cwd: partial, stdio: "pipe" });
        fs.writeFileSync(path.join(partial, path.basename(DONE)), JSON.stringify(specs) + "\n");
        fs.rmSync(CACHE, { recursive: true, force: true });
        fs.renameSync(partial, CACHE);
    } finally {
        fs.rmSync(partial, { recursive: true, force: true });
    }
    return { ms: Date.now() - started, reused: false };
}

/** Run the compiled example in `consumer` with what that consumer resolves (floorProgram.ts). */
function runProgram(consumer: Consumer): FloorRun {
    const out = execFileSync(process.execPath, [CHILD, consumer.dir, path.join(consumer.dir, "bin", "index.js")], {
        cwd: consumer.dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NODE_PATH: "", NODE_OPTIONS: "" },
    });
    return JSON.parse(out) as FloorRun;
}

describe("the package with the oldest versions its peer ranges allow", function () {
    let tmp: string;
    let cache: string;
    let floor: Consumer;
    let latest: Consumer;
    let ts: typeof TypeScript;
    let floorRun: FloorRun;
    let latestRun: FloorRun;

    before(function () {
        // A cold install downloads ~390 packages; a warm one reuses the folder.
        this.timeout(600_000);
        const install = installFloors();
        console.log(`      floor install (${path.basename(CACHE)}): ${install.reused ? "reused" : "installed"} in ${(install.ms / 1000).toFixed(1)} s`);
        cache = fs.realpathSync(path.join(CACHE, "node_modules"));
        tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "cognito-auth-floors-")));
        const { tarball } = packTarball();
        fs.mkdirSync(path.join(tmp, "floor"));
        fs.mkdirSync(path.join(tmp, "latest"));
        floor = makeConsumer(path.join(tmp, "floor"), tarball, (name) => path.join(cache, name));
        latest = makeConsumer(path.join(tmp, "latest"), tarball, (name) => path.join(ROOT, "node_modules", name));
        ts = createRequire(path.join(cache, "package.json"))("typescript") as typeof TypeScript;
    });

    after(function () {
        // Symlinks are unlinked, never followed: the cache and the repository's node_modules stay.
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("declares each peer range as the caret of its floor: >= floor, < next major", function () {
        assert.deepEqual(manifest.peerDependencies, Object.fromEntries(Object.entries(FLOORS).map(([name, v]) => [name, `^${v}`]).sort()));
        assert.deepEqual(manifest.peerDependenciesMeta, { "@pulumi/policy": { optional: true } }, "@pulumi/policy is needed only to run the policy pack");
    });

    it("installed exactly the floor versions", function () {
        for (const [name, version] of Object.entries(FLOORS)) {
            assert.equal(readJson<Manifest>(path.join(cache, name, "package.json")).version.replace(/^v/, ""), version, name);
        }
        assert.match(ts.version, /^5\.9\./);
    });

    it("type-checks the example against the shipped declarations with the floor versions alone", function () {
        this.timeout(120_000);
        const check = typeCheckExample(ts, floor);
        assert.deepEqual(check.diagnostics, []);
        // Every Pulumi type came from the floor install (TypeScript reports resolved paths).
        const pulumiFiles = check.program.getSourceFiles().map((sf) => path.resolve(sf.fileName)).filter((f) => f.includes(`${path.sep}@pulumi${path.sep}`));
        assert.deepEqual(pulumiFiles.filter((f) => !f.startsWith(cache + path.sep)), []);
        for (const name of ["@pulumi/pulumi", "@pulumi/aws"]) assert.ok(pulumiFiles.some((f) => f.startsWith(path.join(cache, name) + path.sep)), `no types from ${name}`);
        const program = emitExample(check, floor);
        // The same JavaScript runs in the latest consumer, for the comparison below.
        fs.mkdirSync(path.join(latest.dir, "bin"));
        fs.copyFileSync(program, path.join(latest.dir, "bin", "index.js"));
    });

    it("compiles the component, its functions and the policy pack from source against the floor types", function () {
        this.timeout(120_000);
        const configPath = path.join(ROOT, "tsconfig.json");
        const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT);
        const sources = ["components", "lambdas", "policy"].flatMap((dir) =>
            fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).map((f) => path.join(ROOT, dir, f)),
        );
        const peer = (name: string) => ({ [name]: [path.join(cache, name)], [`${name}/*`]: [path.join(cache, name, "*")] });
        const program = ts.createProgram({
            rootNames: sources,
            options: {
                ...parsed.options,
                noEmit: true,
                declaration: false,
                // The peers from the floor install; other imports (types of the functions' runtime) as in the repository.
                paths: { ...peer("@pulumi/pulumi"), ...peer("@pulumi/aws"), ...peer("@pulumi/policy") },
                typeRoots: [path.join(cache, "@types")],
                types: ["node"],
            },
        });
        const files = program.getSourceFiles().map((sf) => path.resolve(sf.fileName));
        assert.deepEqual(files.filter((f) => f.includes(`${path.sep}@pulumi${path.sep}`) && !f.startsWith(cache + path.sep)), [], "Pulumi types from outside the floor install");
        const ours = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && !sf.fileName.includes("/node_modules/"));
        assert.deepEqual(ours.map((sf) => path.relative(ROOT, sf.fileName)).sort(), sources.map((f) => path.relative(ROOT, f)).sort());
        const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...ours.flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)])];
        assert.deepEqual(
            diagnostics.map((d) => `${d.file ? path.relative(ROOT, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`),
            [],
        );
    });

    describe("evaluated under mocks set with the floor SDK", function () {
        before(function () {
            this.timeout(120_000);
            assert.ok(fs.existsSync(path.join(floor.dir, "bin", "index.js")), "the example was not emitted (type-check test failed)");
            floorRun = runProgram(floor);
            latestRun = runProgram(latest);
        });

        it("runs the floor @pulumi/pulumi and @pulumi/aws, and nothing from this repository", function () {
            assert.deepEqual(floorRun.versions, { pulumi: FLOORS["@pulumi/pulumi"], aws: FLOORS["@pulumi/aws"] });
            const packages = floorRun.modules.filter((m) => m.includes(`${path.sep}node_modules${path.sep}`));
            const outside = packages.filter((m) => !m.startsWith(cache + path.sep) && !m.startsWith(floor.installed + path.sep));
            assert.deepEqual(outside, [], "modules loaded from outside the floor install and the tarball");
            assert.deepEqual(floorRun.modules.filter((m) => m.startsWith(ROOT + path.sep)), [CHILD], "only the runner itself comes from this repository");
            assert.ok(floorRun.modules.includes(path.join(floor.installed, "dist", "components", "cognitoAuth.js")), "the component did not come from the tarball");
            assert.deepEqual(latestRun.versions, {
                pulumi: readJson<Manifest>(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json")).version,
                aws: readJson<Manifest>(path.join(ROOT, "node_modules", "@pulumi", "aws", "package.json")).version,
            });
        });

        it("registers exactly what the latest versions register: same resources, inputs, parents and outputs", function () {
            const count = (run: FloorRun, type: string) => run.resources.filter((r) => r.type === type).length;
            assert.deepEqual([count(floorRun, "cognito-auth:index:CognitoAuth"), count(floorRun, "aws:cognito/userPool:UserPool")], [2, 2]);
            const byUrn = (run: FloorRun) => [...run.resources].sort((a, b) => a.urn.localeCompare(b.urn));
            assert.deepEqual(byUrn(floorRun), byUrn(latestRun));
            assert.deepEqual(floorRun.outputs, latestRun.outputs);
            assert.deepEqual(floorRun.secrets, ["appClientSecret"]);
        });

        it("deploys its functions on a runtime the floor @pulumi/aws (and its provider) knows", function () {
            assert.ok(floorRun.lambdaRuntimes.includes(FUNCTION_RUNTIME), `${FUNCTION_RUNTIME} is not among ${floorRun.lambdaRuntimes.join(", ")}`);
            const runtimes = floorRun.resources.filter((r) => r.type === "aws:lambda/function:Function").map((r) => r.inputs.runtime);
            assert.ok(runtimes.length >= 2, "each instance deploys at least the PreSignUp function");
            assert.deepEqual([...new Set(runtimes)], [FUNCTION_RUNTIME]);
        });

        describe("the shipped policy pack, served by the floor runner with the floor @pulumi/policy", function () {
            let served: ServedPack | undefined;

            before(async function () {
                this.timeout(120_000);
                served = await servePack(path.join(floor.installed, "policy"));
            });

            after(() => stopPack(served));

            it("is the floor install's run-policy-pack and @pulumi/policy", function () {
                assert.ok(served!.runner.startsWith(path.join(cache, "@pulumi", "pulumi") + path.sep), served!.runner);
                const policy = createRequire(path.join(floor.installed, "dist", "policy", "index.js")).resolve("@pulumi/policy");
                assert.ok(policy.startsWith(path.join(cache, "@pulumi", "policy") + path.sep), policy);
            });

            it("finds nothing wrong with the example's stack", async function () {
                const resources = floorRun.resources.map((r) => ({ ...r, outputs: { ...r.inputs, ...r.state } }));
                assert.deepEqual(await analyzeStack(served!, resources), []);
            });
        });
    });
});
