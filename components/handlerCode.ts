// The exact JavaScript deployed as the PreSignUp function. Mocks drop archive contents, so this
// function is how tests see (and run) the bytes that go into the archive.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/** File name inside the deployment archive; the function's handler is `index.handler`. */
export const HANDLER_FILE = "index.js";

let cached: string | undefined;

/**
 * The compiled `lambdas/preSignUp.ts`: one self-contained CommonJS file using only Node built-ins.
 * Read from the build output shipped beside this module; when the program runs straight from the
 * TypeScript sources (`pulumi up` via ts-node) it is transpiled with the project's own compiler
 * options, which yields the same bytes (a test holds the two equal).
 */
export function preSignUpHandlerCode(): string {
    if (cached === undefined) {
        const compiled = path.join(__dirname, "..", "lambdas", "preSignUp.js");
        cached = fs.existsSync(compiled) ? fs.readFileSync(compiled, "utf8") : transpileHandlerSource();
    }
    return cached;
}

/** Transpile `lambdas/preSignUp.ts` as tsc would, with the options of the project's tsconfig. */
export function transpileHandlerSource(root = path.join(__dirname, "..")): string {
    // typescript is a build-time tool: loaded only when running from sources, never by consumers.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof import("typescript");
    const configPath = path.join(root, "tsconfig.json");
    const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
    if (error) throw new Error(`cannot read ${configPath}: ${ts.flattenDiagnosticMessageText(error.messageText, "\n")}`);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    const source = fs.readFileSync(path.join(root, "lambdas", "preSignUp.ts"), "utf8");
    return ts.transpileModule(source, { compilerOptions: { ...options, sourceMap: false, declaration: false, declarationMap: false } }).outputText;
}

/** The deployment archive: the handler file alone, so its hash changes only when the code does. */
export function handlerArchive(code: string = preSignUpHandlerCode()): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ [HANDLER_FILE]: new pulumi.asset.StringAsset(code) });
}
