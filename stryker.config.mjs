// Mutation testing (`npm run mutation`, not part of `npm test`): StrykerJS mutates the TypeScript of
// components/ and lambdas/, each sandbox compiles the instrumented sources into its own dist/, and the
// unit suite runs on that build. Results and every survivor's disposition: BENCHMARKS.md.
import * as fs from "node:fs";

// The typescript checker type-checks every mutant on the un-instrumented program (in memory, from the
// project directory). It checks the mutated code and what it imports: components/ and lambdas/, not the
// tests and tools that import them. That is the question "does the mutated code compile", and several
// times faster: a mutant of an inferred type (the settings table, the children registry) would otherwise
// re-check every test file. The file lives in Stryker's temp dir, which Stryker deletes after the run.
const TEMP_DIR = ".stryker-tmp";
const CHECKER_TSCONFIG = `${TEMP_DIR}/tsconfig.checker.json`;
fs.mkdirSync(TEMP_DIR, { recursive: true });
fs.writeFileSync(CHECKER_TSCONFIG, `${JSON.stringify({ extends: "../tsconfig.json", include: ["../components/**/*.ts", "../lambdas/**/*.ts"] }, null, 4)}\n`);

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
    packageManager: "npm",
    // Pure type files (args.ts, the index of re-exports) have no code to mutate.
    mutate: ["components/**/*.ts", "lambdas/**/*.ts", "!components/index.ts", "!components/args.ts"],
    // Instrumented code does not type-check (mutant switches widen types): turn checking off in the
    // mutated files only (args.ts is read by the docs tests, so it stays byte-for-byte).
    disableTypeChecks: "{components,lambdas}/**/*.ts",
    // The typescript checker drops mutants that do not compile, so the sandbox build only has to emit
    // JavaScript (and declarations): --noCheck.
    checkers: ["typescript"],
    tsconfigFile: CHECKER_TSCONFIG,
    buildCommand: "npx tsc -p tsconfig.json --noCheck",
    ignorePatterns: ["dist", "dist-*", "reports", "scratch", "plan", ".cognito", "bench/results.json", "*.tgz"],
    testRunner: "mocha",
    mochaOptions: {
        // The unit suite on the sandbox's build. The broad literal tests come first: a static mutant
        // (module-level code, e.g. the settings table) runs every test after a restart, until the first
        // failure, so this order kills most of them in seconds. Files listed twice load once.
        spec: [
            "dist/tests/unit/stacks.test.js",
            "dist/tests/unit/index.test.js",
            "dist/tests/unit/lambdas/**/*.test.js",
            "dist/tests/unit/**/*.test.js",
        ],
        require: ["dist/tests/harness.js"],
        // Left out, all run by `npm test`:
        // - checks of the build's bytes, which instrumentation itself changes: the recorded API surface
        //   (a hash of dist/components/*.d.ts; every other generated file is still checked, one test
        //   each) and the size of the deployed handlers (dist/lambdas/*.js);
        // - the plan command-line tests, which run the build in a child process: the active mutant is
        //   a global of the test process, so a child always runs the unmutated code and cannot kill.
        grep: "^(?!(the public API surface is the one recorded in api-surface\\.json|generated files .*api-surface\\.json is what|deployed handler code \\w+: the compiled lambdas/\\w+\\.ts, one file, at most|offline plan command line))",
    },
    // "all", not "perTest": the suites evaluate their stacks in mocha `before` hooks, and per-test
    // coverage does not credit that code to the tests that assert on it, so perTest reported mutants
    // as surviving that `npm test` kills (BENCHMARKS.md, "Mutation testing"). Each mutant runs the
    // suite in the order above until its first failure.
    coverageAnalysis: "all",
    concurrency: 2,
    // A mutant that leaves an output unresolved hangs its test until this timeout (over the dry run's
    // time for the same tests, times the factor): short enough that hangs do not dominate the run.
    timeoutMS: 15000,
    timeoutFactor: 3,
    dryRunTimeoutMinutes: 20,
    reporters: ["clear-text", "json", "progress"],
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    clearTextReporter: { allowColor: false },
    tempDirName: TEMP_DIR,
    cleanTempDir: "always",
};
