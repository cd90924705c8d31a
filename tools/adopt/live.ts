// Reads what adoption needs from AWS, with SDK clients the caller gives (tests inject emulators and
// mocks): the CloudFormation stack (status, every resource, the template as submitted) and the live
// settings of its pool, clients and identity pool. Nothing here writes anything.
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand, type StackResourceSummary } from "@aws-sdk/client-cloudformation";
import { CognitoIdentityClient, DescribeIdentityPoolCommand, type IdentityPool } from "@aws-sdk/client-cognito-identity";
import {
    CognitoIdentityProviderClient,
    DescribeUserPoolClientCommand,
    DescribeUserPoolCommand,
    GetUserPoolMfaConfigCommand,
    type GetUserPoolMfaConfigResponse,
    type UserPoolClientType,
    type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";

export interface AdoptClients {
    cloudFormation: CloudFormationClient;
    cognitoIdp: CognitoIdentityProviderClient;
    cognitoIdentity: CognitoIdentityClient;
}

export const TYPES = {
    userPool: "AWS::Cognito::UserPool",
    client: "AWS::Cognito::UserPoolClient",
    identityPool: "AWS::Cognito::IdentityPool",
    roleAttachment: "AWS::Cognito::IdentityPoolRoleAttachment",
    function: "AWS::Lambda::Function",
    permission: "AWS::Lambda::Permission",
    role: "AWS::IAM::Role",
} as const;

export interface StackRead {
    status: string;
    /** Every resource that exists (not deleted, with a physical id), from ListStackResources. */
    resources: StackResourceSummary[];
    /** GetTemplate with TemplateStage Original: the template as submitted, in its own format. */
    templateBody: string;
}

/** The stack, or undefined when CloudFormation does not know it (DescribeStacks answers ValidationError). */
export async function readCfnStack(cfn: CloudFormationClient, name: string): Promise<StackRead | undefined> {
    let status: string;
    try {
        const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
        status = Stacks?.[0]?.StackStatus ?? "UNKNOWN";
    } catch (e) {
        if ((e as Error).name === "ValidationError") return undefined;
        throw e;
    }
    // ListStackResources pages through every resource; DescribeStackResources returns only the first 100.
    const resources: StackResourceSummary[] = [];
    let NextToken: string | undefined;
    do {
        const page = await cfn.send(new ListStackResourcesCommand({ StackName: name, NextToken }));
        resources.push(...(page.StackResourceSummaries ?? []));
        NextToken = page.NextToken;
    } while (NextToken);
    const { TemplateBody } = await cfn.send(new GetTemplateCommand({ StackName: name, TemplateStage: "Original" }));
    const existing = resources.filter((r) => r.PhysicalResourceId && !r.ResourceStatus?.startsWith("DELETE_"));
    return { status, resources: existing, templateBody: TemplateBody ?? "" };
}

export interface LiveCognito {
    pool: UserPoolType;
    mfa: GetUserPoolMfaConfigResponse;
    /** Both clients, by physical id. */
    clients: Map<string, UserPoolClientType>;
    identityPool: IdentityPool;
}

export async function readCognito(clients: AdoptClients, poolId: string, clientIds: string[], identityPoolId: string): Promise<LiveCognito> {
    const idp = clients.cognitoIdp;
    const { UserPool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    const mfa = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    const described = new Map<string, UserPoolClientType>();
    for (const id of clientIds) {
        const { UserPoolClient } = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: id }));
        described.set(id, UserPoolClient ?? {});
    }
    const identityPool = await clients.cognitoIdentity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: identityPoolId }));
    return { pool: UserPool ?? {}, mfa, clients: described, identityPool };
}
