// The two pieces `npm run mutation` adds to StrykerJS (stryker.config.mjs): the checker plugin that drops
// mutants that do not compile, and the mocha plugin that credits `before all` hooks' coverage to their
// suite's tests. Each runs in a child process: the checker is ESM (Stryker's plugin API is ESM-only) and
// the coverage plugin patches mocha's prototypes.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { BUILD, ROOT } from "../../harness";

const run = (script: string, ...args: string[]): any =>
    JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script, "--", ...args], { cwd: ROOT, encoding: "utf8", timeout: 120000 }));

/** Each mutant: [file, the exact text to replace (first occurrence), its replacement]; answers the checker's verdicts. */
const CHECK = `
import fs from "node:fs";
import path from "node:path";
import { strykerPlugins } from ${JSON.stringify(path.join(ROOT, "tools", "mutationChecker.mjs"))};
const mutants = JSON.parse(process.argv[1]);
const Checker = strykerPlugins[0].injectableClass;
const checker = new Checker({ debug() {}, info() {}, warn() {} });
await checker.init();
const position = (text, offset) => {
    const before = text.slice(0, offset).split("\\n");
    return { line: before.length - 1, column: before[before.length - 1].length };
};
const verdicts = [];
for (const [i, [file, find, replacement]] of mutants.entries()) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : find;
    const at = text.indexOf(find);
    if (at < 0) throw new Error("not found in " + file + ": " + find);
    const mutant = { id: String(i), fileName: path.resolve(file), replacement, location: { start: position(text, at), end: position(text, at + find.length) } };
    verdicts.push((await checker.check([mutant]))[String(i)]);
}
process.stdout.write(JSON.stringify({ plugin: { kind: strykerPlugins[0].kind, name: strykerPlugins[0].name }, verdicts }));
`;

describe("mutation testing tools", function () {
    this.timeout(180000);

    describe("the checker plugin (tools/mutationChecker.mjs)", () => {
        const MUTANTS: [string, string, string][] = [
            // Effect is "Allow" | "Deny": TS2322 in the file itself.
            ["components/policy.ts", 'return [{ Effect: "Allow", Action: ["sts:AssumeRole"]', 'return [{ Effect: "Maybe", Action: ["sts:AssumeRole"]'],
            // A message string: compiles.
            ["components/policy.ts", '"(no Sid)"', '""'],
            // Leaves logGroupArn unused: compiles, as with the stock checker's overrides (noUnusedLocals off).
            ["components/policy.ts", "Resource: [`${logGroupArn}:*`]", "Resource: []"],
            // errors.ts itself compiles, but every caller of show() now passes too few arguments.
            ["components/errors.ts", "(v: unknown): string => JSON.stringify(v) ?? String(v)", "(v: unknown, w: string): string => String(v) + w"],
            // Outside components/ and lambdas/: not this checker's program.
            ["tests/unit/stacks.test.ts", "import", "export"],
        ];
        let result: { plugin: { kind: string; name: string }; verdicts: { status: string; reason?: string }[] };
        before(() => {
            result = run(CHECK, JSON.stringify(MUTANTS));
        });

        it("is a Stryker checker named file-typescript", () => {
            assert.deepStrictEqual(result.plugin, { kind: "Checker", name: "file-typescript" });
        });

        it("refuses a mutant that breaks the mutated file's types, with TypeScript's error", () => {
            assert.strictEqual(result.verdicts[0].status, "compileError");
            assert.match(result.verdicts[0].reason ?? "", /^components\/policy\.ts\(\d+\): error TS2322: Type '"Maybe"' is not assignable to type '"Allow" \| "Deny"'/);
        });

        it("passes a mutant that compiles, including one that only leaves a variable unused", () => {
            assert.deepStrictEqual(result.verdicts.slice(1, 3), [{ status: "passed" }, { status: "passed" }]);
        });

        it("refuses a mutant whose changed declarations break an importing file, naming that file", () => {
            assert.strictEqual(result.verdicts[3].status, "compileError");
            assert.match(result.verdicts[3].reason ?? "", /^components\/(?!errors)\w+\.ts\(\d+\): error TS2554: Expected 2 arguments, but got 1/);
        });

        it("passes mutants of files outside its program", () => {
            assert.deepStrictEqual(result.verdicts[4], { status: "passed" });
        });
    });

    describe("the coverage plugin (tools/mutationCoverage.ts)", () => {
        /** Runs suites P (test p) and S (a before-all hook that reaches mutant 1, tests a and b) the way Stryker's dry run does. */
        const COVERAGE = `
import { createRequire } from "node:module";
const require = createRequire(${JSON.stringify(path.join(ROOT, "package.json"))});
const withPlugin = process.argv[1] === "with";
const ns = (globalThis.__stryker__ = { mutantCoverage: { static: {}, perTest: {} } });
const cover = (id) => {
    const c = ns.currentTestId ? (ns.mutantCoverage.perTest[ns.currentTestId] ??= {}) : ns.mutantCoverage.static;
    c[id] = (c[id] ?? 0) + 1;
};
const Mocha = require("mocha");
if (withPlugin) require(${JSON.stringify(path.join(BUILD, "tools", "mutationCoverage.js"))});
const mocha = new Mocha({ reporter: function () {} });
// As @stryker-mutator/mocha-runner's dry run: the current test's id, set in a root beforeEach.
mocha.suite.beforeEach(function () { ns.currentTestId = this.currentTest.fullTitle(); });
const p = Mocha.Suite.create(mocha.suite, "P");
p.addTest(new Mocha.Test("p", () => {}));
const s = Mocha.Suite.create(mocha.suite, "S");
s.beforeAll(() => cover("1"));
s.addTest(new Mocha.Test("a", () => {}));
s.addTest(new Mocha.Test("b", () => cover("2")));
mocha.run((failures) => process.stdout.write(JSON.stringify({ failures, coverage: ns.mutantCoverage })));
`;

        it("without it, Stryker credits a before-all hook's coverage to the previous suite's last test (the false survivors)", () => {
            assert.deepStrictEqual(run(COVERAGE, "without"), { failures: 0, coverage: { static: {}, perTest: { "P p": { 1: 1 }, "S b": { 2: 1 } } } });
        });

        it("with it, the hook's coverage goes to every test of its suite, and nothing else changes", () => {
            assert.deepStrictEqual(run(COVERAGE, "with"), { failures: 0, coverage: { static: {}, perTest: { "S a": { 1: 1 }, "S b": { 1: 1, 2: 1 } } } });
        });
    });
});
