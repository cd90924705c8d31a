// Custom attributes: schema entries with every constraint stated (an omitted constraint makes every
// `pulumi up` propose a schema change Cognito refuses, pulumi/pulumi#8937), and the rule that they
// are additive only: Cognito can add custom attributes (AddCustomAttributes) but never change or
// remove one (terraform-provider-aws user_pool.go: "cannot modify or remove schema items").
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { CustomAttributeArgs, ResolvedArgs } from "./args";
import { CognitoAuthValidationError, show } from "./errors";
import type { ValidationProblem } from "./validate";

/** Cognito's limit on custom attributes per pool. */
export const MAX_CUSTOM_ATTRIBUTES = 50;
/** What Cognito stores for a custom String attribute given no constraints. */
const STRING_DEFAULTS = { minLength: 0, maxLength: 2048 };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const KEYS = ["name", "type", "mutable", "minLength", "maxLength", "minValue", "maxValue"];

/** Problems of the `customAttributes` argument (and of `previousCustomAttributes` when plain). */
export function validateCustomAttributes(raw: unknown, previous: unknown): ValidationProblem[] {
    const problems: ValidationProblem[] = [];
    const fail = (path: string, message: string) => problems.push({ path, message });
    if (raw === undefined) return checkPrevious([], previous, problems);
    if (!Array.isArray(raw)) return [{ path: "customAttributes", message: `must be a list of attributes (got ${show(raw)})` }];
    if (raw.length > MAX_CUSTOM_ATTRIBUTES) fail("customAttributes", `must hold at most ${MAX_CUSTOM_ATTRIBUTES} attributes, Cognito's limit (got ${raw.length})`);
    raw.forEach((a, i) => {
        const at = `customAttributes[${i}]`;
        if (!isObject(a)) return fail(at, `must be an object (got ${show(a)})`);
        for (const key of Object.keys(a)) if (!KEYS.includes(key)) fail(`${at}.${key}`, `is not a known setting; known: ${KEYS.join(", ")}`);
        if (typeof a.name !== "string" || !/^[A-Za-z0-9_]{1,20}$/.test(a.name)) fail(`${at}.name`, `must be 1–20 letters, digits or "_" (got ${show(a.name)})`);
        if (a.type !== "String" && a.type !== "Number") return fail(`${at}.type`, `must be one of String, Number (got ${show(a.type)})`);
        if (a.mutable !== undefined && typeof a.mutable !== "boolean") fail(`${at}.mutable`, `must be true or false (got ${show(a.mutable)})`);
        const int = (key: string, min: number, max: number) => {
            const v = a[key];
            if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)) fail(`${at}.${key}`, `must be a whole number between ${min} and ${max} (got ${show(v)})`);
        };
        if (a.type === "String") {
            for (const key of ["minValue", "maxValue"]) if (a[key] !== undefined) fail(`${at}.${key}`, `has no effect on a String attribute: remove it (got ${show(a[key])})`);
            const before = problems.length;
            int("minLength", 0, 2048);
            int("maxLength", 1, 2048);
            if (problems.length > before) return;
            const min = (a.minLength as number | undefined) ?? STRING_DEFAULTS.minLength;
            const max = (a.maxLength as number | undefined) ?? STRING_DEFAULTS.maxLength;
            if (min > max) fail(`${at}.minLength`, `must not exceed maxLength (got ${min} > ${max})`);
        } else {
            for (const key of ["minLength", "maxLength"]) if (a[key] !== undefined) fail(`${at}.${key}`, `has no effect on a Number attribute: remove it (got ${show(a[key])})`);
            for (const key of ["minValue", "maxValue"]) {
                if (!Number.isInteger(a[key])) fail(`${at}.${key}`, `must be a whole number, stated so that the pool stores exactly it (got ${show(a[key])})`);
            }
            if (typeof a.minValue === "number" && typeof a.maxValue === "number" && a.minValue > a.maxValue) fail(`${at}.minValue`, `must not exceed maxValue (got ${a.minValue} > ${a.maxValue})`);
        }
    });
    const names = raw.filter(isObject).map((a) => a.name);
    const dupe = names.find((n, i) => names.indexOf(n) !== i);
    if (dupe !== undefined) fail("customAttributes", `must not repeat a name (got ${show(dupe)} twice)`);
    return problems.length > 0 ? problems : checkPrevious(raw as CustomAttributeArgs[], previous, problems);
}

/** A custom attribute exactly as the pool stores it, defaults filled in. */
export function normalized(a: CustomAttributeArgs): Required<Pick<CustomAttributeArgs, "name" | "type" | "mutable">> & Partial<CustomAttributeArgs> {
    return a.type === "String"
        ? { name: a.name, type: a.type, mutable: a.mutable ?? true, minLength: a.minLength ?? STRING_DEFAULTS.minLength, maxLength: a.maxLength ?? STRING_DEFAULTS.maxLength }
        : { name: a.name, type: a.type, mutable: a.mutable ?? true, minValue: a.minValue, maxValue: a.maxValue };
}

/** What the pool already has must stay as it is: Cognito cannot remove or change a custom attribute. */
export function additiveProblems(current: readonly CustomAttributeArgs[], previous: readonly CustomAttributeArgs[]): ValidationProblem[] {
    const now = new Map(current.map((a) => [a.name, JSON.stringify(normalized(a))]));
    return previous.flatMap((p) => {
        const before = JSON.stringify(normalized(p));
        if (!now.has(p.name)) return [{ path: "customAttributes", message: `must keep "${p.name}": the pool has it, and Cognito cannot remove a custom attribute (it was ${before})` }];
        if (now.get(p.name) !== before) return [{ path: "customAttributes", message: `must keep "${p.name}" as it is: Cognito cannot change a custom attribute (it was ${before}, got ${now.get(p.name)})` }];
        return [];
    });
}

function checkPrevious(current: CustomAttributeArgs[], previous: unknown, problems: ValidationProblem[]): ValidationProblem[] {
    if (previous === undefined || pulumi.Output.isInstance(previous) || previous instanceof Promise) return problems;
    // The previous list must itself be well-formed (a list of valid attributes), or the comparison would say nothing useful.
    const own = validateCustomAttributes(previous, undefined).map((p) => ({ ...p, path: p.path.replace(/^customAttributes/, "previousCustomAttributes") }));
    return own.length > 0 ? own : additiveProblems(current, previous as CustomAttributeArgs[]);
}

/** The pool's schema entries for the custom attributes (Cognito adds the `custom:` prefix itself). */
export function customSchemas(s: ResolvedArgs): aws.types.input.cognito.UserPoolSchema[] {
    return s.customAttributes.map((attribute) => {
        const a = normalized(attribute);
        return {
            name: a.name,
            attributeDataType: a.type,
            mutable: a.mutable,
            required: false,
            developerOnlyAttribute: false,
            ...(a.type === "String"
                ? { stringAttributeConstraints: { minLength: String(a.minLength), maxLength: String(a.maxLength) } }
                : { numberAttributeConstraints: { minValue: String(a.minValue), maxValue: String(a.maxValue) } }),
        };
    });
}

/**
 * The schema input: checked against the previous attributes once they are known, when they arrive as
 * an Output (a StackReference), failing the deployment with the same message validation gives.
 */
export function schemaInput(component: string, s: ResolvedArgs, schemas: aws.types.input.cognito.UserPoolSchema[]): pulumi.Input<aws.types.input.cognito.UserPoolSchema[]> {
    // A plain list was checked by validation already; checking it again here changes nothing.
    return pulumi.output(s.previousCustomAttributes).apply((before) => {
        const problems = additiveProblems(s.customAttributes, (before ?? []) as CustomAttributeArgs[]);
        if (problems.length > 0) throw new CognitoAuthValidationError(problems.map((p) => ({ label: p.path, message: p.message })), `CognitoAuth "${component}" has invalid arguments`);
        return schemas;
    });
}
