// The identity pool, the roles its identities assume, and their attachment.
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedArgs } from "./args";
import { guard, type ChildPlan } from "./children";
import { arnParts, identityPoolTrust, iotIdentityStatements, policyDocument, policyDocumentOutput, type PolicyStatement, type PolicyStatementInput } from "./policy";
import { adoptOptions } from "./adopt";
import { hasRole } from "./groups";
import { enforced } from "./settings";

/** IAM statements of signed-in identities: their own IoT client and topics, then the consumer's extras. */
export function authenticatedStatements(
    s: ResolvedArgs,
    userPoolArn: pulumi.Input<string>,
    extra: pulumi.Input<PolicyStatementInput>[] = [],
): { statements: pulumi.Output<PolicyStatementInput[]>; builtIn: pulumi.Output<number> } {
    const builtIn = pulumi.output(userPoolArn).apply((arn) => (s.iot.enabled ? iotIdentityStatements(arnParts(arn), s.iot.topicPrefix) : []));
    const statements = pulumi.all([builtIn, pulumi.output(extra)]).apply(([own, more]) => [...own, ...(more as PolicyStatementInput[])]);
    return { statements, builtIn: builtIn.apply((b) => b.length) };
}

/**
 * Plan the identity pool, the authenticated role with its policy, the unauthenticated role when
 * allowed, and the role attachment. `extraStatements` are further grants of the authenticated role
 * (the IoT attach endpoint's invoke permission).
 */
export function planIdentityPool(plan: ChildPlan, s: ResolvedArgs, extraStatements: pulumi.Input<PolicyStatementInput>[] = []): pulumi.Output<PolicyStatementInput[]> {
    const userPool = plan.ref("userPool");
    const provider = (clientId: pulumi.Input<string>) => ({
        clientId,
        providerName: userPool.endpoint,
        // Ask Cognito to check the token was not revoked (signed out, disabled user) before issuing credentials.
        serverSideTokenCheck: true,
    });
    const poolArgs = {
            identityPoolName: `${s.environmentName}IdentityPool`,
            allowUnauthenticatedIdentities: s.allowUnauthenticatedIdentities,
            // The basic (classic) flow lets clients pick any role the pool trusts; the enhanced flow does not.
            allowClassicFlow: false,
            cognitoIdentityProviders: [provider(plan.ref("appClient").id), provider(plan.ref("webClient").id)],
        };
    plan.add(
        "identityPool",
        poolArgs,
        adoptOptions(s, "identityPool", poolArgs),
        [
            guard(enforced(s, "unauthenticated-identities"), "allowUnauthenticatedIdentities", (v) => v === false, "false in production", "unauthenticated-identities"),
            guard(true, "allowClassicFlow", (v) => v === false, "false (the classic flow lets a client pick any role the pool trusts)"),
        ],
    );
    const identityPoolId = plan.ref("identityPool").id;
    const trust = (kind: "authenticated" | "unauthenticated") => identityPoolId.apply((id) => policyDocument(identityPoolTrust(id, kind)));

    plan.add("authenticatedRole", { description: "Signed-in identities of the Cognito identity pool", assumeRolePolicy: trust("authenticated") });
    const { statements, builtIn } = authenticatedStatements(s, userPool.arn, [...extraStatements, ...s.authenticatedRoleStatements]);
    const policy = pulumi
        .all([statements, builtIn])
        .apply(([all, own]) => policyDocumentOutput(all, { component: plan.component, argument: "authenticatedRoleStatements", from: own + extraStatements.length }));
    plan.add("authenticatedPolicy", { role: plan.ref("authenticatedRole").id, policy });

    // Only when explicitly allowed: it hands AWS credentials to anyone who asks (Security Hub Cognito.2).
    // It gets no permissions here; a consumer who enables it decides what anonymous callers may do.
    if (s.allowUnauthenticatedIdentities) {
        plan.add("unauthenticatedRole", { description: "Identities that have not signed in", assumeRolePolicy: trust("unauthenticated") });
    }
    plan.add("roleAttachment", {
        identityPoolId,
        roles: s.allowUnauthenticatedIdentities
            ? { authenticated: plan.ref("authenticatedRole").arn, unauthenticated: plan.ref("unauthenticatedRole").arn }
            : { authenticated: plan.ref("authenticatedRole").arn },
        // With group roles, each client's tokens choose the role (cognito:preferred_role). Ambiguous (no
        // preferred role, e.g. no group with a role): the authenticated role, never a denial of members
        // without a group. The provider string is "<pool endpoint>:<client id>" (aws/aws-cdk#22951).
        ...(s.groups.some(hasRole)
            ? {
                  roleMappings: [plan.ref("appClient").id, plan.ref("webClient").id].map((clientId) => ({
                      identityProvider: pulumi.interpolate`${userPool.endpoint}:${clientId}`,
                      type: "Token",
                      ambiguousRoleResolution: "AuthenticatedRole",
                  })),
              }
            : {}),
    });
    return statements;
}

/** The statements the IoT policy holds: the same as the role's IoT grants (IoT requires both to allow). */
export function iotPolicyStatements(s: ResolvedArgs, userPoolArn: string): PolicyStatement[] {
    return iotIdentityStatements(arnParts(userPoolArn), s.iot.topicPrefix);
}
