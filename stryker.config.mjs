// Mutation testing (`npm run mutation`, not part of `npm test`): StrykerJS mutates the TypeScript of
// components/ and lambdas/, each sandbox compiles the instrumented sources into its own dist/, and the
// unit suite runs on that build. Results and every survivor's disposition: BENCHMARKS.md.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
    packageManager: "npm",
    // Pure type files (args.ts, the index of re-exports) have no code to mutate.
    mutate: ["components/**/*.ts", "lambdas/**/*.ts", "!components/index.ts", "!components/args.ts"],
    // Instrumented code does not type-check (mutant switches widen types): turn checking off in the
    // mutated files only (args.ts is read by the docs tests, so it stays byte-for-byte).
    disableTypeChecks: "{components,lambdas}/**/*.ts",
    // tools/mutationChecker.mjs drops the mutants that do not compile (the same verdicts as
    // @stryker-mutator/typescript-checker, several times faster), so the sandbox build only has to emit
    // JavaScript (and declarations): --noCheck.
    plugins: ["@stryker-mutator/mocha-runner", "./tools/mutationChecker.mjs"],
    checkers: ["file-typescript"],
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
        // mutationCoverage credits what `before all` hooks run to their suite's tests (see that file).
        require: ["dist/tests/harness.js", "dist/tools/mutationCoverage.js"],
        // Left out, all run by `npm test`:
        // - checks of the build's bytes, which instrumentation itself changes: the recorded API surface
        //   (a hash of dist/components/*.d.ts; every other generated file is still checked, one test
        //   each) and the size of the deployed handlers (dist/lambdas/*.js);
        // - the plan command-line tests, which run the build in a child process: the active mutant is
        //   a global of the test process, so a child always runs the unmutated code and cannot kill.
        grep: "^(?!(the public API surface is the one recorded in api-surface\\.json|generated files .*api-surface\\.json is what|deployed handler code \\w+: the compiled lambdas/\\w+\\.ts, one file, at most|offline plan command line))",
    },
    // Per-test coverage: a mutant runs only the tests that reach it, in the process already loaded
    // ("all" restarts the test process for every mutant: several times slower). The suites evaluate
    // their stacks in `before` hooks, which Stryker alone would credit to the wrong test;
    // tools/mutationCoverage.ts credits them to their suite's tests.
    coverageAnalysis: "perTest",
    concurrency: 2,
    // A mutant that leaves an output unresolved hangs its test until this timeout (over the dry run's
    // time for the same tests, times the factor): short enough that hangs do not dominate the run.
    timeoutMS: 15000,
    timeoutFactor: 3,
    dryRunTimeoutMinutes: 20,
    reporters: ["clear-text", "json", "progress"],
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    clearTextReporter: { allowColor: false },
    tempDirName: ".stryker-tmp",
    cleanTempDir: "always",
};
