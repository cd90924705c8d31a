// A loopback HTTP proxy that gives cognito-local's user pools AWS-shaped ids. The emulator names a
// pool `local_<8 characters>`; AWS names it `<region>_<characters>` (CreateUserPool, UserPoolType.Id),
// and the component's settings table accepts only that form for adoptUserPoolId. Requests have the
// region prefix turned back into `local_`, answers the other way round; nothing else changes.
import * as http from "http";
import type { AddressInfo } from "net";
import { LOOPBACK } from "../e2e/freePort";

export interface RegionIds {
    endpoint: string;
    close(): Promise<void>;
}

function readBody(stream: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => resolve(Buffer.concat(chunks)));
        stream.on("error", reject);
    });
}

/** Start the proxy in front of `upstream` (http://host:port), presenting pool ids of `region`. */
export async function startRegionIds(upstream: string, region: string): Promise<RegionIds> {
    const target = new URL(upstream);
    const agent = new http.Agent({ keepAlive: false });
    const toLocal = (s: string) => s.replace(new RegExp(`${region}_(?=[0-9A-Za-z]{8}\\b)`, "g"), "local_");
    const toRegion = (s: string) => s.replace(/local_(?=[0-9A-Za-z]{8}\b)/g, `${region}_`);
    const server = http.createServer((req, res) => {
        void (async () => {
            const body = Buffer.from(toLocal((await readBody(req)).toString("utf8")));
            const answer = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
                const { "transfer-encoding": _chunked, ...rest } = req.headers;
                const headers = { ...rest, "content-length": String(body.length) };
                const out = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (r) => {
                    readBody(r).then((b) => resolve({ status: r.statusCode!, headers: r.headers, body: b }), reject);
                });
                out.on("error", reject);
                out.end(body);
            });
            const out = Buffer.from(toRegion(answer.body.toString("utf8")));
            const { "transfer-encoding": _chunked, ...headers } = answer.headers;
            res.writeHead(answer.status, { ...headers, "content-length": String(out.length) });
            res.end(out);
        })().catch((err: unknown) => {
            res.writeHead(502, { "Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": "RegionIds#UpstreamError" });
            res.end(JSON.stringify({ __type: "RegionIds#UpstreamError", message: `region ids proxy: ${String(err)}` }));
        });
    });
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
                    agent.destroy();
                    resolve();
                });
            }),
    };
}
