// The Lambda stand-in by itself: it runs handlers on the runtime's Node major, as CommonJS with Node
// built-ins only and the function's environment as the whole process.env, and reports function
// errors as Lambda's Invoke API does.
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { FUNCTION_RUNTIME } from "../../../components/functions";
import { lambdaNode, runtimeMajor } from "../../../tools/lambdaRuntime";
import { startLambdaFunction, startLambdaServer, type FunctionDeployment, type LambdaFunction } from "./lambdaServer";

function deployment(code: string, overrides: Partial<FunctionDeployment> = {}): FunctionDeployment {
    return { files: { "index.js": code }, handler: "index.handler", runtime: FUNCTION_RUNTIME, environment: {}, ...overrides };
}

async function startFailure(d: FunctionDeployment): Promise<string> {
    try {
        const fn = await startLambdaFunction(d);
        await fn.close();
    } catch (err) {
        return (err as Error).message;
    }
    assert.fail("expected the function not to start");
}

function post(url: string, body: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method: "POST" }, (res) => {
            let text = "";
            res.on("data", (c: Buffer) => (text += c.toString("utf8")));
            res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
        });
        req.on("error", reject);
        req.end(body);
    });
}

describe("Lambda stand-in (handler in a child process on the runtime's Node)", function () {
    // The first run of a machine downloads Node 24 through npx (about 10 s).
    this.timeout(120_000);
    const started: LambdaFunction[] = [];
    const start = async (d: FunctionDeployment) => {
        const fn = await startLambdaFunction(d);
        started.push(fn);
        return fn;
    };
    after(async () => {
        for (const fn of started) await fn.close();
    });

    it("reads the Node major from the runtime id and refuses other runtimes", () => {
        assert.strictEqual(runtimeMajor("nodejs24.x"), 24);
        assert.strictEqual(runtimeMajor("nodejs20.x"), 20);
        assert.throws(() => runtimeMajor("python3.13"), { message: '"python3.13" is not a Node.js Lambda runtime (expected "nodejs<major>.x")' });
        assert.throws(() => lambdaNode("provided.al2023"), { message: '"provided.al2023" is not a Node.js Lambda runtime (expected "nodejs<major>.x")' });
    });

    it("says clearly when no Node of the runtime's major can be had, or npx gives another major", () => {
        // A stand-in npx first on PATH: no network, no cache, no real npx involved.
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-npx-"));
        const savedPath = process.env.PATH;
        try {
            fs.writeFileSync(path.join(bin, "npx"), '#!/bin/sh\ncase "$*" in *node@97*) echo "npm error code ENOTCACHED" >&2; exit 1;; esac\necho "' + bin + '/node"\n', { mode: 0o755 });
            fs.writeFileSync(path.join(bin, "node"), "#!/bin/sh\necho v20.1.0\n", { mode: 0o755 });
            process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
            assert.throws(() => lambdaNode("nodejs97.x"), {
                message:
                    "cannot get a Node 97 binary for the Lambda runtime nodejs97.x: `npx --yes --package node@97` failed: npm error code ENOTCACHED\n" +
                    "It needs the npm registry once (then the npx cache); or run the tests on Node 97.",
            });
            assert.throws(() => lambdaNode("nodejs98.x"), { message: `${bin}/node is Node v20.1.0, not Node 98 as the Lambda runtime nodejs98.x needs` });
        } finally {
            process.env.PATH = savedPath;
            fs.rmSync(bin, { recursive: true, force: true });
        }
    });

    it("runs the handler on Node 24 for nodejs24.x, the component's runtime, whatever Node runs the tests", async () => {
        assert.strictEqual(FUNCTION_RUNTIME, "nodejs24.x");
        const fn = await start(deployment("exports.handler = async () => process.version;"));
        assert.ok(fn.version.startsWith("v24."), `runtime process reports ${fn.version}`);
        assert.deepStrictEqual(await fn.invoke({}), { result: fn.version, logs: [] });
        // The binary is resolved once per process.
        assert.strictEqual(lambdaNode(), fn.node);
    });

    it("gives the handler exactly the function's environment as process.env", async () => {
        const fn = await start(deployment("exports.handler = async () => ({ ...process.env });", { environment: { ALLOWED_EMAIL_DOMAINS: "a.test", FLAG: "true" } }));
        assert.deepStrictEqual(await fn.invoke(null), { result: { ALLOWED_EMAIL_DOMAINS: "a.test", FLAG: "true" }, logs: [] });
    });

    it("loads CommonJS with Node built-ins only: a package the archive does not hold fails the init", async () => {
        const fn = await start(deployment('const { createHash } = require("node:crypto"); exports.handler = async (e) => createHash("sha256").update(e).digest("hex");'));
        assert.deepStrictEqual(await fn.invoke("x"), { result: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", logs: [] });
        assert.strictEqual(
            await startFailure(deployment('require("@pulumi/pulumi"); exports.handler = async () => 1;')),
            `the function's runtime (${lambdaNode()}) did not start: Error: Cannot find module '@pulumi/pulumi'`,
        );
    });

    it("finds the handler the `handler` setting names, and fails the init as Lambda does when it is not there", async () => {
        const fn = await start(deployment("exports.other = async () => 'other';", { handler: "index.other" }));
        assert.deepStrictEqual(await fn.invoke({}), { result: "other", logs: [] });
        assert.strictEqual(
            await startFailure(deployment("exports.handler = async () => 1;", { handler: "index.nope" })),
            `the function's runtime (${lambdaNode()}) did not start: Runtime.HandlerNotFound: index.nope is undefined or not exported`,
        );
        assert.strictEqual(
            await startFailure(deployment("exports.handler = async () => 1;", { handler: "main.handler" })),
            `the function's runtime (${lambdaNode()}) did not start: Runtime.ImportModuleError: Cannot find module 'main'`,
        );
    });

    it("reports a thrown error as errorType/errorMessage and keeps each invocation's log lines apart", async () => {
        const fn = await start(deployment('console.log("init"); exports.handler = async (e) => { console.log("got", e); if (e.fail) throw new TypeError("no"); return e; };'));
        assert.deepStrictEqual(fn.initLogs, ["init"]);
        assert.deepStrictEqual(await fn.invoke({ fail: true }), { error: { errorType: "TypeError", errorMessage: "no" }, logs: ["got { fail: true }"] });
        assert.deepStrictEqual(await fn.invoke({ fail: false }), { result: { fail: false }, logs: ["got { fail: false }"] });
    });

    it("serves Lambda's Invoke API: the result, a function error flagged by X-Amz-Function-Error, 404 for unknown names", async () => {
        const fn = await start(deployment('exports.handler = async (e) => { if (e.fail) throw new Error("refused"); return { echo: e }; };'));
        const server = await startLambdaServer(new Map([["arn:aws:lambda:ap-northeast-2:123456789012:function:f", fn]]));
        try {
            const url = (name: string) => `${server.endpoint}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`;
            const ok = await post(url("arn:aws:lambda:ap-northeast-2:123456789012:function:f"), '{"a":1}');
            assert.deepStrictEqual([ok.status, ok.headers["x-amz-function-error"], ok.body], [200, undefined, '{"echo":{"a":1}}']);
            const failed = await post(url("arn:aws:lambda:ap-northeast-2:123456789012:function:f"), '{"fail":true}');
            assert.deepStrictEqual([failed.status, failed.headers["x-amz-function-error"], failed.body], [200, "Unhandled", '{"errorType":"Error","errorMessage":"refused"}']);
            const unknown = await post(url("g"), "{}");
            assert.deepStrictEqual([unknown.status, unknown.headers["x-amzn-errortype"], unknown.body], [404, "ResourceNotFoundException", '{"Type":"User","message":"Function not found: g"}']);
            assert.deepStrictEqual(
                server.invocations.map((i) => [i.functionName, i.event, i.error]),
                [
                    ["arn:aws:lambda:ap-northeast-2:123456789012:function:f", { a: 1 }, undefined],
                    ["arn:aws:lambda:ap-northeast-2:123456789012:function:f", { fail: true }, "refused"],
                ],
            );
        } finally {
            await server.close();
        }
    });
});
