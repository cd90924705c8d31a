// Validation of every argument, in one pass, before anything is registered. Every problem is
// collected and reported together; each names the argument path, the value given and what is allowed.
import * as pulumi from "@pulumi/pulumi";
import type { CognitoAuthArgs, ResolvedArgs } from "./args";
import { AUTO_NAME_SUFFIX_LENGTH, CHILD_KEYS, CHILDREN, childName, isPlain, type ChildKey } from "./children";
import { CognitoAuthValidationError, show } from "./errors";
import { wildcardActions, type PolicyStatement } from "./policy";

export { CognitoAuthValidationError };
import { validateCustomAttributes } from "./customAttributes";
import { validateGroups } from "./groups";
import { validateIdentityProviders } from "./identityProviders";
import { TRIGGERS } from "./triggers";
import { getPath, productionRuleText, resolveSettings, SETTING_PATHS, SETTINGS, STRUCTURED_ARGS, type Setting } from "./settings";

/** One problem: `path` is the argument's path, e.g. `passwordPolicy.minimumLength` or `executionRole.dynamoDbTableArns[0]`. */
export interface ValidationProblem {
    path: string;
    /** What is wrong, starting with "must": e.g. `must be between 6 and 99 (got 3)`. */
    message: string;
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
            prev = cur;
        }
    }
    return row[b.length];
}

/** The closest known name, when one is close enough to be a likely typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const k of known) {
        const d = distance(name, k);
        if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    return bestDistance <= Math.max(2, Math.floor(name.length / 2)) ? best : undefined;
}

export function unknownKeyMessage(name: string, known: readonly string[]): string {
    const hint = closest(name, known);
    return `is not a known setting${hint ? ` (did you mean "${hint}"?)` : ""}; known: ${known.join(", ")}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !pulumi.Output.isInstance(v);
/** The Pulumi type token of a child (e.g. `aws:iam/role:Role`). */
const pulumiType = (key: ChildKey): string => (CHILDREN[key].ctor as unknown as { __pulumiType: string }).__pulumiType;

/** Known keys per object level: "" for the top level, "passwordPolicy" for its members, … */
function knownKeys(): Map<string, string[]> {
    const levels = new Map<string, string[]>([["", [...STRUCTURED_ARGS]]]);
    for (const path of SETTING_PATHS) {
        const parts = path.split(".");
        for (let i = 0; i < parts.length; i++) {
            const level = parts.slice(0, i).join(".");
            const keys = levels.get(level) ?? [];
            if (!keys.includes(parts[i])) keys.push(parts[i]);
            levels.set(level, keys);
        }
    }
    return levels;
}
const KNOWN_KEYS = knownKeys();

/** "must …" problems of one value against its table row (type, range, allowed values, format, checks). */
function checkValue(path: string, setting: Setting, value: unknown, s: ResolvedArgs, fail: (path: string, message: string) => void): void {
    switch (setting.type) {
        case "boolean":
            if (typeof value !== "boolean") return fail(path, `must be true or false (got ${show(value)})`);
            break;
        case "integer": {
            const range = setting.range;
            const unit = range?.unit ?? "";
            if (setting.oneOf) {
                if (!setting.oneOf.includes(String(value)) || typeof value !== "number") return fail(path, `must be one of ${setting.oneOf.join(", ")} (got ${show(value)})`);
            } else if (typeof value !== "number" || !Number.isInteger(value)) {
                return fail(path, `must be a whole number${range ? ` between ${range.min} and ${range.max}${unit}` : ""} (got ${show(value)})`);
            } else if (range && (value < range.min || value > range.max)) {
                return fail(path, `must be between ${range.min} and ${range.max}${unit} (got ${value})`);
            }
            break;
        }
        case "string":
            if (setting.input && !isPlain(value)) return;
            if (typeof value !== "string") return fail(path, `must be ${setting.oneOf ? `one of ${setting.oneOf.join(", ")}` : "a string"} (got ${show(value)})`);
            if (setting.oneOf && !setting.oneOf.includes(value)) return fail(path, `must be one of ${setting.oneOf.join(", ")} (got ${show(value)})`);
            if (setting.format && !setting.format.test(value)) return fail(path, `must be ${setting.format.text} (got ${show(value)})`);
            break;
        case "string[]": {
            if (!Array.isArray(value)) return fail(path, `must be a list (got ${show(value)})`);
            let itemProblem = false;
            value.forEach((item, i) => {
                if (setting.input && !isPlain(item)) return;
                const at = `${path}[${i}]`;
                if (typeof item !== "string") fail(at, `must be a string (got ${show(item)})`);
                else if (setting.oneOf && !setting.oneOf.includes(item)) fail(at, `must be one of ${setting.oneOf.join(", ")} (got ${show(item)})`);
                else if (setting.format && !setting.format.test(item)) fail(at, `must be ${setting.format.text} (got ${show(item)})`);
                else return;
                itemProblem = true;
            });
            if (itemProblem) return;
            break;
        }
    }
    const extra = setting.check?.(value as never, s);
    if (extra) fail(path, `must ${extra}`);
}

/**
 * Every problem of `args` for a component named `name`, in one pass: shape and unknown keys, each
 * setting against its table row, settings that would have no effect, production rules and their
 * waivers, the structured arguments, and the names AWS would refuse. Empty when valid.
 */
export function validateArgs(name: string, args: CognitoAuthArgs | undefined, region?: string): { problems: ValidationProblem[]; resolved?: ResolvedArgs } {
    const problems: ValidationProblem[] = [];
    const fail = (path: string, message: string) => problems.push({ path, message });
    if (args !== undefined && !isObject(args)) return { problems: [{ path: "args", message: `must be an object (got ${show(args)})` }] };
    const raw = (args ?? {}) as Record<string, unknown>;

    // Shape: every level an object, every key known.
    if (raw.transform !== undefined && !isObject(raw.transform)) fail("transform", `must be an object (got ${show(raw.transform)})`);
    const walk = (value: Record<string, unknown>, level: string) => {
        const known = KNOWN_KEYS.get(level)!; // walk only enters known levels
        for (const [key, v] of Object.entries(value)) {
            const path = level ? `${level}.${key}` : key;
            if (!known.includes(key)) fail(path, unknownKeyMessage(key, known));
            else if (KNOWN_KEYS.has(path) && v !== undefined) {
                if (isObject(v)) walk(v, path);
                else fail(path, `must be an object (got ${show(v)})`);
            }
        }
    };
    walk(raw, "");
    if (problems.length > 0) return { problems };

    const s = resolveSettings(name, args ?? {}, region);
    s.authenticatedRoleStatements = (raw.authenticatedRoleStatements ?? []) as ResolvedArgs["authenticatedRoleStatements"];
    s.transform = (raw.transform ?? {}) as ResolvedArgs["transform"];
    s.identityProviders = (raw.identityProviders ?? {}) as ResolvedArgs["identityProviders"];
    s.groups = (Array.isArray(raw.groups) ? raw.groups : []) as ResolvedArgs["groups"];
    s.customAttributes = (Array.isArray(raw.customAttributes) ? raw.customAttributes : []) as ResolvedArgs["customAttributes"];
    s.previousCustomAttributes = raw.previousCustomAttributes as ResolvedArgs["previousCustomAttributes"];

    for (const path of SETTING_PATHS) {
        const setting = SETTINGS[path] as Setting;
        const given = getPath(raw, path);
        const value = getPath(s, path);
        const before = problems.length;
        // A value derived from a setting that is itself wrong would only repeat that problem.
        if (given === undefined && setting.derive && problems.length > 0 && path !== "environmentName") continue;
        const derivedFromName = given === undefined && path === "environmentName";
        if (value !== undefined) checkValue(path, setting, value, s, fail);
        if (derivedFromName) {
            // Every message starts with "must": the note goes before it, the way out after it.
            for (const p of problems.slice(before)) p.message = `(derived from the component name ${show(name)}) ${p.message}; set environmentName explicitly`;
        }
        if (problems.length > before) continue;
        if (given !== undefined && setting.appliesWhen && !setting.appliesWhen.holds(s)) {
            fail(path, `has no effect unless ${setting.appliesWhen.text}: remove it (got ${show(given)})`);
        }
    }
    // Production rules, only once every value is known to be well-formed.
    if (problems.length === 0 && s.production) {
        const waived = new Set(s.productionWaivers);
        const broken = new Set<string>();
        for (const path of SETTING_PATHS) {
            const setting = SETTINGS[path] as Setting;
            const rule = setting.production;
            if (!rule) continue;
            // No production rule is on an Output-capable input (a test holds the table to that).
            const value = getPath(s, path);
            if (rule.holds(value as never, s)) continue;
            broken.add(rule.waiver);
            if (!waived.has(rule.waiver)) fail(path, productionRuleText(setting, value)!);
        }
        for (const waiver of s.productionWaivers) {
            if (!broken.has(waiver)) fail("productionWaivers", `must name only rules this deployment breaks: ${show(waiver)} holds, so remove the waiver`);
        }
    }

    // Structured arguments.
    const statements = raw.authenticatedRoleStatements;
    if (statements !== undefined && !Array.isArray(statements)) {
        fail("authenticatedRoleStatements", `must be a list of policy statements (got ${show(statements)})`);
    } else {
        s.authenticatedRoleStatements.forEach((statement, i) => {
            if (!isPlain(statement)) return; // checked when its value is known, by policyDocumentOutput
            const st = statement as PolicyStatement;
            if (!isObject(st) || !Array.isArray(st.Action) || st.Action.length === 0) {
                fail(`authenticatedRoleStatements[${i}]`, `must have a non-empty Action list (got ${show(st)})`);
            } else if (st.Action.some((a) => !isPlain(a))) {
                fail(`authenticatedRoleStatements[${i}].Action`, "must list plain strings, so wildcards can be refused before deployment");
            } else if (wildcardActions([st]).length > 0) {
                fail(`authenticatedRoleStatements[${i}].Action`, `must name exact actions, no wildcards (got ${show(wildcardActions([st]))})`);
            }
        });
    }
    for (const [key, t] of Object.entries(isObject(s.transform) ? s.transform : {})) {
        if (!(CHILD_KEYS as string[]).includes(key)) fail(`transform.${key}`, unknownKeyMessage(key, CHILD_KEYS).replace("is not a known setting", "is not a child of the component"));
        else if (t !== undefined && typeof t !== "function" && !isObject(t)) fail(`transform.${key}`, `must be a function or a partial args object (got ${show(t)})`);
    }

    for (const p of [...validateIdentityProviders(raw.identityProviders, s), ...validateGroups(raw.groups, name), ...validateCustomAttributes(raw.customAttributes, raw.previousCustomAttributes)]) {
        fail(p.path, p.message);
    }

    // Names AWS accepts: Lambda, SNS and statement ids allow only letters, digits, "-" and "_".
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
        fail("name", `must be letters, digits, "-" and "_" only, as the names of its Lambda functions, SNS topic and IAM roles derive from it (got ${show(name)})`);
    } else {
        // The tightest limit among the auto-named children (pulumi-aws appends "-" and 7 random characters).
        // Children made per item count with their longest item (group roles are checked per group name).
        const longestItem: Partial<Record<ChildKey, string>> = { triggerPermission: [...TRIGGERS].sort((a, b) => b.length - a.length)[0] };
        const limits = CHILD_KEYS.filter((k) => CHILDREN[k].maxAutoName !== undefined && (!CHILDREN[k].multi || longestItem[k])).map((key) => {
            const logical = childName(name, key, longestItem[key]);
            return { key, logical, max: CHILDREN[key].maxAutoName!, longest: CHILDREN[key].maxAutoName! - AUTO_NAME_SUFFIX_LENGTH - (logical.length - name.length) };
        });
        const tightest = limits.reduce((a, b) => (b.longest < a.longest ? b : a));
        if (name.length > tightest.longest) {
            fail(
                "name",
                `must be at most ${tightest.longest} characters (got ${name.length}): its child "${tightest.logical}" (${pulumiType(tightest.key)}) gets a physical name of ` +
                    `${tightest.logical.length + AUTO_NAME_SUFFIX_LENGTH} characters with the provider's "-" and 7 random characters, over AWS's limit of ${tightest.max}`,
            );
        }
    }
    return problems.length > 0 ? { problems } : { problems, resolved: s };
}
