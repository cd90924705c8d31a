// The identity pool, the roles its identities assume, their attachment, and the IoT policy that
// mirrors the authenticated role's IoT grants.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { ResolvedArgs } from "./args";
import { arnParts, identityPoolTrust, iotIdentityStatements, policyDocument, policyDocumentOutput, type PolicyStatement } from "./policy";
import { applyTransform } from "./transform";
import { statefulOptions, type UserPoolParts } from "./userPool";

export interface IdentityPoolParts {
    identityPool: aws.cognito.IdentityPool;
    authenticatedRole: aws.iam.Role;
    authenticatedPolicy: aws.iam.RolePolicy;
    unauthenticatedRole?: aws.iam.Role;
    roleAttachment: aws.cognito.IdentityPoolRoleAttachment;
    iotPolicy: aws.iot.Policy;
}

/** IAM statements of signed-in identities: their own IoT client and topics, plus the consumer's extras. */
export function authenticatedStatements(args: ResolvedArgs, userPoolArn: pulumi.Input<string>): pulumi.Output<PolicyStatement[]> {
    return pulumi
        .all([pulumi.output(userPoolArn), pulumi.output(args.authenticatedRoleStatements)])
        .apply(([arn, extra]) => [...iotIdentityStatements(arnParts(arn), args.iotTopicPrefix), ...(extra as PolicyStatement[])]);
}

export function createIdentityPool(name: string, args: ResolvedArgs, pool: UserPoolParts, parent: pulumi.Resource): IdentityPoolParts {
    const opts = { parent };
    const provider = (client: aws.cognito.UserPoolClient) => ({
        clientId: client.id,
        providerName: pool.userPool.endpoint,
        // Ask Cognito to check the token was not revoked (signed out, disabled user) before issuing credentials.
        serverSideTokenCheck: true,
    });
    const identityPool = new aws.cognito.IdentityPool(
        `${name}-identity-pool`,
        applyTransform(args.transform.identityPool, {
            identityPoolName: `${args.environmentName}IdentityPool`,
            allowUnauthenticatedIdentities: args.allowUnauthenticatedIdentities,
            // The basic (classic) flow lets clients pick any role the pool trusts; the enhanced flow does not.
            allowClassicFlow: false,
            cognitoIdentityProviders: [provider(pool.appClient), provider(pool.webClient)],
        }),
        statefulOptions(args, parent),
    );

    const trust = (kind: "authenticated" | "unauthenticated") => identityPool.id.apply((id) => policyDocument(identityPoolTrust(id, kind)));
    const authenticatedRole = new aws.iam.Role(
        `${name}-authenticated-role`,
        applyTransform(args.transform.authenticatedRole, { description: "Signed-in identities of the Cognito identity pool", assumeRolePolicy: trust("authenticated") }),
        opts,
    );
    const statements = authenticatedStatements(args, pool.userPool.arn);
    const authenticatedPolicy = new aws.iam.RolePolicy(`${name}-authenticated-policy`, { role: authenticatedRole.id, policy: policyDocumentOutput(statements) }, opts);

    // Only when explicitly allowed: it hands AWS credentials to anyone who asks (Security Hub Cognito.2).
    // It gets no permissions here; a consumer who enables it decides what anonymous callers may do.
    const unauthenticatedRole = args.allowUnauthenticatedIdentities
        ? new aws.iam.Role(`${name}-unauthenticated-role`, { description: "Identities that have not signed in", assumeRolePolicy: trust("unauthenticated") }, opts)
        : undefined;

    const roleAttachment = new aws.cognito.IdentityPoolRoleAttachment(
        `${name}-roles`,
        {
            identityPoolId: identityPool.id,
            roles: unauthenticatedRole
                ? { authenticated: authenticatedRole.arn, unauthenticated: unauthenticatedRole.arn }
                : { authenticated: authenticatedRole.arn },
        },
        opts,
    );

    // Attached to each identity at run time (after GetId), never by Pulumi: see the README.
    const iotPolicy = new aws.iot.Policy(
        `${name}-iot-policy`,
        { policy: pool.userPool.arn.apply((arn) => policyDocument(iotIdentityStatements(arnParts(arn), args.iotTopicPrefix))) },
        opts,
    );
    return { identityPool, authenticatedRole, authenticatedPolicy, unauthenticatedRole, roleAttachment, iotPolicy };
}
