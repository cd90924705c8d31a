// A minimal in-process stand-in for the Lambda Invoke API, enough for cognito-local's aws-sdk v2
// client: POST /2015-03-31/functions/<name>/invocations with a synchronous (RequestResponse) result.
import * as http from "http";
import type { AddressInfo } from "net";
import { LOOPBACK } from "./freePort";

export type LambdaHandler = (event: unknown) => Promise<unknown>;

export interface Invocation {
    /** The FunctionName as the caller sent it (a name or an ARN). */
    functionName: string;
    /** The event as it arrived. */
    event: any;
    /** The handler's error message when it threw. */
    error?: string;
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
export async function startLambdaServer(functions: ReadonlyMap<string, LambdaHandler>): Promise<LambdaServer> {
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
                const handler = functions.get(functionName);
                if (!handler) {
                    // What Lambda answers for an unknown function; cognito-local turns it into UnexpectedLambdaException.
                    send(res, 404, { Type: "User", message: `Function not found: ${functionName}` }, { "X-Amzn-ErrorType": "ResourceNotFoundException" });
                    return;
                }
                const payload = Buffer.concat(chunks).toString("utf8") || "null";
                // Recorded as received: handlers may mutate the event they are given (PreSignUp sets its response).
                const invocation: Invocation = { functionName, event: JSON.parse(payload) };
                invocations.push(invocation);
                try {
                    send(res, 200, await handler(JSON.parse(payload)));
                } catch (err) {
                    // A function error is still HTTP 200: Lambda flags it with this header and describes it in the
                    // payload; cognito-local reads errorMessage into UserLambdaValidationException.
                    invocation.error = err instanceof Error ? err.message : String(err);
                    send(res, 200, { errorMessage: invocation.error, errorType: err instanceof Error ? err.name : "Error" }, { "X-Amz-Function-Error": "Unhandled" });
                }
            })().catch((err: unknown) => send(res, 500, { message: String(err) }, { "X-Amzn-ErrorType": "ServiceException" }));
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        // Port 0 on the server itself: no gap between choosing the port and binding it.
        server.listen(0, LOOPBACK, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://${LOOPBACK}:${port}`,
        invocations,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
