// Stack config → component args, for the stack program. The component never reads config itself
// (its namespace would be the consumer's project); the stack program calls `argsFromConfig`.
import * as pulumi from "@pulumi/pulumi";
import type { CognitoAuthArgs, FeaturePlan, MfaMode, ThreatProtectionMode } from "./args";
import { CognitoAuthValidationError, unknownKeyMessage } from "./validate";

type ConfigType = "string" | "boolean" | "integer" | "array";
type ConfigValue = string | boolean | number | string[];

interface ConfigKey {
    type: ConfigType;
    /** Argument paths this key sets; messages about those paths name the key instead. */
    paths: string[];
    apply(args: CognitoAuthArgs, value: never): void;
}

const key = <T extends ConfigValue>(type: ConfigType, paths: string[], apply: (args: CognitoAuthArgs, value: T) => void): ConfigKey =>
    ({ type, paths, apply }) as ConfigKey;

const CLASSES = ["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"] as const;

/** Every config key of the project; Pulumi.yaml declares the same keys (a test holds them equal). */
export const CONFIG_KEYS: Record<string, ConfigKey> = {
    environmentName: key<string>("string", ["environmentName"], (a, v) => (a.environmentName = v)),
    production: key<boolean>("boolean", ["production"], (a, v) => (a.production = v)),
    allowedEmailDomains: key<string[]>("array", ["allowedEmailDomains"], (a, v) => (a.allowedEmailDomains = v)),
    autoConfirmSignUps: key<boolean>("boolean", ["autoConfirmSignUps"], (a, v) => (a.autoConfirmSignUps = v)),
    passwordMinimumLength: key<number>("integer", ["passwordPolicy.minimumLength"], (a, v) => (a.passwordPolicy = { ...a.passwordPolicy, minimumLength: v })),
    passwordRequireCharacterClasses: key<boolean>("boolean", CLASSES.map((c) => `passwordPolicy.${c}`), (a, v) => {
        a.passwordPolicy = { ...a.passwordPolicy, ...Object.fromEntries(CLASSES.map((c) => [c, v])) };
    }),
    mfa: key<string>("string", ["mfa"], (a, v) => (a.mfa = v as MfaMode)),
    featurePlan: key<string>("string", ["featurePlan"], (a, v) => (a.featurePlan = v as FeaturePlan)),
    threatProtection: key<string>("string", ["threatProtection"], (a, v) => (a.threatProtection = v as ThreatProtectionMode)),
    accessTokenValidityMinutes: key<number>("integer", ["tokenValidity.accessTokenMinutes"], (a, v) => (a.tokenValidity = { ...a.tokenValidity, accessTokenMinutes: v })),
    idTokenValidityMinutes: key<number>("integer", ["tokenValidity.idTokenMinutes"], (a, v) => (a.tokenValidity = { ...a.tokenValidity, idTokenMinutes: v })),
    refreshTokenValidityDays: key<number>("integer", ["tokenValidity.refreshTokenDays"], (a, v) => (a.tokenValidity = { ...a.tokenValidity, refreshTokenDays: v })),
    allowPasswordAuth: key<boolean>("boolean", ["allowPasswordAuth"], (a, v) => (a.allowPasswordAuth = v)),
    allowUnauthenticatedIdentities: key<boolean>("boolean", ["allowUnauthenticatedIdentities"], (a, v) => (a.allowUnauthenticatedIdentities = v)),
    iotTopicPrefix: key<string>("string", ["iotTopicPrefix"], (a, v) => (a.iotTopicPrefix = v)),
    logRetentionDays: key<number>("integer", ["logRetentionDays"], (a, v) => (a.logRetentionDays = v)),
    executionRole: key<boolean>("boolean", [], (a, v) => {
        if (v) a.executionRole = { ...a.executionRole };
    }),
    executionRoleTableArns: key<string[]>("array", ["executionRole.dynamoDbTableArns"], (a, v) => {
        if (a.executionRole) a.executionRole.dynamoDbTableArns = v;
    }),
    executionRoleFunctionArns: key<string[]>("array", ["executionRole.invokableFunctionArns"], (a, v) => {
        if (a.executionRole) a.executionRole.invokableFunctionArns = v;
    }),
    alarmsEnabled: key<boolean>("boolean", ["alarms.enabled"], (a, v) => (a.alarms = { ...a.alarms, enabled: v })),
    alarmEmail: key<string>("string", ["alarms.email"], (a, v) => (a.alarms = { ...a.alarms, email: v })),
};

function parse(type: ConfigType, raw: string): ConfigValue | undefined {
    switch (type) {
        case "string":
            return raw;
        case "boolean":
            return raw === "true" ? true : raw === "false" ? false : undefined;
        case "integer":
            return /^-?\d+$/.test(raw.trim()) ? Number(raw) : undefined;
        case "array": {
            try {
                const v: unknown = JSON.parse(raw);
                return Array.isArray(v) && v.every((x) => typeof x === "string") ? v : undefined;
            } catch {
                return undefined;
            }
        }
    }
}

const EXPECTED: Record<ConfigType, string> = {
    string: "a string",
    boolean: "true or false",
    integer: "a whole number",
    array: "a list of strings",
};

/** Messages about argument paths name the config key that set them. */
export const CONFIG_LABELS: Record<string, string> = Object.fromEntries(
    Object.entries(CONFIG_KEYS).flatMap(([k, spec]) => spec.paths.map((p) => [p, k])),
);

/**
 * Build component args from the project's config (`project:key` → raw string, as
 * `pulumi.runtime.allConfig()` returns). Throws one error listing every unknown key and every value
 * of the wrong type.
 */
export function argsFromConfig(config: Record<string, string> = pulumi.runtime.allConfig(), project = pulumi.getProject()): CognitoAuthArgs {
    const problems: { label: string; message: string }[] = [];
    const args: CognitoAuthArgs = {};
    const prefix = `${project}:`;
    const entries = Object.entries(config).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v] as const);
    const known = Object.keys(CONFIG_KEYS);
    // executionRole must be applied before the keys that fill it in.
    const ordered = [...entries].sort(([a], [b]) => known.indexOf(a) - known.indexOf(b));
    for (const [name, raw] of ordered) {
        const spec = CONFIG_KEYS[name];
        if (!spec) {
            problems.push({ label: `${prefix}${name}`, message: unknownKeyMessage(name, known) });
            continue;
        }
        const value = parse(spec.type, raw);
        if (value === undefined) problems.push({ label: name, message: `must be ${EXPECTED[spec.type]} (got ${JSON.stringify(raw)})` });
        else spec.apply(args, value as never);
    }
    if (problems.length > 0) throw new CognitoAuthValidationError(problems, `stack config of project "${project}" is invalid`);
    return args;
}
