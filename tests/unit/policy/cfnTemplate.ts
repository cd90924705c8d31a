// The original CloudFormation template (tests/fixtures/original-template.yaml), turned into
// the Pulumi resources that stand for it, so the pack can be run on what the project replaces.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "js-yaml";
import { CFN_SCHEMA } from "../../../tools/adopt/template";
import { ROOT } from "../../harness";
import { UNKNOWN_VALUE, type Target } from "./runPack";

export const ORIGINAL_TEMPLATE = path.join(ROOT, "tests", "fixtures", "original-template.yaml");

interface CfnTemplate {
    Parameters?: Record<string, { Default?: unknown }>;
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

// CloudFormation's short tags (!Ref, !GetAtt, !Sub, ...) read as their long forms: the adopt tool's schema.
export function loadTemplate(file = ORIGINAL_TEMPLATE): CfnTemplate {
    return YAML.load(fs.readFileSync(file, "utf8"), { schema: CFN_SCHEMA }) as CfnTemplate;
}

interface Resolution {
    parameters: Record<string, unknown>;
    /** Resources' attributes are unknown, as in a preview before anything exists. */
    preview: boolean;
    /** Logical ids the resolved value refers to. */
    refs: Set<string>;
}

/** Intrinsic functions replaced by values: parameters by their defaults, resource attributes by placeholders or unknowns. */
function resolve(value: unknown, r: Resolution): unknown {
    if (Array.isArray(value)) return value.map((v) => resolve(v, r));
    if (value === null || typeof value !== "object") return value;
    const entries = Object.entries(value);
    const [fn, arg] = entries[0] ?? [];
    if (entries.length === 1 && (fn === "Ref" || fn.startsWith("Fn::"))) return intrinsic(fn, arg, r);
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, r)]));
}

function intrinsic(fn: string, arg: unknown, r: Resolution): unknown {
    const attribute = (logicalId: string, attr: string) => {
        r.refs.add(logicalId);
        return r.preview ? UNKNOWN_VALUE : `${logicalId}.${attr}`;
    };
    switch (fn) {
        case "Ref":
            return String(arg) in r.parameters ? r.parameters[String(arg)] : attribute(String(arg), "Ref");
        case "Fn::GetAtt": {
            const [logicalId, attr] = arg as [string, string];
            return attribute(logicalId, attr);
        }
        case "Fn::Sub": {
            if (typeof arg !== "string") throw new Error("Fn::Sub with a variable map has no mapping");
            const parts = arg.split(/\$\{([^}]+)\}/).map((part, i) => {
                if (i % 2 === 0) return part;
                if (part in r.parameters) return String(r.parameters[part]);
                const [logicalId, attr = "Ref"] = part.split(".");
                return attribute(logicalId, attr);
            });
            // Text built from an unknown value is unknown as a whole.
            return parts.includes(UNKNOWN_VALUE) ? UNKNOWN_VALUE : parts.join("");
        }
        default:
            throw new Error(`intrinsic ${fn} has no mapping`);
    }
}

/** Pulumi writes nested Cognito settings in camelCase where CloudFormation uses PascalCase. */
function camelKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(camelKeys);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k[0].toLowerCase() + k.slice(1), camelKeys(v)]));
}

/** A policy document as the JSON text Pulumi programs usually pass; unknown as a whole if any part is. */
function jsonText(document: unknown): string {
    const text = JSON.stringify(document);
    return text.includes(UNKNOWN_VALUE) ? UNKNOWN_VALUE : text;
}

type PropertyMapping = (value: any) => [string, unknown];
const as = (key: string, convert: (v: any) => unknown = (v) => v): PropertyMapping => (v) => [key, convert(v)];
const nested = (key: string) => as(key, camelKeys);

/** CloudFormation type → Pulumi type, and each CloudFormation property → Pulumi input. Anything else is refused. */
export const MAPPING: Record<string, { type: string; properties: Record<string, PropertyMapping> }> = {
    "AWS::IAM::Role": {
        type: "aws:iam/role:Role",
        properties: {
            // The trust document stays an object (aws.iam.PolicyDocument); inline policies become JSON text.
            // Both forms reach the pack, so both are exercised.
            AssumeRolePolicyDocument: as("assumeRolePolicy"),
            Policies: as("inlinePolicies", (ps: { PolicyName: string; PolicyDocument: unknown }[]) =>
                ps.map((p) => ({ name: p.PolicyName, policy: jsonText(p.PolicyDocument) })),
            ),
            ManagedPolicyArns: as("managedPolicyArns"),
        },
    },
    "AWS::Cognito::UserPool": {
        type: "aws:cognito/userPool:UserPool",
        properties: {
            UserPoolName: as("name"),
            AdminCreateUserConfig: nested("adminCreateUserConfig"),
            AutoVerifiedAttributes: as("autoVerifiedAttributes"),
            DeviceConfiguration: nested("deviceConfiguration"),
            LambdaConfig: nested("lambdaConfig"),
            Policies: as("passwordPolicy", (p: { PasswordPolicy: unknown }) => camelKeys(p.PasswordPolicy)),
            Schema: nested("schemas"),
            DeletionProtection: as("deletionProtection"),
        },
    },
    "AWS::Cognito::UserPoolClient": {
        type: "aws:cognito/userPoolClient:UserPoolClient",
        properties: {
            ClientName: as("name"),
            GenerateSecret: as("generateSecret"),
            RefreshTokenValidity: as("refreshTokenValidity"),
            UserPoolId: as("userPoolId"),
            PreventUserExistenceErrors: as("preventUserExistenceErrors"),
        },
    },
    "AWS::Cognito::IdentityPool": {
        type: "aws:cognito/identityPool:IdentityPool",
        properties: {
            IdentityPoolName: as("identityPoolName"),
            AllowUnauthenticatedIdentities: as("allowUnauthenticatedIdentities"),
            CognitoIdentityProviders: nested("cognitoIdentityProviders"),
        },
    },
};

const urnOf = (type: string, logicalId: string) => `urn:pulumi:template::cognito-auth::${type}::${logicalId}`;

/**
 * The template's resources as policy targets, named by logical id. With `preview`, every attribute of
 * another resource (Ref, GetAtt) is unknown, as in a first preview; without it, a placeholder string.
 */
export function templateTargets(template: CfnTemplate, { preview = false } = {}): Target[] {
    const parameters = Object.fromEntries(Object.entries(template.Parameters ?? {}).map(([k, p]) => [k, p.Default]));
    const typeOf = (logicalId: string) => MAPPING[template.Resources[logicalId]?.Type]?.type ?? "cloudformation:unmapped";
    return Object.entries(template.Resources).map(([logicalId, resource]) => {
        const mapping = MAPPING[resource.Type];
        if (!mapping) throw new Error(`${logicalId}: ${resource.Type} has no mapping`);
        const inputs: Record<string, unknown> = {};
        const propertyDependencies: Record<string, string[]> = {};
        for (const [property, value] of Object.entries(resource.Properties ?? {})) {
            const map = mapping.properties[property];
            if (!map) throw new Error(`${logicalId}: ${resource.Type} property ${property} has no mapping`);
            const refs = new Set<string>();
            const [key, input] = map(resolve(value, { parameters, preview, refs }));
            inputs[key] = input;
            const deps = [...refs].filter((id) => id in template.Resources).map((id) => urnOf(typeOf(id), id));
            if (deps.length > 0) propertyDependencies[key] = deps;
        }
        return {
            type: mapping.type,
            name: logicalId,
            urn: urnOf(mapping.type, logicalId),
            inputs,
            dependencies: [...new Set(Object.values(propertyDependencies).flat())],
            propertyDependencies,
        };
    });
}
