// §1 Handler size: the archive this component deploys for each built-in function, and what
// `aws.lambda.CallbackFunction` would ship for the PreSignUp handler in this project.
import * as fs from "fs";
import * as path from "path";
import { zipSync, type Zippable } from "fflate";
import * as pulumi from "@pulumi/pulumi";
import { HANDLER_FILE, lambdaCode, type LambdaName } from "../components/handlerCode";
import { createHandler, handler as builtHandler, settingsFromEnv } from "../lambdas/preSignUp";

// A fixed timestamp keeps the archive (and so its hash) deterministic. Local time, because ZIP's DOS
// date fields are local time and fflate converts with getFullYear()/getHours(): any time zone then
// writes 1980-01-01 00:00, the earliest DOS date.
const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** A deflated ZIP (fflate, level 6 like zlib's default) of these files, every entry with the fixed mtime. */
export function zipFiles(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
    const entries: Zippable = {};
    for (const [name, data] of files) entries[name] = [data, { mtime: ZIP_MTIME }];
    return zipSync(entries, { level: 6 });
}

export interface DeployedSize {
    codeBytes: number;
    zipBytes: number;
}

export interface HandlerSizeResult {
    /** The deployed archive of each built-in function: one entry, `index.js`. */
    deployed: Record<LambdaName, DeployedSize>;
    callbackFunction: {
        /** `__index.js`: the PreSignUp closure serialised by `pulumi.runtime.serializeFunction`. */
        serializedBytes: number;
        serializedText: string;
        /** Production `dependencies` in package.json: what computeCodePaths starts from. */
        productionDependencies: string[];
        /** Package folders `pulumi.runtime.computeCodePaths` adds, and their files. */
        packageFolders: string[];
        packageFiles: number;
        packageBytes: number;
        archiveBytes: number;
        zipBytes: number;
        /** Whether a closure that calls the already-built handler serialises at all. */
        directClosure: string;
    };
    /** CallbackFunction ÷ deployed PreSignUp. */
    ratioRaw: number;
    ratioZip: number;
}

/** Every regular file below `dir` (symlinks followed to files, not to folders). */
function listFiles(dir: string, out: string[] = []): string[] {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) listFiles(full, out);
        else if (entry.isFile()) out.push(full);
        else if (entry.isSymbolicLink() && fs.statSync(full, { throwIfNoEntry: false })?.isFile()) out.push(full);
    }
    return out;
}

/** Drop folders contained in another folder of the set, as Pulumi's `isSubsumedByHigherPath` does. */
function topFolders(folders: Iterable<string>): string[] {
    const all = [...new Set(folders)].sort();
    return all.filter((f) => !all.some((o) => o !== f && f.startsWith(o + "/")));
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

function deployedSize(name: LambdaName): DeployedSize {
    const code = Buffer.from(lambdaCode(name), "utf8");
    return { codeBytes: code.length, zipBytes: zipFiles(new Map([[HANDLER_FILE, code]])).length };
}

export async function measureHandlerSize(root: string, log: (s: string) => void): Promise<HandlerSizeResult> {
    const deployed = { preSignUp: deployedSize("preSignUp"), iotAttach: deployedSize("iotAttach") };

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
    const packageFolders = topFolders(codePaths.keys());
    // The archive CallbackFunction's AssetArchive would hold: `__index.js` plus every file of those folders.
    const files = new Map<string, Uint8Array>([["__index.js", serialized]]);
    for (const folder of packageFolders) {
        const abs = path.resolve(root, folder);
        for (const file of fs.statSync(abs).isDirectory() ? listFiles(abs) : [abs]) files.set(path.relative(root, file).split(path.sep).join("/"), fs.readFileSync(file));
    }
    const archiveBytes = [...files.values()].reduce((n, d) => n + d.length, 0);
    const zipBytes = zipFiles(files).length;
    log(`  Pulumi's computeCodePaths: ${packageFolders.length} package folder(s), ${files.size - 1} file(s)`);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    return {
        deployed,
        callbackFunction: {
            serializedBytes: serialized.length,
            serializedText,
            productionDependencies: Object.keys(pkg.dependencies ?? {}).sort(),
            packageFolders,
            packageFiles: files.size - 1,
            packageBytes: archiveBytes - serialized.length,
            archiveBytes,
            zipBytes,
            directClosure,
        },
        ratioRaw: archiveBytes / deployed.preSignUp.codeBytes,
        ratioZip: zipBytes / deployed.preSignUp.zipBytes,
    };
}
