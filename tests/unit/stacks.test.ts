// Every resource of both stacks, with its full inputs and options, as literal values: what `pulumi up`
// would send, in the manner of CDK's `Template.hasResourceProperties`, but for all of it. A change to
// any input of any child fails here first; the literal is the reviewed contract, never the production
// code's own constants. Mock-computed values (ids, ARNs, names with the provider's 7 random characters)
// come from tools/evaluate.ts: "<logical name>-<7 hex characters of the type>".
import * as assert from "assert";
import { lambdaCode, type LambdaName } from "../../components/handlerCode";
import { evaluateStack, plainInputs, type RecordedResource } from "../harness";

type Expected = Record<string, { inputs: Record<string, unknown>; protect?: true; retainOnDelete?: true; additionalSecretOutputs?: string[] }>;

/** A deployment archive holding one handler file: the deployed bytes of that built-in function. */
const archive = (name: LambdaName) => ({ "index.js": lambdaCode(name) });

/** A recorded resource as the literal states it. */
async function normalize(r: RecordedResource): Promise<Expected[string]> {
    return {
        inputs: await plainInputs(r),
        ...(r.protect ? { protect: true as const } : {}),
        ...(r.retainOnDelete ? { retainOnDelete: true as const } : {}),
        ...(r.additionalSecretOutputs.length > 0 ? { additionalSecretOutputs: r.additionalSecretOutputs } : {}),
    };
}

async function stackResources(stack: string): Promise<Expected> {
    const { resources } = await evaluateStack(stack);
    const out: Expected = {};
    for (const r of resources) out[`${r.type} ${r.name}`] = await normalize(r);
    return out;
}

const DEV: Expected = {
    "cognito-auth:index:CognitoAuth auth": { inputs: {} },
    "aws:sns/topic:Topic auth-alarms": { inputs: {} },
    "aws:cloudwatch/logGroup:LogGroup auth-pre-sign-up-logs": { inputs: { retentionInDays: 14 } },
    "aws:cloudwatch/logGroup:LogGroup auth-iot-attach-logs": { inputs: { retentionInDays: 14 } },
    "aws:cloudwatch/logGroup:LogGroup auth-iot-attach-access-logs": { inputs: { retentionInDays: 14 } },
    "aws:iam/role:Role auth-pre-sign-up-role": {
        inputs: {
            assumeRolePolicy: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Principal: { Service: ["lambda.amazonaws.com"] } }],
            },
            description: "The built-in Cognito PreSignUp trigger",
        },
    },
    "aws:iam/role:Role auth-iot-attach-role": {
        inputs: {
            assumeRolePolicy: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Principal: { Service: ["lambda.amazonaws.com"] } }],
            },
            description: "The IoT attach endpoint: attaches the IoT policy to the calling identity",
        },
    },
    "aws:iam/role:Role auth-execution-role": {
        inputs: {
            assumeRolePolicy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: ["sts:AssumeRole"],
                        Principal: { Service: ["lambda.amazonaws.com", "apigateway.amazonaws.com"] },
                    },
                ],
            },
            description: "Back-end functions and API Gateway working with the Cognito user pool",
        },
    },
    "aws:apigatewayv2/api:Api auth-iot-attach-api": { inputs: { description: "Attaches the IoT policy to the calling Cognito identity", protocolType: "HTTP" } },
    "aws:iam/rolePolicy:RolePolicy auth-pre-sign-up-logs": {
        inputs: {
            policy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "WriteOwnLogGroup",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: ["arn:aws:logs:ap-northeast-2:123456789012:log-group:auth-pre-sign-up-logs-e657280:*"],
                    },
                ],
            },
            role: "auth-pre-sign-up-role-25f331d",
        },
    },
    "aws:iam/rolePolicy:RolePolicy auth-iot-attach-policy": {
        inputs: {
            policy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "WriteOwnLogGroup",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: ["arn:aws:logs:ap-northeast-2:123456789012:log-group:auth-iot-attach-logs-e657280:*"],
                    },
                    { Sid: "AttachTheIotPolicy", Effect: "Allow", Action: ["iot:AttachPolicy"], Resource: ["*"] },
                ],
            },
            role: "auth-iot-attach-role-25f331d",
        },
    },
    "aws:sns/topicPolicy:TopicPolicy auth-alarms-policy": {
        inputs: {
            arn: "arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20",
            policy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "CloudWatchAlarmsOfThisAccount",
                        Effect: "Allow",
                        Principal: { Service: ["cloudwatch.amazonaws.com"] },
                        Action: ["sns:Publish"],
                        Resource: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
                        Condition: { ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:*" } },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: ["sns:Publish"],
                        Resource: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            },
        },
    },
    "aws:lambda/function:Function auth-iot-attach": {
        inputs: {
            architectures: ["arm64"],
            code: archive("iotAttach"),
            description: "Attaches the IoT policy to the calling Cognito identity (API Gateway, IAM authorization)",
            handler: "index.handler",
            loggingConfig: { logFormat: "Text", logGroup: "auth-iot-attach-logs-e657280" },
            memorySize: 128,
            role: "arn:aws:iam::123456789012:role/auth-iot-attach-role-25f331d",
            runtime: "nodejs24.x",
            timeout: 5,
        },
    },
    "aws:lambda/function:Function auth-pre-sign-up": {
        inputs: {
            architectures: ["arm64"],
            code: archive("preSignUp"),
            description: "Cognito PreSignUp trigger: e-mail domain allow-list and optional auto-confirmation",
            environment: { variables: { ALLOWED_EMAIL_DOMAINS: "example.com,example.org", AUTO_CONFIRM_SIGN_UPS: "true" } },
            handler: "index.handler",
            loggingConfig: { logFormat: "Text", logGroup: "auth-pre-sign-up-logs-e657280" },
            memorySize: 128,
            role: "arn:aws:iam::123456789012:role/auth-pre-sign-up-role-25f331d",
            runtime: "nodejs24.x",
            timeout: 5,
        },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm auth-iot-attach-5xx": {
        inputs: {
            alarmActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            alarmDescription: "The IoT attach endpoint failed: devices of new identities cannot connect",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            dimensions: { ApiId: "tattachapiapi", Stage: "$default" },
            evaluationPeriods: 1,
            metricName: "5xx",
            namespace: "AWS/ApiGateway",
            okActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            period: 300,
            statistic: "Sum",
            threshold: 1,
            treatMissingData: "notBreaching",
        },
    },
    "aws:apigatewayv2/integration:Integration auth-iot-attach-integration": {
        inputs: {
            apiId: "tattachapiapi",
            integrationType: "AWS_PROXY",
            integrationUri: "arn:aws:lambda:ap-northeast-2:123456789012:function:auth-iot-attach-a989b66",
            payloadFormatVersion: "2.0",
        },
    },
    "aws:lambda/permission:Permission auth-iot-attach-invoke": {
        inputs: {
            action: "lambda:InvokeFunction",
            function: "auth-iot-attach-a989b66",
            principal: "apigateway.amazonaws.com",
            sourceArn: "arn:aws:execute-api:ap-northeast-2:123456789012:tattachapiapi/$default/POST/attach",
        },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm auth-pre-sign-up-errors": {
        inputs: {
            alarmActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            alarmDescription: "PreSignUp failed: each error blocked a sign-up",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            dimensions: { FunctionName: "auth-pre-sign-up-a989b66" },
            evaluationPeriods: 1,
            metricName: "Errors",
            namespace: "AWS/Lambda",
            okActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            period: 300,
            statistic: "Sum",
            threshold: 1,
            treatMissingData: "notBreaching",
        },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm auth-pre-sign-up-throttles": {
        inputs: {
            alarmActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            alarmDescription: "PreSignUp throttled: sign-ups failed",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            dimensions: { FunctionName: "auth-pre-sign-up-a989b66" },
            evaluationPeriods: 1,
            metricName: "Throttles",
            namespace: "AWS/Lambda",
            okActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            period: 300,
            statistic: "Sum",
            threshold: 1,
            treatMissingData: "notBreaching",
        },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm auth-pre-sign-up-duration": {
        inputs: {
            alarmActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            alarmDescription: "PreSignUp p99 duration nears Cognito's 5 s limit",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            dimensions: { FunctionName: "auth-pre-sign-up-a989b66" },
            evaluationPeriods: 1,
            extendedStatistic: "p99",
            metricName: "Duration",
            namespace: "AWS/Lambda",
            okActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            period: 300,
            threshold: 3000,
            treatMissingData: "notBreaching",
        },
    },
    "aws:cognito/userPool:UserPool auth-user-pool": {
        inputs: {
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
            adminCreateUserConfig: { allowAdminCreateUserOnly: false },
            autoVerifiedAttributes: ["email"],
            deletionProtection: "INACTIVE",
            deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
            emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT" },
            lambdaConfig: { preSignUp: "arn:aws:lambda:ap-northeast-2:123456789012:function:auth-pre-sign-up-a989b66" },
            mfaConfiguration: "OPTIONAL",
            name: "DevUserPool",
            passwordPolicy: {
                minimumLength: 8,
                requireLowercase: true,
                requireNumbers: true,
                requireSymbols: true,
                requireUppercase: true,
                temporaryPasswordValidityDays: 7,
            },
            schemas: [
                {
                    attributeDataType: "String",
                    developerOnlyAttribute: false,
                    mutable: false,
                    name: "email",
                    required: true,
                    stringAttributeConstraints: { maxLength: "255", minLength: "5" },
                },
            ],
            softwareTokenMfaConfiguration: { enabled: true },
            userPoolAddOns: { advancedSecurityMode: "OFF" },
            userPoolTier: "ESSENTIALS",
        },
    },
    "aws:apigatewayv2/route:Route auth-iot-attach-route": {
        inputs: {
            apiId: "tattachapiapi",
            authorizationType: "AWS_IAM",
            routeKey: "POST /attach",
            target: "integrations/auth-iot-attach-integration-id",
        },
    },
    "aws:iot/policy:Policy auth-iot-policy": {
        inputs: {
            policy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ConnectAsOwnIdentity",
                        Effect: "Allow",
                        Action: ["iot:Connect"],
                        Resource: ["arn:aws:iot:ap-northeast-2:123456789012:client/${cognito-identity.amazonaws.com:sub}"],
                    },
                    {
                        Sid: "OwnTopics",
                        Effect: "Allow",
                        Action: ["iot:Publish", "iot:Receive"],
                        Resource: ["arn:aws:iot:ap-northeast-2:123456789012:topic/devices/${cognito-identity.amazonaws.com:sub}/*"],
                    },
                    {
                        Sid: "OwnTopicFilters",
                        Effect: "Allow",
                        Action: ["iot:Subscribe"],
                        Resource: ["arn:aws:iot:ap-northeast-2:123456789012:topicfilter/devices/${cognito-identity.amazonaws.com:sub}/*"],
                    },
                ],
            },
        },
        retainOnDelete: true,
    },
    "aws:lambda/permission:Permission auth-pre-sign-up-invoke": {
        inputs: {
            action: "lambda:InvokeFunction",
            function: "arn:aws:lambda:ap-northeast-2:123456789012:function:auth-pre-sign-up-a989b66",
            principal: "cognito-idp.amazonaws.com",
            sourceArn: "arn:aws:cognito-idp:ap-northeast-2:123456789012:userpool/ap-northeast-2_authuserpool",
        },
    },
    "aws:cognito/userPoolClient:UserPoolClient auth-app-client": {
        inputs: {
            accessTokenValidity: 60,
            authSessionValidity: 3,
            enableTokenRevocation: true,
            explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            generateSecret: true,
            idTokenValidity: 60,
            name: "DevApp",
            preventUserExistenceErrors: "ENABLED",
            refreshTokenValidity: 365,
            supportedIdentityProviders: ["COGNITO"],
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            userPoolId: "ap-northeast-2_authuserpool",
        },
        additionalSecretOutputs: ["clientSecret"],
    },
    "aws:cognito/userPoolClient:UserPoolClient auth-web-client": {
        inputs: {
            accessTokenValidity: 60,
            authSessionValidity: 3,
            enableTokenRevocation: true,
            explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            generateSecret: false,
            idTokenValidity: 60,
            name: "DevWeb",
            preventUserExistenceErrors: "ENABLED",
            refreshTokenValidity: 365,
            supportedIdentityProviders: ["COGNITO"],
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            userPoolId: "ap-northeast-2_authuserpool",
        },
        additionalSecretOutputs: ["clientSecret"],
    },
    "aws:iam/rolePolicy:RolePolicy auth-execution-policy": {
        inputs: {
            policy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ManageUsersOfThisPool",
                        Effect: "Allow",
                        Action: [
                            "cognito-idp:AdminAddUserToGroup",
                            "cognito-idp:AdminConfirmSignUp",
                            "cognito-idp:AdminCreateUser",
                            "cognito-idp:AdminDeleteUser",
                            "cognito-idp:AdminDisableUser",
                            "cognito-idp:AdminEnableUser",
                            "cognito-idp:AdminGetUser",
                            "cognito-idp:AdminInitiateAuth",
                            "cognito-idp:AdminListGroupsForUser",
                            "cognito-idp:AdminRemoveUserFromGroup",
                            "cognito-idp:AdminResetUserPassword",
                            "cognito-idp:AdminRespondToAuthChallenge",
                            "cognito-idp:AdminUpdateUserAttributes",
                            "cognito-idp:AdminUserGlobalSignOut",
                            "cognito-idp:ListUsers",
                        ],
                        Resource: ["arn:aws:cognito-idp:ap-northeast-2:123456789012:userpool/ap-northeast-2_authuserpool"],
                    },
                    {
                        Sid: "WriteOwnFunctionLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: ["arn:aws:logs:ap-northeast-2:123456789012:log-group:/aws/lambda/*"],
                    },
                ],
            },
            role: "auth-execution-role-25f331d",
        },
    },
    "aws:cognito/identityPool:IdentityPool auth-identity-pool": {
        inputs: {
            allowClassicFlow: false,
            allowUnauthenticatedIdentities: false,
            cognitoIdentityProviders: [
                {
                    clientId: "auth-app-client-client-id",
                    providerName: "cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_authuserpool",
                    serverSideTokenCheck: true,
                },
                {
                    clientId: "auth-web-client-client-id",
                    providerName: "cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_authuserpool",
                    serverSideTokenCheck: true,
                },
            ],
            identityPoolName: "DevIdentityPool",
        },
    },
    "aws:iam/role:Role auth-authenticated-role": {
        inputs: {
            assumeRolePolicy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: ["sts:AssumeRoleWithWebIdentity"],
                        Principal: { Federated: "cognito-identity.amazonaws.com" },
                        Condition: {
                            StringEquals: { "cognito-identity.amazonaws.com:aud": "ap-northeast-2:00000000-0000-0000-0000-000000000018" },
                            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
                        },
                    },
                ],
            },
            description: "Signed-in identities of the Cognito identity pool",
        },
    },
    "aws:apigatewayv2/stage:Stage auth-iot-attach-stage": {
        inputs: {
            accessLogSettings: {
                destinationArn: "arn:aws:logs:ap-northeast-2:123456789012:log-group:auth-iot-attach-access-logs-e657280",
                format: {
                    requestId: "$context.requestId",
                    routeKey: "$context.routeKey",
                    status: "$context.status",
                    identityId: "$context.identity.cognitoIdentityId",
                    error: "$context.error.message",
                    integrationError: "$context.integrationErrorMessage",
                },
            },
            apiId: "tattachapiapi",
            autoDeploy: true,
            defaultRouteSettings: { throttlingBurstLimit: 20, throttlingRateLimit: 10 },
            name: "$default",
            stageVariables: { identityPoolId: "ap-northeast-2:00000000-0000-0000-0000-000000000018", iotPolicyName: "auth-iot-policy-2e9bc51" },
        },
    },
    "aws:iam/rolePolicy:RolePolicy auth-authenticated-policy": {
        inputs: {
            policy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ConnectAsOwnIdentity",
                        Effect: "Allow",
                        Action: ["iot:Connect"],
                        Resource: ["arn:aws:iot:ap-northeast-2:123456789012:client/${cognito-identity.amazonaws.com:sub}"],
                    },
                    {
                        Sid: "OwnTopics",
                        Effect: "Allow",
                        Action: ["iot:Publish", "iot:Receive"],
                        Resource: ["arn:aws:iot:ap-northeast-2:123456789012:topic/devices/${cognito-identity.amazonaws.com:sub}/*"],
                    },
                    {
                        Sid: "OwnTopicFilters",
                        Effect: "Allow",
                        Action: ["iot:Subscribe"],
                        Resource: ["arn:aws:iot:ap-northeast-2:123456789012:topicfilter/devices/${cognito-identity.amazonaws.com:sub}/*"],
                    },
                    {
                        Sid: "CallIotAttachEndpoint",
                        Effect: "Allow",
                        Action: ["execute-api:Invoke"],
                        Resource: ["arn:aws:execute-api:ap-northeast-2:123456789012:tattachapiapi/$default/POST/attach"],
                    },
                ],
            },
            role: "auth-authenticated-role-25f331d",
        },
    },
    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment auth-roles": {
        inputs: {
            identityPoolId: "ap-northeast-2:00000000-0000-0000-0000-000000000018",
            roles: { authenticated: "arn:aws:iam::123456789012:role/auth-authenticated-role-25f331d" },
        },
    },
};

/** Production: everything as in dev except these (read them as the production preset's effect). */
const PROD: Expected = {
    ...DEV,
    "aws:cloudwatch/logGroup:LogGroup auth-pre-sign-up-logs": { inputs: { retentionInDays: 365 } },
    "aws:cloudwatch/logGroup:LogGroup auth-iot-attach-logs": { inputs: { retentionInDays: 365 } },
    "aws:cloudwatch/logGroup:LogGroup auth-iot-attach-access-logs": { inputs: { retentionInDays: 365 } },
    "aws:lambda/function:Function auth-pre-sign-up": {
        inputs: {
            architectures: ["arm64"],
            code: archive("preSignUp"),
            description: "Cognito PreSignUp trigger: e-mail domain allow-list and optional auto-confirmation",
            environment: { variables: { ALLOWED_EMAIL_DOMAINS: "example.com", AUTO_CONFIRM_SIGN_UPS: "false" } },
            handler: "index.handler",
            loggingConfig: { logFormat: "Text", logGroup: "auth-pre-sign-up-logs-e657280" },
            memorySize: 128,
            role: "arn:aws:iam::123456789012:role/auth-pre-sign-up-role-25f331d",
            runtime: "nodejs24.x",
            timeout: 5,
        },
    },
    "aws:cognito/userPool:UserPool auth-user-pool": {
        inputs: {
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
            adminCreateUserConfig: { allowAdminCreateUserOnly: false },
            autoVerifiedAttributes: ["email"],
            deletionProtection: "ACTIVE",
            deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
            emailConfiguration: {
                emailSendingAccount: "DEVELOPER",
                fromEmailAddress: "Example <no-reply@example.com>",
                sourceArn: "arn:aws:ses:ap-northeast-2:123456789012:identity/example.com",
            },
            lambdaConfig: { preSignUp: "arn:aws:lambda:ap-northeast-2:123456789012:function:auth-pre-sign-up-a989b66" },
            mfaConfiguration: "OPTIONAL",
            name: "ProdUserPool",
            passwordPolicy: {
                minimumLength: 8,
                requireLowercase: true,
                requireNumbers: true,
                requireSymbols: true,
                requireUppercase: true,
                temporaryPasswordValidityDays: 7,
            },
            schemas: [
                {
                    attributeDataType: "String",
                    developerOnlyAttribute: false,
                    mutable: false,
                    name: "email",
                    required: true,
                    stringAttributeConstraints: { maxLength: "255", minLength: "5" },
                },
            ],
            softwareTokenMfaConfiguration: { enabled: true },
            userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
            userPoolTier: "PLUS",
            verificationMessageTemplate: {
                defaultEmailOption: "CONFIRM_WITH_CODE",
                emailMessage: "Your verification code is {####}.",
                emailSubject: "Your verification code",
            },
        },
        protect: true,
        retainOnDelete: true,
    },
    "aws:cognito/userPoolClient:UserPoolClient auth-app-client": {
        inputs: {
            accessTokenValidity: 60,
            authSessionValidity: 3,
            enableTokenRevocation: true,
            explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            generateSecret: true,
            idTokenValidity: 60,
            name: "ProdApp",
            preventUserExistenceErrors: "ENABLED",
            refreshTokenValidity: 365,
            supportedIdentityProviders: ["COGNITO"],
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            userPoolId: "ap-northeast-2_authuserpool",
        },
        protect: true,
        retainOnDelete: true,
        additionalSecretOutputs: ["clientSecret"],
    },
    "aws:cognito/userPoolClient:UserPoolClient auth-web-client": {
        inputs: {
            accessTokenValidity: 60,
            authSessionValidity: 3,
            enableTokenRevocation: true,
            explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            generateSecret: false,
            idTokenValidity: 60,
            name: "ProdWeb",
            preventUserExistenceErrors: "ENABLED",
            refreshTokenValidity: 365,
            supportedIdentityProviders: ["COGNITO"],
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            userPoolId: "ap-northeast-2_authuserpool",
        },
        protect: true,
        retainOnDelete: true,
        additionalSecretOutputs: ["clientSecret"],
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm auth-account-takeover-risk": {
        inputs: {
            alarmActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            alarmDescription: "High-risk sign-ins (account takeover) detected by Cognito threat protection",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            evaluationPeriods: 1,
            metricQueries: [
                {
                    id: "m1",
                    metric: {
                        dimensions: { Operation: "SignIn", RiskLevel: "high", UserPoolId: "ap-northeast-2_authuserpool" },
                        metricName: "AccountTakeoverRisk",
                        namespace: "AWS/Cognito",
                        period: 300,
                        stat: "Sum",
                    },
                    returnData: false,
                },
                { expression: "FILL(m1, 0)", id: "total", label: "AccountTakeoverRisk (high) on SignIn", returnData: true },
            ],
            okActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            threshold: 1,
            treatMissingData: "notBreaching",
        },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm auth-compromised-credentials-risk": {
        inputs: {
            alarmActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            alarmDescription: "Compromised credentials used where Cognito checks them (sign-up, password change, password sign-in)",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            evaluationPeriods: 1,
            metricQueries: [
                {
                    id: "m1",
                    metric: {
                        dimensions: { Operation: "SignUp", RiskLevel: "high", UserPoolId: "ap-northeast-2_authuserpool" },
                        metricName: "CompromisedCredentialRisk",
                        namespace: "AWS/Cognito",
                        period: 300,
                        stat: "Sum",
                    },
                    returnData: false,
                },
                {
                    id: "m2",
                    metric: {
                        dimensions: { Operation: "PasswordChange", RiskLevel: "high", UserPoolId: "ap-northeast-2_authuserpool" },
                        metricName: "CompromisedCredentialRisk",
                        namespace: "AWS/Cognito",
                        period: 300,
                        stat: "Sum",
                    },
                    returnData: false,
                },
                {
                    expression: "FILL(m1, 0) + FILL(m2, 0)",
                    id: "total",
                    label: "CompromisedCredentialRisk (high) on SignUp, PasswordChange",
                    returnData: true,
                },
            ],
            okActions: ["arn:aws:sns:ap-northeast-2:123456789012:auth-alarms-a243c20"],
            threshold: 1,
            treatMissingData: "notBreaching",
        },
    },
    "aws:cognito/identityPool:IdentityPool auth-identity-pool": {
        inputs: {
            allowClassicFlow: false,
            allowUnauthenticatedIdentities: false,
            cognitoIdentityProviders: [
                {
                    clientId: "auth-app-client-client-id",
                    providerName: "cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_authuserpool",
                    serverSideTokenCheck: true,
                },
                {
                    clientId: "auth-web-client-client-id",
                    providerName: "cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_authuserpool",
                    serverSideTokenCheck: true,
                },
            ],
            identityPoolName: "ProdIdentityPool",
        },
        protect: true,
        retainOnDelete: true,
    },
};

describe("every resource of both stacks, literally", () => {
    for (const [stack, expected] of [["dev", DEV], ["prod", PROD]] as const) {
        it(`${stack}: exactly these resources, with exactly these inputs and options`, async () => {
            const actual = await stackResources(stack);
            assert.deepStrictEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), "the set of resources");
            for (const key of Object.keys(expected)) assert.deepStrictEqual(actual[key], expected[key], key);
        });
    }
});
