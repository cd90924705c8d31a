// §1 Handler size: the archive this component deploys versus what `aws.lambda.CallbackFunction`
// would ship for the same handler in this project.
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { promisify } from "util";
import * as pulumi from "@pulumi/pulumi";
import { HANDLER_FILE, preSignUpHandlerCode } from "../components/handlerCode";
import { createHandler, handler as builtHandler, settingsFromEnv } from "../lambdas/preSignUp";
import { buildZip, zipSizeFor } from "./zip";

const deflateRaw = promisify(zlib.deflateRaw);

export interface PackageSet {
    /** Package folders (relative to the repository root), subsumed folders removed. */
    folders: string[];
    files: number;
    bytesOnDisk: number;
    /** ZIP size from deflating every file on its own (Node zlib, default level); undefined when over budget. */
    zipBytesEstimate?: number;
    zipNote: string;
    seconds: number;
}

export interface HandlerSizeResult {
    deployed: { codeBytes: number; zipBytes: number };
    callbackFunction: {
        /** `__index.js`: the closure serialised by `pulumi.runtime.serializeFunction`. */
        serializedBytes: number;
        serializedText: string;
        /** What `pulumi.runtime.computeCodePaths` adds for this project's package.json. */
        pulumiPackageSet: PackageSet;
        archiveBytes: number;
        zipBytes?: number;
        zipIsEstimate: boolean;
        /** Whether a closure that calls the already-built handler serialises at all. */
        directClosure: string;
        /** Why each direct dependency is (not) packaged, by the rules of Pulumi's codePaths walk. */
        dependencyRules: Record<string, string>;
    };
    /** The transitive `dependencies` of package.json without Pulumi's @pulumi exclusion (informational). */
    naiveDependencyClosure: PackageSet;
    ratioRaw: number;
    ratioZip?: number;
}

/** Every regular file below `dir` (symlinks followed to files, not to folders). */
function listFiles(dir: string, out: string[] = []): string[] {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) listFiles(full, out);
        else if (entry.isFile()) out.push(full);
        else if (entry.isSymbolicLink()) {
            const st = fs.statSync(full, { throwIfNoEntry: false });
            if (st?.isFile()) out.push(full);
        }
    }
    return out;
}

/** Drop folders contained in another folder of the set, as Pulumi's `isSubsumedByHigherPath` does. */
function topFolders(folders: Iterable<string>): string[] {
    const all = [...new Set(folders)].sort();
    return all.filter((f) => !all.some((o) => o !== f && f.startsWith(o + "/")));
}

async function measurePackageSet(root: string, folders: string[], budgetSeconds: number): Promise<PackageSet> {
    const start = process.hrtime.bigint();
    const files = folders.flatMap((f) => {
        const abs = path.resolve(root, f);
        return fs.statSync(abs).isDirectory() ? listFiles(abs) : [abs];
    });
    let bytesOnDisk = 0;
    for (const f of files) bytesOnDisk += fs.statSync(f).size;
    // Deflate file by file on the libuv pool (both cores), giving up past the time budget.
    const entries: { nameBytes: number; compressedBytes: number }[] = [];
    const deadline = start + BigInt(budgetSeconds) * 1_000_000_000n;
    let next = 0;
    let overBudget = false;
    const worker = async () => {
        while (next < files.length && !overBudget) {
            const file = files[next++];
            if (process.hrtime.bigint() > deadline) {
                overBudget = true;
                return;
            }
            const compressed = await deflateRaw(fs.readFileSync(file));
            entries.push({ nameBytes: Buffer.byteLength(path.relative(root, file)), compressedBytes: compressed.length });
        }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return {
        folders,
        files: files.length,
        bytesOnDisk,
        zipBytesEstimate: overBudget ? undefined : zipSizeFor(entries),
        zipNote: overBudget
            ? `not measured: deflating exceeded ${budgetSeconds} s`
            : files.length === 0
              ? "empty"
              : "estimate: each file deflated separately (Node zlib, default level) + plain ZIP headers",
        seconds,
    };
}

/** Node's resolution of `name` as required from the package folder `fromDir`, stopping at `root`. */
function resolvePackage(root: string, fromDir: string, name: string): string | undefined {
    let dir = fromDir;
    for (;;) {
        if (path.basename(dir) !== "node_modules") {
            const candidate = path.join(dir, "node_modules", name);
            if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
        }
        if (dir === root) return undefined;
        const parent = path.dirname(dir);
        if (parent === dir) return undefined;
        dir = parent;
    }
}

/**
 * The folders Pulumi's walk would visit if it did not skip @pulumi packages: every package reached
 * through `dependencies` (not dev/peer/optional) from package.json. This is the brief's model of
 * CallbackFunction, kept for comparison; Pulumi itself prunes @pulumi packages (see README).
 */
function naiveDependencyFolders(root: string): { folders: string[]; missing: string[] } {
    const seen = new Set<string>();
    const missing: string[] = [];
    const visit = (fromDir: string, deps: Record<string, string> | undefined) => {
        for (const name of Object.keys(deps ?? {}).sort()) {
            const dir = resolvePackage(root, fromDir, name);
            if (dir === undefined) {
                missing.push(`${name} (from ${path.relative(root, fromDir) || "."})`);
                continue;
            }
            if (seen.has(dir)) continue;
            seen.add(dir);
            visit(dir, JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).dependencies);
        }
    };
    visit(root, JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies);
    return { folders: topFolders([...seen].map((d) => path.relative(root, d).split(path.sep).join("/"))), missing };
}

/** The branch Pulumi's `addPackageAndDependenciesToSet` takes for each direct dependency. */
function dependencyRules(root: string): Record<string, string> {
    const rules: Record<string, string> = {};
    const deps = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies ?? {};
    for (const name of Object.keys(deps).sort()) {
        const dir = resolvePackage(root, root, name);
        if (dir === undefined) {
            rules[name] = "not installed";
            continue;
        }
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        if (pkg.pulumi) {
            const runtime = Object.keys(pkg.pulumi.runtimeDependencies ?? {});
            rules[name] = `deployment-time package ("pulumi" in package.json): only runtimeDependencies shipped: ${runtime.join(", ") || "none"}`;
        } else if (name.startsWith("@pulumi")) rules[name] = "@pulumi package: skipped";
        else rules[name] = "shipped with its dependencies";
    }
    return rules;
}

/** The interesting lines of a closure-serialisation error. */
function serializationFailure(message: string): string {
    const lines = message.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
    const at = lines.findIndex((l) => /could not be serialized/.test(l));
    if (at < 0) return lines[0] ?? "unknown error";
    // "variable 'x' which indirectly referenced", "function 'f': which could not be serialized because", "<reason>"
    return lines.slice(Math.max(0, at - 1), at + 2).join(" ");
}

async function serialize(fn: (...args: never[]) => unknown, factory: boolean): Promise<string> {
    const closure = await pulumi.runtime.serializeFunction(fn, {
        // The options CallbackFunction passes (@pulumi/aws lambda/lambdaMixins.js).
        serialize: () => true,
        exportName: "handler",
        isFactoryFunction: factory,
        allowSecrets: true,
    });
    return closure.text;
}

export async function measureHandlerSize(root: string, log: (s: string) => void): Promise<HandlerSizeResult> {
    const code = Buffer.from(preSignUpHandlerCode(), "utf8");
    const deployedZip = buildZip([{ name: HANDLER_FILE, data: code }]);

    // The natural CallbackFunction form is a closure over the already-built handler. Try it, then fall
    // back to `callbackFactory`, which builds the handler inside Lambda from the same module functions.
    let directClosure: string;
    try {
        await serialize(async (event: Parameters<typeof builtHandler>[0]) => builtHandler(event), false);
        directClosure = "serialises";
    } catch (e) {
        directClosure = `does not serialise: ${serializationFailure(String((e as Error).message))}; needs callbackFactory`;
    }
    const serializedText = await serialize(() => createHandler(settingsFromEnv(process.env)), true);
    const serialized = Buffer.from(serializedText, "utf8");

    // computeCodePaths starts from the package.json found above the working directory, as under `pulumi up`.
    const cwd = process.cwd();
    process.chdir(root);
    let codePaths: Map<string, unknown>;
    try {
        // "aws-sdk" is what CallbackFunction always excludes.
        codePaths = await pulumi.runtime.computeCodePaths({ extraExcludePackages: ["aws-sdk"] });
    } finally {
        process.chdir(cwd);
    }
    const pulumiSet = await measurePackageSet(root, topFolders(codePaths.keys()), 60);
    log(`  Pulumi's computeCodePaths: ${pulumiSet.folders.length} package folder(s)`);

    const naive = naiveDependencyFolders(root);
    if (naive.missing.length > 0) log(`  unresolved dependencies: ${naive.missing.join(", ")}`);
    const naiveSet = await measurePackageSet(root, naive.folders, 60);
    log(`  naive dependency closure: ${naiveSet.folders.length} folders, ${naiveSet.files} files in ${naiveSet.seconds.toFixed(1)} s`);

    const archiveBytes = serialized.length + pulumiSet.bytesOnDisk;
    let zipBytes: number | undefined;
    let zipIsEstimate = false;
    if (pulumiSet.files === 0) {
        zipBytes = buildZip([{ name: "__index.js", data: serialized }]).length;
    } else if (pulumiSet.zipBytesEstimate !== undefined) {
        // Headers of the shared end record are counted once.
        zipBytes = pulumiSet.zipBytesEstimate + buildZip([{ name: "__index.js", data: serialized }]).length - 22;
        zipIsEstimate = true;
    }
    return {
        deployed: { codeBytes: code.length, zipBytes: deployedZip.length },
        callbackFunction: {
            serializedBytes: serialized.length,
            serializedText,
            pulumiPackageSet: pulumiSet,
            archiveBytes,
            zipBytes,
            zipIsEstimate,
            directClosure,
            dependencyRules: dependencyRules(root),
        },
        naiveDependencyClosure: naiveSet,
        ratioRaw: archiveBytes / code.length,
        ratioZip: zipBytes === undefined ? undefined : zipBytes / deployedZip.length,
    };
}
