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
