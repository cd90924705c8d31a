// The CloudFormation stack the adopt tests read: the original template as deployed, its pool and
// clients created in cognito-local from the template's own Properties, and the CloudFormation and
// Cognito Identity answers (shaped as the API references document them) for aws-sdk-client-mock.
import * as fs from "fs";
import * as path from "path";
import type { DescribeStacksCommandOutput, GetTemplateCommandOutput, ListStackResourcesCommandOutput, StackResourceSummary } from "@aws-sdk/client-cloudformation";
import type { IdentityPool } from "@aws-sdk/client-cognito-identity";
import {
    CreateUserPoolClientCommand,
    CreateUserPoolCommand,
    type CognitoIdentityProviderClient,
    type CreateUserPoolClientCommandInput,
    type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { ROOT } from "../../harness";
import { parseTemplate } from "../../../tools/adopt/template";

export const REGION = "ap-northeast-2";
export const ACCOUNT = "123456789012";
export const CFN_STACK = "DevMasterStack";
export const IDENTITY_POOL_ID = `${REGION}:4f1c2b3a-5d6e-4f70-8a9b-0c1d2e3f4a5b`;
export const TRIGGER_NAME = "DevMasterStack-CognitoPreSignUp-7G8H9I0J1K2L";
export const TRIGGER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${TRIGGER_NAME}`;

/**
 * What the original template needs to deploy and, as a running stack, has: its pool's PreSignUp
 * trigger names `CognitoPreSignUp`, which the original never defines (CloudFormation would refuse the
 * template), so it is added here with its execution role and Cognito's permission to invoke it; and the
 * role attachment that gives the identity pool the template's two roles. In short-form YAML, as many
 * deployed templates are written.
 */
const DEPLOYED_ADDITIONS = `  CognitoPreSignUp:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt CognitoPreSignUpRole.Arn
      Code:
        ZipFile: |
          exports.handler = async (event) => event;

  CognitoPreSignUpRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
        - Effect: Allow
          Principal:
            Service: lambda.amazonaws.com
          Action: sts:AssumeRole
      ManagedPolicyArns:
      - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole

  CognitoPreSignUpPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref CognitoPreSignUp
      Principal: cognito-idp.amazonaws.com
      SourceArn: !GetAtt CognitoUserPool.Arn

  CognitoIdentityPoolRoles:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref CognitoIdentityPool
      Roles:
        authenticated: !GetAtt CognitoAuthorizedRole.Arn
        unauthenticated: !GetAtt CognitoUnAuthorizedRole.Arn

`;

export const ORIGINAL_TEMPLATE = fs.readFileSync(path.join(ROOT, "tests", "fixtures", "original-template.yaml"), "utf8");

/** The original template with the additions inserted at the end of its Resources section. */
export function deployedTemplate(): string {
    const parts = ORIGINAL_TEMPLATE.split("\nOutputs:\n");
    if (parts.length !== 2) throw new Error("the original template no longer has one Outputs section after its Resources");
    return `${parts[0]}\n${DEPLOYED_ADDITIONS}Outputs:\n${parts[1]}`;
}

/** A template value with Ref, Fn::GetAtt and Fn::Sub resolved: parameters by default, resources by `refs` (`Name` or `Name.Attr`). */
function resolve(value: unknown, params: Record<string, string>, refs: Record<string, string>): unknown {
    if (Array.isArray(value)) return value.map((v) => resolve(v, params, refs));
    if (value === null || typeof value !== "object") return value;
    const v = value as Record<string, unknown>;
    const lookup = (name: string) => {
        const found = params[name] ?? refs[name];
        if (found === undefined) throw new Error(`the fixture cannot resolve ${name}`);
        return found;
    };
    if (typeof v.Ref === "string") return lookup(v.Ref);
    if (Array.isArray(v["Fn::GetAtt"])) return lookup((v["Fn::GetAtt"] as string[]).join("."));
    if (typeof v["Fn::Sub"] === "string") return (v["Fn::Sub"] as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => lookup(name));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, params, refs)]));
}

/** The template's parameter defaults (the stack was deployed with them). */
function parameters(template: ReturnType<typeof parseTemplate>): Record<string, string> {
    const declared = (template.Parameters ?? {}) as Record<string, { Default?: string }>;
    return Object.fromEntries(Object.entries(declared).map(([k, p]) => [k, String(p.Default)]));
}

/**
 * CloudFormation property → API request member, for the properties the template uses; the rest have
 * the same names in both (AWS::Cognito::UserPool / UserPoolClient against CreateUserPool / CreateUserPoolClient).
 * Anything else fails, so the fixture cannot silently drop a property the template gains.
 */
const POOL_PROPERTIES: Record<string, string> = {
    UserPoolName: "PoolName",
    AdminCreateUserConfig: "AdminCreateUserConfig",
    AutoVerifiedAttributes: "AutoVerifiedAttributes",
    DeviceConfiguration: "DeviceConfiguration",
    LambdaConfig: "LambdaConfig",
    Policies: "Policies",
    Schema: "Schema",
};
const CLIENT_PROPERTIES: Record<string, string> = { ClientName: "ClientName", GenerateSecret: "GenerateSecret", RefreshTokenValidity: "RefreshTokenValidity", UserPoolId: "UserPoolId" };

function request(properties: Record<string, unknown>, names: Record<string, string>, what: string): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(properties).map(([k, v]) => {
            if (!names[k]) throw new Error(`the fixture has no API mapping for ${what}.${k}`);
            return [names[k], v];
        }),
    );
}

export interface Deployed {
    poolId: string;
    appId: string;
    webId: string;
}

/**
 * Create the template's pool and both clients in the emulator, from the template's Properties
 * (`change` may alter the pool request, for the variants the tool must refuse).
 */
export async function deployPool(idp: CognitoIdentityProviderClient, templateBody: string, change: (pool: CreateUserPoolCommandInput) => void = () => undefined): Promise<Deployed> {
    const template = parseTemplate(templateBody);
    const params = parameters(template);
    const props = (id: string) => resolve(template.Resources![id].Properties, params, { "CognitoPreSignUp.Arn": TRIGGER_ARN }) as Record<string, unknown>;
    const pool = request(props("CognitoUserPool"), POOL_PROPERTIES, "CognitoUserPool") as unknown as CreateUserPoolCommandInput;
    change(pool);
    const { UserPool } = await idp.send(new CreateUserPoolCommand(pool));
    const poolId = UserPool!.Id!;
    const client = async (id: string) => {
        const properties = resolve(template.Resources![id].Properties, params, { CognitoUserPool: poolId }) as Record<string, unknown>;
        const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand(request(properties, CLIENT_PROPERTIES, id) as unknown as CreateUserPoolClientCommandInput));
        return UserPoolClient!.ClientId!;
    };
    return { poolId, appId: await client("CognitoUserPoolAppClient"), webId: await client("CognitoUserPoolWebClient") };
}

// ---- CloudFormation and Cognito Identity, as their API references document the answers -------------

const PHYSICAL: Record<string, string> = {
    CognitoAuthorizedRole: "DevMasterStack-CognitoAuthorizedRole-1A2B3C4D5E6F",
    CognitoExecutionRole: "DevMasterStack-CognitoExecutionRole-2B3C4D5E6F7A",
    CognitoUnAuthorizedRole: "DevMasterStack-CognitoUnAuthorizedRole-3C4D5E6F7A8B",
    CognitoPreSignUp: TRIGGER_NAME,
    CognitoPreSignUpRole: "DevMasterStack-CognitoPreSignUpRole-4D5E6F7A8B9C",
    CognitoPreSignUpPermission: "DevMasterStack-CognitoPreSignUpPermission-5E6F7A8B9C0D",
    CognitoIdentityPool: IDENTITY_POOL_ID,
    CognitoIdentityPoolRoles: IDENTITY_POOL_ID,
};

/** ListStackResources summaries of every resource of `templateBody`, with the pool's and clients' ids. */
export function stackResources(templateBody: string, deployed: Deployed): StackResourceSummary[] {
    const ids: Record<string, string> = { ...PHYSICAL, CognitoUserPool: deployed.poolId, CognitoUserPoolAppClient: deployed.appId, CognitoUserPoolWebClient: deployed.webId };
    return Object.entries(parseTemplate(templateBody).Resources ?? {}).map(([id, r]) => ({
        LogicalResourceId: id,
        PhysicalResourceId: ids[id],
        ResourceType: r.Type,
        LastUpdatedTimestamp: new Date("2024-03-01T09:00:00Z"),
        ResourceStatus: "CREATE_COMPLETE",
        DriftInformation: { StackResourceDriftStatus: "NOT_CHECKED" },
    }));
}

export function describeStacks(status: string): DescribeStacksCommandOutput {
    return {
        $metadata: {},
        Stacks: [
            {
                StackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${CFN_STACK}/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`,
                StackName: CFN_STACK,
                Description: "Dev Master Stack",
                Parameters: [{ ParameterKey: "Environment", ParameterValue: "Dev" }],
                CreationTime: new Date("2024-03-01T09:00:00Z"),
                StackStatus: status as never,
                Capabilities: ["CAPABILITY_IAM"],
                DisableRollback: false,
            },
        ],
    };
}

/** The resources in pages of `pageSize`, as ListStackResources returns them (NextToken until the last). */
export function listPages(resources: StackResourceSummary[], pageSize: number): (token?: string) => ListStackResourcesCommandOutput {
    return (token) => {
        const start = token ? Number(token.replace("page-", "")) : 0;
        const next = start + pageSize < resources.length ? `page-${start + pageSize}` : undefined;
        return { $metadata: {}, StackResourceSummaries: resources.slice(start, start + pageSize), NextToken: next };
    };
}

export function getTemplate(body: string): GetTemplateCommandOutput {
    return { $metadata: {}, TemplateBody: body, StagesAvailable: ["Original", "Processed"] };
}

/** DescribeIdentityPool of the template's identity pool, pointing at the deployed pool and clients. */
export function identityPool(deployed: Deployed, change: Partial<IdentityPool> = {}): IdentityPool {
    const provider = `cognito-idp.${REGION}.amazonaws.com/${deployed.poolId}`;
    return {
        IdentityPoolId: IDENTITY_POOL_ID,
        IdentityPoolName: "DevIdentityPool",
        AllowUnauthenticatedIdentities: false,
        AllowClassicFlow: false,
        CognitoIdentityProviders: [
            { ProviderName: provider, ClientId: deployed.appId, ServerSideTokenCheck: false },
            { ProviderName: provider, ClientId: deployed.webId, ServerSideTokenCheck: false },
        ],
        IdentityPoolTags: {},
        ...change,
    };
}
