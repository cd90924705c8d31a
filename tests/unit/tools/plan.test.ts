// The offline plan (tools/plan.ts): built from the real stack program under the shared mocks,
// deterministic, diffed with a refusal for replacing or deleting the stateful resources (pools and
// clients) or changing a pool's schema, and the README diagram.
import * as assert from "assert";
import * as child_process from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { lambdaCode } from "../../../components/handlerCode";
import { graphPath, parseArgs, run, USAGE, UsageError } from "../../../tools/plan";
import { diffPlans, REPLACEMENT_INPUTS, renderDiff, schemaEntriesLost, STATEFUL_TYPES, valueChanges } from "../../../tools/planDiff";
import { README_COMMAND, README_END, README_START, readmeBlock, renderMermaid, renderReadmeBlock, replaceReadmeBlock } from "../../../tools/planGraph";
import { buildPlan, keyOfUrn, parsePlan, planStack, REDACTED, renderListing, serializePlan, shortType, type Json, type Plan, type PlannedResource } from "../../../tools/planModel";
import { BUILD, evaluate, evaluateStack, ROOT, T } from "../../harness";

const clone = (plan: Plan): Plan => JSON.parse(JSON.stringify(plan)) as Plan;
const only = (plan: Plan, type: string): PlannedResource => {
    const found = plan.resources.filter((r) => r.type === type);
    assert.strictEqual(found.length, 1, `one ${type}`);
    return found[0];
};
const named = (plan: Plan, type: string, name: string): PlannedResource => {
    const found = plan.resources.find((r) => r.key === `${type}::${name}`);
    assert.ok(found, `${type}::${name} is in the plan`);
    return found;
};
const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const key = (type: string, name: string) => `${type}::${name}`;
/** The stateful resources of either stack: the pools and the two clients. */
const STATEFUL_KEYS = [
    key(T.identityPool, "auth-identity-pool"),
    key(T.userPool, "auth-user-pool"),
    key(T.client, "auth-app-client"),
    key(T.client, "auth-web-client"),
];

/** Every object in a JSON value, with its path. */
function objects(value: Json, at = "$"): [string, { [k: string]: Json }][] {
    if (Array.isArray(value)) return value.flatMap((v, i) => objects(v, `${at}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    return [[at, value], ...Object.entries(value).flatMap(([k, v]) => objects(v, `${at}.${k}`))];
}

describe("offline plan", () => {
    let dev: Plan;
    let prod: Plan;
    let tmp: string;
    before(async () => {
        dev = await planStack("dev");
        prod = await planStack("prod");
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    describe("building", () => {
        it("is byte-identical across evaluations: JSON, listing and graph", async () => {
            for (const [stack, first] of [["dev", dev], ["prod", prod]] as const) {
                const again = await planStack(stack);
                assert.strictEqual(serializePlan(again), serializePlan(first), stack);
                assert.strictEqual(renderListing(again), renderListing(first), stack);
                assert.strictEqual(renderMermaid(again), renderMermaid(first), stack);
            }
        });

        it("has every resource the program registers, with parents and dependencies that resolve", async () => {
            for (const [stack, plan] of [["dev", dev], ["prod", prod]] as const) {
                const e = await evaluateStack(stack);
                assert.deepStrictEqual(plan.resources.map((r) => r.key).sort(), e.resources.map((r) => `${r.type}::${r.name}`).sort());
                const keys = new Set(plan.resources.map((r) => r.key));
                for (const r of plan.resources) {
                    for (const dep of r.dependencies) assert.ok(keys.has(dep), `${r.key} depends on ${dep}, which is in the plan`);
                    if (r.parent !== null) assert.ok(keys.has(r.parent), `${r.key}'s parent ${r.parent} is in the plan`);
                    const recorded = e.resources.find((x) => x.type === r.type && x.name === r.name)!;
                    assert.deepStrictEqual([r.protect, r.retainOnDelete], [recorded.protect, recorded.retainOnDelete], r.key);
                }
                // Parents come before their children.
                const index = new Map(plan.resources.map((r, i) => [r.key, i]));
                for (const r of plan.resources) if (r.parent !== null) assert.ok(index.get(r.parent)! < index.get(r.key)!, r.key);
            }
        });

        it("names resources by type and name, since a logical name alone can be shared", () => {
            const names = dev.resources.map((r) => r.name);
            assert.ok(new Set(names).size < names.length, "this stack reuses a logical name across types");
            assert.strictEqual(new Set(dev.resources.map((r) => r.key)).size, dev.resources.length);
            assert.strictEqual(keyOfUrn("urn:pulumi:s::p::a:b:C$aws:iam/role:Role::my-role"), "aws:iam/role:Role::my-role");
        });

        it("represents each function's code by the sha256 of its deployed handler bytes", () => {
            const archive = (code: string) => ({ $archive: { assets: { "index.js": { $asset: { kind: "string", sha256: sha256(code) } } }, kind: "assets" } });
            assert.deepStrictEqual(named(dev, T.fn, "auth-pre-sign-up").inputs.code, archive(lambdaCode("preSignUp")));
            assert.deepStrictEqual(named(dev, T.fn, "auth-iot-attach").inputs.code, archive(lambdaCode("iotAttach")));
            assert.notStrictEqual(lambdaCode("preSignUp"), lambdaCode("iotAttach"));
        });

        it("holds only plain JSON with sorted keys: no Output, asset or secret values", () => {
            for (const plan of [dev, prod]) {
                assert.deepStrictEqual(JSON.parse(serializePlan(plan)), plan);
                for (const r of plan.resources) {
                    for (const [at, obj] of objects(r.inputs)) {
                        const keys = Object.keys(obj);
                        assert.deepStrictEqual(keys, [...keys].sort(), `${r.key} ${at}`);
                    }
                }
                assert.strictEqual(plan.outputs.appClientSecret, REDACTED);
                assert.ok(!serializePlan(plan).includes("generated-secret-of"), "the mock client secret is not in the plan");
            }
        });

        it("redacts secret inputs wherever they are", async () => {
            const e = await evaluate(() => {
                new aws.iam.Role("r", { assumeRolePolicy: pulumi.secret('{"hush":"s3cr3t-policy"}'), tags: { a: "visible", b: pulumi.secret("s3cr3t-tag") } });
                return {};
            });
            const plan = await buildPlan("x", e, null);
            const role = only(plan, T.role);
            assert.strictEqual(role.inputs.assumeRolePolicy, REDACTED);
            assert.ok(!serializePlan(plan).includes("s3cr3t"), serializePlan(plan));
        });

        it("lists every resource once with its key inputs and the protect flags", () => {
            for (const plan of [dev, prod]) {
                const lines = renderListing(plan).split("\n");
                assert.match(lines[0], new RegExp(`^Stack ${plan.stack} \\(ap-northeast-2\\): ${plan.resources.length} resources`));
                assert.strictEqual(lines.length, plan.resources.length + 1);
                const lineOf = (r: PlannedResource) => lines.find((l) => l.trim().split(/\s+/, 2).join(" ") === `${r.name} ${shortType(r.type)}`)!;
                const pool = only(plan, T.userPool);
                for (const k of ["name", "deletionProtection", "userPoolTier"]) assert.ok(lineOf(pool).includes(`${k}=${pool.inputs[k] as string}`), lineOf(pool));
                for (const r of plan.resources) {
                    const flags = r.protect && r.retainOnDelete ? "  [protect, retainOnDelete]" : r.retainOnDelete ? "  [retainOnDelete]" : "";
                    assert.ok(flags === "" ? !lineOf(r).endsWith("]") : lineOf(r).endsWith(flags), lineOf(r));
                }
                for (const fn of plan.resources.filter((r) => r.type === T.fn)) {
                    assert.ok(lineOf(fn).includes(`runtime=${fn.inputs.runtime as string}`) && lineOf(fn).includes(`timeout=${fn.inputs.timeout as number}`), lineOf(fn));
                }
                for (const client of plan.resources.filter((r) => r.type === T.client)) {
                    assert.ok(lineOf(client).includes(`name=${client.inputs.name as string} generateSecret=${client.inputs.generateSecret as boolean}`), client.key);
                }
                assert.match(lineOf(named(plan, "aws:apigatewayv2/route:Route", "auth-iot-attach-route")), / {2}routeKey=POST \/attach authorizationType=AWS_IAM$/);
            }
            // Production protects and retains exactly the stateful resources; dev protects nothing.
            const flagged = (plan: Plan, flag: "protect" | "retainOnDelete") => plan.resources.filter((r) => r[flag]).map((r) => r.key).sort();
            assert.deepStrictEqual(flagged(prod, "protect"), [...STATEFUL_KEYS].sort());
            assert.deepStrictEqual(flagged(prod, "retainOnDelete"), [...STATEFUL_KEYS, key(T.iotPolicy, "auth-iot-policy")].sort());
            assert.deepStrictEqual(flagged(dev, "protect"), []);
        });
    });

    describe("graph", () => {
        it("draws every resource, nests children in their component and draws every dependency", () => {
            const graph = renderMermaid(dev);
            const lines = graph.trimEnd().split("\n");
            assert.strictEqual(lines[0], "graph TD");
            const ids = new Map<string, string>();
            for (const r of dev.resources) {
                const label = `"${r.name}<br/>${shortType(r.type)}"`;
                const line = lines.find((l) => (r.custom ? l.includes(`[${label}]`) || l.includes(`[(${label})]`) : l.includes(`subgraph `) && l.includes(`["${r.name}: `)));
                assert.ok(line, `${r.key} is drawn`);
                const id = line.trim().replace(/^subgraph /, "").split(/[[(]/)[0];
                assert.match(id, /^[A-Za-z0-9_]+$/);
                ids.set(r.key, id);
                if (STATEFUL_TYPES.includes(r.type)) assert.match(line, /\[\(".*"\)\]:::stateful$/, "stateful resources are cylinders");
            }
            assert.strictEqual(new Set(ids.values()).size, dev.resources.length, "ids are unique");
            const edges = lines.filter((l) => l.includes(" --> ")).map((l) => l.trim());
            const expected = dev.resources.flatMap((r) => r.dependencies.map((d) => `${ids.get(d)} --> ${ids.get(r.key)}`));
            assert.deepStrictEqual([...edges].sort(), [...expected].sort());
            // Children sit inside the component's subgraph, which closes after them.
            const component = dev.resources.find((r) => !r.custom)!;
            const open = lines.findIndex((l) => l.trim().startsWith(`subgraph ${ids.get(component.key)}[`));
            const close = lines.findIndex((l, i) => i > open && l === "    end");
            for (const r of dev.resources.filter((x) => x.parent === component.key)) {
                const i = lines.findIndex((l) => l.trim().startsWith(`${ids.get(r.key)}[`));
                assert.ok(open < i && i < close, `${r.key} is inside ${component.key}`);
            }
        });
    });

    describe("diff", () => {
        it("finds nothing between a plan and itself", () => {
            const diff = diffPlans(dev, dev);
            assert.deepStrictEqual([diff.added, diff.removed, diff.changed, diff.hazards], [[], [], [], []]);
            assert.match(renderDiff(diff, "dev", "base.json", false), /\nNo user pool, user pool client or identity pool would be replaced or deleted, and no update of one would fail\.$/);
        });

        it("lets a log retention change pass, listing the changed input of each log group with both values", async () => {
            const current = await planStack("dev", { "cognito-auth:logRetentionDays": 30 });
            const logGroups = dev.resources.filter((r) => r.type === T.logGroup).map((r) => r.key);
            assert.deepStrictEqual(logGroups, [key(T.logGroup, "auth-iot-attach-access-logs"), key(T.logGroup, "auth-iot-attach-logs"), key(T.logGroup, "auth-pre-sign-up-logs")]);
            const diff = diffPlans(dev, current);
            assert.deepStrictEqual(diff.hazards, []);
            assert.deepStrictEqual(diff.changed.map((c) => c.resource.key), logGroups);
            for (const c of diff.changed) assert.deepStrictEqual(c.changes, [{ path: "retentionInDays", before: 14, after: 30 }], c.resource.key);
            const text = renderDiff(diff, "dev", "base.json", false);
            assert.match(text, /0 added, 0 removed, 3 changed/);
            assert.ok(text.includes(`~ ${T.logGroup}  auth-pre-sign-up-logs\n      retentionInDays: 14 → 30`), text);
            assert.ok(!text.includes("Refusing"), text);
        });

        it("refuses changing or removing a schema entry of an existing pool as an update that fails, unless allowed", () => {
            // terraform-provider-aws user_pool.go: "cannot modify or remove schema items" unless the change only adds entries.
            const base = clone(dev);
            const schema = (only(base, T.userPool).inputs.schemas as { mutable: boolean }[])[0];
            schema.mutable = !schema.mutable;
            const diff = diffPlans(base, dev);
            assert.deepStrictEqual(diff.hazards, [
                {
                    key: key(T.userPool, "auth-user-pool"),
                    action: "fail",
                    reason: 'schemas changed or removed email: the update fails with "cannot modify or remove schema items" (only new entries can be added to an existing pool)',
                },
            ]);
            const refused = renderDiff(diff, "dev", "base.json", false);
            assert.match(refused, /\nUPDATE FAILS aws:cognito\/userPool:UserPool::auth-user-pool: schemas changed or removed email: /);
            assert.match(refused, /\nRefusing: 1 stateful resource\(s\) would be replaced, deleted or fail to update\. [\s\S]*re-run with --allow-replace\.$/);
            assert.match(renderDiff(diff, "dev", "base.json", true), /\n1 stateful resource\(s\) would be replaced, deleted or fail to update; allowed by --allow-replace\.$/);

            const removed = clone(dev);
            (only(removed, T.userPool).inputs.schemas as Json[]).length = 0;
            assert.deepStrictEqual(diffPlans(dev, removed).hazards.map((h) => [h.key, h.action]), [[key(T.userPool, "auth-user-pool"), "fail"]]);
        });

        it("lets schema entries be added, and reads the schema as a set", () => {
            const added = clone(dev);
            const schemas = only(added, T.userPool).inputs.schemas as Json[];
            const tenant = { attributeDataType: "String", developerOnlyAttribute: false, mutable: true, name: "tenant", required: false };
            schemas.push(tenant);
            const diff = diffPlans(dev, added);
            assert.deepStrictEqual(diff.hazards, []);
            assert.deepStrictEqual(diff.changed[0].changes.map((c) => c.path), ["schemas[1]"]);
            // Reordered entries are the same set.
            const reordered = clone(added);
            (only(reordered, T.userPool).inputs.schemas as Json[]).reverse();
            assert.deepStrictEqual(diffPlans(added, reordered).hazards, []);
            assert.deepStrictEqual(schemaEntriesLost([{ name: "a" }, { name: "b" }], [{ name: "b" }, { name: "a" }, { name: "c" }]), []);
            assert.deepStrictEqual(schemaEntriesLost([{ name: "a", mutable: false }], [{ name: "a", mutable: true }]), [{ name: "a", mutable: false }]);
        });

        it("knows the stateful types and the inputs that replace each", () => {
            assert.deepStrictEqual(STATEFUL_TYPES, [T.userPool, T.client, T.identityPool]);
            const inputs = Object.fromEntries(Object.entries(REPLACEMENT_INPUTS).map(([type, rules]) => [type, rules.map((r) => r.input)]));
            assert.deepStrictEqual(inputs, {
                [T.userPool]: ["usernameAttributes", "aliasAttributes", "usernameConfiguration", "region"],
                [T.client]: ["generateSecret", "userPoolId", "region"],
                [T.identityPool]: ["identityPoolName", "developerProviderName", "region"],
            });
            assert.deepStrictEqual(dev.resources.filter((r) => STATEFUL_TYPES.includes(r.type)).map((r) => r.key).sort(), [...STATEFUL_KEYS].sort());
        });

        it("flags each replacement-class input of the pools and the clients, and only those", () => {
            for (const resourceKey of STATEFUL_KEYS) {
                const type = resourceKey.split("::")[0];
                for (const rule of REPLACEMENT_INPUTS[type]) {
                    const current = clone(dev);
                    current.resources.find((r) => r.key === resourceKey)!.inputs[rule.input] = "changed-by-test";
                    const hazards = diffPlans(dev, current).hazards;
                    assert.deepStrictEqual(hazards.map((h) => [h.key, h.action]), [[resourceKey, "replace"]], `${resourceKey} ${rule.input}`);
                    assert.match(hazards[0].reason, new RegExp(`^${rule.input} changed: `));
                }
            }
            // In place: the user pool's display name (provider ≥ 6.6.0), its password policy, the MFA mode;
            // a client's name, auth flows and token validity (UpdateUserPoolClient).
            const current = clone(dev);
            const pool = only(current, T.userPool).inputs as any;
            pool.name = "RenamedUserPool";
            pool.passwordPolicy.minimumLength = 12;
            pool.mfaConfiguration = "ON";
            const client = named(current, T.client, "auth-web-client").inputs as any;
            client.name = "RenamedWeb";
            client.explicitAuthFlows = ["ALLOW_USER_SRP_AUTH"];
            client.accessTokenValidity = 5;
            const diff = diffPlans(dev, current);
            assert.deepStrictEqual(diff.hazards, []);
            assert.deepStrictEqual(
                diff.changed.map((c) => [c.resource.name, c.changes.map((x) => x.path)]),
                [
                    ["auth-user-pool", ["mfaConfiguration", "name", "passwordPolicy.minimumLength"]],
                    ["auth-web-client", ["accessTokenValidity", "explicitAuthFlows[1]", "name"]],
                ],
            );
        });

        it("refuses removing the identity pool, and a logical rename of it, unless allowed", () => {
            const removed = clone(dev);
            removed.resources = removed.resources.filter((r) => r.type !== T.identityPool);
            const diff = diffPlans(dev, removed);
            assert.deepStrictEqual(diff.hazards.map((h) => [h.key, h.action]), [[only(dev, T.identityPool).key, "delete"]]);
            assert.match(renderDiff(diff, "dev", "base.json", false), /^DELETE aws:cognito\/identityPool:IdentityPool::auth-identity-pool: it is no longer declared$/m);

            const renamed = clone(dev);
            const pool = only(renamed, T.identityPool);
            pool.name = "auth-identity-pool-v2";
            pool.key = `${pool.type}::${pool.name}`;
            const rename = diffPlans(dev, renamed);
            assert.deepStrictEqual([rename.added.map((r) => r.name), rename.removed.map((r) => r.name)], [["auth-identity-pool-v2"], ["auth-identity-pool"]]);
            assert.match(rename.hazards[0].reason, /renamed to auth-identity-pool-v2\?/);
        });

        it("refuses removing a client: the apps ship its id", () => {
            const removed = clone(dev);
            removed.resources = removed.resources.filter((r) => r.name !== "auth-web-client");
            const diff = diffPlans(dev, removed);
            assert.deepStrictEqual(diff.hazards, [{ key: key(T.client, "auth-web-client"), action: "delete", reason: "it is no longer declared" }]);
        });

        it("treats a new parent (a new URN) or a new region as a replacement", () => {
            const moved = clone(dev);
            only(moved, T.userPool).parent = null;
            assert.match(diffPlans(dev, moved).hazards[0].reason, /parent changed/);

            const elsewhere = clone(dev);
            elsewhere.region = "eu-west-1";
            const hazards = diffPlans(dev, elsewhere).hazards;
            assert.deepStrictEqual(hazards.map((h) => h.key).sort(), [...STATEFUL_KEYS].sort());
            for (const h of hazards) assert.strictEqual(h.reason, "the stack's region changed (ap-northeast-2 → eu-west-1): every resource is recreated", h.key);
        });

        it("gives precise paths inside JSON policy documents and shows dependency changes as sets", () => {
            const current = clone(dev);
            const policy = only(current, T.iotPolicy);
            const doc = JSON.parse(policy.inputs.policy as string);
            doc.Statement[0].Action.push("iot:Publish");
            policy.inputs.policy = JSON.stringify(doc);
            const fn = key(T.fn, "auth-iot-attach");
            policy.dependencies = [...policy.dependencies, fn];
            const [change] = diffPlans(dev, current).changed;
            assert.deepStrictEqual(change.changes.map((c) => c.path), ["policy<json>.Statement[0].Action[1]", "(dependencies)"]);
            assert.deepStrictEqual(change.changes[1].after, [`+${fn}`]);
            assert.deepStrictEqual(valueChanges({ a: [1, 2] }, { a: [1] }), [{ path: "a[1]", before: 2, after: undefined }]);
        });

        it("reports removed stack outputs", () => {
            const current = clone(dev);
            delete current.outputs.userPoolId;
            const diff = diffPlans(dev, current);
            assert.deepStrictEqual(diff.outputsRemoved, ["userPoolId"]);
            assert.match(renderDiff(diff, "dev", "base.json", false), /stack outputs REMOVED \(consumers may break\): userPoolId/);
        });

        it("reads only plans of its own format", () => {
            assert.throws(() => parsePlan("{", "x.json"), /x\.json is not JSON/);
            assert.throws(() => parsePlan("{}", "x.json"), /not a plan/);
            assert.throws(() => parsePlan(JSON.stringify({ ...dev, format: 99 }), "x.json"), /plan format 99/);
            assert.deepStrictEqual(parsePlan(serializePlan(dev), "x.json"), dev);
        });
    });

    describe("README diagram", () => {
        it("README.md's diagram block is the one generated from the dev stack", () => {
            const file = path.join(ROOT, "README.md");
            const hint = `README.md's resource diagram is missing or stale: run \`${README_COMMAND}\``;
            assert.ok(fs.existsSync(file), `${hint} (README.md does not exist)`);
            let block: string;
            try {
                block = readmeBlock(fs.readFileSync(file, "utf8"));
            } catch (e) {
                assert.fail(`${hint} after adding the ${README_START} and ${README_END} markers (${(e as Error).message})`);
            }
            assert.ok(block === renderReadmeBlock(dev), hint);
        });

        it("rewrites only the block between the markers, and refuses without them", () => {
            const readme = `# Title\n\nBefore.\n${README_START}\nold diagram\n${README_END}\nAfter.\n`;
            const block = renderReadmeBlock(dev);
            const updated = replaceReadmeBlock(readme, block);
            assert.strictEqual(updated, `# Title\n\nBefore.\n${README_START}${block}${README_END}\nAfter.\n`);
            assert.strictEqual(replaceReadmeBlock(updated, block), updated, "idempotent");
            assert.strictEqual(readmeBlock(updated), block);
            assert.match(block, /^\n<!-- Generated .*-->\n```mermaid\ngraph TD\n[\s\S]*\n```\n$/);
            assert.throws(() => replaceReadmeBlock("# no markers\n", block), /no <!-- plan:diagram:start -->/);
            assert.throws(() => replaceReadmeBlock(`${README_END}\n${README_START}\n`, block), /before/);
        });
    });

    describe("command line", () => {
        it("parses its options and rejects bad ones", () => {
            const o = parseArgs(["--stack", "dev", "--diff", "b.json", "--allow-replace"]);
            assert.deepStrictEqual(o, { stack: "dev", out: path.join(ROOT, "plan", "dev.json"), diff: "b.json", allowReplace: true, readme: false });
            assert.deepStrictEqual(parseArgs(["--readme", "--out=x/dev.json", "--stack=dev"]), { stack: "dev", out: path.resolve("x/dev.json"), diff: undefined, allowReplace: false, readme: true });
            assert.strictEqual(graphPath("/x/dev.json"), "/x/dev.mmd");
            assert.strictEqual(graphPath("/x/dev"), "/x/dev.mmd");
            const usage = (argv: string[], message: string) => assert.throws(() => parseArgs(argv), (e: Error) => e instanceof UsageError && e.message === message, argv.join(" "));
            usage([], "--stack is required");
            usage(["--stack"], "--stack needs a value");
            usage(["--stack="], "--stack needs a value");
            usage(["--stack", "--out", "x.json"], "--stack needs a value");
            usage(["--stack", "dev", "--bogus"], "unknown argument --bogus");
            usage(["--stack", "dev", "extra"], "unknown argument extra");
            usage(["--stack", "dev", "--", "x"], "unknown argument --");
            usage(["--stack", "dev", "--readme=yes"], "--readme takes no value");
            usage(["--stack", "dev/x"], "bad stack name dev/x");
            usage(["--stack", "prod", "--readme"], "the README diagram is drawn from the dev stack: npm run plan -- --stack dev --readme");
        });

        it("exits 1 on a refused diff, 0 with --allow-replace, 2 on usage errors", async () => {
            const base = clone(dev);
            const pool = only(base, T.identityPool);
            pool.name = "auth-identity-pool-old";
            pool.key = `${pool.type}::${pool.name}`;
            const baseFile = path.join(tmp, "base.json");
            fs.writeFileSync(baseFile, serializePlan(base));
            const out = path.join(tmp, "inproc", "dev.json");
            const logs: string[] = [];
            const log = (l: string) => logs.push(l);
            assert.strictEqual(await run(["--stack", "dev", "--out", out, "--diff", baseFile], log), 1);
            assert.match(logs.join("\n"), /DELETE aws:cognito\/identityPool:IdentityPool::auth-identity-pool-old/);
            assert.strictEqual(await run(["--stack", "dev", "--out", out, "--diff", baseFile, "--allow-replace"], log), 0);
            assert.strictEqual(fs.readFileSync(out, "utf8"), serializePlan(dev));
            assert.strictEqual(fs.readFileSync(graphPath(out), "utf8"), renderMermaid(dev));
            fs.writeFileSync(baseFile, JSON.stringify({ ...base, format: 0 }));
            assert.strictEqual(await run(["--stack", "dev", "--out", out, "--diff", baseFile], log), 0, "another plan format skips the diff");
            assert.match(logs[logs.length - 1], /^Skipping the diff: .* has plan format 0/);
            fs.writeFileSync(baseFile, "{ not json");
            assert.strictEqual(await run(["--stack", "dev", "--out", out, "--diff", baseFile], log), 2);
            assert.strictEqual(await run(["--stack", "nope", "--out", out], log), 2);
            assert.match(logs[logs.length - 1], /no stack "nope"/);
            assert.strictEqual(await run(["--out", out], log), 2);
            assert.strictEqual(logs[logs.length - 1], `--stack is required\n${USAGE}`);
        });

        it("--readme rewrites the README's diagram block and nothing else", async () => {
            const readme = path.join(tmp, "README.md");
            const original = `# Doc\n\n${README_START}\nstale\n${README_END}\n\nMore text.\n`;
            fs.writeFileSync(readme, original);
            const logs: string[] = [];
            const out = path.join(tmp, "readme", "dev.json");
            assert.strictEqual(await run(["--stack", "dev", "--out", out, "--readme"], (l) => logs.push(l), readme), 0);
            assert.strictEqual(fs.readFileSync(readme, "utf8"), replaceReadmeBlock(original, renderReadmeBlock(dev)));
            assert.strictEqual(await run(["--stack", "dev", "--out", out, "--readme"], (l) => logs.push(l), readme), 0);
            assert.deepStrictEqual(logs.filter((l) => l.includes("README")), ["Updated the diagram in README.md", "README.md diagram is up to date"]);
            fs.writeFileSync(readme, "# no markers\n");
            assert.strictEqual(await run(["--stack", "dev", "--out", out, "--readme"], (l) => logs.push(l), readme), 2);
            assert.strictEqual(fs.readFileSync(readme, "utf8"), "# no markers\n");
        });

        it("runs as a separate process and writes the same bytes as in-process", function () {
            this.timeout(60000);
            const base = clone(dev);
            (only(base, T.userPool).inputs.schemas as { required: boolean }[])[0].required = false;
            const baseFile = path.join(tmp, "schema-base.json");
            fs.writeFileSync(baseFile, serializePlan(base));
            const out = path.join(tmp, "cli", "dev.json");
            const cli = child_process.spawnSync(process.execPath, [path.join(BUILD, "tools", "plan.js"), "--stack", "dev", "--out", out, "--diff", baseFile], {
                encoding: "utf8",
                timeout: 50000,
            });
            assert.strictEqual(cli.status, 1, cli.stdout + cli.stderr);
            assert.match(cli.stdout, /^Stack dev \(ap-northeast-2\)/);
            assert.match(cli.stdout, /\nUPDATE FAILS aws:cognito\/userPool:UserPool::auth-user-pool: schemas changed or removed email: /);
            assert.strictEqual(fs.readFileSync(out, "utf8"), serializePlan(dev));
        });
    });
});
