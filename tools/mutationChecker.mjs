// A StrykerJS checker plugin for `npm run mutation` (stryker.config.mjs, `checkers: ["file-typescript"]`):
// drops the mutants that do not compile, as @stryker-mutator/typescript-checker does, about six times
// faster on this project (measured: about 1 s a mutant against 6 s; BENCHMARKS.md, "Mutation testing").
//
// How it decides, and why that is the same question: a mutant changes one file. TypeScript's own
// incremental builder re-checks the changed file, and re-checks the files that import it only when the
// changed file's declaration output (its .d.ts, the types other files can see) changed, and so on
// outwards. This checker does the same with a language service: the mutated file's diagnostics first;
// if it is clean and its declarations changed, each direct importer's, recursively while declarations keep
// changing. The program is components/ and lambdas/, as in the stock checker's configuration before.
// ESM and plain JavaScript because Stryker's plugin API package is ESM-only.
import path from "node:path";
import ts from "typescript";
import { CheckStatus } from "@stryker-mutator/api/check";
import { PluginKind, commonTokens, declareClassPlugin, tokens } from "@stryker-mutator/api/plugin";

const PROJECT_DIRECTORIES = ["components", "lambdas"];

class FileTypeChecker {
    static inject = tokens(commonTokens.logger);

    constructor(logger) {
        this.logger = logger;
        this.contents = new Map();
        this.versions = new Map();
    }

    async init() {
        const directory = process.cwd();
        const parsed = ts.getParsedCommandLineOfConfigFile(path.join(directory, "tsconfig.json"), {}, {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
            },
        });
        // The stock checker's overrides: a mutant that leaves a variable unused or code unreachable still
        // compiles to a program that runs (@stryker-mutator/typescript-checker, tsconfig-helpers.js).
        const options = { ...parsed.options, allowUnreachableCode: true, noUnusedLocals: false, noUnusedParameters: false };
        const inProject = (file) => PROJECT_DIRECTORIES.some((d) => file.startsWith(path.join(directory, d) + path.sep));
        this.rootFiles = parsed.fileNames.map((f) => path.resolve(f)).filter(inProject);
        this.rootSet = new Set(this.rootFiles);
        const host = {
            getScriptFileNames: () => this.rootFiles,
            getScriptVersion: (f) => String(this.versions.get(f) ?? 0),
            getScriptSnapshot: (f) => {
                const text = this.contents.get(f) ?? (ts.sys.fileExists(f) ? ts.sys.readFile(f) : undefined);
                return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
            },
            getCurrentDirectory: () => directory,
            getCompilationSettings: () => options,
            getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
            fileExists: ts.sys.fileExists,
            readFile: ts.sys.readFile,
            readDirectory: ts.sys.readDirectory,
            directoryExists: ts.sys.directoryExists,
            getDirectories: ts.sys.getDirectories,
        };
        this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
        for (const file of this.rootFiles) this.contents.set(file, ts.sys.readFile(file));
        // The unmutated program must compile, and its declarations are the baseline.
        const errors = this.rootFiles.flatMap((f) => this.diagnostics(f));
        if (errors.length) throw new Error(`the unmutated program does not compile: ${this.describe(errors[0])}`);
        this.declarations = new Map(this.rootFiles.map((f) => [f, this.declarationsOf(f)]));
        // Who imports whom, from the program's resolved imports.
        const program = this.service.getProgram();
        this.importers = new Map(this.rootFiles.map((f) => [f, []]));
        for (const file of this.rootFiles) {
            for (const imported of importsOf(program, program.getSourceFile(file))) {
                if (this.rootSet.has(imported) && imported !== file) this.importers.get(imported).push(file);
            }
        }
    }

    async check(mutants) {
        const results = {};
        for (const mutant of mutants) {
            const file = path.resolve(mutant.fileName);
            if (!this.rootSet.has(file)) {
                results[mutant.id] = { status: CheckStatus.Passed };
                continue;
            }
            const original = this.contents.get(file);
            const sourceFile = ts.createSourceFile(file, original, ts.ScriptTarget.Latest);
            const offset = (p) => sourceFile.getPositionOfLineAndCharacter(p.line, p.column);
            this.setContent(file, `${original.slice(0, offset(mutant.location.start))}${mutant.replacement}${original.slice(offset(mutant.location.end))}`);
            try {
                const error = this.firstError(file);
                results[mutant.id] = error ? { status: CheckStatus.CompileError, reason: this.describe(error) } : { status: CheckStatus.Passed };
            } finally {
                this.setContent(file, original);
            }
        }
        return results;
    }

    /** The mutated file's first error, else the first error its changed declarations cause in importers. */
    firstError(file) {
        const checked = new Set();
        const queue = [file];
        while (queue.length) {
            const current = queue.shift();
            if (checked.has(current)) continue;
            checked.add(current);
            const [error] = this.diagnostics(current);
            if (error) return error;
            if (this.declarationsOf(current) !== this.declarations.get(current)) queue.push(...this.importers.get(current));
        }
        return undefined;
    }

    diagnostics(file) {
        return [...this.service.getSyntacticDiagnostics(file), ...this.service.getSemanticDiagnostics(file)];
    }

    declarationsOf(file) {
        return this.service
            .getEmitOutput(file, true, true)
            .outputFiles.map((o) => o.text)
            .join("\n");
    }

    setContent(file, text) {
        this.contents.set(file, text);
        this.versions.set(file, (this.versions.get(file) ?? 0) + 1);
    }

    describe(diagnostic) {
        const where = diagnostic.file
            ? `${path.relative(process.cwd(), diagnostic.file.fileName)}(${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1})`
            : "";
        return `${where}: error TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    }
}

/** The project files a source file imports or re-exports (resolved the way the program resolved them). */
function importsOf(program, sourceFile) {
    const found = [];
    for (const literal of sourceFile.imports ?? []) {
        const resolved = program.getResolvedModule?.(sourceFile, literal.text, ts.getModeForUsageLocation(sourceFile, literal))?.resolvedModule;
        if (resolved?.resolvedFileName) found.push(path.resolve(resolved.resolvedFileName));
    }
    return found;
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Checker, "file-typescript", FileTypeChecker)];
