// IAM policy documents as policies receive them: JSON text or objects, possibly partly unknown.
import { getIgnoringCase, isObject, list, UNKNOWN, type Plain, type PlainObject } from "./values";

export type ParsedDocument =
    | { kind: "statements"; statements: Plain[] }
    | { kind: "unknown" }
    | { kind: "invalid"; reason: string };

/** The statements of a policy document given as JSON text or as an object (`aws.iam.PolicyDocument`). */
export function statementsOf(doc: Plain): ParsedDocument {
    if (doc === UNKNOWN) return { kind: "unknown" };
    if (doc === undefined || doc === null) return { kind: "statements", statements: [] };
    let parsed: Plain = doc;
    if (typeof doc === "string") {
        try {
            parsed = JSON.parse(doc) as Plain;
        } catch {
            return { kind: "invalid", reason: "not valid JSON" };
        }
    }
    if (!isObject(parsed)) return { kind: "invalid", reason: "not a JSON object" };
    if (parsed.Statement === UNKNOWN) return { kind: "unknown" };
    return { kind: "statements", statements: list(parsed.Statement) };
}

/** Only Allow statements grant anything; a wildcard in a Deny only takes away. */
function allowStatements(statements: Plain[]): { index: number; statement: PlainObject }[] {
    return statements.flatMap((s, index) => (isObject(s) && s.Effect === "Allow" ? [{ index, statement: s }] : []));
}

/** IAM matches `*` and `?` in action names as wildcards. */
export function isWildcardAction(action: string): boolean {
    return /[*?]/.test(action);
}

/** Whether an action pattern (`iot:*`, `iot:Attach?olicy`, `*`) covers `action`; IAM action names ignore case. */
export function actionMatches(pattern: string, action: string): boolean {
    const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${regex}$`, "i").test(action);
}

const patternsCover = (patterns: Plain, action: string) => list(patterns).some((p) => typeof p === "string" && actionMatches(p, action));

/** Whether an Allow statement grants `action`: by Action, or by a NotAction list that leaves it out. Unknown parts grant nothing here. */
export function allowsAction(statements: Plain[], action: string): boolean {
    return allowStatements(statements).some(({ statement }) =>
        statement.NotAction === undefined ? patternsCover(statement.Action, action) : statement.NotAction !== UNKNOWN && !patternsCover(statement.NotAction, action),
    );
}

/** `"*"` or `{ "AWS": "*" }`: everyone (IAM policy elements reference, Principal). */
function isEveryone(principal: Plain): boolean {
    return principal === "*" || (isObject(principal) && Object.keys(principal).length === 1 && list(principal.AWS).length > 0 && list(principal.AWS).every((p) => p === "*"));
}

/**
 * Whether the statements deny `action` to everyone over plain HTTP: a Deny with Principal `*` whose
 * actions cover `action`, on condition `Bool: { aws:SecureTransport: false }` (the pattern of AWS's
 * SNS security best practices, "Enforce encryption of data in transit"). "unknown" when no statement
 * does but one has parts not known yet.
 */
export function tlsOnlyDeny(statements: Plain[], action: string): boolean | "unknown" {
    let unknown = false;
    for (const s of statements) {
        if (!isObject(s)) {
            unknown ||= s === UNKNOWN;
            continue;
        }
        if ([s.Effect, s.Principal, s.Action, s.Condition].includes(UNKNOWN)) {
            unknown = true;
            continue;
        }
        const bool = isObject(s.Condition) ? s.Condition.Bool : undefined;
        const secure = isObject(bool) ? getIgnoringCase(bool, "aws:SecureTransport") : undefined;
        if (list(secure).includes(UNKNOWN)) unknown = true;
        const insecureOnly = list(secure).length > 0 && list(secure).every((v) => v === false || (typeof v === "string" && v.toLowerCase() === "false"));
        if (s.Effect === "Deny" && isEveryone(s.Principal) && patternsCover(s.Action, action) && insecureOnly) return true;
    }
    return unknown ? "unknown" : false;
}

export interface WildcardGrant {
    /** Position of the statement in the document. */
    statement: number;
    /** The wildcard action, or `NotAction` for an Allow that grants everything but a list. */
    action: string;
}

/** Every action an Allow statement grants by pattern rather than by name. */
export function wildcardGrants(statements: Plain[]): WildcardGrant[] {
    return allowStatements(statements).flatMap(({ index, statement }) => [
        ...list(statement.Action)
            .filter((a): a is string => typeof a === "string" && isWildcardAction(a))
            .map((action) => ({ statement: index, action })),
        ...(statement.NotAction === undefined ? [] : [{ statement: index, action: "NotAction" }]),
    ]);
}

const AWS_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(?:[^/]+\/)*([^/]+)$/;

/** AWS managed policies that grant whole services or the whole account. */
export function isBroadManagedPolicy(arn: string): boolean {
    const name = AWS_MANAGED_POLICY.exec(arn)?.[1];
    return name !== undefined && /FullAccess|^PowerUser|^AdministratorAccess/.test(name);
}

export const COGNITO_IDENTITY = "cognito-identity.amazonaws.com";
export const AUD = `${COGNITO_IDENTITY}:aud`;
export const AMR = `${COGNITO_IDENTITY}:amr`;

export interface UnpinnedTrust {
    statement: number;
    missing: string[];
}

/** A condition value that actually restricts: something other than nothing or `*`. Unknown counts as pinned. */
function pins(value: Plain): boolean {
    return list(value).some((v) => v === UNKNOWN || (typeof v === "string" && v !== "" && v !== "*"));
}

/**
 * Allow statements that let identities of `cognito-identity.amazonaws.com` assume the role without
 * pinning the identity pool (`StringEquals` on `aud`) and the kind of identity (a condition on `amr`).
 * Without both, identities of any pool in any account, or of the other kind, can assume it.
 */
export function unpinnedCognitoTrust(statements: Plain[]): UnpinnedTrust[] {
    const problems: UnpinnedTrust[] = [];
    for (const { index, statement } of allowStatements(statements)) {
        const principal = statement.Principal;
        if (!isObject(principal) || !list(principal.Federated).includes(COGNITO_IDENTITY)) continue;
        const condition = statement.Condition;
        if (condition === UNKNOWN) continue;
        const operators = isObject(condition) ? condition : {};
        const values = Object.values(operators);
        const missing: string[] = [];
        const equals = operators.StringEquals;
        if (equals !== UNKNOWN && !(isObject(equals) && pins(getIgnoringCase(equals, AUD)))) missing.push(`StringEquals on ${AUD}`);
        const amrPinned = values.some((op) => op === UNKNOWN || (isObject(op) && pins(getIgnoringCase(op, AMR))));
        if (!amrPinned) missing.push(`a condition on ${AMR}`);
        if (missing.length > 0) problems.push({ statement: index, missing });
    }
    return problems;
}
