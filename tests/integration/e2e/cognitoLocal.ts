// cognito-local as a child process: own temporary working directory (it reads `.cognito/config.json`
// and keeps its database under `.cognito/db` relative to the cwd), a free loopback port, readiness
// by polling its /health route, captured output, and a stop that always leaves no process behind.
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { freePort, LOOPBACK } from "./freePort";

export interface CognitoLocal {
    endpoint: string;
    /** Everything the emulator printed so far, colours stripped. */
    output(): string;
    stop(): Promise<void>;
}

const MAX_OUTPUT = 256 * 1024;

/** The emulator's entry script, run with this Node rather than through a shell or npx. */
function cognitoLocalBin(): string {
    const pkgPath = require.resolve("cognito-local/package.json");
    const bin = (JSON.parse(fs.readFileSync(pkgPath, "utf8")) as { bin: string | Record<string, string> }).bin;
    return path.join(path.dirname(pkgPath), typeof bin === "string" ? bin : bin["cognito-local"]);
}

function healthy(url: string): Promise<boolean> {
    return new Promise((resolve) => {
        const req = http.get(url, { timeout: 500 }, (res) => {
            res.resume();
            resolve(res.statusCode === 200);
        });
        req.on("timeout", () => req.destroy());
        req.on("error", () => resolve(false));
    });
}

function exited(child: ChildProcess): boolean {
    return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
    if (exited(child)) return Promise.resolve(true);
    return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        child.once("exit", () => {
            clearTimeout(timer);
            resolve(true);
        });
    });
}

/** Start cognito-local with `config` as its `.cognito/config.json`; resolves once it answers /health. */
export async function startCognitoLocal(config: Record<string, unknown>, readyTimeoutMs = 15_000): Promise<CognitoLocal> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognito-local-"));
    fs.mkdirSync(path.join(dir, ".cognito"));
    fs.writeFileSync(path.join(dir, ".cognito", "config.json"), JSON.stringify(config, null, 2));
    const port = await freePort();
    const endpoint = `http://${LOOPBACK}:${port}`;

    let captured = "";
    const child = spawn(process.execPath, [cognitoLocalBin()], {
        cwd: dir,
        // PORT/HOST also set the token issuer; the SDK v2 banner is noise in failure output.
        env: { ...process.env, PORT: String(port), HOST: LOOPBACK, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1" },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const append = (chunk: Buffer) => {
        captured = (captured + chunk.toString("utf8")).slice(-MAX_OUTPUT);
    };
    child.stdout!.on("data", append);
    child.stderr!.on("data", append);
    // Last resort if the test process ends before `after` runs (synchronous work only in an exit hook).
    const killOnExit = () => {
        child.kill("SIGKILL");
        fs.rmSync(dir, { recursive: true, force: true });
    };
    process.once("exit", killOnExit);

    // Strip ANSI colour codes from the emulator's output.
    const output = () => captured.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
    const stop = async () => {
        process.removeListener("exit", killOnExit);
        if (!exited(child)) {
            child.kill("SIGTERM");
            if (!(await waitForExit(child, 3_000))) {
                child.kill("SIGKILL");
                await waitForExit(child, 3_000);
            }
        }
        fs.rmSync(dir, { recursive: true, force: true });
    };

    const deadline = Date.now() + readyTimeoutMs;
    try {
        for (;;) {
            if (exited(child)) throw new Error(`cognito-local exited with ${child.exitCode ?? child.signalCode} before it was ready`);
            if (await healthy(`${endpoint}/health`)) break;
            if (Date.now() > deadline) throw new Error(`cognito-local did not answer ${endpoint}/health within ${readyTimeoutMs} ms`);
            await new Promise((r) => setTimeout(r, 50));
        }
    } catch (err) {
        await stop();
        throw new Error(`${(err as Error).message}\n--- cognito-local output ---\n${output()}`);
    }
    return { endpoint, output, stop };
}
