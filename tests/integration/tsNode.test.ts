// `pulumi up` runs index.ts from the TypeScript sources through ts-node, not the compiled dist/ the
// other tests use. Run that path too (in a child process, so ts-node stays out of this one) and
// check it declares the same resources and deploys the same handler bytes.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { lambdaCode } from "../../components/handlerCode";
import { BUILD, evaluateStack, plainInputs, ROOT } from "../harness";

const CHILD = `
const path = require("path");
const [build, root] = process.argv.slice(1);
const h = require(path.join(build, "tests", "harness.js"));
const pulumi = require("@pulumi/pulumi");
// As Pulumi's Node.js host does for TypeScript programs (type-checking is the build's job here).
require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
const config = h.stackConfig("dev");
pulumi.runtime.setAllConfig(config);
require(path.join(build, "tools", "evaluate.js")).setRegion(config["aws:region"]);
h.evaluate(() => require(path.join(root, "index.ts"))).then(async (e) => {
    const sources = require(path.join(root, "components", "handlerCode.ts"));
    const resources = await Promise.all(e.resources.map(async (r) => [r.type, r.name, await h.plainInputs(r)]));
    process.stdout.write(JSON.stringify({
        resources,
        code: { preSignUp: sources.lambdaCode("preSignUp"), iotAttach: sources.lambdaCode("iotAttach") },
        loadedFromSources: require.resolve(path.join(root, "index")).endsWith(".ts"),
    }));
    process.exit(0);
});
`;

describe("the stack program run from sources (ts-node, as `pulumi up` does)", () => {
    it("declares the same resources and deploys the same handler bytes as the build", async function () {
        this.timeout(60_000);
        const out = JSON.parse(execFileSync(process.execPath, ["-e", CHILD, BUILD, ROOT], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
        assert.strictEqual(out.loadedFromSources, true);
        assert.deepStrictEqual(out.code, { preSignUp: lambdaCode("preSignUp"), iotAttach: lambdaCode("iotAttach") });
        const built = await evaluateStack("dev");
        const expected = await Promise.all(built.resources.map(async (r) => [r.type, r.name, await plainInputs(r)]));
        assert.deepStrictEqual(out.resources, JSON.parse(JSON.stringify(expected)));
    });
});
