import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { preSignUpHandlerCode, transpileHandlerSource } from "../../../components/handlerCode";
import { BUILD, ROOT } from "../../harness";

describe("deployed handler code", () => {
    it("is the compiled lambdas/preSignUp.ts, one file requiring nothing, at most 4 KB", () => {
        const code = preSignUpHandlerCode();
        assert.strictEqual(code, fs.readFileSync(path.join(BUILD, "lambdas", "preSignUp.js"), "utf8"));
        assert.ok(Buffer.byteLength(code) <= 4096, `${Buffer.byteLength(code)} bytes`);
        assert.ok(!/\brequire\(/.test(code), "no require() at all");
        assert.match(code, /exports\.handler =/);
    });

    it("is byte-identical whether read from the build or transpiled from sources (pulumi up via ts-node)", () => {
        assert.strictEqual(transpileHandlerSource(ROOT), preSignUpHandlerCode());
    });
});
