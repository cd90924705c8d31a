// A stand-in for Lambda, enough for cognito-local's aws-sdk v2 client: the Invoke API (POST
// /2015-03-31/functions/<name>/invocations, synchronous) on a loopback port, in front of functions
// that each run in a child process on the Node major of their runtime (tests/lambdaRuntime.ts) with
// the deployed files and the function's environment (lambdaChild.ts), as a Lambda execution
// environment would, instead of in this process on whatever Node runs the tests.
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { listenOnLoopback } from "../loopback";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { lambdaNode } from "../../../tools/lambdaRuntime";
import type { ChildMessage, FunctionError, InvokeRequest } from "./lambdaChild";

export type { FunctionError } from "./lambdaChild";

/** What the stand-in needs of a deployed function: its files and settings as the stack declares them. */
export interface FunctionDeployment {
    /** The deployment archive's files, name → content (the handler's file among them). */
    files: Record<string, string>;
    /** The `handler` setting, e.g. "index.handler". */
    handler: string;
    /** The `runtime` setting, e.g. "nodejs24.x". */
    runtime: string;
    /** The function's environment variables: the child's whole process.env. */
    environment: Record<string, string>;
}

export type InvokeOutcome = { result: unknown; logs: string[] } | { error: FunctionError; logs: string[] };

export interface LambdaFunction {
    /** `process.version` as reported by the process that runs the handler. */
    version: string;
    /** The Node binary that process runs on. */
    node: string;
    /** Lines logged while the module loaded. */
    initLogs: string[];
    invoke(event: unknown): Promise<InvokeOutcome>;
    close(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
const CHILD_SCRIPT = path.join(__dirname, "lambdaChild.js");

function exited(child: ChildProcess): boolean {
    return child.exitCode !== null || child.signalCode !== null;
}

/** Start one function's execution environment; resolves once its module has loaded, rejects with Lambda's init error. */
export async function startLambdaFunction(deployment: FunctionDeployment): Promise<LambdaFunction> {
    const node = lambdaNode(deployment.runtime);
    const taskRoot = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-task-"));
    for (const [name, content] of Object.entries(deployment.files)) fs.writeFileSync(path.join(taskRoot, name), content);
    const child = spawn(node, [CHILD_SCRIPT, taskRoot, deployment.handler], {
        cwd: taskRoot,
        env: deployment.environment,
        stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const killOnExit = () => {
        child.kill("SIGKILL");
        fs.rmSync(taskRoot, { recursive: true, force: true });
    };
    process.once("exit", killOnExit);

    const pending = new Map<number, (outcome: InvokeOutcome) => void>();
    let onReady: ((message: ChildMessage) => void) | undefined;
    let stray: string[] = [];
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
        let message: ChildMessage;
        try {
            message = JSON.parse(line) as ChildMessage;
        } catch {
            // Something wrote to stdout past the console (process.stdout.write): keep it as a log line.
            stray.push(line);
            return;
        }
        const logs = [...stray, ...message.logs];
        stray = [];
        if (message.kind === "ready" || message.kind === "initError") onReady?.({ ...message, logs });
        else if (message.kind === "result") pending.get(message.id)?.({ result: message.result, logs });
        else pending.get(message.id)?.({ error: message.error, logs });
        if ("id" in message) pending.delete(message.id);
    });
    const failPending = () => {
        const error = { errorType: "Runtime.ExitError", errorMessage: `the runtime process exited (${child.exitCode ?? child.signalCode}): ${stderr}` };
        for (const resolve of pending.values()) resolve({ error, logs: [] });
        pending.clear();
    };
    child.once("exit", failPending);

    const close = async () => {
        process.removeListener("exit", killOnExit);
        if (!exited(child)) {
            const gone = new Promise((resolve) => child.once("exit", resolve));
            child.kill("SIGTERM");
            await gone;
        }
        fs.rmSync(taskRoot, { recursive: true, force: true });
    };

    const first = await new Promise<ChildMessage | Error>((resolve) => {
        const timer = setTimeout(() => resolve(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
        onReady = (message) => {
            clearTimeout(timer);
            resolve(message);
        };
        child.once("exit", () => {
            clearTimeout(timer);
            // Let a last line on stdout win over the exit.
            setImmediate(() => resolve(new Error(`exited with ${child.exitCode ?? child.signalCode}: ${stderr}`)));
        });
    });
    if (first instanceof Error || first.kind !== "ready") {
        await close();
        const reason = first instanceof Error ? first.message : first.kind === "initError" ? `${first.error.errorType}: ${first.error.errorMessage}` : first.kind;
        throw new Error(`the function's runtime (${node}) did not start: ${reason}`);
    }

    let nextId = 0;
    return {
        version: first.version,
        node,
        initLogs: first.logs,
        invoke: (event) =>
            new Promise<InvokeOutcome>((resolve) => {
                if (exited(child)) return resolve({ error: { errorType: "Runtime.ExitError", errorMessage: `the runtime process has exited: ${stderr}` }, logs: [] });
                const request: InvokeRequest = { id: nextId++, event };
                pending.set(request.id, resolve);
                child.stdin!.write(`${JSON.stringify(request)}\n`);
            }),
        close,
    };
}

export interface Invocation {
    /** The FunctionName as the caller sent it (a name or an ARN). */
    functionName: string;
    /** The event as it arrived. */
    event: any;
    /** The function error's message when the handler threw. */
    error?: string;
    /** What the handler logged during this invocation. */
    logs: string[];
}

export interface LambdaServer {
    endpoint: string;
    invocations: Invocation[];
    close(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify(body));
}

/** Serve `functions` (keyed by every name or ARN they may be invoked by) on a free loopback port. */
export async function startLambdaServer(functions: ReadonlyMap<string, Pick<LambdaFunction, "invoke">>): Promise<LambdaServer> {
    const invocations: Invocation[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            void (async () => {
                const match = INVOKE_PATH.exec(new URL(req.url ?? "/", "http://lambda").pathname);
                if (req.method !== "POST" || !match) {
                    send(res, 404, { message: `not a Lambda Invoke call: ${req.method} ${req.url}` }, { "X-Amzn-ErrorType": "UnknownOperationException" });
                    return;
                }
                const functionName = decodeURIComponent(match[1]);
                const fn = functions.get(functionName);
                if (!fn) {
                    // What Lambda answers for an unknown function; cognito-local turns it into UnexpectedLambdaException.
                    send(res, 404, { Type: "User", message: `Function not found: ${functionName}` }, { "X-Amzn-ErrorType": "ResourceNotFoundException" });
                    return;
                }
                const event = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
                const invocation: Invocation = { functionName, event, logs: [] };
                invocations.push(invocation);
                const outcome = await fn.invoke(event);
                invocation.logs = outcome.logs;
                if ("error" in outcome) {
                    // A function error is still HTTP 200: Lambda flags it with this header and describes it in the
                    // payload; cognito-local reads errorMessage into UserLambdaValidationException.
                    invocation.error = outcome.error.errorMessage;
                    send(res, 200, outcome.error, { "X-Amz-Function-Error": "Unhandled" });
                } else {
                    send(res, 200, outcome.result);
                }
            })().catch((err: unknown) => send(res, 500, { message: String(err) }, { "X-Amzn-ErrorType": "ServiceException" }));
        });
    });
    return { ...(await listenOnLoopback(server)), invocations };
}
