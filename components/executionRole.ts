// The original template's back-end execution role (CognitoExecutionRole), narrowed to this pool and
// to the tables and functions the consumer names.
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedArgs } from "./args";
import type { ChildPlan } from "./children";
import { arnParts, policyDocument, policyDocumentOutput, serviceTrust, type PolicyStatement } from "./policy";

/** Administration of users of this pool that a back end needs; no pool or client management. */
export const BACKEND_COGNITO_ACTIONS = [
    "cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminConfirmSignUp", "cognito-idp:AdminCreateUser",
    "cognito-idp:AdminDeleteUser", "cognito-idp:AdminDisableUser", "cognito-idp:AdminEnableUser",
    "cognito-idp:AdminGetUser", "cognito-idp:AdminInitiateAuth", "cognito-idp:AdminListGroupsForUser",
    "cognito-idp:AdminRemoveUserFromGroup", "cognito-idp:AdminResetUserPassword", "cognito-idp:AdminRespondToAuthChallenge",
    "cognito-idp:AdminUpdateUserAttributes", "cognito-idp:AdminUserGlobalSignOut", "cognito-idp:ListUsers",
];

export const BACKEND_DYNAMODB_ACTIONS = [
    "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem",
    "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem",
];

export function executionRoleStatements(userPoolArn: string, vpcAccess: boolean, tables: string[], functions: string[]): PolicyStatement[] {
    const at = arnParts(userPoolArn);
    const statements: PolicyStatement[] = [
        { Sid: "ManageUsersOfThisPool", Effect: "Allow", Action: BACKEND_COGNITO_ACTIONS, Resource: [userPoolArn] },
        {
            Sid: "WriteOwnFunctionLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            // The back end's functions are the consumer's and unknown here; Lambda's own log groups only.
            Resource: [`arn:${at.partition}:logs:${at.region}:${at.account}:log-group:/aws/lambda/*`],
        },
    ];
    if (tables.length > 0) {
        statements.push({ Sid: "ReadWriteNamedTables", Effect: "Allow", Action: BACKEND_DYNAMODB_ACTIONS, Resource: tables.flatMap((t) => [t, `${t}/index/*`]) });
    }
    if (functions.length > 0) {
        statements.push({ Sid: "InvokeNamedFunctions", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: functions });
    }
    if (vpcAccess) {
        statements.push({
            Sid: "VpcNetworkInterfaces",
            Effect: "Allow",
            Action: [
                "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
                "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
            ],
            // Resource "*": Lambda creates these interfaces in subnets unknown here, and the EC2 Describe* actions support no resource scoping.
            Resource: ["*"],
        });
    }
    return statements;
}

export function planExecutionRole(plan: ChildPlan, s: ResolvedArgs): void {
    if (!s.executionRole.enabled) return;
    const role = s.executionRole;
    plan.add("executionRole", {
        description: "Back-end functions and API Gateway working with the Cognito user pool",
        assumeRolePolicy: policyDocument(serviceTrust(["lambda.amazonaws.com", "apigateway.amazonaws.com"])),
    });
    const statements = pulumi
        .all([plan.ref("userPool").arn, pulumi.output(role.dynamoDbTableArns), pulumi.output(role.invokableFunctionArns)])
        .apply(([arn, tables, functions]) => executionRoleStatements(arn, role.vpcAccess, tables, functions));
    plan.add("executionPolicy", { role: plan.ref("executionRole").id, policy: policyDocumentOutput(statements) });
}
