// Loaded by `npm run mutation` only (stryker.config.mjs, mochaOptions.require): credits the code a
// suite's `before all` / `after all` hooks run to every test of that suite, so Stryker's per-test
// coverage can be used.
//
// Why: StrykerJS's mocha runner records coverage under the id of the test its root `beforeEach` last
// saw (@stryker-mutator/mocha-runner, mocha-test-runner.js, dryRun). Our suites evaluate their stacks
// in `before` hooks, which run before the first test's `beforeEach`, so that code was credited to the
// previous suite's last test: a mutant in it then ran only that unrelated test and "survived" although
// `npm test` kills it. Here each `before all`/`after all` hook records under its suite's own id, and when
// the run ends (before Stryker reads the coverage) that suite's coverage is added to each of its tests.
// A mutant covered this way runs its suite's tests, hooks included (mocha runs the hooks of a suite
// that has a selected test).
import Mocha from "mocha";

interface StrykerNamespace {
    currentTestId?: string;
    mutantCoverage?: { static: Record<string, number>; perTest: Record<string, Record<string, number>> };
}

const SUITE_PREFIX = "suite hooks: ";
const hookSuites = new Map<string, Mocha.Suite>();

function namespace(): StrykerNamespace | undefined {
    return (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;
}

/** Adds each hook-suite's coverage to every test of that suite (nested suites included). */
function creditSuiteCoverage(): void {
    const perTest = namespace()?.mutantCoverage?.perTest;
    if (!perTest) return;
    for (const [id, suite] of hookSuites) {
        const covered = perTest[id];
        if (!covered) continue;
        delete perTest[id];
        suite.eachTest((test) => {
            const testCoverage = (perTest[test.fullTitle()] ??= {});
            for (const [mutant, hits] of Object.entries(covered)) testCoverage[mutant] = (testCoverage[mutant] ?? 0) + hits;
        });
    }
}

const HookPrototype = (Mocha as unknown as { Hook: { prototype: { run(fn: unknown): unknown; title: string; parent?: Mocha.Suite } } }).Hook.prototype;
const runHook = HookPrototype.run;
HookPrototype.run = function (this: { title: string; parent?: Mocha.Suite }, fn: unknown) {
    const ns = namespace();
    if (ns && this.parent && /^"(before|after) all" hook/.test(this.title)) {
        const id = `${SUITE_PREFIX}${this.parent.fullTitle()}`;
        hookSuites.set(id, this.parent);
        ns.currentTestId = id;
    }
    return runHook.call(this, fn);
};

const runRunner = Mocha.Runner.prototype.run;
Mocha.Runner.prototype.run = function (this: Mocha.Runner, fn?: (failures: number) => void, opts?: unknown) {
    return (runRunner as (this: Mocha.Runner, fn: (failures: number) => void, opts?: unknown) => Mocha.Runner).call(
        this,
        (failures: number) => {
            creditSuiteCoverage();
            fn?.(failures);
        },
        opts,
    );
};
