// Validation of every argument before any resource is registered. All problems are collected and
// reported together; each names the argument (or the config key it came from), the value given and
// what is allowed.
import * as pulumi from "@pulumi/pulumi";
import { emailDomain } from "../lambdas/preSignUp";
import type { CognitoAuthArgs, ResolvedArgs } from "./args";
import { wildcardActions, type PolicyStatement } from "./policy";

/** One problem: `path` is the argument's path, e.g. `passwordPolicy.minimumLength`. */
export interface ValidationProblem {
    path: string;
    /** What is wrong, starting with "must": e.g. `must be between 6 and 99 (got 3)`. */
    message: string;
}

/** Thrown before anything is created when arguments or config are invalid; lists every problem. */
export class CognitoAuthValidationError extends Error {
    constructor(
        readonly problems: ReadonlyArray<{ label: string; message: string }>,
        context: string,
    ) {
        super(`${context}: ${problems.length} problem(s):\n` + problems.map((p) => `  - ${p.label} ${p.message}`).join("\n"));
        this.name = "CognitoAuthValidationError";
    }
}

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const ARG_KEYS: ReadonlyArray<keyof CognitoAuthArgs> = [
    "environmentName", "production", "allowedEmailDomains", "autoConfirmSignUps", "passwordPolicy", "mfa", "featurePlan",
    "threatProtection", "tokenValidity", "allowPasswordAuth", "allowUnauthenticatedIdentities", "iotTopicPrefix",
    "authenticatedRoleStatements", "logRetentionDays", "preSignUpFunctionArn", "executionRole", "alarms", "transform",
];
const NESTED_KEYS: Record<string, readonly string[]> = {
    passwordPolicy: ["minimumLength", "requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"],
    tokenValidity: ["accessTokenMinutes", "idTokenMinutes", "refreshTokenDays"],
    executionRole: ["dynamoDbTableArns", "invokableFunctionArns", "vpcAccess"],
    alarms: ["enabled", "email", "preSignUpErrors", "preSignUpThrottles", "preSignUpDurationP99Ms", "riskEvents"],
    transform: ["userPool", "appClient", "webClient", "identityPool", "authenticatedRole", "preSignUpFunction"],
};

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

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : v === undefined ? "undefined" : JSON.stringify(v) ?? String(v));

/** Checks the raw args and their resolved form; returns every problem found (empty when valid). */
export function validateArgs(args: CognitoAuthArgs | undefined, resolved: ResolvedArgs): ValidationProblem[] {
    const problems: ValidationProblem[] = [];
    const fail = (path: string, message: string) => problems.push({ path, message });
    const raw: Record<string, unknown> = (args ?? {}) as Record<string, unknown>;
    if (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))) {
        return [{ path: "args", message: `must be an object (got ${show(args)})` }];
    }

    for (const key of Object.keys(raw)) {
        if (!ARG_KEYS.includes(key as keyof CognitoAuthArgs)) fail(key, unknownKeyMessage(key, ARG_KEYS));
    }
    for (const [group, keys] of Object.entries(NESTED_KEYS)) {
        const value = raw[group];
        if (value === undefined) continue;
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            fail(group, `must be an object (got ${show(value)})`);
            continue;
        }
        for (const key of Object.keys(value)) if (!keys.includes(key)) fail(`${group}.${key}`, unknownKeyMessage(key, keys));
    }
    if (problems.some((p) => p.path === "args" || (p.message.startsWith("must be an object") && p.path in NESTED_KEYS))) return problems;

    const bool = (path: string, v: unknown) => {
        if (typeof v !== "boolean") fail(path, `must be true or false (got ${show(v)})`);
    };
    const int = (path: string, v: unknown, min: number, max: number, unit = "") => {
        if (typeof v !== "number" || !Number.isInteger(v)) fail(path, `must be a whole number between ${min} and ${max}${unit} (got ${show(v)})`);
        else if (v < min || v > max) fail(path, `must be between ${min} and ${max}${unit} (got ${v})`);
    };
    const oneOf = (path: string, v: unknown, allowed: readonly string[]) => {
        if (!allowed.includes(v as string)) fail(path, `must be one of ${allowed.join(", ")} (got ${show(v)})`);
    };
    const r = resolved;

    if (typeof r.environmentName !== "string" || !/^[A-Za-z][A-Za-z0-9]{0,31}$/.test(r.environmentName)) {
        fail("environmentName", `must be 1–32 letters or digits starting with a letter, usable in resource names (got ${show(r.environmentName)})`);
    }
    bool("production", r.production);
    bool("autoConfirmSignUps", r.autoConfirmSignUps);
    bool("allowPasswordAuth", r.allowPasswordAuth);
    bool("allowUnauthenticatedIdentities", r.allowUnauthenticatedIdentities);

    const domains = raw.allowedEmailDomains;
    if (domains !== undefined && (!Array.isArray(domains) || domains.some((d) => typeof d !== "string"))) {
        fail("allowedEmailDomains", `must be a list of domain names (got ${show(domains)})`);
    } else {
        for (const d of r.allowedEmailDomains) {
            if (emailDomain(`user@${d}`) !== d) fail("allowedEmailDomains", `must hold well-formed ASCII domain names such as "example.com" (got ${show(d)})`);
        }
        const dupes = r.allowedEmailDomains.filter((d, i, all) => all.indexOf(d) !== i);
        if (dupes.length > 0) fail("allowedEmailDomains", `must not repeat a domain (got ${show(dupes[0])} twice)`);
        // Lambda allows 4 KB of environment variables in all.
        if (r.allowedEmailDomains.join(",").length > 3500) fail("allowedEmailDomains", `must fit in 3500 characters joined (got ${r.allowedEmailDomains.join(",").length})`);
    }

    const pw = r.passwordPolicy;
    int("passwordPolicy.minimumLength", pw.minimumLength, 6, 99);
    for (const k of ["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"] as const) bool(`passwordPolicy.${k}`, pw[k]);
    if (r.production === true) {
        if (typeof pw.minimumLength === "number" && pw.minimumLength < 8) {
            fail("passwordPolicy.minimumLength", `must be at least 8 in production (got ${pw.minimumLength})`);
        }
        for (const k of ["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"] as const) {
            if (pw[k] === false) fail(`passwordPolicy.${k}`, `must be true in production (got false)`);
        }
    }

    oneOf("mfa", r.mfa, ["OFF", "OPTIONAL", "ON"]);
    if (r.production === true && r.mfa === "OFF") fail("mfa", `must be OPTIONAL or ON in production (got "OFF")`);
    oneOf("featurePlan", r.featurePlan, ["ESSENTIALS", "PLUS"]);
    oneOf("threatProtection", r.threatProtection, ["OFF", "AUDIT", "ENFORCED"]);
    if (r.threatProtection !== "OFF" && r.featurePlan !== "PLUS" && ["AUDIT", "ENFORCED"].includes(r.threatProtection)) {
        fail("threatProtection", `must be OFF unless featurePlan is PLUS (got ${show(r.threatProtection)} with ${show(r.featurePlan)})`);
    }
    if (r.production === true && r.threatProtection === "OFF") {
        fail("threatProtection", `must be AUDIT or ENFORCED in production, which needs featurePlan PLUS (got "OFF")`);
    }

    const tv = r.tokenValidity;
    int("tokenValidity.accessTokenMinutes", tv.accessTokenMinutes, 5, 1440, " minutes");
    int("tokenValidity.idTokenMinutes", tv.idTokenMinutes, 5, 1440, " minutes");
    int("tokenValidity.refreshTokenDays", tv.refreshTokenDays, 1, 3650, " days");
    if (typeof tv.refreshTokenDays === "number" && tv.refreshTokenDays * 1440 <= Math.max(tv.accessTokenMinutes, tv.idTokenMinutes)) {
        fail("tokenValidity.refreshTokenDays", `must last longer than the access and ID tokens (got ${tv.refreshTokenDays} days)`);
    }

    if (typeof r.iotTopicPrefix !== "string" || !/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(r.iotTopicPrefix) || r.iotTopicPrefix.length > 100) {
        fail("iotTopicPrefix", `must be 1–100 characters of letters, digits, "_", "-" in "/"-separated levels, without MQTT wildcards or "$" (got ${show(r.iotTopicPrefix)})`);
    }
    if (r.preSignUpFunctionArn !== undefined && typeof r.preSignUpFunctionArn === "string" && !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/.test(r.preSignUpFunctionArn)) {
        fail("preSignUpFunctionArn", `must be a Lambda function ARN (got ${show(r.preSignUpFunctionArn)})`);
    }
    if (!LOG_RETENTION_DAYS.includes(r.logRetentionDays)) {
        fail("logRetentionDays", `must be one of ${LOG_RETENTION_DAYS.join(", ")} (got ${show(r.logRetentionDays)})`);
    }

    const statements = raw.authenticatedRoleStatements;
    if (statements !== undefined && !Array.isArray(statements)) {
        fail("authenticatedRoleStatements", `must be a list of policy statements (got ${show(statements)})`);
    } else {
        r.authenticatedRoleStatements.forEach((s, i) => {
            if (pulumi.Output.isInstance(s)) return; // checked when its value is known, by policyDocument
            const st = s as PolicyStatement;
            if (!st || !Array.isArray(st.Action) || st.Action.length === 0) {
                fail(`authenticatedRoleStatements[${i}]`, `must have a non-empty Action list (got ${show(st)})`);
            } else if (wildcardActions([st]).length > 0) {
                fail(`authenticatedRoleStatements[${i}].Action`, `must name exact actions, no wildcards (got ${show(wildcardActions([st]))})`);
            }
        });
    }

    if (r.executionRole) {
        for (const k of ["dynamoDbTableArns", "invokableFunctionArns"] as const) {
            const v = r.executionRole[k];
            if (!Array.isArray(v)) fail(`executionRole.${k}`, `must be a list of ARNs (got ${show(v)})`);
            else v.forEach((arn, i) => {
                if (typeof arn === "string" && !/^arn:aws[a-z-]*:(dynamodb|lambda):[a-z0-9-]+:\d{12}:[^*]+$/.test(arn)) {
                    fail(`executionRole.${k}[${i}]`, `must be a full ${k.startsWith("dynamo") ? "DynamoDB table" : "Lambda function"} ARN without wildcards (got ${show(arn)})`);
                }
            });
        }
        bool("executionRole.vpcAccess", r.executionRole.vpcAccess);
    }

    const a = r.alarms;
    bool("alarms.enabled", a.enabled);
    if (a.email !== undefined && (typeof a.email !== "string" || emailDomain(a.email) === undefined)) {
        fail("alarms.email", `must be an e-mail address (got ${show(a.email)})`);
    }
    int("alarms.preSignUpErrors", a.preSignUpErrors, 1, 1_000_000);
    int("alarms.preSignUpThrottles", a.preSignUpThrottles, 1, 1_000_000);
    int("alarms.preSignUpDurationP99Ms", a.preSignUpDurationP99Ms, 1, 5000, " ms");
    int("alarms.riskEvents", a.riskEvents, 1, 1_000_000);

    for (const [k, fn] of Object.entries(r.transform)) {
        if (typeof fn !== "function") fail(`transform.${k}`, `must be a function (got ${show(fn)})`);
    }
    return problems;
}
