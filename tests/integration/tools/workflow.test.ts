// The GitHub workflows: schema-valid by the real validator (@action-validator/cli), and the PR
// workflow keeps its safety properties: no pull_request_target, no secrets where forks run.
import * as assert from "assert";
import * as child_process from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "js-yaml";
import { ROOT } from "../../harness";

const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const VALIDATOR = path.join(ROOT, "node_modules", ".bin", "action-validator");

/** The validator takes one file; it exits 0 silently, or 1 with the errors as JSON on stderr. */
function validate(file: string): child_process.SpawnSyncReturns<string> {
    return child_process.spawnSync(VALIDATOR, [file], { encoding: "utf8", timeout: 30000 });
}

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    [k: string]: unknown;
}
interface Job {
    needs?: string | string[];
    if?: string;
    permissions?: Record<string, string>;
    steps: Step[];
    [k: string]: unknown;
}
interface Workflow {
    on: string | string[] | Record<string, unknown>;
    permissions?: Record<string, string>;
    concurrency?: { group: string };
    jobs: Record<string, Job>;
}

/** `on:` may be one event, a list of events, or a map of events to their filters. */
const triggers = (wf: Workflow): string[] => (typeof wf.on === "string" ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on ?? {}));

const files = fs.existsSync(WORKFLOWS) ? fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort() : [];

describe("GitHub workflows", () => {
    it("exist", () => {
        assert.ok(files.includes("pr.yml"), `workflows: ${files.join(", ")}`);
    });

    for (const file of files) {
        it(`${file} passes action-validator`, function () {
            this.timeout(30000);
            const result = validate(path.join(WORKFLOWS, file));
            assert.strictEqual(result.status, 0, `action-validator ${file}:\n${result.stderr}${result.stdout}`);
        });

        it(`${file} never uses pull_request_target and pins every action to a version`, () => {
            const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
            const wf = YAML.load(text) as Workflow;
            // Outside comments (which may explain why it is not used), the word must not appear at all.
            const code = text.split("\n").filter((l) => !/^\s*#/.test(l)).join("\n");
            assert.ok(!/pull_request_target/.test(code), "pull_request_target appears");
            assert.ok(!triggers(wf).includes("pull_request_target"));
            for (const [id, job] of Object.entries(wf.jobs)) {
                for (const s of job.steps ?? []) {
                    if (s.uses && !s.uses.startsWith("./")) assert.match(s.uses, /^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/, `${file} ${id}: ${s.uses}`);
                }
            }
        });
    }

    it("the validator really rejects a broken workflow (so a pass above means something)", function () {
        this.timeout(30000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflow-test-"));
        try {
            const broken = path.join(dir, "broken.yml");
            fs.writeFileSync(broken, "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo\n");
            const result = validate(broken);
            assert.strictEqual(result.status, 1);
            assert.match(result.stderr, /Additional property 'stepz' is not allowed/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    describe("pr.yml", () => {
        const wf = () => YAML.load(fs.readFileSync(path.join(WORKFLOWS, "pr.yml"), "utf8")) as Workflow;
        const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");

        it("runs on pull_request with a read-only token by default and one run per PR at a time", () => {
            const w = wf();
            assert.deepStrictEqual(triggers(w), ["pull_request"]);
            assert.deepStrictEqual(w.permissions, { contents: "read" });
            assert.match(w.concurrency?.group ?? "", /github\.event\.pull_request\.number/);
        });

        it("job 1 uses no secrets and no extra permissions, so fork PRs get it whole", () => {
            const check = wf().jobs.check;
            assert.ok(check, "a job named check");
            assert.ok(!JSON.stringify(check).includes("secrets."), "no secrets.* in job 1");
            assert.strictEqual(check.permissions, undefined, "inherits contents: read");
            assert.strictEqual(check.if, undefined, "always runs");
            for (const s of check.steps.filter((x) => x.uses?.startsWith("actions/checkout@"))) assert.strictEqual(s.with?.["persist-credentials"], false);
        });

        it("job 1 runs npm test (which lints once) and diffs the offline plan of both stacks against the base branch", () => {
            const check = wf().jobs.check;
            const setup = check.steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
            assert.deepStrictEqual(setup?.with, { "node-version-file": ".nvmrc", cache: "npm" });
            assert.ok(check.steps.some((s) => s.uses?.startsWith("actions/checkout@") && s.with?.ref === "${{ github.base_ref }}"), "checks out the base ref");
            const script = runs(check);
            for (const cmd of ["npm ci", "npm test", "--diff", "for stack in dev prod"]) assert.ok(script.includes(cmd), cmd);
            // npm test lints: a second `npm run lint` anywhere in the workflow would lint twice.
            assert.ok(!Object.values(wf().jobs).some((job) => runs(job).includes("npm run lint")), "no job lints again");
            assert.ok(script.includes("tools/plan.ts"), "tolerates a base without the plan tool");
        });

        it("tests on Node 20 and 24 besides job 1's (.nvmrc: 22), without linting again", () => {
            const matrix = wf().jobs["node-versions"];
            assert.ok(matrix, "a job named node-versions");
            assert.deepStrictEqual((matrix as unknown as { strategy: { matrix: { node: number[] } } }).strategy.matrix.node, [20, 24]);
            assert.match(runs(matrix), /npm run build && npm run test:unit && npm run test:integration/);
            assert.ok(!JSON.stringify(matrix).includes("secrets."), "no secrets in the matrix job");
        });

        it("job 2 runs after job 1, only with AWS configured and never for forks, with an OIDC token", () => {
            const preview = wf().jobs.preview;
            assert.ok(preview, "a job named preview");
            assert.strictEqual(preview.needs, "check");
            assert.deepStrictEqual(preview.permissions, { "id-token": "write", contents: "read", "pull-requests": "write" });
            assert.match(preview.if ?? "", /vars\.AWS_ROLE_ARN != ''/);
            assert.match(preview.if ?? "", /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
            const aws = preview.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            assert.strictEqual(aws?.with?.["role-to-assume"], "${{ vars.AWS_ROLE_ARN }}");
            assert.match(aws?.uses ?? "", /@v([4-9]|\d\d)/);
            const previews = preview.steps.filter((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === "preview");
            assert.deepStrictEqual(previews.map((s) => s.with?.["stack-name"]), ["dev", "prod"]);
            for (const s of previews) {
                assert.match(s.uses ?? "", /@v6$/);
                assert.strictEqual(s.with?.policyPacks, "policy");
                assert.strictEqual(s.with?.["comment-on-pr"], true);
            }
            const script = runs(preview);
            assert.match(script, /node dist\/tools\/previewGuard\.js/);
            assert.match(script, /pulumi preview --stack dev [^\n]*--json/);
            assert.match(script, /pulumi preview --stack prod [^\n]*--json/);
        });

        it("refers only to scripts, files and a Node version that exist", () => {
            const w = wf();
            const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
            const all = Object.values(w.jobs).map(runs).join("\n");
            for (const [, name] of all.matchAll(/npm run (?:--silent )?([\w:-]+)/g)) assert.ok(scripts[name], `package.json has a "${name}" script`);
            assert.ok(scripts.test && scripts.build);
            assert.match(fs.readFileSync(path.join(ROOT, ".nvmrc"), "utf8"), /^\d+\n$/);
            for (const file of ["tools/plan.ts", "tools/previewGuard.ts", "policy/prod.config.json", "policy/PulumiPolicy.yaml"]) {
                assert.ok(fs.existsSync(path.join(ROOT, file)), file);
            }
        });
    });
});
