// What makes a CloudFormation stack's pool adoptable, decided before anything is written. Each
// refusal names the resource, the setting, its live value and why adopting it would lose users,
// identities or clients, or fail part-way.
import type { StackResourceSummary } from "@aws-sdk/client-cloudformation";
import type { SchemaAttributeType } from "@aws-sdk/client-cognito-identity-provider";
import { EMAIL_SCHEMA } from "../../components/userPool";
import { SETTINGS, type Setting } from "../../components/settings";
import { REPLACEMENT_INPUTS } from "../planDiff";
import { attributeJson, declaredAttribute } from "./fromCognitoApi";
import { TYPES, type LiveCognito, type StackRead } from "./live";

/** States whose resources match the template and that accept the Retain update (runbook step 1). */
export const ADOPTABLE_STATES = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE"];

export const label = (r: StackResourceSummary): string => `${r.LogicalResourceId} (${r.ResourceType} ${r.PhysicalResourceId})`;
const show = (v: unknown) => JSON.stringify(v);
const why = (type: string, input: string) => REPLACEMENT_INPUTS[type].find((r) => r.input === input)!.why;

export interface Picked {
    pool: StackResourceSummary;
    clients: [StackResourceSummary, StackResourceSummary];
    identityPool: StackResourceSummary;
}

/** The stack's state and its pool, two clients and identity pool; problems when it has not exactly those. */
export function pickResources(stackName: string, read: StackRead): { picked?: Picked; problems: string[] } {
    const problems: string[] = [];
    if (!ADOPTABLE_STATES.includes(read.status)) {
        problems.push(
            `stack ${stackName} is ${read.status}, not one of ${ADOPTABLE_STATES.join(", ")}: in any other state its resources may not match its template, and it cannot take the Retain update (runbook step 1)`,
        );
    }
    const ofType = (type: string) => read.resources.filter((r) => r.ResourceType === type);
    const want = [
        [TYPES.userPool, 1],
        [TYPES.client, 2],
        [TYPES.identityPool, 1],
    ] as const;
    for (const [type, count] of want) {
        const found = ofType(type);
        if (found.length === count) continue;
        const names = found.length > 0 ? ` (${found.map((r) => r.LogicalResourceId).join(", ")})` : "";
        problems.push(`stack ${stackName} has ${found.length} ${type}${names}, not ${count}: the user pool, its App and Web clients and the identity pool are adopted together`);
    }
    // Anything else of Cognito's would be deleted with the stack (runbook step 4), and its data with it.
    const known: string[] = [TYPES.userPool, TYPES.client, TYPES.identityPool, TYPES.roleAttachment];
    for (const r of read.resources.filter((r) => r.ResourceType?.startsWith("AWS::Cognito::") && !known.includes(r.ResourceType))) {
        problems.push(
            `${label(r)}: the tool adopts only the user pool, its two clients and the identity pool, and deleting the stack (runbook step 4) would delete this resource; move it out of the stack or adopt it by hand`,
        );
    }
    if (problems.length > 0) return { problems };
    const clients = ofType(TYPES.client);
    return { picked: { pool: ofType(TYPES.userPool)[0], clients: [clients[0], clients[1]], identityPool: ofType(TYPES.identityPool)[0] }, problems };
}

export interface Verdict {
    problems: string[];
    app?: StackResourceSummary;
    web?: StackResourceSummary;
    /** The prefix every name shares: the stack's environmentName. */
    environmentName?: string;
}

const ENVIRONMENT_NAME = SETTINGS.environmentName as Setting;

/** The component's e-mail attribute (plain values, components/userPool.ts) as the API describes it. */
const EMAIL_CONSTRAINTS = EMAIL_SCHEMA.stringAttributeConstraints as { minLength: string; maxLength: string };
const EMAIL_ATTRIBUTE: SchemaAttributeType = {
    Name: EMAIL_SCHEMA.name as string,
    AttributeDataType: EMAIL_SCHEMA.attributeDataType as "String",
    DeveloperOnlyAttribute: EMAIL_SCHEMA.developerOnlyAttribute as boolean,
    Mutable: EMAIL_SCHEMA.mutable as boolean,
    Required: EMAIL_SCHEMA.required as boolean,
    StringAttributeConstraints: { MinLength: EMAIL_CONSTRAINTS.minLength, MaxLength: EMAIL_CONSTRAINTS.maxLength },
};

/** Problems of the live settings: what the component cannot adopt without replacing something, or without a failing update. */
export function checkLive(picked: Picked, live: LiveCognito, region: string): Verdict {
    const problems: string[] = [];
    const pool = label(picked.pool);
    const POOL = "aws:cognito/userPool:UserPool";

    const poolRegion = picked.pool.PhysicalResourceId!.split("_")[0];
    if (poolRegion !== region) problems.push(`${pool}: the pool is in ${poolRegion}, the stack's aws:region is ${region}: the provider imports only from its own region`);

    // Fixed when the pool is created; the component declares none of them.
    const p = live.pool;
    const fixed = [
        ["UsernameAttributes", p.UsernameAttributes?.length ? p.UsernameAttributes : undefined, "usernameAttributes"],
        ["AliasAttributes", p.AliasAttributes?.length ? p.AliasAttributes : undefined, "aliasAttributes"],
        ["UsernameConfiguration", p.UsernameConfiguration, "usernameConfiguration"],
    ] as const;
    for (const [setting, value, input] of fixed) {
        if (value === undefined) continue;
        problems.push(`${pool}: ${setting} is ${show(value)}: the component declares none, and ${why(POOL, input)}: adopting would replace the pool, and a new pool has none of the users`);
    }

    for (const a of (p.SchemaAttributes ?? []).filter(declaredAttribute)) {
        if (a.Name === "email") {
            if (attributeJson(a) !== attributeJson(EMAIL_ATTRIBUTE)) problems.push(emailProblem(pool, a));
        } else if (a.Name?.startsWith("custom:") || a.Name?.startsWith("dev:")) {
            problems.push(
                `${pool}: SchemaAttributes has the custom attribute ${attributeJson(a)}: stack config cannot declare custom attributes (the component takes them only in code, as customAttributes), and a schema without it fails to update ("cannot modify or remove schema items"); pass it as customAttributes in code and adopt this pool manually`,
            );
        } else {
            problems.push(
                `${pool}: SchemaAttributes has ${attributeJson(a)}, not AWS's default for the standard attribute "${a.Name}": the component declares only "email", and a schema without it fails to update ("cannot modify or remove schema items")`,
            );
        }
    }
    const email = (p.SchemaAttributes ?? []).find((a) => a.Name === "email");
    if (email && !declaredAttribute(email)) problems.push(emailProblem(pool, email));

    const sms = live.mfa.SmsMfaConfiguration;
    if (sms?.SmsConfiguration || sms?.SmsAuthenticationMessage) {
        problems.push(`${pool}: SmsMfaConfiguration is ${show(sms)}: SMS MFA is on, and the component configures TOTP only: hardening would turn SMS MFA off for every user who relies on it`);
    }
    if (p.SmsConfiguration) {
        problems.push(`${pool}: SmsConfiguration is ${show(p.SmsConfiguration)}: the component configures no SMS (TOTP MFA only, no SNS role), so it cannot keep sending the pool's text messages`);
    }

    // The App client is the one with a secret: GenerateSecret cannot change without a new client (RequiresReplace).
    const [a, b] = picked.clients;
    const hasSecret = (r: StackResourceSummary) => live.clients.get(r.PhysicalResourceId!)?.ClientSecret !== undefined;
    let app: StackResourceSummary | undefined;
    let web: StackResourceSummary | undefined;
    if (hasSecret(a) !== hasSecret(b)) [app, web] = hasSecret(a) ? [a, b] : [b, a];
    else {
        problems.push(
            `${label(a)} and ${label(b)}: ${hasSecret(a) ? "both have" : "neither has"} a client secret: the component has an App client with a secret and a Web client without, and ${why("aws:cognito/userPoolClient:UserPoolClient", "generateSecret")}`,
        );
    }

    // One prefix for every name: the pool's gives environmentName, the rest must follow it.
    const prefix = /^(.*)UserPool$/.exec(p.Name ?? "")?.[1];
    const environmentName = prefix !== undefined && ENVIRONMENT_NAME.format!.test(prefix) ? prefix : undefined;
    if (environmentName === undefined) {
        problems.push(
            `${pool}: Name is ${show(p.Name)}, not <environmentName>UserPool with environmentName ${ENVIRONMENT_NAME.format!.text}: the component names the pool, clients and identity pool from one environmentName, and the identity pool's name must stay as it is`,
        );
    } else {
        for (const [r, kind] of [
            [app, "App"],
            [web, "Web"],
        ] as const) {
            const name = r && live.clients.get(r.PhysicalResourceId!)?.ClientName;
            if (r && name !== `${environmentName}${kind}`) {
                problems.push(
                    `${label(r)}: ClientName is ${show(name)}, not "${environmentName}${kind}": the component names the ${kind} client from the environmentName the pool's name gives ("${environmentName}"), so every name must share that prefix`,
                );
            }
        }
        const identityName = live.identityPool.IdentityPoolName;
        if (identityName !== `${environmentName}IdentityPool`) {
            problems.push(
                `${label(picked.identityPool)}: IdentityPoolName is ${show(identityName)}, not "${environmentName}IdentityPool" (environmentName "${environmentName}", from the pool's name ${show(p.Name)}): ${why("aws:cognito/identityPool:IdentityPool", "identityPoolName")}, so adopting would replace it, and every identity id with it`,
            );
        }
    }
    if (live.identityPool.AllowUnauthenticatedIdentities) {
        problems.push(
            `${label(picked.identityPool)}: AllowUnauthenticatedIdentities is true: anyone who has not signed in gets AWS credentials from it (Security Hub Cognito.2); the tool adopts only identity pools that do not hand them out`,
        );
    }
    return { problems, app, web, environmentName };
}

function emailProblem(pool: string, a: SchemaAttributeType): string {
    return `${pool}: SchemaAttributes has "email" as ${attributeJson(a)}, the component declares ${attributeJson(EMAIL_ATTRIBUTE)}: Cognito cannot change an attribute, so the schema update would fail ("cannot modify or remove schema items")`;
}
