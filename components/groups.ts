// User groups. A group with statements gets its own IAM role: the same pinned trust as the
// authenticated role, and the authenticated role's grants plus its own, since the identity pool
// hands a member this role instead of the authenticated one. The identity pool then maps roles from
// the token (`cognito:preferred_role`): a user in several groups gets the role of the group with the
// lowest precedence; when that is ambiguous, the authenticated role (Cognito developer guide,
// "Adding groups to a user pool" and "Role-based access control").
import * as pulumi from "@pulumi/pulumi";
import type { GroupArgs, ResolvedArgs } from "./args";
import { AUTO_NAME_SUFFIX_LENGTH, childName, isPlain, MAX_NAME, type ChildPlan } from "./children";
import { show } from "./errors";
import { identityPoolTrust, policyDocument, policyDocumentOutput, wildcardActions, type PolicyStatement, type PolicyStatementInput } from "./policy";
import type { ValidationProblem } from "./validate";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const KEYS = ["name", "description", "precedence", "statements"];
/** Cognito's largest precedence (a non-negative 32-bit integer). */
const MAX_PRECEDENCE = 2147483647;

/** Whether a group gets its own role. */
export const hasRole = (g: GroupArgs): g is GroupArgs & { statements: NonNullable<GroupArgs["statements"]> } => (g.statements?.length ?? 0) > 0;

/** Problems of the `groups` argument, for a component named `component`. */
export function validateGroups(raw: unknown, component: string): ValidationProblem[] {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) return [{ path: "groups", message: `must be a list of groups (got ${show(raw)})` }];
    const problems: ValidationProblem[] = [];
    const fail = (path: string, message: string) => problems.push({ path, message });
    raw.forEach((g, i) => {
        const at = `groups[${i}]`;
        // The group's children (a role, a policy) are decided before deployment, so its fields must be known then.
        if (!isPlain(g)) return fail(at, "must be a plain object, not an Output or a Promise: which children a group gets is decided before deployment");
        if (!isObject(g)) return fail(at, `must be an object (got ${show(g)})`);
        for (const key of Object.keys(g)) if (!KEYS.includes(key)) fail(`${at}.${key}`, `is not a known setting; known: ${KEYS.join(", ")}`);
        if (typeof g.name !== "string" || !/^[A-Za-z0-9_-]{1,40}$/.test(g.name)) {
            fail(`${at}.name`, `must be 1–40 letters, digits, "-" or "_" (got ${show(g.name)})`);
        } else {
            // The group's role is auto-named from "<component>-group-<name>-role" (IAM: 64 characters in all).
            const role = childName(component, "groupRole", g.name);
            if (hasRole(g as unknown as GroupArgs) && role.length + AUTO_NAME_SUFFIX_LENGTH > MAX_NAME.iamRole) {
                fail(`${at}.name`, `must be shorter: its role "${role}" gets a physical name of ${role.length + AUTO_NAME_SUFFIX_LENGTH} characters with the provider's "-" and 7 random characters, over IAM's limit of ${MAX_NAME.iamRole}`);
            }
        }
        if (g.description !== undefined && !(typeof g.description === "string" && g.description.length <= 2048)) fail(`${at}.description`, `must be a string of at most 2048 characters (got ${show(g.description)})`);
        if (g.precedence !== undefined && !(typeof g.precedence === "number" && Number.isInteger(g.precedence) && g.precedence >= 0 && g.precedence <= MAX_PRECEDENCE)) {
            fail(`${at}.precedence`, `must be a whole number between 0 and ${MAX_PRECEDENCE} (got ${show(g.precedence)})`);
        }
        if (g.statements !== undefined) {
            if (!Array.isArray(g.statements)) fail(`${at}.statements`, `must be a list of policy statements (got ${show(g.statements)})`);
            else {
                g.statements.forEach((st, j) => {
                    if (!isPlain(st)) return;
                    if (!isObject(st) || !Array.isArray(st.Action) || st.Action.length === 0) fail(`${at}.statements[${j}]`, `must have a non-empty Action list (got ${show(st)})`);
                    else if (st.Action.some((a) => !isPlain(a))) fail(`${at}.statements[${j}].Action`, "must list plain strings, so wildcards can be refused before deployment");
                    else if (wildcardActions([st as unknown as PolicyStatement]).length > 0) fail(`${at}.statements[${j}].Action`, `must name exact actions, no wildcards (got ${show(wildcardActions([st as unknown as PolicyStatement]))})`);
                });
                if (g.statements.length > 0 && g.precedence === undefined) fail(`${at}.precedence`, "must be set for a group with a role: it decides which role a member of several groups gets");
            }
        }
    });
    if (problems.length > 0) return problems;
    const groups = raw as GroupArgs[];
    const names = groups.map((g) => g.name.toLowerCase());
    const dupe = names.find((n, i) => names.indexOf(n) !== i);
    if (dupe) fail("groups", `must not repeat a name, case-insensitively (got ${show(dupe)} twice)`);
    const withRole = groups.filter(hasRole);
    const tie = withRole.find((g, i) => withRole.findIndex((h) => h.precedence === g.precedence) !== i);
    // Equal precedence with different roles leaves the token without a preferred role (ambiguous).
    if (tie) fail("groups", `must give groups with a role different precedences (got ${tie.precedence} twice): otherwise a member of both gets neither role`);
    return problems;
}

/**
 * Plan each group, and the role and policy of each group with statements. `base` is the
 * authenticated role's statements; `statementsFrom` tells where the group's own begin.
 */
export function planGroups(plan: ChildPlan, s: ResolvedArgs, base: pulumi.Output<PolicyStatementInput[]>): void {
    const identityPoolId = plan.ref("identityPool").id;
    s.groups.forEach((g, i) => {
        if (hasRole(g)) {
            plan.add("groupRole", { description: `Members of the "${g.name}" group`, assumeRolePolicy: identityPoolId.apply((id) => policyDocument(identityPoolTrust(id, "authenticated"))) }, {}, [], g.name);
            const policy = pulumi
                .all([base, pulumi.output(g.statements)])
                .apply(([own, extra]) => policyDocumentOutput([...own, ...(extra as PolicyStatementInput[])], { component: plan.component, argument: `groups[${i}].statements`, from: own.length }));
            plan.add("groupPolicy", { role: plan.ref("groupRole", g.name).id, policy }, {}, [], g.name);
        }
        plan.add(
            "group",
            {
                userPoolId: plan.ref("userPool").id,
                name: g.name,
                description: g.description,
                precedence: g.precedence,
                roleArn: hasRole(g) ? plan.ref("groupRole", g.name).arn : undefined,
            },
            {},
            [],
            g.name,
        );
    });
}
