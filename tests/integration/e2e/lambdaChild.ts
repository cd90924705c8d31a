// The runtime side of the Lambda stand-in. lambdaServer.ts runs this file with the Node binary of the
// function's runtime (tests/lambdaRuntime.ts), in a task directory holding the deployment's files,
// with the function's environment variables as its whole process.env. It loads the handler module as
// Lambda's Node.js runtime does (a CommonJS file named by the `handler` setting, "index.handler" →
// export `handler` of `index.js`) and answers invocations: one JSON line in on stdin, one out on stdout.
// It runs outside the test process, on another Node: Node built-ins only, and type-only imports.
import * as fs from "fs";
import { createRequire, isBuiltin } from "module";
import * as path from "path";
import * as readline from "readline";
import * as util from "util";
import * as vm from "vm";

/** Parent → child: one invocation. */
export interface InvokeRequest {
    id: number;
    event: unknown;
}

/** What Lambda reports for a function error (the payload of an `X-Amz-Function-Error` response). */
export interface FunctionError {
    errorType: string;
    errorMessage: string;
}

/** Child → parent: first line once the module is loaded (or failed to), then one line per invocation. */
export type ChildMessage =
    | { kind: "ready"; version: string; logs: string[] }
    | { kind: "initError"; version: string; error: FunctionError; logs: string[] }
    | { kind: "result"; id: number; result: unknown; logs: string[] }
    | { kind: "error"; id: number; error: FunctionError; logs: string[] };

function send(message: ChildMessage): void {
    process.stdout.write(`${JSON.stringify(message)}\n`);
}

function functionError(err: unknown): FunctionError {
    return err instanceof Error ? { errorType: err.name, errorMessage: err.message } : { errorType: "Error", errorMessage: String(err) };
}

/** What the handler logs goes to the current invocation (CloudWatch, in Lambda), never to the protocol. */
let logs: string[] = [];
function takeLogs(): string[] {
    const taken = logs;
    logs = [];
    return taken;
}
for (const level of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    console[level] = (...args: unknown[]) => void logs.push(util.format(...args));
}

/** The export `handler` ("index.handler") names, from a CommonJS file that may require Node built-ins only. */
function loadHandler(taskRoot: string, handler: string): (event: unknown, context: object) => unknown {
    const dot = handler.lastIndexOf(".");
    const [moduleName, exportName] = [handler.slice(0, dot), handler.slice(dot + 1)];
    const filename = path.join(taskRoot, `${moduleName}.js`);
    if (dot < 1 || !fs.existsSync(filename)) {
        throw Object.assign(new Error(`Cannot find module '${moduleName}'`), { name: "Runtime.ImportModuleError" });
    }
    const cjsModule = { exports: {} as Record<string, unknown> };
    // The deployment archive is the whole task: a name that is not a Node built-in is not there.
    const requireBuiltin = (id: string): unknown => {
        if (isBuiltin(id)) return createRequire(filename)(id);
        throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
    };
    // Node's CommonJS wrapper: (exports, require, module, __filename, __dirname), `this` = exports.
    const wrapper = vm.compileFunction(fs.readFileSync(filename, "utf8"), ["exports", "require", "module", "__filename", "__dirname"], { filename });
    wrapper.call(cjsModule.exports, cjsModule.exports, requireBuiltin, cjsModule, filename, taskRoot);
    const fn = cjsModule.exports[exportName];
    // Lambda's own wording for a missing handler export (Runtime.HandlerNotFound).
    if (typeof fn !== "function") throw Object.assign(new Error(`${handler} is undefined or not exported`), { name: "Runtime.HandlerNotFound" });
    return fn as (event: unknown, context: object) => unknown;
}

function main(): void {
    const [taskRoot, handlerSetting] = process.argv.slice(2);
    let handler: (event: unknown, context: object) => unknown;
    try {
        handler = loadHandler(taskRoot, handlerSetting);
    } catch (err) {
        send({ kind: "initError", version: process.version, error: functionError(err), logs: takeLogs() });
        process.exitCode = 1;
        return;
    }
    send({ kind: "ready", version: process.version, logs: takeLogs() });
    // One invocation at a time, as one Lambda execution environment serves them.
    let queue = Promise.resolve();
    readline.createInterface({ input: process.stdin }).on("line", (line) => {
        const { id, event } = JSON.parse(line) as InvokeRequest;
        queue = queue.then(async () => {
            try {
                const result = await handler(event, { awsRequestId: `local-${id}` });
                send({ kind: "result", id, result: result ?? null, logs: takeLogs() });
            } catch (err) {
                send({ kind: "error", id, error: functionError(err), logs: takeLogs() });
            }
        });
    });
}

if (require.main === module) main();
