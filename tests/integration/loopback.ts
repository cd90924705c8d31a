// What the local stand-ins (the Lambda Invoke server, the Cognito gate, the region-ids proxy) share:
// reading a body, forwarding a request upstream, and serving on a free loopback port.
import * as http from "http";
import type { AddressInfo } from "net";
import { LOOPBACK } from "./e2e/freePort";

export interface Answer {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
}

export function readBody(stream: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => resolve(Buffer.concat(chunks)));
        stream.on("error", reject);
    });
}

/** A forwarder to `upstream` (http://host:port): the request's method, path and headers, with `body`. */
export function forwarder(upstream: string): { forward: (req: http.IncomingMessage, body: Buffer, headers?: http.OutgoingHttpHeaders) => Promise<Answer>; agent: http.Agent } {
    const target = new URL(upstream);
    const agent = new http.Agent({ keepAlive: false });
    const forward = (req: http.IncomingMessage, body: Buffer, headers: http.OutgoingHttpHeaders = req.headers) =>
        new Promise<Answer>((resolve, reject) => {
            const out = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (res) => {
                readBody(res).then((b) => resolve({ status: res.statusCode!, headers: res.headers, body: b }), reject);
            });
            out.on("error", reject);
            out.end(body);
        });
    return { forward, agent };
}

/**
 * Listen on a free loopback port (port 0 on the server itself: no gap between choosing the port and
 * binding it). `close` ends open connections, then runs `cleanup`.
 */
export async function listenOnLoopback(server: http.Server, cleanup: () => void = () => {}): Promise<{ endpoint: string; close(): Promise<void> }> {
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, LOOPBACK, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://${LOOPBACK}:${port}`,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => {
                    cleanup();
                    resolve();
                });
            }),
    };
}
