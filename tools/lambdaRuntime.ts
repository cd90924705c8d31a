// The Node.js binary of a Lambda runtime's major version, so tests run deployed handler bytes on the
// Node that Lambda would run them on, not on whatever Node runs the tests (Node 20 here, while the
// component deploys `nodejs24.x`). A binary of another major comes from npm's `node` package through
// npx: the first call on a machine downloads it (10–20 s), later ones find it in the npx cache (1–2 s).
import { execFileSync } from "child_process";
import { FUNCTION_RUNTIME } from "../components/functions";

const resolved = new Map<number, string>();

/** The Node major of a Lambda runtime identifier: "nodejs24.x" → 24. */
export function runtimeMajor(runtime: string): number {
    const match = /^nodejs(\d+)\.x$/.exec(runtime);
    if (!match) throw new Error(`${JSON.stringify(runtime)} is not a Node.js Lambda runtime (expected "nodejs<major>.x")`);
    return Number(match[1]);
}

function run(file: string, args: string[]): string {
    return execFileSync(file, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 180_000 }).trim();
}

/**
 * Path of a Node binary whose major is the runtime's, resolved once per process: this process's own
 * binary when its major matches, otherwise the one `npx -y -p node@<major>` installs. Throws with
 * the reason (and what to do) when neither is available, and when the binary found is of another major.
 */
export function lambdaNode(runtime: string = FUNCTION_RUNTIME): string {
    const major = runtimeMajor(runtime);
    const cached = resolved.get(major);
    if (cached !== undefined) return cached;
    let binary: string;
    if (process.versions.node.split(".")[0] === String(major)) {
        binary = process.execPath;
    } else {
        // `npx --call` runs the command with the package's bin directory first on PATH. From the npx cache
        // alone first (no registry round trip, works offline); from the registry when it is not cached yet.
        const npx = (...mode: string[]) => run("npx", [...mode, "--yes", "--package", `node@${major}`, "--call", "command -v node"]).split("\n").pop()!;
        try {
            binary = npx("--offline");
        } catch {
            try {
                binary = npx();
            } catch (err) {
                const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
                throw new Error(
                    `cannot get a Node ${major} binary for the Lambda runtime ${runtime}: \`npx --yes --package node@${major}\` failed: ${detail}\n` +
                        `It needs the npm registry once (then the npx cache); or run the tests on Node ${major}.`,
                );
            }
        }
    }
    const version = run(binary, ["-p", "process.version"]);
    if (!version.startsWith(`v${major}.`)) throw new Error(`${binary} is Node ${version}, not Node ${major} as the Lambda runtime ${runtime} needs`);
    resolved.set(major, binary);
    return binary;
}
