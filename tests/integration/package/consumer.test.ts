// The package as a consumer receives it: `npm pack` the repository, install the tarball into a copy of
// examples/consumer, type-check the example against the shipped declarations and run it under the mocks.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import { createRequire, isBuiltin } from "module";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { preSignUpHandlerCode } from "../../../components/handlerCode";
import { evaluate, ofType, ROOT, T, valueOf, type Evaluation, type RecordedResource } from "../../harness";

const PACKAGE = "@cognito-auth/pulumi";
const EXAMPLE = path.join(ROOT, "examples", "consumer");

/** What consumers may receive; anything else in the tarball (tests, tools, sources, the stack) is a leak. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^dist\/components\/[^/]+\.(js|d\.ts)$/, /^dist\/lambdas\/preSignUp\.js$/];
/** Files npm must ship whenever the repository has them. */
const DOCS = ["README.md", "LICENSE", "CHANGELOG.md"];
/**
 * Bare requires that need not be installed: handlerCode loads `typescript` only when the compiled
 * handler is missing (running from sources), which cannot happen inside the package.
 */
const LAZY_REQUIRES = new Set(["dist/components/handlerCode.js typescript"]);

interface Manifest {
    name: string;
    main?: string;
    types?: string;
    exports?: Record<string, string | Record<string, string>>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
}
interface PackResult {
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
    files: { path: string }[];
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;
const packageName = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);

/** Relative paths (forward slashes) of every file under `dir`. */
function walk(dir: string, prefix = ""): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const rel = prefix ? `${prefix}/${e.name}` : e.name;
        return e.isDirectory() ? walk(path.join(dir, e.name), rel) : [rel];
    });
}

/** `require` a module from scratch, as a fresh `pulumi up` would. */
function requireFresh(file: string): Record<string, unknown> {
    delete require.cache[file];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file);
}

/** What a relative specifier in a shipped file points to, among the shipped files (undefined if nothing). */
function resolveShipped(files: Set<string>, from: string, specifier: string, extensions: string[]): string | undefined {
    const base = path.posix.join(path.posix.dirname(from), specifier);
    return [base, ...extensions.map((e) => base + e), ...extensions.map((e) => `${base}/index${e}`)].find((f) => files.has(f));
}

describe("the npm package, installed by a separate consumer project", function () {
    let tmp: string;
    let pack: PackResult;
    let manifest: Manifest;
    /** Files in the tarball, relative to the package root. */
    let shipped: string[];
    /** The temporary copy of examples/consumer, with the tarball installed. */
    let consumer: string;
    /** Where the tarball was installed: `<consumer>/node_modules/@cognito-auth/pulumi`. */
    let installed: string;
    let program: ts.Program;

    before(function () {
        this.timeout(60_000);
        // realpath: TypeScript and Node report resolved paths, which must compare equal to these.
        tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "cognito-auth-package-")));

        // `npm test` has just built dist/; --ignore-scripts keeps prepack from rebuilding it mid-run.
        const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], {
            cwd: ROOT,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        [pack] = JSON.parse(out) as PackResult[];

        consumer = path.join(tmp, "consumer");
        for (const file of fs.readdirSync(EXAMPLE)) {
            // A developer's local install or build of the example must not leak into the test.
            if (["node_modules", "bin", "package-lock.json"].includes(file)) continue;
            fs.cpSync(path.join(EXAMPLE, file), path.join(consumer, file), { recursive: true });
        }

        // Install offline: unpack the tarball where npm would put it, and link every other package npm would
        // install (the example's own dependencies, the package's dependencies and peers) to this repository's
        // node_modules. npm itself would need the registry or a warm cache, and would bring a second copy of
        // @pulumi/pulumi whose runtime the mocks of tests/harness.ts do not reach.
        installed = path.join(consumer, "node_modules", ...PACKAGE.split("/"));
        fs.mkdirSync(installed, { recursive: true });
        execFileSync("tar", ["-xzf", path.join(tmp, pack.filename), "-C", installed, "--strip-components=1"], { stdio: "pipe" });
        shipped = walk(installed).sort();
        manifest = readJson<Manifest>(path.join(installed, "package.json"));
        const example = readJson<Manifest>(path.join(consumer, "package.json"));
        const links = new Set(
            [example.dependencies, example.devDependencies, manifest.dependencies, manifest.peerDependencies].flatMap((deps) => Object.keys(deps ?? {})),
        );
        links.delete(PACKAGE);
        for (const name of links) {
            const source = path.join(ROOT, "node_modules", name);
            assert.ok(fs.existsSync(source), `${name} is needed by the consumer but not installed in this repository`);
            const link = path.join(consumer, "node_modules", name);
            fs.mkdirSync(path.dirname(link), { recursive: true });
            fs.symlinkSync(source, link, "junction");
        }

        // The example's own tsconfig, unchanged: strict, node16 resolution (through `exports`), and no
        // skipLibCheck, so the shipped .d.ts files are checked as a default Pulumi project would.
        const configPath = path.join(consumer, "tsconfig.json");
        const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
        assert.equal(error, undefined, `cannot read ${configPath}`);
        const parsed = ts.parseJsonConfigFileContent(config, ts.sys, consumer);
        assert.deepEqual(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), []);
        program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    });

    after(function () {
        // Symlinks are unlinked, never followed: the repository's node_modules is untouched.
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    describe("the tarball", function () {
        it("holds only what consumers need", function () {
            const leaks = shipped.filter((f) => !ALLOWED.some((re) => re.test(f)));
            assert.deepEqual(leaks, [], "files outside the allow-list");
            assert.deepEqual(shipped, pack.files.map((f) => f.path).sort(), "npm's report and the tarball disagree");
            assert.equal(pack.entryCount, shipped.length);
            // Exact module for module: every compiled component file with its declarations, and the handler.
            const built = fs
                .readdirSync(path.join(ROOT, "dist", "components"))
                .filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"))
                .map((f) => `dist/components/${f}`);
            assert.deepEqual(
                shipped.filter((f) => f.startsWith("dist/")),
                [...built, "dist/lambdas/preSignUp.js"].sort(),
            );
            for (const js of built.filter((f) => f.endsWith(".js"))) assert.ok(shipped.includes(js.replace(/\.js$/, ".d.ts")), `${js} has no declarations`);
            for (const doc of DOCS) assert.equal(shipped.includes(doc), fs.existsSync(path.join(ROOT, doc)), `${doc} shipped iff the repository has it`);
            // The size, for the record (printed once per run).
            console.log(`      ${pack.filename}: ${pack.entryCount} files, ${pack.size} bytes packed, ${pack.unpackedSize} bytes unpacked`);
        });

        it("has entry points that exist, with `types` and `exports` agreeing", function () {
            const root = manifest.exports?.["."];
            assert.ok(root && typeof root === "object", 'exports["."] must list conditions');
            assert.equal(root.types, `./${manifest.types}`);
            assert.equal(root.require, `./${manifest.main}`);
            assert.equal(Object.keys(root)[0], "types", "`types` must come first or TypeScript ignores it");
            for (const target of [manifest.main, manifest.types, ...Object.values(root)]) {
                assert.ok(target && shipped.includes(path.posix.normalize(target)), `${target} is not in the tarball`);
            }
            assert.equal(manifest.exports?.["./package.json"], "./package.json");
        });

        it("needs nothing at run time or type-check time that the consumer does not install", function () {
            const files = new Set(shipped);
            const installable = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
            const problems: string[] = [];
            for (const file of shipped.filter((f) => f.endsWith(".js"))) {
                for (const [, spec] of fs.readFileSync(path.join(installed, file), "utf8").matchAll(/\brequire\("([^"]+)"\)/g)) {
                    if (spec.startsWith(".")) {
                        if (!resolveShipped(files, file, spec, [".js"])) problems.push(`${file}: ${spec} is not shipped`);
                    } else if (!isBuiltin(spec) && !installable.has(packageName(spec)) && !LAZY_REQUIRES.has(`${file} ${spec}`)) {
                        problems.push(`${file}: requires ${spec}, which is neither a dependency nor a peer`);
                    }
                }
            }
            // Declarations may only use each other and the peers: a type from `aws-lambda` (say) would
            // break every consumer without @types/aws-lambda.
            const peers = new Set(Object.keys(manifest.peerDependencies ?? {}));
            for (const file of shipped.filter((f) => f.endsWith(".d.ts"))) {
                const text = fs.readFileSync(path.join(installed, file), "utf8");
                for (const [, spec] of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|<reference\s+types=)"([^"]+)"/g)) {
                    if (spec.startsWith(".")) {
                        if (!resolveShipped(files, file, spec, [".d.ts"])) problems.push(`${file}: types from ${spec} are not shipped`);
                    } else if (!isBuiltin(spec) && !peers.has(packageName(spec))) {
                        problems.push(`${file}: types from ${spec}, which is not a peer dependency`);
                    }
                }
            }
            assert.deepEqual(problems, []);
        });

        it("lists every peer it needs in the example's dependencies", function () {
            const example = readJson<Manifest>(path.join(EXAMPLE, "package.json"));
            assert.ok(example.dependencies?.[PACKAGE], `the example does not depend on ${PACKAGE}`);
            for (const peer of Object.keys(manifest.peerDependencies ?? {})) assert.ok(example.dependencies?.[peer], `the example lacks peer ${peer}`);
        });
    });

    describe("the example", function () {
        it("type-checks against the shipped declarations, and only them", function () {
            const index = program.getSourceFile(path.join(consumer, "index.ts"));
            assert.ok(index);
            const declarations = program.getSourceFiles().filter((sf) => path.resolve(sf.fileName).startsWith(installed + path.sep));
            assert.ok(
                declarations.some((sf) => path.resolve(sf.fileName) === path.join(installed, "dist", "components", "index.d.ts")),
                `${PACKAGE} did not resolve to the tarball's declarations`,
            );
            // Nothing from this repository but its installed packages (no sources, no dist/), and no aws-lambda types.
            const strays = program
                .getSourceFiles()
                .map((sf) => path.resolve(sf.fileName))
                .filter((f) => (f.startsWith(ROOT + path.sep) && !f.startsWith(path.join(ROOT, "node_modules") + path.sep)) || f.includes(`${path.sep}aws-lambda${path.sep}`));
            assert.deepEqual(strays, []);

            const diagnostics = [
                ...program.getOptionsDiagnostics(),
                ...program.getGlobalDiagnostics(),
                // The example and every shipped declaration, fully checked; other libraries are not ours to check.
                ...[index, ...declarations].flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
            ];
            const format = (d: ts.Diagnostic) => `${d.file ? path.relative(tmp, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
            assert.deepEqual(diagnostics.map(format), []);
        });

        describe("evaluated under the mocks", function () {
            let evaluation: Evaluation;
            /** The package module as the example's `require` resolves it (through `exports`). */
            let pkg: typeof import("../../../components");
            let consumerRequire: NodeJS.Require;
            const childrenOf = (name: string): RecordedResource[] => {
                const component = ofType(evaluation.resources, T.component).find((r) => r.name === name);
                assert.ok(component, `no CognitoAuth named ${name}`);
                return evaluation.resources.filter((r) => r.parent === component.urn);
            };
            const one = (resources: RecordedResource[], type: string): RecordedResource => {
                const found = ofType(resources, type);
                assert.equal(found.length, 1, `expected one ${type}`);
                return found[0];
            };

            before(async function () {
                const emitted = program.emit(program.getSourceFile(path.join(consumer, "index.ts")));
                assert.equal(emitted.emitSkipped, false);
                // Resolve as the example does: from inside the repository, Node would resolve the package
                // name to the repository itself (package self-reference).
                consumerRequire = createRequire(path.join(consumer, "index.js"));
                const entry = consumerRequire.resolve(PACKAGE);
                assert.equal(entry, path.join(installed, "dist", "components", "index.js"));
                pkg = requireFresh(entry) as typeof pkg;
                evaluation = await evaluate(() => requireFresh(path.join(consumer, "bin", "index.js")));
            });

            it("shares the test's @pulumi/pulumi, so the mocks apply", function () {
                const theirs = createRequire(path.join(installed, "package.json")).resolve("@pulumi/pulumi");
                assert.equal(fs.realpathSync(theirs), require.resolve("@pulumi/pulumi"));
                assert.ok(pkg.CognitoAuth.prototype instanceof pulumi.ComponentResource, "the package extends another copy of @pulumi/pulumi");
                assert.equal(ofType(evaluation.resources, T.component).length, 2);
            });

            it("exposes only the public entry point", function () {
                assert.throws(() => consumerRequire.resolve(`${PACKAGE}/dist/components/args`), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
                assert.equal(consumerRequire.resolve(`${PACKAGE}/package.json`), path.join(installed, "package.json"));
            });

            it("builds the secure defaults from nothing but a name", function () {
                const auth = childrenOf("auth");
                const pool = one(auth, T.userPool);
                assert.equal(pool.inputs.deletionProtection, "INACTIVE", "not production: no deletion protection");
                assert.equal(pool.protect, false);
                assert.equal(pool.inputs.mfaConfiguration, "OPTIONAL");
                const pw = pool.inputs.passwordPolicy;
                assert.ok(pw.minimumLength >= 8, `minimum length ${pw.minimumLength}`);
                assert.deepEqual([pw.requireLowercase, pw.requireUppercase, pw.requireNumbers, pw.requireSymbols], [true, true, true, true]);

                const clients = ofType(auth, T.client);
                assert.equal(clients.length, 2);
                for (const client of clients) {
                    assert.equal(client.inputs.preventUserExistenceErrors, "ENABLED", client.name);
                    assert.deepEqual([...client.inputs.explicitAuthFlows].sort(), ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"], client.name);
                    assert.equal(client.inputs.enableTokenRevocation, true, client.name);
                }

                const identityPool = one(auth, T.identityPool);
                assert.equal(identityPool.inputs.allowUnauthenticatedIdentities, false);
                assert.deepEqual(Object.keys(one(auth, T.roleAttachment).inputs.roles), ["authenticated"]);
                assert.ok(evaluation.secrets.includes("appClientSecret"), "the app client secret is exported as a secret");
                assert.equal(typeof evaluation.outputs.userPoolId, "string");
            });

            it("runs two instances side by side without colliding names or URNs", function () {
                const urns = evaluation.resources.map((r) => r.urn);
                assert.ok(urns.every(Boolean), "every resource has a URN");
                assert.deepEqual(duplicates(urns), []);
                const physical = (type: string, key: string) => ofType(evaluation.resources, type).map((r) => r.inputs[key] as string);
                for (const [type, key] of [
                    [T.userPool, "name"],
                    [T.client, "name"],
                    [T.identityPool, "identityPoolName"],
                ] as const) {
                    const names = physical(type, key);
                    assert.equal(names.length, 2 * (type === T.client ? 2 : 1), type);
                    assert.ok(names.every((n) => typeof n === "string" && n.length > 0), `${type} ${key} set`);
                    assert.deepEqual(duplicates(names), [], `${type} ${key}`);
                }
                // Any other explicitly named resource must be unique too (auto-named ones get suffixes at deploy time).
                for (const type of new Set(evaluation.resources.map((r) => r.type))) assert.deepEqual(duplicates(physical(type, "name").filter(Boolean)), [], type);
                // Both instances are complete stacks of the same shape.
                const shape = (name: string) => childrenOf(name).map((r) => r.type).sort();
                assert.deepEqual(shape("partner-auth"), shape("auth"));
                assert.notEqual(evaluation.outputs.partnerUserPoolId, evaluation.outputs.userPoolId);
                assert.notEqual(evaluation.outputs.partnerIdentityPoolId, evaluation.outputs.identityPoolId);
            });

            it("deploys the handler bytes this repository builds", async function () {
                const expected = preSignUpHandlerCode();
                assert.equal(fs.readFileSync(path.join(installed, "dist", "lambdas", "preSignUp.js"), "utf8"), expected);
                assert.equal(pkg.preSignUpHandlerCode(), expected);
                // The archive the packaged component puts into the function, read back from its asset.
                const assets = await pkg.handlerArchive().assets;
                const file = assets["index.js"] as pulumi.asset.StringAsset;
                assert.deepEqual(Object.keys(assets), ["index.js"]);
                assert.equal(await valueOf(file.text), expected);
            });
        });
    });
});
