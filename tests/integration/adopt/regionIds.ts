// A loopback HTTP proxy that gives cognito-local's user pools AWS-shaped ids. The emulator names a
// pool `local_<8 characters>`; AWS names it `<region>_<characters>` (CreateUserPool, UserPoolType.Id),
// and the component's settings table accepts only that form for adoptUserPoolId. Requests have the
// region prefix turned back into `local_`, answers the other way round; nothing else changes.
import * as http from "http";
import { forwarder, listenOnLoopback, readBody } from "../loopback";

export interface RegionIds {
    endpoint: string;
    close(): Promise<void>;
}

/** Start the proxy in front of `upstream` (http://host:port), presenting pool ids of `region`. */
export async function startRegionIds(upstream: string, region: string): Promise<RegionIds> {
    const { forward, agent } = forwarder(upstream);
    const toLocal = (s: string) => s.replace(new RegExp(`${region}_(?=[0-9A-Za-z]{8}\\b)`, "g"), "local_");
    const toRegion = (s: string) => s.replace(/local_(?=[0-9A-Za-z]{8}\b)/g, `${region}_`);
    const server = http.createServer((req, res) => {
        void (async () => {
            const body = Buffer.from(toLocal((await readBody(req)).toString("utf8")));
            const { "transfer-encoding": _requestChunked, ...rest } = req.headers;
            const answer = await forward(req, body, { ...rest, "content-length": String(body.length) });
            const out = Buffer.from(toRegion(answer.body.toString("utf8")));
            const { "transfer-encoding": _answerChunked, ...headers } = answer.headers;
            res.writeHead(answer.status, { ...headers, "content-length": String(out.length) });
            res.end(out);
        })().catch((err: unknown) => {
            res.writeHead(502, { "Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": "RegionIds#UpstreamError" });
            res.end(JSON.stringify({ __type: "RegionIds#UpstreamError", message: `region ids proxy: ${String(err)}` }));
        });
    });
    return listenOnLoopback(server, () => agent.destroy());
}
