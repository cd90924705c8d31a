// tools/previewGuard.ts: reads `pulumi preview --json` and refuses destructive steps on the pools.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DESTRUCTIVE_OPS, destructiveSteps, main } from "../../../tools/previewGuard";
import { T } from "../../harness";

const urn = (type: string, name: string) => `urn:pulumi:dev::cognito-auth::cognito-auth:index:CognitoAuth$${type}::${name}`;
const step = (op: string, type: string, name: string, state: "new" | "old" | "none" = "new") => ({
    op,
    urn: urn(type, name),
    ...(state === "new" ? { newState: { type } } : state === "old" ? { oldState: { type } } : {}),
});

describe("preview guard", () => {
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "preview-guard-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("passes creates, updates and unchanged pools, and anything done to other resources", () => {
        const preview = {
            steps: [
                step("same", T.userPool, "auth-user-pool"),
                step("update", T.identityPool, "auth-identity-pool"),
                step("create", T.userPool, "auth-new-pool"),
                ...DESTRUCTIVE_OPS.map((op) => step(op, T.role, `role-${op}`)),
            ],
        };
        assert.deepStrictEqual(destructiveSteps(preview), []);
    });

    it("catches every destructive operation on either pool, typed from the state or the URN", () => {
        for (const op of DESTRUCTIVE_OPS) {
            for (const type of [T.userPool, T.identityPool]) {
                for (const state of ["new", "old", "none"] as const) {
                    const found = destructiveSteps({ steps: [step(op, type, "p", state)] });
                    assert.deepStrictEqual(found.map((s) => [s.op, s.type]), [[op, type]], `${op} ${type} ${state}`);
                }
            }
        }
    });

    it("fails closed on anything that is not a preview", () => {
        assert.throws(() => destructiveSteps({}), /no steps list/);
        assert.throws(() => destructiveSteps(null), /no steps list/);
    });

    it("exits 1 on destructive steps, 0 when clean or allowed, 2 on unreadable input", () => {
        const clean = path.join(tmp, "clean.json");
        const bad = path.join(tmp, "bad.json");
        fs.writeFileSync(clean, JSON.stringify({ steps: [step("same", T.userPool, "auth-user-pool")] }));
        fs.writeFileSync(bad, JSON.stringify({ steps: [{ ...step("replace", T.userPool, "auth-user-pool"), replaceReasons: ["schemas"] }] }));
        const logs: string[] = [];
        const log = (l: string) => logs.push(l);
        assert.strictEqual(main([clean], log), 0);
        assert.strictEqual(main([clean, bad], log), 1);
        assert.ok(logs.some((l) => l.includes("replace urn:pulumi:dev::") && l.includes("(replace reasons: schemas)")), logs.join("\n"));
        assert.strictEqual(main(["--allow-replace", bad], log), 0);
        assert.strictEqual(main([path.join(tmp, "missing.json")], log), 2);
        assert.strictEqual(main([], log), 2);
    });
});
