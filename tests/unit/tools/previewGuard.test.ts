// tools/previewGuard.ts: reads `pulumi preview --json` and refuses destructive steps on the stateful
// resources (user pool, clients, identity pool) and user pool updates that change the schema.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DESTRUCTIVE_OPS, main, refusedSteps, schemaUpdateFails, USAGE } from "../../../tools/previewGuard";
import { T } from "../../harness";

const urn = (type: string, name: string) => `urn:pulumi:dev::cognito-auth::cognito-auth:index:CognitoAuth$${type}::${name}`;
const step = (op: string, type: string, name: string, state: "new" | "old" | "none" = "new") => ({
    op,
    urn: urn(type, name),
    ...(state === "new" ? { newState: { type } } : state === "old" ? { oldState: { type } } : {}),
});
/** An update of the user pool with these detailed-diff kinds (pulumi/pkg/display/json.go propertyDiff). */
const poolUpdate = (detailedDiff?: Record<string, string>, diffReasons = ["schemas"]) => ({
    ...step("update", T.userPool, "auth-user-pool"),
    diffReasons,
    ...(detailedDiff ? { detailedDiff: Object.fromEntries(Object.entries(detailedDiff).map(([p, kind]) => [p, { kind, inputDiff: true }])) } : {}),
});

describe("preview guard", () => {
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "preview-guard-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("passes creates, updates and unchanged stateful resources, and anything done to other resources", () => {
        const preview = {
            steps: [
                step("same", T.userPool, "auth-user-pool"),
                step("update", T.identityPool, "auth-identity-pool"),
                step("update", T.client, "auth-web-client"),
                step("create", T.userPool, "auth-new-pool"),
                step("create", T.client, "auth-new-client"),
                ...DESTRUCTIVE_OPS.map((op) => step(op, T.role, `role-${op}`)),
                ...DESTRUCTIVE_OPS.map((op) => step(op, T.fn, `fn-${op}`)),
            ],
        };
        assert.deepStrictEqual(refusedSteps(preview), []);
    });

    it("catches every destructive operation on a pool or a client, typed from the state or the URN", () => {
        for (const op of DESTRUCTIVE_OPS) {
            for (const type of [T.userPool, T.client, T.identityPool]) {
                for (const state of ["new", "old", "none"] as const) {
                    const found = refusedSteps({ steps: [step(op, type, "p", state)] });
                    assert.deepStrictEqual(found.map((s) => [s.op, s.type]), [[op, type]], `${op} ${type} ${state}`);
                }
            }
        }
    });

    it("names the engine's replace reasons", () => {
        const [found] = refusedSteps({ steps: [{ ...step("replace", T.client, "auth-app-client"), replaceReasons: ["generateSecret"] }] });
        assert.deepStrictEqual(found, { op: "replace", urn: urn(T.client, "auth-app-client"), type: T.client, why: "replace reasons: generateSecret" });
    });

    it("refuses a user pool update that changes or removes schema entries, and passes one that only adds", () => {
        // terraform-provider-aws user_pool.go: AddCustomAttributes when only entries are added, else "cannot modify or remove schema items".
        assert.strictEqual(schemaUpdateFails(poolUpdate({ "schemas[1]": "add" })), false);
        assert.strictEqual(schemaUpdateFails(poolUpdate({ "schemas[0].mutable": "update" })), true);
        assert.strictEqual(schemaUpdateFails(poolUpdate({ "schemas[0]": "delete" })), true);
        assert.strictEqual(schemaUpdateFails(poolUpdate({ "schemas[1]": "add", "schemas[0].required": "update" })), true);
        assert.strictEqual(schemaUpdateFails(poolUpdate(undefined)), true, "without a detailed diff an addition cannot be told from a change");
        // Other inputs of the pool update in place.
        assert.strictEqual(schemaUpdateFails(poolUpdate({ mfaConfiguration: "update" }, ["mfaConfiguration"])), false);
        assert.strictEqual(schemaUpdateFails(poolUpdate(undefined, ["passwordPolicy"])), false);
        // Only updates of user pools.
        assert.strictEqual(schemaUpdateFails({ ...poolUpdate({ "schemas[0]": "delete" }), op: "same" }), false);
        assert.strictEqual(schemaUpdateFails({ ...step("update", T.client, "c"), diffReasons: ["schemas"] }), false);
        const [found] = refusedSteps({ steps: [poolUpdate({ "schemas[0].mutable": "update" })] });
        assert.deepStrictEqual([found.op, found.type, found.why], ["update", T.userPool, 'changes or removes schema entries: the update fails with "cannot modify or remove schema items"']);
    });

    it("fails closed on anything that is not a preview", () => {
        assert.throws(() => refusedSteps({}), /no steps list/);
        assert.throws(() => refusedSteps(null), /no steps list/);
    });

    it("exits 1 on refused steps, 0 when clean or allowed, 2 on usage errors or unreadable input", () => {
        const clean = path.join(tmp, "clean.json");
        const bad = path.join(tmp, "bad.json");
        const schema = path.join(tmp, "schema.json");
        fs.writeFileSync(clean, JSON.stringify({ steps: [step("same", T.userPool, "auth-user-pool"), step("update", T.client, "auth-app-client")] }));
        fs.writeFileSync(bad, JSON.stringify({ steps: [{ ...step("replace", T.userPool, "auth-user-pool"), replaceReasons: ["usernameAttributes"] }] }));
        fs.writeFileSync(schema, JSON.stringify({ steps: [poolUpdate({ "schemas[0]": "delete" })] }));
        const logs: string[] = [];
        const log = (l: string) => logs.push(l);
        assert.strictEqual(main([clean], log), 0);
        assert.deepStrictEqual(logs, [`${clean}: no user pool, user pool client or identity pool would be replaced or deleted, and no user pool schema would change`]);
        logs.length = 0;
        assert.strictEqual(main([clean, bad], log), 1);
        assert.deepStrictEqual(logs.slice(1), [
            `${bad}: replace ${urn(T.userPool, "auth-user-pool")} (replace reasons: usernameAttributes)`,
            "Refusing: 1 step(s) would replace, delete or fail to update a stateful resource. If that is intended, re-run with --allow-replace.",
        ]);
        assert.strictEqual(main([schema], log), 1);
        assert.strictEqual(main([bad, "--allow-replace"], log), 0, "the flag may come anywhere");
        assert.strictEqual(logs[logs.length - 1], "1 step(s) would replace, delete or fail to update a stateful resource; allowed by --allow-replace");
        assert.strictEqual(main([path.join(tmp, "missing.json")], log), 2);
        logs.length = 0;
        assert.strictEqual(main([], log), 2);
        assert.deepStrictEqual(logs, [USAGE]);
        logs.length = 0;
        assert.strictEqual(main(["--allow-replace"], log), 2, "no preview file");
        assert.strictEqual(main(["--force", clean], log), 2);
        assert.match(logs[logs.length - 1], /^Unknown option '--force'[\s\S]*\nusage: previewGuard \[--allow-replace\] <preview\.json>\.\.\.$/);
        assert.strictEqual(main(["--allow-replace=yes", clean], log), 2);
        assert.match(logs[logs.length - 1], /^Option '--allow-replace' does not take an argument/);
    });
});
