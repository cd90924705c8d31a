// The package as a consumer receives it: `npm pack` the repository, install the tarball into a copy of
// examples/consumer, type-check the example against the shipped declarations, run it under the mocks,
// and serve the shipped policy pack against its stack. Dependencies are linked from this repository's
// node_modules (the latest versions); floors.test.ts does the same with the oldest versions allowed.
import * as assert from "assert";
import * as fs from "fs";
import { createRequire, isBuiltin } from "module";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import type * as HandlerCode from "../../../components/handlerCode";
import { PACK_NAME, policies } from "../../../policy";
import { evaluate, ofType, ROOT, T, valueOf, type Evaluation, type RecordedResource } from "../../harness";
import {
    analyzeStack,
    configurePack,
    directDependencies,
    emitExample,
    EXAMPLE,
    makeConsumer,
    PACKAGE,
    packInfo,
    packTarball,
    readJson,
    requiredPeers,
    servePack,
    stopPack,
    typeCheckExample,
    walk,
    type Consumer,
    type Manifest,
    type PackResult,
    type ServedPack,
    type TypeCheck,
} from "./consumerKit";

/** What consumers may receive; anything else in the tarball (tests, tools, sources, the stack) is a leak. */
const ALLOWED = [
    /^package\.json$/,
    /^(README|CHANGELOG|SECURITY|BENCHMARKS)\.md$/,
    /^LICENSE$/,
    /^dist\/components\/[^/]+\.(js|d\.ts)$/,
    /^dist\/lambdas\/(preSignUp|iotAttach)\.js$/,
    /^dist\/policy\/[^/]+\.js$/,
    /^policy\/(PulumiPolicy\.yaml|package\.json|pack\.js|prod\.config\.json)$/,
];
/** Files npm must ship whenever the repository has them (SECURITY.md and BENCHMARKS.md: the README links them). */
const DOCS = ["README.md", "LICENSE", "CHANGELOG.md", "SECURITY.md", "BENCHMARKS.md"];
/** The functions the component deploys: each compiled file must ship, or `lambdaCode` would fall back to compiling sources. */
const LAMBDAS = ["preSignUp", "iotAttach"] as const;
/** What the CLI needs in the pack folder; `main` is loaded by run-policy-pack (see consumerKit.ts). */
const PACK_FILES = ["policy/PulumiPolicy.yaml", "policy/package.json", "policy/pack.js"];
/**
 * Bare requires that need not be installed. handlerCode loads `typescript` only when a compiled
 * function is missing (running from sources), which cannot happen inside the package; iotAttach runs
 * only inside Lambda, whose Node.js runtimes provide the AWS SDK v3, and loads it on first use.
 */
const LAZY_REQUIRES = new Set(["dist/components/handlerCode.js typescript", "dist/lambdas/iotAttach.js @aws-sdk/client-iot"]);
/** Provider plugins a consumer may end up with: the package creates AWS resources only. */
const PLUGINS = ["@pulumi/aws"];

const packageName = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);

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

// ---------------------------------------------------------------------------------------------------
// What `npm install` brings: the dependency closure, computed from the manifests.
// ---------------------------------------------------------------------------------------------------

interface ClosurePackage {
    name: string;
    version: string;
    /** Where it is, relative to the repository root (e.g. `node_modules/@pulumi/aws`). */
    at: string;
    manifest: Manifest;
}

/** Where Node (and npm's layout) finds `name` for a package in `from`: the nearest node_modules upward, not above `root`. */
function resolvePackage(root: string, from: string, name: string): string | undefined {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (path.basename(dir) !== "node_modules") {
            const candidate = path.join(dir, "node_modules", name);
            if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
        }
        if (dir === root || !dir.startsWith(root)) return undefined;
    }
}

/**
 * Every package `npm install` of the tarball brings into the consumer: the example's dependencies and
 * devDependencies, the tarball's dependencies and peers, and transitively each package's
 * dependencies, installed optional dependencies and required peers (npm 7+ installs peers). Each is
 * resolved the way Node resolves it from the package that needs it, in this repository's node_modules
 * (which holds the same versions npm would pick for these ranges), not the whole folder.
 */
function dependencyClosure(root: string, names: string[]): { packages: ClosurePackage[]; missing: string[] } {
    const found = new Map<string, ClosurePackage>();
    const missing: string[] = [];
    const queue = names.map((name) => ({ name, from: root, optional: false }));
    while (queue.length > 0) {
        const { name, from, optional } = queue.shift()!;
        const dir = resolvePackage(root, from, name);
        if (!dir) {
            if (!optional) missing.push(`${name} (needed by ${path.relative(root, from) || "the consumer"})`);
            continue;
        }
        const at = path.relative(root, dir);
        if (found.has(at)) continue;
        const manifest = readJson<Manifest>(path.join(dir, "package.json"));
        found.set(at, { name, version: manifest.version, at, manifest });
        for (const dep of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dep, from: dir, optional: false });
        for (const dep of Object.keys(manifest.optionalDependencies ?? {})) queue.push({ name: dep, from: dir, optional: true });
        for (const dep of requiredPeers(manifest)) queue.push({ name: dep, from: dir, optional: false });
    }
    return { packages: [...found.values()].sort((a, b) => a.at.localeCompare(b.at)), missing };
}

/** Bytes of a package's own files (its nested node_modules are packages of their own). */
function packageBytes(dir: string): number {
    return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? sum : sum + packageBytes(full);
        return e.isFile() ? sum + fs.statSync(full).size : sum;
    }, 0);
}

// ---------------------------------------------------------------------------------------------------
// Links in the shipped Markdown.
// ---------------------------------------------------------------------------------------------------

/** The text outside fenced code blocks and inline code, line by line (code is not rendered as links). */
function prose(markdown: string): string[] {
    let fence: string | undefined;
    return markdown.split("\n").map((line) => {
        const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
        if (fence) {
            if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
            return "";
        }
        if (marker) {
            fence = marker;
            return "";
        }
        return line.replace(/(`+)[^`]*?\1/g, "");
    });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
    const seen = new Map<string, number>();
    const out = new Set<string>();
    const lines = markdown.split("\n");
    const code = prose(markdown);
    lines.forEach((line, i) => {
        const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
        if (heading === undefined || (code[i] === "" && line !== "")) return; // a "#" line inside a code block
        const slug = heading
            .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
            .replace(/\s/g, "-");
        const n = seen.get(slug) ?? 0;
        seen.set(slug, n + 1);
        out.add(n === 0 ? slug : `${slug}-${n}`);
    });
    return out;
}

/** Link and image targets: inline `[text](target)`, reference definitions `[id]: target`, and HTML href/src. */
function linkTargets(markdown: string): { line: number; target: string }[] {
    const found: { line: number; target: string }[] = [];
    prose(markdown).forEach((text, i) => {
        for (const m of text.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g)) found.push({ line: i + 1, target: m[1] });
        for (const m of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)) found.push({ line: i + 1, target: m[1] });
        for (const m of text.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)) found.push({ line: i + 1, target: m[1] });
    });
    return found;
}

describe("the npm package, installed by a separate consumer project", function () {
    let tmp: string;
    let pack: PackResult;
    let manifest: Manifest;
    /** Files in the tarball, relative to the package root. */
    let shipped: string[];
    let consumer: Consumer;
    /** Where the tarball was installed: `<consumer>/node_modules/@cognito-auth/pulumi`. */
    let installed: string;
    let check: TypeCheck;

    before(function () {
        this.timeout(60_000);
        // realpath: TypeScript and Node report resolved paths, which must compare equal to these.
        tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "cognito-auth-package-")));
        const packed = packTarball();
        pack = packed.pack;
        // Offline: what npm would install is linked to this repository's node_modules (npm itself would need
        // the registry, and would bring a second @pulumi/pulumi whose runtime the mocks of tests/harness.ts
        // do not reach). The closure test below computes what that install brings in full.
        consumer = makeConsumer(tmp, packed.tarball, (name) => path.join(ROOT, "node_modules", name));
        installed = consumer.installed;
        shipped = walk(installed).sort();
        manifest = readJson<Manifest>(path.join(installed, "package.json"));
        check = typeCheckExample(ts, consumer);
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
            // Exact module for module: every compiled component file with its declarations, the functions, the pack.
            const built = (dir: string, ext: RegExp) =>
                fs
                    .readdirSync(path.join(ROOT, "dist", dir))
                    .filter((f) => ext.test(f))
                    .map((f) => `dist/${dir}/${f}`);
            const components = built("components", /\.(js|d\.ts)$/);
            assert.deepEqual(
                shipped.filter((f) => f.startsWith("dist/")),
                [...components, ...LAMBDAS.map((l) => `dist/lambdas/${l}.js`), ...built("policy", /\.js$/)].sort(),
            );
            for (const js of components.filter((f) => f.endsWith(".js"))) assert.ok(shipped.includes(js.replace(/\.js$/, ".d.ts")), `${js} has no declarations`);
            for (const doc of DOCS) assert.equal(shipped.includes(doc), fs.existsSync(path.join(ROOT, doc)), `${doc} shipped iff the repository has it`);
            for (const file of PACK_FILES) assert.ok(shipped.includes(file), `${file} is not shipped`);
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
                        // policy/pack.js picks ./index.ts only in the repository (where the sources are).
                        if (!resolveShipped(files, file, spec, [".js"]) && `${file} ${spec}` !== "policy/pack.js ./index.ts") problems.push(`${file}: ${spec} is not shipped`);
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
            const all = { ...example.dependencies, ...example.devDependencies };
            assert.ok(example.dependencies?.[PACKAGE], `the example does not depend on ${PACKAGE}`);
            for (const peer of requiredPeers(manifest)) assert.ok(example.dependencies?.[peer], `the example lacks peer ${peer}`);
            // The optional peer, for running the shipped policy pack.
            for (const peer of Object.keys(manifest.peerDependencies ?? {})) assert.ok(all[peer], `the example lacks peer ${peer}`);
        });

        it("brings the consumer one Pulumi provider plugin, @pulumi/aws, and nothing else", function () {
            const { packages, missing } = dependencyClosure(ROOT, directDependencies(consumer));
            assert.deepEqual(missing, [], "needed but not installed in this repository, so the closure would be incomplete");
            // A package with `"pulumi": { "resource": true }` is a provider SDK: the CLI installs its plugin binary.
            const plugins = packages.filter((p) => p.manifest.pulumi?.resource === true);
            assert.deepEqual(plugins.map((p) => p.name).sort(), PLUGINS);
            const mb = packages.reduce((sum, p) => sum + packageBytes(path.join(ROOT, p.at)), 0) / 1e6;
            console.log(`      consumer closure: ${packages.length} packages, ${mb.toFixed(1)} MB; plugins: ${plugins.map((p) => `${p.name}@${p.version}`).join(", ")}`);
        });

        it("has no broken link in its Markdown: relative ones point into the tarball, anchors at headings", function () {
            const files = new Set(shipped);
            const isShipped = (rel: string) => files.has(rel) || shipped.some((f) => f.startsWith(`${rel.replace(/\/$/, "")}/`));
            const problems: string[] = [];
            let checked = 0;
            for (const doc of shipped.filter((f) => f.endsWith(".md"))) {
                const text = fs.readFileSync(path.join(installed, doc), "utf8");
                for (const { line, target } of linkTargets(text)) {
                    checked++;
                    const where = `${doc}:${line} ${target}`;
                    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue; // absolute (https:, mailto:)
                    const [file, anchor] = target.split("#", 2) as [string, string | undefined];
                    const rel = file === "" ? doc : path.posix.normalize(path.posix.join(path.posix.dirname(doc), decodeURI(file.split("?")[0])));
                    if (rel.startsWith("../") || !isShipped(rel)) {
                        problems.push(`${where}: ${rel} is not in the tarball`);
                        continue;
                    }
                    if (anchor !== undefined && rel.endsWith(".md") && !anchors(fs.readFileSync(path.join(installed, rel), "utf8")).has(decodeURIComponent(anchor))) {
                        problems.push(`${where}: no heading #${anchor} in ${rel}`);
                    }
                }
            }
            assert.deepEqual(problems, []);
            assert.ok(checked > 0, "no link found: the parser is broken");
        });
    });

    describe("the example", function () {
        it("type-checks against the shipped declarations, and only them", function () {
            assert.ok(
                check.declarations.some((sf) => path.resolve(sf.fileName) === path.join(installed, "dist", "components", "index.d.ts")),
                `${PACKAGE} did not resolve to the tarball's declarations`,
            );
            // Nothing from this repository but its installed packages (no sources, no dist/), and no aws-lambda types.
            const strays = check.program
                .getSourceFiles()
                .map((sf) => path.resolve(sf.fileName))
                .filter((f) => (f.startsWith(ROOT + path.sep) && !f.startsWith(path.join(ROOT, "node_modules") + path.sep)) || f.includes(`${path.sep}aws-lambda${path.sep}`));
            assert.deepEqual(strays, []);
            assert.deepEqual(check.diagnostics, []);
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
                this.timeout(30_000);
                const program = emitExample(check, consumer);
                // Resolve as the example does: from inside the repository, Node would resolve the package
                // name to the repository itself (package self-reference).
                consumerRequire = createRequire(path.join(consumer.dir, "index.js"));
                const entry = consumerRequire.resolve(PACKAGE);
                assert.equal(entry, path.join(installed, "dist", "components", "index.js"));
                pkg = requireFresh(entry) as typeof pkg;
                evaluation = await evaluate(() => requireFresh(program));
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
                // Any other explicitly named resource must be unique too (auto-named ones get suffixes at deploy
                // time), except where the name is scoped to a parent: each HTTP API has its own `$default` stage.
                const scoped = new Set(["aws:apigatewayv2/stage:Stage"]);
                for (const type of new Set(evaluation.resources.map((r) => r.type))) {
                    if (!scoped.has(type)) assert.deepEqual(duplicates(physical(type, "name").filter(Boolean)), [], type);
                }
                // Both instances are complete stacks of the same shape.
                const shape = (name: string) => childrenOf(name).map((r) => r.type).sort();
                assert.deepEqual(shape("partner-auth"), shape("auth"));
                assert.notEqual(evaluation.outputs.partnerUserPoolId, evaluation.outputs.userPoolId);
                assert.notEqual(evaluation.outputs.partnerIdentityPoolId, evaluation.outputs.identityPoolId);
            });

            it("deploys, for every built-in function, the bytes this repository builds", async function () {
                // The shipped module that reads them (not exported: loaded by path, as the component loads it).
                const code = requireFresh(path.join(installed, "dist", "components", "handlerCode.js")) as unknown as typeof HandlerCode;
                for (const name of LAMBDAS) {
                    const expected = fs.readFileSync(path.join(ROOT, "dist", "lambdas", `${name}.js`), "utf8");
                    assert.equal(fs.readFileSync(path.join(installed, "dist", "lambdas", `${name}.js`), "utf8"), expected, name);
                    assert.equal(code.lambdaCode(name), expected, name);
                    // The archive the packaged component puts into the function, read back from its asset.
                    const assets = await code.lambdaArchive(name).assets;
                    assert.deepEqual(Object.keys(assets), [code.HANDLER_FILE], name);
                    assert.equal(await valueOf((assets[code.HANDLER_FILE] as pulumi.asset.StringAsset).text), expected, name);
                }
            });

            describe("checked by the shipped policy pack (`pulumi preview --policy-pack node_modules/@cognito-auth/pulumi/policy`)", function () {
                const packDir = () => path.join(installed, "policy");
                let served: ServedPack | undefined;
                const stack = () =>
                    evaluation.resources.map((r) => ({
                        type: r.type,
                        name: r.name,
                        urn: r.urn,
                        inputs: r.inputs,
                        outputs: { ...r.inputs, ...r.state },
                        parent: r.parent,
                        dependencies: r.dependencies,
                        propertyDependencies: r.propertyDependencies,
                    }));

                before(async function () {
                    // ts-node is registered (and TypeScript loaded) even for a compiled pack.
                    this.timeout(120_000);
                    served = await servePack(packDir());
                });

                after(() => stopPack(served));

                it("is laid out as the CLI needs: PulumiPolicy.yaml (nodejs), a package.json whose main is shipped, @pulumi/policy resolvable", function () {
                    assert.match(fs.readFileSync(path.join(packDir(), "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
                    const packManifest = readJson<Manifest>(path.join(packDir(), "package.json"));
                    assert.ok(packManifest.main && shipped.includes(`policy/${packManifest.main}`), `main ${packManifest.main} is not shipped`);
                    // @pulumi/policy's PolicyPack refuses to start without a version in ./package.json (policy.js).
                    assert.equal(packManifest.version, manifest.version, "the pack reports the package's version");
                    // What the folder declares it needs is what the package asks consumers for.
                    for (const [dep, range] of Object.entries(packManifest.dependencies ?? {})) assert.equal(range, manifest.peerDependencies?.[dep], dep);
                    // `require(<pack folder>)` would load a sibling `policy.js`/`policy.json` first (pulumi/pulumi#4280).
                    assert.deepEqual(shipped.filter((f) => /^policy\.[^/]+$/.test(f)), []);
                    // The runner and @pulumi/policy come from the consumer's own installation.
                    assert.equal(served!.runner, require.resolve("@pulumi/pulumi/cmd/run-policy-pack"));
                    const policy = createRequire(path.join(installed, "dist", "policy", "index.js")).resolve("@pulumi/policy");
                    assert.equal(policy, fs.realpathSync(createRequire(path.join(consumer.dir, "index.js")).resolve("@pulumi/policy")));
                });

                it("serves the compiled pack: its name, the package's version and every policy, mandatory", async function () {
                    const info = await packInfo(served!);
                    assert.equal(info.getName(), PACK_NAME);
                    assert.equal(info.getVersion(), manifest.version);
                    assert.deepEqual(info.getPoliciesList().map((p) => p.getName()), policies.map((p) => p.name));
                });

                it("finds nothing wrong with the example's stack", async function () {
                    assert.deepEqual(await analyzeStack(served!, stack()), []);
                });

                it("with the shipped prod.config.json, flags the example's pools for lacking deletion protection (it is not a production stack)", async function () {
                    const prod = readJson<Record<string, Record<string, unknown>>>(path.join(packDir(), "prod.config.json"));
                    await configurePack(served!, prod);
                    try {
                        const found = await analyzeStack(served!, stack());
                        assert.deepEqual(found.map((d) => [d.policy, d.subject]), [
                            ["cognito-production-deletion-protection", "auth-user-pool"],
                            ["cognito-production-deletion-protection", "partner-auth-user-pool"],
                        ]);
                    } finally {
                        await configurePack(served!, {});
                    }
                });
            });
        });
    });
});
