// `pulumi up` runs index.ts from the TypeScript sources through ts-node, not the compiled dist/ the
// other tests use. Run that path too (in a child process, so ts-node stays out of this one) and
// check it declares the same resources and deploys the same handler bytes.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { preSignUpHandlerCode } from "../../components/handlerCode";
import { BUILD, evaluateStack, ROOT } from "../harness";

const CHILD = `
const path = require("path");
const [build, root] = process.argv.slice(1);
const h = require(path.join(build, "tests", "harness.js"));
const pulumi = require("@pulumi/pulumi");
// As Pulumi's Node.js host does for TypeScript programs (type-checking is the build's job here).
require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
pulumi.runtime.setAllConfig(h.stackConfig("dev"));
h.evaluate(() => require(path.join(root, "index.ts"))).then((e) => {
    const code = require(path.join(root, "components", "handlerCode.ts")).preSignUpHandlerCode();
    process.stdout.write(JSON.stringify({ resources: e.resources.map((r) => [r.type, r.name, r.inputs]), code, loadedFromSources: require.resolve(path.join(root, "index")).endsWith(".ts") }));
    process.exit(0);
});
`;

describe("the stack program run from sources (ts-node, as `pulumi up` does)", () => {
    it("declares the same resources and deploys the same handler bytes as the build", async () => {
        const out = JSON.parse(execFileSync(process.execPath, ["-e", CHILD, BUILD, ROOT], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
        assert.strictEqual(out.loadedFromSources, true);
        assert.strictEqual(out.code, preSignUpHandlerCode());
        const built = await evaluateStack("dev");
        assert.deepStrictEqual(out.resources, JSON.parse(JSON.stringify(built.resources.map((r) => [r.type, r.name, r.inputs]))));
    });
});
