// Everything generated from the settings table and the TSDoc of the public types: the TSDoc of each
// scalar argument (components/args.ts), the Pulumi.yaml config block, the README's config table and
// its API reference. `npm run docs` writes them; `checkDocs()` lists what is stale (`isCurrent`, a test per file).
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "js-yaml";
import * as ts from "typescript";
import { CHILD_KEYS, CHILDREN } from "../components/children";
import { defaultText, SETTING_PATHS, SETTINGS, type Setting, type SettingPath } from "../components/settings";
import { configDefault, configuredArgs } from "../stack/config";
import { cliConfig, readProject, readStack } from "./cliConfig";
import { BUILD, ROOT } from "./paths";

const ARGS_FILE = path.join(ROOT, "components", "args.ts");
const COMPONENT_FILE = path.join(ROOT, "components", "cognitoAuth.ts");

// ---------------------------------------------------------------------------------------------
// Sentences about a setting, shared by every place it is described.

function allowed(setting: Setting): string | undefined {
    if (setting.range) return `${setting.range.min}–${setting.range.max}${setting.range.unit ?? ""}`;
    if (setting.oneOf && setting.type === "string[]") return `Each one of ${setting.oneOf.join(", ")}`;
    if (setting.oneOf) return `One of ${setting.oneOf.join(", ")}`;
    if (setting.format) return `${setting.type === "string[]" ? "Each must be" : "Must be"} ${setting.format.text}`;
    return undefined;
}

function productionSentence(setting: Setting): string | undefined {
    const rule = setting.production;
    return rule ? `Production: must ${rule.requirement} (waiver "${rule.waiver}")` : undefined;
}

/** The full description of a setting: what it does, what is allowed, when it applies, the production rule. */
export function describe(setting: Setting): string {
    const parts = [setting.description, allowed(setting), setting.appliesWhen ? `Only when ${setting.appliesWhen.text}` : undefined, productionSentence(setting)];
    return parts
        .filter((p): p is string => p !== undefined)
        .map((p) => (p.endsWith(".") ? p : `${p}.`))
        .join(" ");
}

// ---------------------------------------------------------------------------------------------
// TSDoc of components/args.ts.

interface Member {
    iface: string;
    name: string;
    node: ts.PropertySignature;
    /** The table path, when the property is a scalar setting. */
    path?: SettingPath;
}

function membersOf(source: ts.SourceFile): Member[] {
    const interfaces = new Map<string, ts.InterfaceDeclaration>();
    source.forEachChild((n) => {
        if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
    });
    const members: Member[] = [];
    const visit = (iface: string, prefix: string) => {
        for (const m of interfaces.get(iface)?.members.filter(ts.isPropertySignature) ?? []) {
            const name = (m.name as ts.Identifier).text;
            const typeName = m.type?.getText(source) ?? "";
            const path = `${prefix}${name}`;
            members.push({ iface, name, node: m, path: SETTING_PATHS.includes(path as SettingPath) ? (path as SettingPath) : undefined });
            if (interfaces.has(typeName) && typeName !== iface) visit(typeName, `${path}.`);
        }
    };
    visit("CognitoAuthArgs", "");
    return members;
}

function jsDocOf(node: ts.Node): ts.JSDoc | undefined {
    return ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc)[0];
}

function renderJsDoc(text: string, defaultValue: string, indent: string): string {
    const single = `/** ${text} @default ${defaultValue} */`;
    if (indent.length + single.length <= 160) return single;
    const words = text.split(" ");
    const lines: string[] = [];
    let line = "";
    for (const w of words) {
        if (line && indent.length + 3 + line.length + 1 + w.length > 120) {
            lines.push(line);
            line = w;
        } else line = line ? `${line} ${w}` : w;
    }
    if (line) lines.push(line);
    return ["/**", ...lines.map((l) => `${indent} * ${l}`), `${indent} * @default ${defaultValue}`, `${indent} */`].join("\n");
}

/** components/args.ts with the TSDoc of every scalar setting generated from the table. */
export function renderArgsFile(text = fs.readFileSync(ARGS_FILE, "utf8")): string {
    const source = ts.createSourceFile(ARGS_FILE, text, ts.ScriptTarget.ES2022, true);
    const edits: { start: number; end: number; text: string }[] = [];
    for (const m of membersOf(source)) {
        if (!m.path) continue;
        const doc = jsDocOf(m.node);
        if (!doc) throw new Error(`${m.iface}.${m.name} has no TSDoc comment to replace`);
        const line = text.slice(text.lastIndexOf("\n", doc.getStart()) + 1, doc.getStart());
        const setting = SETTINGS[m.path] as Setting;
        edits.push({ start: doc.getStart(), end: doc.getEnd(), text: renderJsDoc(describe(setting), defaultText(setting), line) });
    }
    let out = text;
    for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Pulumi.yaml.

/** Pulumi.yaml: the project, and one config key per row of the table that has one. */
export function renderProjectFile(): string {
    const config: Record<string, unknown> = {};
    for (const path of SETTING_PATHS) {
        const setting = SETTINGS[path] as Setting;
        const key = setting.config;
        if (!key || config[key]) continue;
        const type = setting.type === "string[]" ? { type: "array", items: { type: "string" } } : { type: setting.type };
        const unsetText = setting.derive ? `Empty: ${setting.derive.text}.` : setting.default === undefined ? "Empty: unset." : undefined;
        const description =
            key === "passwordRequireCharacterClasses"
                ? "Require a lower-case letter, an upper-case letter, a digit and a symbol in passwords. Production: must be true (waiver \"password-policy\")."
                : [describe(setting), unsetText].filter(Boolean).join(" ");
        config[key] = { ...type, default: configDefault(setting), description };
    }
    const project = {
        name: "cognito-auth",
        runtime: { name: "nodejs", options: { typescript: true } },
        main: "index.ts",
        description: "Production-grade AWS Cognito authentication (user pool, clients, identity pool, IAM roles, PreSignUp trigger, IoT attach endpoint) for mobile and IoT apps.",
        config,
    };
    const header = [
        "# Generated by `npm run docs` from components/settings.ts: edit the table, not this file.",
        "# Every key has a default because the Pulumi CLI refuses to run a stack that leaves a declared key",
        "# without a value (\"Stack 'dev' is missing configuration value …\"); an empty string means \"derived\"",
        "# or \"unset\" as each description says. `main` is the stack program; package.json's `main` is the package.",
    ];
    return `${header.join("\n")}\n${YAML.dump(project, { lineWidth: -1, noRefs: true, quotingType: '"' })}`;
}

// ---------------------------------------------------------------------------------------------
// README blocks.

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => `\`${s}\``;

function stackValue(stack: string, key: string): string {
    const config = readStack(ROOT, stack).config ?? {};
    const v = config[`cognito-auth:${key}`];
    return v === undefined ? "" : code(typeof v === "string" ? v : JSON.stringify(v));
}

/** The README's config table: every key, its type, default, the dev and prod values, its meaning. */
export function renderConfigTable(): string {
    const rows = ["| Key (`cognito-auth:`) | Type | Default | dev | prod | Meaning |", "| --- | --- | --- | --- | --- | --- |"];
    const seen = new Set<string>();
    for (const path of SETTING_PATHS) {
        const setting = SETTINGS[path] as Setting;
        const key = setting.config;
        if (!key || seen.has(key)) continue;
        seen.add(key);
        const type = setting.type === "string[]" ? "string[]" : setting.type;
        const meaning = key === "passwordRequireCharacterClasses" ? "Require lower, upper, digit and symbol. Production: must be true (waiver \"password-policy\")." : describe(setting);
        rows.push(`| ${code(key)} | ${type} | ${cell(setting.derive ? setting.derive.text : setting.default === undefined ? "unset" : code(JSON.stringify(setting.default)))} | ${stackValue("dev", key)} | ${stackValue("prod", key)} | ${cell(meaning)} |`);
    }
    return rows.join("\n");
}

interface Documented {
    name: string;
    type: string;
    description: string;
    defaultValue: string;
}

function documentedMembers(file: string, iface: string): Documented[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    let found: ts.InterfaceDeclaration | undefined;
    source.forEachChild((n) => {
        if (ts.isInterfaceDeclaration(n) && n.name.text === iface) found = n;
    });
    if (!found) throw new Error(`${iface} not found in ${file}`);
    return found.members.filter(ts.isPropertySignature).map((m) => {
        const doc = jsDocOf(m);
        const tag = doc?.tags?.find((t) => t.tagName.text === "default");
        return {
            name: (m.name as ts.Identifier).text,
            type: m.type?.getText(source).replace(/\s+/g, " ") ?? "",
            description: (ts.getTextOfJSDocComment(doc?.comment) ?? "").replace(/\s+/g, " ").trim(),
            defaultValue: (ts.getTextOfJSDocComment(tag?.comment) ?? "").replace(/\s+/g, " ").trim(),
        };
    });
}

/** The interfaces of the API reference, in reading order. */
export const DOCUMENTED = [
    "CognitoAuthArgs", "PasswordPolicyArgs", "TokenValidityArgs", "IotArgs", "TriggerArgs", "DomainArgs", "OAuthArgs", "IdentityProvidersArgs",
    "GoogleProviderArgs", "AppleProviderArgs", "OidcProviderArgs", "SamlProviderArgs", "GroupArgs", "CustomAttributeArgs", "ExecutionRoleArgs",
    "AlarmArgs", "EmailArgs",
];

/** The README's API reference: every argument, the transform keys and the outputs. */
export function renderApiReference(): string {
    const parts: string[] = [];
    for (const iface of DOCUMENTED) {
        parts.push(`#### \`${iface}\``, "", "| Argument | Type | Default | Description |", "| --- | --- | --- | --- |");
        for (const a of documentedMembers(ARGS_FILE, iface)) parts.push(`| ${code(a.name)} | ${code(cell(a.type))} | ${cell(a.defaultValue) || "—"} | ${cell(a.description)} |`);
        parts.push("");
    }
    parts.push(
        "#### `transform` and `nodes`",
        "",
        "Each key names one child: `transform.<key>` changes its args or options before it is created, `nodes.<key>` is the created resource. Children made per item (`<item>`: a group, a provider, a trigger, a client) get the transform once per item (its `name` says which), and `nodes.<key>` is a record by item.",
        "",
        "| Key | Resource | Logical name | Stateful |",
        "| --- | --- | --- | --- |",
    );
    for (const key of CHILD_KEYS) {
        const kind = CHILDREN[key];
        parts.push(`| ${code(key)} | ${code((kind.ctor as unknown as { __pulumiType: string }).__pulumiType)} | ${code(`<name>-${kind.suffix.replace("{}", "<item>")}`)} | ${kind.stateful ? "yes" : ""} |`);
    }
    parts.push("", "#### Outputs", "", "| Output | Description |", "| --- | --- |");
    for (const o of documentedMembers(COMPONENT_FILE, "CognitoAuthOutputs")) parts.push(`| ${code(o.name)} | ${cell(o.description) || "—"} |`);
    return parts.join("\n");
}

/** `text` with the block between `<!-- name:start -->` and `<!-- name:end -->` replaced. */
export function withBlock(text: string, name: string, block: string): string {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README.md lacks the ${start} … ${end} markers`);
    return `${text.slice(0, i + start.length)}\n${block}\n${text.slice(j)}`;
}

// ---------------------------------------------------------------------------------------------
// The public API surface: what `components/index.ts` exports and the declarations consumers compile
// against. Recorded in api-surface.json with the CHANGELOG section it belongs to.

export const SURFACE_FILE = path.join(ROOT, "api-surface.json");

export interface ApiSurface {
    /** The CHANGELOG section that describes this surface ("Unreleased" while it is open). */
    changelogSection: string;
    /** Every exported name, values and types alike. */
    exports: string[];
    /** sha256 of the shipped declaration files (dist/components/*.d.ts) without comments, in name order. */
    declarationsSha256: string;
}

/** The top section of CHANGELOG.md: "Unreleased" or a version. */
export function topChangelogSection(text = fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8")): string {
    const heading = /^## \[([^\]]+)\]/m.exec(text);
    if (!heading) throw new Error("CHANGELOG.md has no '## [<section>]' heading");
    return heading[1];
}

/** The surface as built now (needs `dist/`, built from the current sources). */
export function currentApiSurface(changelogSection = topChangelogSection()): ApiSurface {
    const dir = path.join(BUILD, "components");
    const index = ts.createSourceFile("index.d.ts", fs.readFileSync(path.join(dir, "index.d.ts"), "utf8"), ts.ScriptTarget.ES2022, true);
    const names: string[] = [];
    index.forEachChild((n) => {
        if (ts.isExportDeclaration(n) && n.exportClause && ts.isNamedExports(n.exportClause)) for (const e of n.exportClause.elements) names.push(e.name.text);
    });
    // Declarations without their comments: a documentation change is not an API change.
    const printer = ts.createPrinter({ removeComments: true });
    const hash = crypto.createHash("sha256");
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".d.ts")).sort()) {
        const declarations = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), "utf8"), ts.ScriptTarget.ES2022, true);
        hash.update(`${file}\n${printer.printFile(declarations)}\n`);
    }
    return { changelogSection, exports: names.sort(), declarationsSha256: hash.digest("hex") };
}

export function recordedApiSurface(): ApiSurface | undefined {
    return fs.existsSync(SURFACE_FILE) ? (JSON.parse(fs.readFileSync(SURFACE_FILE, "utf8")) as ApiSurface) : undefined;
}

/**
 * The surface to record, or an error when the public surface changed but the CHANGELOG has no open
 * section for it: a released section's surface is frozen.
 */
export function nextApiSurface(current = currentApiSurface(), recorded = recordedApiSurface()): ApiSurface {
    const same = recorded && recorded.declarationsSha256 === current.declarationsSha256 && JSON.stringify(recorded.exports) === JSON.stringify(current.exports);
    // Unchanged: recorded again under the top section (a release renames [Unreleased] to its version).
    if (same) return current;
    if (recorded && current.changelogSection === recorded.changelogSection && current.changelogSection !== "Unreleased") {
        throw new Error(`the public API changed, but CHANGELOG.md's top section is still the released [${current.changelogSection}]: describe the change under ## [Unreleased] first`);
    }
    return current;
}

/** The README's example of a refused stack config: a typo in a key and a value out of range, on dev. */
export const CONFIG_ERROR_EXAMPLE = { "cognito-auth:mfaa": "ON", "cognito-auth:passwordMinimumLength": 3 } as const;

/** The error the stack program gives for the README's example, as the CLI would hand it the config. */
export function renderConfigErrorExample(): string {
    const project = readProject(ROOT);
    const config = cliConfig(project, { ...readStack(ROOT, "dev").config, ...CONFIG_ERROR_EXAMPLE }, "dev");
    const { error } = configuredArgs("auth", config, String(project.name), config["aws:region"]);
    if (!error) throw new Error("the README's config example is no longer refused");
    return `\`\`\`text\n${error.message}\n\`\`\``;
}

/** The README with its generated blocks filled in. */
function renderReadme(): string {
    let readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    readme = withBlock(readme, "config", renderConfigTable());
    readme = withBlock(readme, "api", renderApiReference());
    return withBlock(readme, "config-error", renderConfigErrorExample());
}

/**
 * Every generated file, relative to the repository root, with what renders it. Each renders on its
 * own, so one file can be checked without the others (the mutation run checks all but the API
 * surface, which its instrumented declaration files change).
 */
export const GENERATED: ReadonlyMap<string, () => string> = new Map([
    [path.relative(ROOT, ARGS_FILE), renderArgsFile],
    ["Pulumi.yaml", renderProjectFile],
    ["README.md", renderReadme],
    [path.relative(ROOT, SURFACE_FILE), () => `${JSON.stringify(nextApiSurface(), null, 2)}\n`],
]);

/** Whether a generated file on disk is what it must contain. */
export function isCurrent(file: string): boolean {
    const render = GENERATED.get(file);
    if (render === undefined) throw new Error(`${file} is not a generated file`);
    const absolute = path.join(ROOT, file);
    return fs.existsSync(absolute) && fs.readFileSync(absolute, "utf8") === render();
}

/** The generated files that differ from what is on disk (empty when all are current). */
export function checkDocs(): string[] {
    return [...GENERATED.keys()].filter((file) => !isCurrent(file));
}

if (require.main === module) {
    if (process.argv.includes("--check")) {
        const stale = checkDocs();
        if (stale.length > 0) {
            console.error(`stale: ${stale.join(", ")} (run npm run docs)`);
            process.exit(1);
        }
    } else {
        // In map order: the args file first, as the README's API reference reads its TSDoc.
        for (const [file, render] of GENERATED) fs.writeFileSync(path.join(ROOT, file), render());
    }
}
