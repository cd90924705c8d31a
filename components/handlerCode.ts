// The exact JavaScript deployed for each built-in function. Mocks drop archive contents, so these
// functions are how tests see (and run) the bytes that go into the archives.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/** File name inside every deployment archive; each function's handler is `index.handler`. */
export const HANDLER_FILE = "index.js";

/** The runtime code in `lambdas/`, one file per function. */
export type LambdaName = "preSignUp" | "iotAttach";

const cache = new Map<LambdaName, string>();

/**
 * The compiled `lambdas/<name>.ts`: one self-contained CommonJS file. Read from the build output
 * shipped beside this module; when the program runs straight from the TypeScript sources
 * (`pulumi up` via ts-node) it is transpiled with the project's own compiler options, which yields
 * the same bytes (a test holds the two equal).
 */
export function lambdaCode(name: LambdaName): string {
    let code = cache.get(name);
    if (code === undefined) {
        const compiled = path.join(__dirname, "..", "lambdas", `${name}.js`);
        code = fs.existsSync(compiled) ? fs.readFileSync(compiled, "utf8") : transpileLambdaSource(name);
        cache.set(name, code);
    }
    return code;
}

/** Transpile `lambdas/<name>.ts` as tsc would, with the options of the project's tsconfig. */
export function transpileLambdaSource(name: LambdaName, root = path.join(__dirname, "..")): string {
    // typescript is a build-time tool: loaded only when running from sources, never by consumers.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof import("typescript");
    const configPath = path.join(root, "tsconfig.json");
    const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
    if (error) throw new Error(`cannot read ${configPath}: ${ts.flattenDiagnosticMessageText(error.messageText, "\n")}`);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    const source = fs.readFileSync(path.join(root, "lambdas", `${name}.ts`), "utf8");
    // transpileModule emits no declarations whatever the options say; a source map would add a comment line.
    return ts.transpileModule(source, { compilerOptions: { ...options, sourceMap: false } }).outputText;
}

/** A deployment archive holding one handler file alone, so its hash changes only when the code does. */
export function lambdaArchive(name: LambdaName): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ [HANDLER_FILE]: new pulumi.asset.StringAsset(lambdaCode(name)) });
}

