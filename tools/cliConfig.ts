// An offline model of what the Pulumi CLI does with configuration before it starts the program:
// it loads Pulumi.yaml (shorthand rewrite + Project.Validate), loads Pulumi.<stack>.yaml (bare keys
// get the project namespace), merges project `default`/`value` into the stack config, validates it,
// and hands the program a map "<namespace>:<name>" -> string. Errors carry the CLI's own wording.
//
// Source: github.com/pulumi/pulumi (Apache-2.0), read through stored copies:
//   sdk/go/common/workspace/config.go   @0a7aa0e2  mergeConfig, validateStackConfigValues,
//                                                  validateStackConfigValue, createConfigValue,
//                                                  formatMissingKeys, missingStackConfigurationKeysError
//   sdk/go/common/workspace/project.go  @0351806b  RewriteShorthandConfigValues, Project.Validate,
//                                                  ValidateConfigValue, InferFullTypeName, isPrimitiveValue
//   sdk/go/common/workspace/loaders.go             stackConfigNamespacedWithProject
//   sdk/go/common/resource/config/      key.go ParseKey; object.go unmarshalObject/MarshalString;
//                                       value.go Value.Value; plaintext.go marshalText
//   sdk/go/common/resource/plugin/langruntime_plugin.go  Run: config[k.String()] = v
//   sdk/go/common/workspace/project.json @c8bf1862 -> tools/schemas/pulumi-project.schema.json
// Version note: since CLI v3.202.0 (pulumi/pulumi#20674) every typed key is validated after the
// defaults are merged, and only once no key is missing. Older CLIs reported a stack value's type
// error before the missing keys and never checked values that came from a project default.
// The CLI prints these errors as `error: validating stack config: <message>` (stack rules; the
// wrapper in pkg/cmd/pulumi up/preview/destroy) or `error: could not unmarshal '<path>/Pulumi.yaml':
// <message>` (Project.Validate rules). The messages below are the <message> part.
//
// Not modelled: ESC `environment:` imports, property-path keys (`a.b`, `a[0]`), the JSON schema's
// own wording (validateProjectSchema reports ajv's wording instead), and Go's random map order where
// Project.Validate stops at the first bad key (here: the first in sorted order).
import * as fs from "fs";
import * as path from "path";
import * as YAML from "js-yaml";
import Ajv2020 from "ajv/dist/2020";

export type Yaml = null | boolean | number | string | Yaml[] | { [key: string]: Yaml };
export interface ItemsType { type?: string; items?: ItemsType }
export interface ConfigDeclaration {
    type?: string | null;
    items?: ItemsType;
    default?: Yaml;
    value?: Yaml;
    secret?: boolean;
    description?: string;
}
export interface ProjectFile { name?: unknown; config?: unknown; [key: string]: unknown }
export interface StackFile { config?: Record<string, Yaml> | null; [key: string]: unknown }
export interface CliConfigOptions {
    /** The stack's secrets provider: ciphertext -> plaintext. Needed only when a value is `{ secure: … }`. */
    decrypt?: (ciphertext: string) => string;
}

// yaml.v3 resolves null/bool/int/float only (no timestamps, binary, sets): js-yaml's CORE_SCHEMA.
const load = (file: string): unknown => YAML.load(fs.readFileSync(file, "utf8"), { schema: YAML.CORE_SCHEMA, filename: file });

export function readProject(root: string): ProjectFile {
    return (load(path.join(root, "Pulumi.yaml")) ?? {}) as ProjectFile;
}

/** A missing or empty stack file is an empty stack, as in projectStackLoader.load. */
export function readStack(root: string, stack: string): StackFile {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    return fs.existsSync(file) ? ((load(file) ?? {}) as StackFile) : {};
}

// --- the published project schema (sdk/go/common/workspace/project.json, draft 2020-12) ---------
const SCHEMA_FILE = "pulumi-project.schema.json";
let validateSchema: ReturnType<Ajv2020["compile"]> | undefined;

export function validateProjectSchema(project: unknown): string[] {
    if (!validateSchema) {
        // From tools/ (ts-node) or dist/tools/ (compiled): the JSON is not copied into dist.
        const file = [path.join(__dirname, "schemas", SCHEMA_FILE), path.join(__dirname, "..", "..", "tools", "schemas", SCHEMA_FILE)]
            .find((f) => fs.existsSync(f));
        if (!file) throw new Error(`${SCHEMA_FILE} not found from ${__dirname}`);
        // strict: false - the upstream schema mixes `type` unions that ajv's strict mode would log about.
        validateSchema = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(file, "utf8")));
    }
    if (validateSchema(project)) return [];
    return (validateSchema.errors ?? []).map((e) => {
        const extra = e.keyword === "additionalProperties" ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
            : e.keyword === "enum" ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})` : "";
        return `#${e.instancePath}: ${e.message}${extra}`;
    });
}

// --- config values as config.Value holds them: text + secure + object --------------------------
interface Value { text: string; secure: boolean; object: boolean }
interface Key { namespace: string; name: string }

const isMap = (v: unknown): v is Record<string, Yaml> => v !== null && typeof v === "object" && !Array.isArray(v);
/** isSecureValue: a map with the single key "secure" holding a string. */
const cipherOf = (v: unknown): string | undefined =>
    isMap(v) && Object.keys(v).length === 1 && typeof v.secure === "string" ? v.secure : undefined;
const hasSecure = (v: Yaml): boolean =>
    cipherOf(v) !== undefined || (Array.isArray(v) ? v.some(hasSecure) : isMap(v) && Object.values(v).some(hasSecure));

/** Go's json.Marshal: compact, map keys sorted, <, >, & (and U+2028/9) escaped. */
function goJson(v: Yaml): string {
    if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
    if (isMap(v)) return `{${Object.keys(v).sort().map((k) => `${goJson(k)}:${goJson(v[k])}`).join(",")}}`;
    return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** object.UnmarshalYAML + MarshalString: a stack-file value. Scalars become text (true -> "true",
 *  6 -> "6", 1.50 -> "1.5"), null and collections become JSON "objects". */
function stackValue(v: Yaml): Value {
    const cipher = cipherOf(v);
    if (cipher !== undefined) return { text: cipher, secure: true, object: false };
    if (typeof v === "string") return { text: v, secure: false, object: false };
    if (typeof v === "boolean" || typeof v === "number") return { text: goJson(v), secure: false, object: false };
    return { text: goJson(v), secure: hasSecure(v), object: true };
}

/** createConfigValue: a project `default`/`value`. isPrimitiveValue is string|int|bool -> fmt "%v";
 *  anything else (floats, arrays, maps) -> JSON object value. */
function projectValue(v: Yaml): Value {
    if (typeof v === "string" || typeof v === "boolean" || Number.isInteger(v)) return { text: String(v), secure: false, object: false };
    return { text: goJson(v), secure: false, object: true };
}

/** Value.Value(dec) / Plaintext.marshalText: the string the program receives. */
function plaintext(key: string, v: Value, options: CliConfigOptions): string {
    if (!v.secure) return v.text;
    const decrypt = options.decrypt ?? (() => {
        throw new Error(`cliConfig: '${key}' is encrypted; pass options.decrypt to stand in for the secrets provider`);
    });
    if (!v.object) return decrypt(v.text);
    const open = (x: Yaml): Yaml => {
        const cipher = cipherOf(x);
        if (cipher !== undefined) return decrypt(cipher);
        if (Array.isArray(x)) return x.map(open);
        return isMap(x) ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, open(y)])) : x;
    };
    return goJson(open(JSON.parse(v.text) as Yaml));
}

/** config.ParseKey: "<ns>:<name>" or the legacy "<ns>:config:<name>". */
function parseKey(s: string): Key {
    const parts = s.split(":");
    if (parts.length === 2) return { namespace: parts[0], name: parts[1] };
    if (parts.length === 3 && parts[1] === "config") return { namespace: parts[0], name: parts[2] };
    throw new Error(`could not parse ${s} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`);
}

// --- project.go ----------------------------------------------------------------------------------
/** ValidateConfigValue. Stack scalars arrive as strings, so `string` accepts "6" and "true". */
function validValue(type: string, items: ItemsType | undefined, v: unknown): boolean {
    if (type === "string") return typeof v === "string";
    if (type === "integer") {
        // int, whole float64, or a string strconv.Atoi accepts (sign + decimal digits, int64 range)
        if (typeof v === "number") return Number.isInteger(v);
        return typeof v === "string" && /^[+-]?[0-9]+$/.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n;
    }
    if (type === "boolean") return typeof v === "boolean" || v === "true" || v === "false";
    if (type === "object") return isMap(v);
    // anything else (array, or an unknown type name) must be a list with `items`
    return Array.isArray(v) && items !== undefined && v.every((x) => validValue(String(items.type ?? ""), items.items, x));
}

/** InferFullTypeName: "array<…>" whenever `items` is present. */
const fullTypeName = (type: string, items?: ItemsType): string =>
    items ? `array<${fullTypeName(String(items.type ?? ""), items.items)}>` : type;

const namespacedByProject = (project: string, key: string) => !key.includes(":") || key.startsWith(`${project}:`);
const isTyped = (d: ConfigDeclaration): d is ConfigDeclaration & { type: string } => d.type !== undefined && d.type !== null;
const has = (v: Yaml | undefined): v is Yaml => v !== undefined && v !== null; // Go: Default != nil

/** ValidateProject's name checks, RewriteShorthandConfigValues and Project.Validate. */
function loadProject(project: ProjectFile): { name: string; config: Record<string, ConfigDeclaration> } {
    if (!("name" in project)) throw new Error("project is missing a 'name' attribute");
    const name = project.name;
    if (typeof name !== "string" || name === "") throw new Error("project is missing a non-empty string 'name' attribute");
    const raw = isMap(project.config) ? project.config : {}; // a string `config:` is the old stackConfigDir
    const config: Record<string, ConfigDeclaration> = {};
    for (const [key, v] of Object.entries(raw)) {
        // shorthand: primitives (string, int, bool) and arrays become a default (project keys) or a value
        const shorthand = typeof v === "string" || typeof v === "boolean" || Number.isInteger(v) || Array.isArray(v);
        config[key] = shorthand ? (namespacedByProject(name, key) ? { default: v } : { value: v }) : ((v ?? {}) as ConfigDeclaration);
    }
    for (const key of Object.keys(config).sort()) {
        const d = config[key];
        if (has(d.default) && has(d.value)) throw new Error(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
        if (namespacedByProject(name, key)) {
            if (isTyped(d) && d.type === "array" && !d.items) {
                throw new Error(`The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`);
            }
            if (isTyped(d) && has(d.default) && !validValue(d.type, d.items, d.default)) {
                throw new Error(`The default value specified for configuration key '${key}' is not of the expected type '${fullTypeName(d.type, d.items)}'`);
            }
        } else {
            if (isTyped(d)) throw new Error(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
            if (has(d.default)) {
                throw new Error(`Configuration key '${key}' is not namespaced by the project and should not define a default value. ` +
                    "Did you mean to use the 'value' attribute instead of 'default'?");
            }
            if (!has(d.value)) throw new Error(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
        }
    }
    return { name, config };
}

/** formatMissingKeys: one key as is; several sorted, "'a', 'b' and 'c'". */
function formatMissingKeys(keys: string[]): string {
    if (keys.length === 1) return `'${keys[0]}'`;
    const q = [...keys].sort().map((k) => `'${k}'`);
    return `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
}

/**
 * The config map the CLI hands the program for `stackName` ("<namespace>:<name>" -> string), or an
 * Error with the CLI's message where the CLI refuses to run. `stackConfig` is the stack file's
 * `config:` block as parsed by readStack.
 */
export function cliConfig(project: ProjectFile, stackConfig: Record<string, Yaml> | null | undefined, stackName: string,
    options: CliConfigOptions = {}): Record<string, string> {
    const { name: projectName, config: declared } = loadProject(project);

    // projectStackLoader.load -> stackConfigNamespacedWithProject: bare keys get the project namespace.
    const stack = new Map<string, Value>();
    for (const [raw, v] of Object.entries(stackConfig ?? {})) {
        const key = parseKey(raw.includes(":") ? raw : `${projectName}:${raw}`);
        stack.set(`${key.namespace}:${key.name}`, stackValue(v));
    }

    // mergeConfig: project keys in sorted order; collect missing keys, fill defaults/values.
    const missing: string[] = [];
    const keys = Object.keys(declared).sort();
    for (const projectKey of keys) {
        const d = declared[projectKey];
        const key = projectKey.includes(":") ? parseKey(projectKey) : { namespace: projectName, name: projectKey };
        if (/[.[]/.test(key.name)) throw new Error(`cliConfig: property-path config key '${projectKey}' is not modelled`);
        const id = `${key.namespace}:${key.name}`;
        if (stack.has(id)) continue;
        if (has(d.default) || has(d.value)) stack.set(id, projectValue(has(d.default) ? d.default : d.value as Yaml));
        else if (key.namespace === projectName) missing.push(projectKey); // the key as written in Pulumi.yaml
    }
    if (missing.length > 0) {
        // missingStackConfigurationKeysError
        throw new Error(`Stack '${stackName}' is missing configuration ${missing.length > 1 ? "values" : "value"} ${formatMissingKeys(missing)}`);
    }

    // validateStackConfigValues: decrypt everything once, then check every typed key - including
    // the ones just filled from a project default (since v3.202.0, pulumi/pulumi#20674).
    const program: Record<string, string> = {};
    for (const [id, v] of stack) program[id] = plaintext(id, v, options);
    for (const projectKey of keys) {
        const d = declared[projectKey];
        const key = projectKey.includes(":") ? parseKey(projectKey) : { namespace: projectName, name: projectKey };
        const id = `${key.namespace}:${key.name}`;
        const v = stack.get(id);
        if (!isTyped(d) || !v) continue;
        // validateStackConfigValue
        if (d.secret && !v.secure) throw new Error(`Stack '${stackName}' with configuration key '${projectKey}' must be encrypted as it's secret`);
        const content: unknown = v.object ? JSON.parse(program[id]) : program[id];
        if (!validValue(d.type, d.items, content)) {
            throw new Error(`Stack '${stackName}' with configuration key '${projectKey}' must be of type '${fullTypeName(d.type, d.items)}'`);
        }
    }
    // langhost.Run: config[k.String()] = v (the Node language host then writes PULUMI_CONFIG)
    return Object.fromEntries([...stack.keys()].sort().map((id) => [id, program[id]]));
}
