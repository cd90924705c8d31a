// Stack config → component args, through the settings table. Not shipped: it belongs to this
// repository's stack program. The component never reads config itself (its namespace would be the
// consumer's project). Validation runs once: in the component, or, when config values could not even
// be parsed, directly, so that one report carries both kinds of problems with config-key labels.
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, type CognitoAuthArgs } from "../components";
import { CognitoAuthValidationError, type LabeledProblem } from "../components/errors";
import { configKeys, SETTINGS, setPath, type Setting, type SettingPath, type SettingValue } from "../components/settings";
import { unknownKeyMessage, validateArgs } from "../components/validate";
import * as aws from "@pulumi/aws";

const KEYS = configKeys();

/** A config string as the setting's type, or undefined when it is not one. */
function parse(type: Setting["type"], raw: string): SettingValue {
    switch (type) {
        case "string":
            return raw;
        case "boolean":
            return raw === "true" ? true : raw === "false" ? false : undefined;
        case "integer":
            // As Go's strconv.Atoi, which the CLI validates integers with: an optional sign, then digits.
            return /^[+-]?\d+$/.test(raw) ? Number(raw) : undefined;
        case "string[]":
            try {
                const v: unknown = JSON.parse(raw);
                return Array.isArray(v) && v.every((x) => typeof x === "string") ? v : undefined;
            } catch {
                return undefined;
            }
    }
}

const EXPECTED: Record<Setting["type"], string> = { string: "a string", boolean: "true or false", integer: "a whole number", "string[]": "a list of strings" };

/**
 * The value Pulumi.yaml declares as the key's default (generated from the table): `""` for settings
 * whose default is derived or unset, since the CLI requires every declared key to have a value.
 */
export function configDefault(setting: Setting): SettingValue {
    if (setting.configDefault !== undefined) return setting.configDefault;
    if (setting.derive === undefined && setting.default !== undefined) return setting.default;
    if (setting.type !== "string") throw new Error(`a ${setting.type} setting with a derived or unset default needs a configDefault`);
    return "";
}

const same = (a: SettingValue, b: SettingValue) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Component args from the project's config (`<project>:<key>` → string, as the CLI hands it to the
 * program), and the problems of keys that are unknown or of the wrong type. A value equal to the
 * key's declared default is left out: the CLI fills in defaults, and leaving them out is what lets
 * the component tell "set" from "not set" (and refuse settings that would have no effect).
 */
export function argsFromConfig(config: Record<string, string> = pulumi.runtime.allConfig(), project = pulumi.getProject()): { args: CognitoAuthArgs; problems: LabeledProblem[] } {
    const problems: LabeledProblem[] = [];
    const args: Record<string, unknown> = {};
    const prefix = `${project}:`;
    for (const [fullKey, raw] of Object.entries(config).sort(([a], [b]) => a.localeCompare(b))) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        const paths = KEYS.get(key);
        if (!paths) {
            problems.push({ label: fullKey, message: unknownKeyMessage(key, [...KEYS.keys()]) });
            continue;
        }
        const setting = SETTINGS[paths[0]] as Setting;
        const value = parse(setting.type, raw);
        if (value === undefined) problems.push({ label: key, message: `must be ${EXPECTED[setting.type]} (got ${JSON.stringify(raw)})` });
        // A derived setting's "" means "derive it"; any other value of it is an explicit choice.
        else if (setting.derive ? value !== "" : !same(value, configDefault(setting))) for (const path of paths) setPath(args, path, value);
    }
    return { args: args as CognitoAuthArgs, problems };
}

/** The config key that sets an argument path (indexed paths keep their index), or the path itself. */
export function configLabel(path: string): string {
    const [, base, index] = /^([^[]+)(\[\d+\].*)?$/.exec(path) ?? [];
    const key = (SETTINGS[base as SettingPath] as Setting | undefined)?.config;
    return key ? `${key}${index ?? ""}` : path;
}

/** A message with the argument paths it mentions (e.g. "iot.enabled") named by their config keys. */
function inConfigTerms(message: string): string {
    let out = message;
    for (const [key, paths] of KEYS) {
        if (paths.length !== 1 || paths[0] === key) continue;
        out = out.replace(new RegExp(`(?<![\\w.])${paths[0].replace(/\./g, "\\.")}(?![\\w])`, "g"), key);
    }
    return out;
}

const contextOf = (project: string) => `Stack config of project "${project}" is invalid`;
const relabel = (found: readonly LabeledProblem[]) => found.map((p) => ({ label: configLabel(p.label), message: inConfigTerms(p.message) }));

/**
 * The component's args from config, or the error that reports every problem when some config value
 * could not even be parsed: then validation runs here (once), since the component will not be built.
 */
export function configuredArgs(name: string, config: Record<string, string> | undefined, project: string, region?: string): { args: CognitoAuthArgs; error?: CognitoAuthValidationError } {
    const { args, problems } = argsFromConfig(config, project);
    if (problems.length === 0) return { args };
    const argumentProblems = validateArgs(name, args, region).problems.map((p) => ({ label: p.path, message: p.message }));
    return { args, error: new CognitoAuthValidationError([...problems, ...relabel(argumentProblems)], contextOf(project)) };
}

/**
 * The stack's component, built from config. Every problem, of config and of arguments, is reported
 * in one error with config-key labels, before anything is registered.
 */
export function stackAuth(name: string, config?: Record<string, string>, project = pulumi.getProject()): CognitoAuth {
    const { args, error } = configuredArgs(name, config, project, aws.config.region);
    if (error) throw error;
    try {
        return new CognitoAuth(name, args);
    } catch (err) {
        if (err instanceof CognitoAuthValidationError) throw new CognitoAuthValidationError(relabel(err.problems), contextOf(project));
        throw err;
    }
}
