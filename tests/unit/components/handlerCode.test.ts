// The bytes each built-in function deploys: the compiled handler, the same whether read from the
// build or transpiled from sources as `pulumi up` (ts-node) does.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { lambdaArchive, lambdaCode, transpileLambdaSource, type LambdaName } from "../../../components/handlerCode";
import { BUILD, ROOT } from "../../harness";

/** What each handler may require at run time: nothing, or the AWS SDK client the Lambda runtime ships. */
const REQUIRES: Record<LambdaName, string[]> = { preSignUp: [], iotAttach: ["@aws-sdk/client-iot"] };
const MAX_BYTES: Record<LambdaName, number> = { preSignUp: 4096, iotAttach: 10240 };

describe("deployed handler code", () => {
    for (const name of Object.keys(REQUIRES) as LambdaName[]) {
        it(`${name}: the compiled lambdas/${name}.ts, one file, at most ${MAX_BYTES[name]} bytes, requiring only ${REQUIRES[name].join(", ") || "nothing"}`, () => {
            const code = lambdaCode(name);
            assert.strictEqual(code, fs.readFileSync(path.join(BUILD, "lambdas", `${name}.js`), "utf8"));
            assert.ok(Buffer.byteLength(code) <= MAX_BYTES[name], `${Buffer.byteLength(code)} bytes`);
            const required = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]);
            assert.deepStrictEqual([...new Set(required)], REQUIRES[name]);
            assert.match(code, /exports\.handler =/);
        });

        it(`${name}: byte-identical whether read from the build or transpiled from sources (pulumi up via ts-node)`, () => {
            assert.strictEqual(transpileLambdaSource(name, ROOT), lambdaCode(name));
        });

        it(`${name}: deployed as an archive holding index.js alone, so its hash changes only with the code`, async () => {
            const assets = await lambdaArchive(name).assets;
            assert.deepStrictEqual(Object.keys(assets), ["index.js"]);
            assert.strictEqual(await (assets["index.js"] as unknown as { text: Promise<string> }).text, lambdaCode(name));
        });
    }

    it("transpiles from the directory above components/ by default (the project when running from sources; the build has no tsconfig.json), naming a tsconfig it cannot read", () => {
        assert.throws(() => transpileLambdaSource("preSignUp"), (e: Error) => e.message.startsWith(`cannot read ${path.join(BUILD, "tsconfig.json")}: `) && /Cannot read file/.test(e.message));
    });
});
