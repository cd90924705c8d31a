// cdk-nag's AwsSolutions pack, run offline over the resources a Pulumi program registers. Each
// Pulumi resource becomes the equivalent CloudFormation L1 construct of aws-cdk-lib in a throwaway
// App/Stack (construct id = the Pulumi logical name), the pack visits every construct as its aspect
// would during `synth` (without writing a cloud assembly), and a logger collects the findings.
//
// The mapping is a table keyed by Pulumi type token. A type missing from the table is an error, and
// so is an input no mapper reads: a new child or a new argument cannot escape the check silently;
// whoever adds one maps it here (or states here why it has no CloudFormation equivalent).
import { App, CfnResource, Stack, type CfnTag } from "aws-cdk-lib";
import * as apigatewayv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as iam from "aws-cdk-lib/aws-iam";
import * as iot from "aws-cdk-lib/aws-iot";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sns from "aws-cdk-lib/aws-sns";
import { AwsSolutionsChecks, NagMessageLevel, VALIDATION_FAILURE_ID, type INagLogger, type NagLoggerErrorData, type NagLoggerNonComplianceData } from "cdk-nag";
import { Construct, type IConstruct } from "constructs";

/** A registered Pulumi resource, as tools/evaluate.ts records it (plain, resolved inputs). */
export interface NagResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
    /** Provider outputs (`name`, `arn`, ...): auto-generated physical names come from here. */
    state?: Record<string, any>;
    /** The provider id; used to find the role a policy attachment names. */
    id?: string;
    /** False for component resources, which have no cloud resource of their own. */
    custom?: boolean;
}

export interface NagFinding {
    /** e.g. `AwsSolutions-IAM5`; `CdkNagValidationFailure` when a rule could not evaluate a resource. */
    rule: string;
    /** The Pulumi logical name, e.g. `auth-execution-policy`. */
    resource: string;
    level: "error" | "warning";
    message: string;
    /** The finding id of granular rules, e.g. `Resource::arn:...:log-group:/aws/lambda/*` for IAM5. */
    detail?: string;
}

/** A type with no mapping, or an input of a mapped type that no mapper reads. */
export class UnmappedResourceError extends Error {}

// ---------------------------------------------------------------------------------------------
// Inputs, read key by key so that leftovers can be reported.

class Inputs {
    private readonly read = new Set<string>();
    private readonly children: Inputs[] = [];

    constructor(
        readonly where: string,
        private readonly values: Record<string, any>,
    ) {}

    /** One input as it is (nested objects included, when their shape is the CloudFormation one). */
    get(key: string): any {
        this.read.add(key);
        return this.values[key] ?? undefined;
    }

    /** A nested object, itself read key by key. */
    obj(key: string): Inputs | undefined {
        const value = this.get(key);
        if (value === undefined) return undefined;
        const child = new Inputs(`${this.where}.${key}`, value);
        this.children.push(child);
        return child;
    }

    /** A list of nested objects, each read key by key. */
    objs(key: string): Inputs[] | undefined {
        const value: any[] | undefined = this.get(key);
        if (value === undefined) return undefined;
        return value.map((v, i) => {
            const child = new Inputs(`${this.where}.${key}[${i}]`, v);
            this.children.push(child);
            return child;
        });
    }

    /** Inputs that have no CloudFormation equivalent and that no AwsSolutions rule could read. */
    ignore(...keys: string[]): void {
        keys.forEach((k) => this.read.add(k));
    }

    /** Inputs that were given but never read, here and below. */
    unread(): string[] {
        const here = Object.keys(this.values)
            .filter((k) => this.values[k] !== undefined && this.values[k] !== null && !this.read.has(k) && !k.startsWith("__"))
            .map((k) => `${this.where}.${k}`);
        return [...here, ...this.children.flatMap((c) => c.unread())];
    }
}

/** A policy document: Pulumi takes JSON text or an object; the L1 props take the object. */
function policyDoc(value: unknown, where: string): any {
    if (value === undefined || typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch (e) {
        throw new Error(`${where}: not a JSON policy document: ${(e as Error).message}`);
    }
}

/** Pulumi's tag map as CloudFormation's tag list. */
function tagList(tags: Record<string, string> | undefined): CfnTag[] | undefined {
    if (tags === undefined) return undefined;
    return Object.keys(tags)
        .sort()
        .map((key) => ({ key, value: tags[key] }));
}

/** A physical name: the one given, else the one Pulumi auto-named (from the provider's state). */
function physicalName(p: Inputs, r: NagResource): string | undefined {
    p.ignore("namePrefix");
    return (p.get("name") as string | undefined) ?? r.state?.name;
}

// ---------------------------------------------------------------------------------------------
// The mapping table.

interface MapContext {
    /** Runs after every resource has its construct (for resources that amend another's construct). */
    later(step: () => void): void;
    /** The role construct a reference (name, id or ARN) points at. */
    role(ref: string): iam.CfnRole | undefined;
}

type Mapper = (scope: Construct, id: string, p: Inputs, r: NagResource, ctx: MapContext) => IConstruct | undefined;

/** Types that are not cloud resources: their children are registered, and checked, on their own. */
const NO_CLOUD_RESOURCE = "component resource: its children are registered, and checked, on their own";

const userPool: Mapper = (scope, id, p, r) => {
    p.ignore("region");
    const mfa = p.get("mfaConfiguration") as string | undefined;
    const enabledMfas: string[] = [];
    const totp = p.obj("softwareTokenMfaConfiguration");
    if (totp?.get("enabled")) enabledMfas.push("SOFTWARE_TOKEN_MFA");
    const sms = p.obj("smsConfiguration");
    // Terraform's provider turns SMS MFA on when an SMS configuration is given and MFA is not OFF.
    if (sms !== undefined && mfa !== undefined && mfa !== "OFF") enabledMfas.push("SMS_MFA");
    const emailMfa = p.obj("emailMfaConfiguration");
    if (emailMfa !== undefined) enabledMfas.push("EMAIL_OTP");
    const pw = p.obj("passwordPolicy");
    const signIn = p.obj("signInPolicy");
    const addOns = p.obj("userPoolAddOns");
    const flows = addOns?.obj("advancedSecurityAdditionalFlows");
    const email = p.obj("emailConfiguration");
    const admin = p.obj("adminCreateUserConfig");
    const lambdaConfig = p.obj("lambdaConfig");
    const webAuthn = p.obj("webAuthnConfiguration");
    const attrUpdate = p.obj("userAttributeUpdateSettings");
    return new cognito.CfnUserPool(scope, id, {
        userPoolName: physicalName(p, r),
        deletionProtection: p.get("deletionProtection"),
        aliasAttributes: p.get("aliasAttributes"),
        usernameAttributes: p.get("usernameAttributes"),
        autoVerifiedAttributes: p.get("autoVerifiedAttributes"),
        // Same shape in Pulumi and CloudFormation: recoveryMechanisms[{name, priority}].
        accountRecoverySetting: p.get("accountRecoverySetting"),
        adminCreateUserConfig: admin && {
            allowAdminCreateUserOnly: admin.get("allowAdminCreateUserOnly"),
            // {emailMessage, emailSubject, smsMessage} in both.
            inviteMessageTemplate: admin.get("inviteMessageTemplate"),
        },
        // {challengeRequiredOnNewDevice, deviceOnlyRememberedOnUserPrompt} in both.
        deviceConfiguration: p.get("deviceConfiguration"),
        emailConfiguration: email && {
            configurationSet: email.get("configurationSet"),
            emailSendingAccount: email.get("emailSendingAccount"),
            from: email.get("fromEmailAddress"),
            replyToEmailAddress: email.get("replyToEmailAddress"),
            sourceArn: email.get("sourceArn"),
        },
        emailAuthenticationMessage: emailMfa?.get("message"),
        emailAuthenticationSubject: emailMfa?.get("subject"),
        emailVerificationMessage: p.get("emailVerificationMessage"),
        emailVerificationSubject: p.get("emailVerificationSubject"),
        enabledMfas: enabledMfas.length > 0 ? enabledMfas : undefined,
        lambdaConfig: lambdaConfig && {
            createAuthChallenge: lambdaConfig.get("createAuthChallenge"),
            customEmailSender: lambdaConfig.get("customEmailSender"),
            customMessage: lambdaConfig.get("customMessage"),
            customSmsSender: lambdaConfig.get("customSmsSender"),
            defineAuthChallenge: lambdaConfig.get("defineAuthChallenge"),
            kmsKeyId: lambdaConfig.get("kmsKeyId"),
            postAuthentication: lambdaConfig.get("postAuthentication"),
            postConfirmation: lambdaConfig.get("postConfirmation"),
            preAuthentication: lambdaConfig.get("preAuthentication"),
            preSignUp: lambdaConfig.get("preSignUp"),
            preTokenGeneration: lambdaConfig.get("preTokenGeneration"),
            preTokenGenerationConfig: lambdaConfig.get("preTokenGenerationConfig"),
            userMigration: lambdaConfig.get("userMigration"),
            verifyAuthChallengeResponse: lambdaConfig.get("verifyAuthChallengeResponse"),
        },
        // Read by COG2.
        mfaConfiguration: mfa,
        // Read by COG1.
        policies:
            pw || signIn
                ? {
                      passwordPolicy: pw && {
                          minimumLength: pw.get("minimumLength"),
                          passwordHistorySize: pw.get("passwordHistorySize"),
                          requireLowercase: pw.get("requireLowercase"),
                          requireNumbers: pw.get("requireNumbers"),
                          requireSymbols: pw.get("requireSymbols"),
                          requireUppercase: pw.get("requireUppercase"),
                          temporaryPasswordValidityDays: pw.get("temporaryPasswordValidityDays"),
                      },
                      signInPolicy: signIn && { allowedFirstAuthFactors: signIn.get("allowedFirstAuthFactors") },
                  }
                : undefined,
        // Same keys in both, constraints included.
        schema: p.get("schemas"),
        smsConfiguration: sms && { externalId: sms.get("externalId"), snsCallerArn: sms.get("snsCallerArn"), snsRegion: sms.get("snsRegion") },
        smsAuthenticationMessage: p.get("smsAuthenticationMessage"),
        smsVerificationMessage: p.get("smsVerificationMessage"),
        userAttributeUpdateSettings: attrUpdate && {
            attributesRequireVerificationBeforeUpdate: attrUpdate.get("attributesRequireVerificationBeforeUpdates") ?? [],
        },
        usernameConfiguration: p.get("usernameConfiguration"),
        userPoolAddOns: addOns && {
            advancedSecurityMode: addOns.get("advancedSecurityMode"),
            advancedSecurityAdditionalFlows: flows && { customAuthMode: flows.get("customAuthMode") },
        },
        userPoolTags: p.get("tags"),
        // Read by COG8.
        userPoolTier: p.get("userPoolTier"),
        verificationMessageTemplate: p.get("verificationMessageTemplate"),
        webAuthnRelyingPartyId: webAuthn?.get("relyingPartyId"),
        webAuthnUserVerification: webAuthn?.get("userVerification"),
    });
};

const userPoolClient: Mapper = (scope, id, p) => {
    p.ignore("region");
    return new cognito.CfnUserPoolClient(scope, id, {
        userPoolId: p.get("userPoolId"),
        clientName: p.get("name"),
        accessTokenValidity: p.get("accessTokenValidity"),
        allowedOAuthFlows: p.get("allowedOauthFlows"),
        allowedOAuthFlowsUserPoolClient: p.get("allowedOauthFlowsUserPoolClient"),
        allowedOAuthScopes: p.get("allowedOauthScopes"),
        // {applicationArn, applicationId, externalId, roleArn, userDataShared} in both.
        analyticsConfiguration: p.get("analyticsConfiguration"),
        authSessionValidity: p.get("authSessionValidity"),
        callbackUrLs: p.get("callbackUrls"),
        defaultRedirectUri: p.get("defaultRedirectUri"),
        enablePropagateAdditionalUserContextData: p.get("enablePropagateAdditionalUserContextData"),
        enableTokenRevocation: p.get("enableTokenRevocation"),
        explicitAuthFlows: p.get("explicitAuthFlows"),
        generateSecret: p.get("generateSecret"),
        idTokenValidity: p.get("idTokenValidity"),
        logoutUrLs: p.get("logoutUrls"),
        preventUserExistenceErrors: p.get("preventUserExistenceErrors"),
        readAttributes: p.get("readAttributes"),
        // {feature, retryGracePeriodSeconds} in both.
        refreshTokenRotation: p.get("refreshTokenRotation"),
        refreshTokenValidity: p.get("refreshTokenValidity"),
        supportedIdentityProviders: p.get("supportedIdentityProviders"),
        // {accessToken, idToken, refreshToken} in both.
        tokenValidityUnits: p.get("tokenValidityUnits"),
        writeAttributes: p.get("writeAttributes"),
    });
};

const identityPool: Mapper = (scope, id, p) => {
    p.ignore("region");
    return new cognito.CfnIdentityPool(scope, id, {
        identityPoolName: p.get("identityPoolName"),
        // Read by COG7. Pulumi's default is false, as is CloudFormation's required value here.
        allowUnauthenticatedIdentities: p.get("allowUnauthenticatedIdentities") ?? false,
        allowClassicFlow: p.get("allowClassicFlow"),
        // [{clientId, providerName, serverSideTokenCheck}] in both.
        cognitoIdentityProviders: p.get("cognitoIdentityProviders"),
        developerProviderName: p.get("developerProviderName"),
        openIdConnectProviderArns: p.get("openidConnectProviderArns"),
        samlProviderArns: p.get("samlProviderArns"),
        supportedLoginProviders: p.get("supportedLoginProviders"),
        identityPoolTags: tagList(p.get("tags")),
    });
};

const identityPoolRoleAttachment: Mapper = (scope, id, p) => {
    p.ignore("region");
    const mappings = p.objs("roleMappings");
    return new cognito.CfnIdentityPoolRoleAttachment(scope, id, {
        identityPoolId: p.get("identityPoolId"),
        roles: p.get("roles"),
        roleMappings:
            mappings &&
            Object.fromEntries(
                mappings.map((m) => {
                    const provider: string = m.get("identityProvider");
                    const rules = m.get("mappingRules") as any[] | undefined;
                    return [
                        provider,
                        {
                            identityProvider: provider,
                            type: m.get("type"),
                            ambiguousRoleResolution: m.get("ambiguousRoleResolution"),
                            // [{claim, matchType, roleArn, value}] in both.
                            rulesConfiguration: rules && { rules },
                        },
                    ];
                }),
            ),
    });
};

const userGroup: Mapper = (scope, id, p) => {
    p.ignore("region");
    return new cognito.CfnUserPoolGroup(scope, id, {
        userPoolId: p.get("userPoolId"),
        groupName: p.get("name"),
        description: p.get("description"),
        precedence: p.get("precedence"),
        roleArn: p.get("roleArn"),
    });
};

const userPoolDomain: Mapper = (scope, id, p) => {
    p.ignore("region");
    const certificateArn = p.get("certificateArn") as string | undefined;
    return new cognito.CfnUserPoolDomain(scope, id, {
        userPoolId: p.get("userPoolId"),
        domain: p.get("domain"),
        managedLoginVersion: p.get("managedLoginVersion"),
        customDomainConfig: certificateArn === undefined ? undefined : { certificateArn },
    });
};

const identityProvider: Mapper = (scope, id, p) => {
    p.ignore("region");
    return new cognito.CfnUserPoolIdentityProvider(scope, id, {
        userPoolId: p.get("userPoolId"),
        providerName: p.get("providerName"),
        providerType: p.get("providerType"),
        providerDetails: p.get("providerDetails"),
        attributeMapping: p.get("attributeMapping"),
        idpIdentifiers: p.get("idpIdentifiers"),
    });
};

const role: Mapper = (scope, id, p, r) => {
    // Pulumi-only: detaching managed policies before deletion.
    p.ignore("forceDetachPolicies");
    const inline = p.objs("inlinePolicies") ?? [];
    return new iam.CfnRole(scope, id, {
        roleName: physicalName(p, r),
        assumeRolePolicyDocument: policyDoc(p.get("assumeRolePolicy"), `${id}.assumeRolePolicy`),
        description: p.get("description"),
        // Read by IAM4 (with the managed policies of every RolePolicyAttachment of this role).
        managedPolicyArns: p.get("managedPolicyArns"),
        maxSessionDuration: p.get("maxSessionDuration"),
        path: p.get("path"),
        permissionsBoundary: p.get("permissionsBoundary"),
        // Read by IAM5. An entry without a policy is Pulumi's way of saying "no inline policies".
        policies: inline
            .map((i) => ({ policyName: i.get("name"), policyDocument: policyDoc(i.get("policy"), `${id}.inlinePolicies`) }))
            .filter((i) => i.policyDocument !== undefined),
        tags: tagList(p.get("tags")),
    });
};

// AWS::IAM::Policy, not AWS::IAM::RolePolicy: it is the same inline role policy (it is what CDK's
// own iam.Policy synthesizes), and it is the type IAM5 reads; cdk-nag does not look at RolePolicy.
const rolePolicy: Mapper = (scope, id, p, r) =>
    new iam.CfnPolicy(scope, id, {
        policyName: physicalName(p, r) ?? id,
        policyDocument: policyDoc(p.get("policy"), `${id}.policy`),
        roles: [p.get("role")],
    });

const managedPolicy: Mapper = (scope, id, p, r) => {
    // Pulumi-only: a wait after creation. CloudFormation's managed policies take no tags.
    p.ignore("delayAfterPolicyCreationInMs", "tags");
    return new iam.CfnManagedPolicy(scope, id, {
        managedPolicyName: physicalName(p, r),
        description: p.get("description"),
        path: p.get("path"),
        policyDocument: policyDoc(p.get("policy"), `${id}.policy`),
    });
};

// CloudFormation attaches managed policies on the role itself (ManagedPolicyArns), which is where
// IAM4 looks: an attachment adds its policy to its role's construct, so a finding names the role.
const rolePolicyAttachment: Mapper = (_scope, id, p, _r, ctx) => {
    const roleRef: string = p.get("role");
    const policyArn: string = p.get("policyArn");
    ctx.later(() => {
        const target = ctx.role(roleRef);
        if (target === undefined) {
            throw new UnmappedResourceError(`aws:iam/rolePolicyAttachment:RolePolicyAttachment "${id}": role "${roleRef}" is not among the resources, so the attachment cannot be checked`);
        }
        target.managedPolicyArns = [...((target.managedPolicyArns as string[] | undefined) ?? []), policyArn];
    });
    return undefined;
};

const lambdaFunction: Mapper = (scope, id, p, r) => {
    // Pulumi-only: deployment and deletion behaviour, hashes that trigger updates, versions.
    p.ignore("region", "publish", "codeSha256", "sourceCodeHash", "skipDestroy", "replaceSecurityGroupsOnDestroy", "replacementSecurityGroupIds", "useResourceTimeoutForPropagation");
    const archive = p.get("code");
    const vpc = p.obj("vpcConfig");
    vpc?.ignore("vpcId"); // an output
    const image = p.obj("imageConfig");
    const logging = p.obj("loggingConfig");
    const fileSystem = p.obj("fileSystemConfig");
    return new lambda.CfnFunction(scope, id, {
        functionName: physicalName(p, r),
        code: {
            // The archive's bytes do not matter to any rule.
            zipFile: archive === undefined ? undefined : "<pulumi archive>",
            s3Bucket: p.get("s3Bucket"),
            s3Key: p.get("s3Key"),
            s3ObjectVersion: p.get("s3ObjectVersion"),
            imageUri: p.get("imageUri"),
            sourceKmsKeyArn: p.get("sourceKmsKeyArn"),
        },
        role: p.get("role"),
        architectures: p.get("architectures"),
        codeSigningConfigArn: p.get("codeSigningConfigArn"),
        // {targetArn} in both.
        deadLetterConfig: p.get("deadLetterConfig"),
        description: p.get("description"),
        // {variables} in both.
        environment: p.get("environment"),
        // {size} in both.
        ephemeralStorage: p.get("ephemeralStorage"),
        fileSystemConfigs: fileSystem && [{ arn: fileSystem.get("arn"), localMountPath: fileSystem.get("localMountPath") }],
        handler: p.get("handler"),
        imageConfig: image && { command: image.get("commands"), entryPoint: image.get("entryPoints"), workingDirectory: image.get("workingDirectory") },
        kmsKeyArn: p.get("kmsKeyArn"),
        layers: p.get("layers"),
        loggingConfig: logging && {
            applicationLogLevel: logging.get("applicationLogLevel"),
            logFormat: logging.get("logFormat"),
            logGroup: logging.get("logGroup"),
            systemLogLevel: logging.get("systemLogLevel"),
        },
        memorySize: p.get("memorySize"),
        packageType: p.get("packageType"),
        reservedConcurrentExecutions: p.get("reservedConcurrentExecutions"),
        // Read by L1.
        runtime: p.get("runtime"),
        // {applyOn} in both.
        snapStart: p.get("snapStart"),
        tags: tagList(p.get("tags")),
        timeout: p.get("timeout"),
        // {mode} in both.
        tracingConfig: p.get("tracingConfig"),
        vpcConfig: vpc && {
            ipv6AllowedForDualStack: vpc.get("ipv6AllowedForDualStack"),
            securityGroupIds: vpc.get("securityGroupIds"),
            subnetIds: vpc.get("subnetIds"),
        },
    });
};

const lambdaPermission: Mapper = (scope, id, p) => {
    // CloudFormation names the statement itself.
    p.ignore("region", "statementId", "statementIdPrefix");
    const fn: string = p.get("function");
    const qualifier = p.get("qualifier") as string | undefined;
    return new lambda.CfnPermission(scope, id, {
        action: p.get("action"),
        functionName: qualifier === undefined ? fn : `${fn}:${qualifier}`,
        principal: p.get("principal"),
        eventSourceToken: p.get("eventSourceToken"),
        functionUrlAuthType: p.get("functionUrlAuthType"),
        invokedViaFunctionUrl: p.get("invokedViaFunctionUrl"),
        principalOrgId: p.get("principalOrgId"),
        sourceAccount: p.get("sourceAccount"),
        sourceArn: p.get("sourceArn"),
    });
};

const functionUrl: Mapper = (scope, id, p) => {
    p.ignore("region");
    return new lambda.CfnUrl(scope, id, {
        authType: p.get("authorizationType"),
        targetFunctionArn: p.get("functionName"),
        qualifier: p.get("qualifier"),
        invokeMode: p.get("invokeMode"),
        // {allowCredentials, allowHeaders, allowMethods, allowOrigins, exposeHeaders, maxAge} in both.
        cors: p.get("cors"),
    });
};

const logGroup: Mapper = (scope, id, p, r) => {
    p.ignore("region", "skipDestroy");
    return new logs.CfnLogGroup(scope, id, {
        logGroupName: physicalName(p, r),
        retentionInDays: p.get("retentionInDays"),
        kmsKeyId: p.get("kmsKeyId"),
        logGroupClass: p.get("logGroupClass"),
        deletionProtectionEnabled: p.get("deletionProtectionEnabled"),
        tags: tagList(p.get("tags")),
    });
};

const topic: Mapper = (scope, id, p, r) => {
    p.ignore("region");
    const name = physicalName(p, r) ?? (r.state?.arn as string | undefined)?.split(":").pop();
    const signatureVersion = p.get("signatureVersion") as number | undefined;
    const cfn = new sns.CfnTopic(scope, id, {
        // Read by SNS3 (a topic policy for this topic's ARN ends with its name).
        topicName: name,
        // Read by SNS3: an encrypted topic passes.
        kmsMasterKeyId: p.get("kmsMasterKeyId"),
        displayName: p.get("displayName"),
        fifoTopic: p.get("fifoTopic"),
        contentBasedDeduplication: p.get("contentBasedDeduplication"),
        fifoThroughputScope: p.get("fifoThroughputScope"),
        archivePolicy: policyDoc(p.get("archivePolicy"), `${id}.archivePolicy`),
        signatureVersion: signatureVersion === undefined ? undefined : String(signatureVersion),
        tracingConfig: p.get("tracingConfig"),
        tags: tagList(p.get("tags")),
    });
    // The topic's own access policy is an AWS::SNS::TopicPolicy in CloudFormation (read by SNS3).
    const policy = p.get("policy");
    if (policy !== undefined) new sns.CfnTopicPolicy(cfn, "Policy", { topics: [cfn.ref], policyDocument: policyDoc(policy, `${id}.policy`) });
    return cfn;
};

const topicSubscription: Mapper = (scope, id, p) => {
    // Pulumi-only: how long to wait for an HTTP endpoint to confirm.
    p.ignore("region", "confirmationTimeoutInMinutes", "endpointAutoConfirms");
    return new sns.CfnSubscription(scope, id, {
        topicArn: p.get("topic"),
        protocol: p.get("protocol"),
        endpoint: p.get("endpoint"),
        rawMessageDelivery: p.get("rawMessageDelivery"),
        filterPolicy: policyDoc(p.get("filterPolicy"), `${id}.filterPolicy`),
        filterPolicyScope: p.get("filterPolicyScope"),
        deliveryPolicy: policyDoc(p.get("deliveryPolicy"), `${id}.deliveryPolicy`),
        redrivePolicy: policyDoc(p.get("redrivePolicy"), `${id}.redrivePolicy`),
        replayPolicy: policyDoc(p.get("replayPolicy"), `${id}.replayPolicy`),
        subscriptionRoleArn: p.get("subscriptionRoleArn"),
    });
};

const topicPolicy: Mapper = (scope, id, p) => {
    p.ignore("region");
    return new sns.CfnTopicPolicy(scope, id, { topics: [p.get("arn")], policyDocument: policyDoc(p.get("policy"), `${id}.policy`) });
};

const dimensionList = (dimensions: Record<string, string> | undefined) =>
    dimensions &&
    Object.keys(dimensions)
        .sort()
        .map((name) => ({ name, value: dimensions[name] }));

const metricAlarm: Mapper = (scope, id, p) => {
    p.ignore("region");
    const queries = p.objs("metricQueries");
    return new cloudwatch.CfnAlarm(scope, id, {
        alarmName: p.get("name"),
        alarmDescription: p.get("alarmDescription"),
        actionsEnabled: p.get("actionsEnabled"),
        alarmActions: p.get("alarmActions"),
        okActions: p.get("okActions"),
        insufficientDataActions: p.get("insufficientDataActions"),
        comparisonOperator: p.get("comparisonOperator"),
        datapointsToAlarm: p.get("datapointsToAlarm"),
        dimensions: dimensionList(p.get("dimensions")),
        evaluateLowSampleCountPercentile: p.get("evaluateLowSampleCountPercentiles"),
        evaluationPeriods: p.get("evaluationPeriods"),
        extendedStatistic: p.get("extendedStatistic"),
        metricName: p.get("metricName"),
        metrics: queries?.map((q) => {
            const metric = q.obj("metric");
            return {
                id: q.get("id"),
                accountId: q.get("accountId"),
                expression: q.get("expression"),
                label: q.get("label"),
                period: q.get("period"),
                returnData: q.get("returnData"),
                metricStat: metric && {
                    metric: { metricName: metric.get("metricName"), namespace: metric.get("namespace"), dimensions: dimensionList(metric.get("dimensions")) },
                    period: metric.get("period"),
                    stat: metric.get("stat"),
                    unit: metric.get("unit"),
                },
            };
        }),
        namespace: p.get("namespace"),
        period: p.get("period"),
        statistic: p.get("statistic"),
        tags: tagList(p.get("tags")),
        threshold: p.get("threshold"),
        thresholdMetricId: p.get("thresholdMetricId"),
        treatMissingData: p.get("treatMissingData"),
        unit: p.get("unit"),
    });
};

const iotPolicy: Mapper = (scope, id, p, r) => {
    p.ignore("region");
    return new iot.CfnPolicy(scope, id, {
        policyName: physicalName(p, r),
        policyDocument: policyDoc(p.get("policy"), `${id}.policy`),
        tags: tagList(p.get("tags")),
    });
};

// API Gateway HTTP/WebSocket APIs (AWS::ApiGatewayV2::*). Pulumi lists what CloudFormation keys by
// name (route settings by route key, request parameters by key, response parameters by status code).

const httpApi: Mapper = (scope, id, p, r) => {
    // Pulumi-only: the per-resource region.
    p.ignore("region");
    return new apigatewayv2.CfnApi(scope, id, {
        name: physicalName(p, r),
        protocolType: p.get("protocolType"),
        apiKeySelectionExpression: p.get("apiKeySelectionExpression"),
        // The OpenAPI definition: an object in CloudFormation, JSON (or YAML) text in Pulumi.
        body: policyDoc(p.get("body"), `${id}.body`),
        // {allowCredentials, allowHeaders, allowMethods, allowOrigins, exposeHeaders, maxAge} in both.
        corsConfiguration: p.get("corsConfiguration"),
        credentialsArn: p.get("credentialsArn"),
        description: p.get("description"),
        disableExecuteApiEndpoint: p.get("disableExecuteApiEndpoint"),
        failOnWarnings: p.get("failOnWarnings"),
        ipAddressType: p.get("ipAddressType"),
        routeKey: p.get("routeKey"),
        routeSelectionExpression: p.get("routeSelectionExpression"),
        tags: p.get("tags"),
        target: p.get("target"),
        version: p.get("version"),
    });
};

const httpApiIntegration: Mapper = (scope, id, p) => {
    p.ignore("region");
    const responses = p.objs("responseParameters");
    return new apigatewayv2.CfnIntegration(scope, id, {
        apiId: p.get("apiId"),
        integrationType: p.get("integrationType"),
        connectionId: p.get("connectionId"),
        connectionType: p.get("connectionType"),
        contentHandlingStrategy: p.get("contentHandlingStrategy"),
        credentialsArn: p.get("credentialsArn"),
        description: p.get("description"),
        integrationMethod: p.get("integrationMethod"),
        integrationSubtype: p.get("integrationSubtype"),
        integrationUri: p.get("integrationUri"),
        passthroughBehavior: p.get("passthroughBehavior"),
        payloadFormatVersion: p.get("payloadFormatVersion"),
        requestParameters: p.get("requestParameters"),
        requestTemplates: p.get("requestTemplates"),
        // Pulumi: [{statusCode, mappings: {destination: source}}]; CloudFormation: {statusCode: [{destination, source}]}.
        responseParameters:
            responses &&
            Object.fromEntries(
                responses.map((rp) => {
                    const mappings = (rp.get("mappings") ?? {}) as Record<string, string>;
                    return [rp.get("statusCode"), Object.entries(mappings).map(([destination, source]) => ({ destination, source }))];
                }),
            ),
        templateSelectionExpression: p.get("templateSelectionExpression"),
        timeoutInMillis: p.get("timeoutMilliseconds"),
        // {serverNameToVerify} in both.
        tlsConfig: p.get("tlsConfig"),
    });
};

const httpApiRoute: Mapper = (scope, id, p) => {
    p.ignore("region");
    const parameters = p.objs("requestParameters");
    return new apigatewayv2.CfnRoute(scope, id, {
        apiId: p.get("apiId"),
        routeKey: p.get("routeKey"),
        apiKeyRequired: p.get("apiKeyRequired"),
        authorizationScopes: p.get("authorizationScopes"),
        // Read by APIG4.
        authorizationType: p.get("authorizationType"),
        authorizerId: p.get("authorizerId"),
        modelSelectionExpression: p.get("modelSelectionExpression"),
        operationName: p.get("operationName"),
        requestModels: p.get("requestModels"),
        // Pulumi: [{requestParameterKey, required}]; CloudFormation: {key: {required}}.
        requestParameters: parameters && Object.fromEntries(parameters.map((rp) => [rp.get("requestParameterKey"), { required: rp.get("required") }])),
        routeResponseSelectionExpression: p.get("routeResponseSelectionExpression"),
        target: p.get("target"),
    });
};

const httpApiStage: Mapper = (scope, id, p) => {
    p.ignore("region");
    const routeSettings = p.objs("routeSettings");
    const settings = (s: Inputs) => ({
        dataTraceEnabled: s.get("dataTraceEnabled"),
        detailedMetricsEnabled: s.get("detailedMetricsEnabled"),
        loggingLevel: s.get("loggingLevel"),
        throttlingBurstLimit: s.get("throttlingBurstLimit"),
        throttlingRateLimit: s.get("throttlingRateLimit"),
    });
    const defaults = p.obj("defaultRouteSettings");
    return new apigatewayv2.CfnStage(scope, id, {
        apiId: p.get("apiId"),
        stageName: p.get("name"),
        // {destinationArn, format} in both. Read by APIG1.
        accessLogSettings: p.get("accessLogSettings"),
        autoDeploy: p.get("autoDeploy"),
        clientCertificateId: p.get("clientCertificateId"),
        defaultRouteSettings: defaults && settings(defaults),
        deploymentId: p.get("deploymentId"),
        description: p.get("description"),
        // Pulumi: [{routeKey, ...settings}]; CloudFormation: {routeKey: settings}.
        routeSettings: routeSettings && Object.fromEntries(routeSettings.map((rs) => [rs.get("routeKey"), settings(rs)])),
        stageVariables: p.get("stageVariables"),
        tags: p.get("tags"),
    });
};

/** Pulumi type token → the L1 construct(s) it maps to, or why it has none. */
export const MAPPINGS: Readonly<Record<string, Mapper | typeof NO_CLOUD_RESOURCE>> = {
    "cognito-auth:index:CognitoAuth": NO_CLOUD_RESOURCE,
    "aws:cognito/userPool:UserPool": userPool,
    "aws:cognito/userPoolClient:UserPoolClient": userPoolClient,
    "aws:cognito/identityPool:IdentityPool": identityPool,
    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment": identityPoolRoleAttachment,
    "aws:cognito/userGroup:UserGroup": userGroup,
    "aws:cognito/userPoolDomain:UserPoolDomain": userPoolDomain,
    "aws:cognito/identityProvider:IdentityProvider": identityProvider,
    "aws:iam/role:Role": role,
    "aws:iam/rolePolicy:RolePolicy": rolePolicy,
    "aws:iam/policy:Policy": managedPolicy,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": rolePolicyAttachment,
    "aws:lambda/function:Function": lambdaFunction,
    "aws:lambda/permission:Permission": lambdaPermission,
    "aws:lambda/functionUrl:FunctionUrl": functionUrl,
    "aws:cloudwatch/logGroup:LogGroup": logGroup,
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:sns/topic:Topic": topic,
    "aws:sns/topicSubscription:TopicSubscription": topicSubscription,
    "aws:sns/topicPolicy:TopicPolicy": topicPolicy,
    "aws:iot/policy:Policy": iotPolicy,
    "aws:apigatewayv2/api:Api": httpApi,
    "aws:apigatewayv2/integration:Integration": httpApiIntegration,
    "aws:apigatewayv2/route:Route": httpApiRoute,
    "aws:apigatewayv2/stage:Stage": httpApiStage,
};

// ---------------------------------------------------------------------------------------------
// Running the pack.

/** Collects what the pack reports; the construct → Pulumi name map turns constructs back into names. */
class Collector implements INagLogger {
    readonly findings: NagFinding[] = [];
    constructor(private readonly owners: Map<IConstruct, string>) {}

    private owner(resource: CfnResource): string {
        for (const scope of [...resource.node.scopes].reverse()) {
            const name = this.owners.get(scope);
            if (name !== undefined) return name;
        }
        return resource.node.path;
    }

    onNonCompliance(d: NagLoggerNonComplianceData): void {
        this.findings.push({
            rule: d.ruleId,
            resource: this.owner(d.resource),
            level: d.ruleLevel === NagMessageLevel.WARN ? "warning" : "error",
            message: d.ruleInfo,
            ...(d.findingId ? { detail: d.findingId } : {}),
        });
    }

    // cdk-nag annotates this as a warning; here it is an error, since the rule has not passed.
    onError(d: NagLoggerErrorData): void {
        this.findings.push({ rule: VALIDATION_FAILURE_ID, resource: this.owner(d.resource), level: "error", message: `${d.ruleId} could not be evaluated: ${d.errorMessage}`, detail: d.ruleId });
    }

    // Nothing is suppressed here: acknowledgements belong to the caller, next to the findings.
    onCompliance(): void {}
    onSuppressed(): void {}
    onSuppressedError(): void {}
    onNotApplicable(): void {}
}

const key = (f: NagFinding) => [f.rule, f.resource, f.detail ?? "", f.level, f.message];
function compareFindings(a: NagFinding, b: NagFinding): number {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
}

/**
 * The AwsSolutions findings for a set of registered Pulumi resources, sorted by rule, resource and
 * detail. Throws `UnmappedResourceError` for a type missing from `MAPPINGS` or an input its mapper
 * does not read.
 */
export function nagFindings(resources: NagResource[]): NagFinding[] {
    const app = new App({ autoSynth: false, analyticsReporting: false });
    const stack = new Stack(app, "Nag");
    const owners = new Map<IConstruct, string>();
    const roles = new Map<string, iam.CfnRole>();
    const steps: (() => void)[] = [];
    const ctx: MapContext = { later: (step) => steps.push(step), role: (ref) => roles.get(ref) };
    // One scope per type: Pulumi names are unique per type only (a log group and a role policy may share one).
    const typeScopes = new Map<string, Construct>();

    for (const r of resources) {
        if (!Object.prototype.hasOwnProperty.call(MAPPINGS, r.type)) {
            if (r.custom === false) continue; // another component: it has no cloud resource of its own
            throw new UnmappedResourceError(`No CloudFormation mapping for Pulumi type "${r.type}" (resource "${r.name}"): add it to MAPPINGS in tools/cdkNag.ts`);
        }
        const mapper = MAPPINGS[r.type];
        if (typeof mapper !== "function") continue;
        let scope = typeScopes.get(r.type);
        if (scope === undefined) typeScopes.set(r.type, (scope = new Construct(stack, r.type)));
        const inputs = new Inputs(r.name, r.inputs ?? {});
        const construct = mapper(scope, r.name, inputs, r, ctx);
        const unread = inputs.unread();
        if (unread.length > 0) {
            throw new UnmappedResourceError(`Inputs of Pulumi type "${r.type}" not mapped to CloudFormation: ${unread.join(", ")}: map them in tools/cdkNag.ts`);
        }
        if (construct !== undefined) owners.set(construct, r.name);
        if (construct instanceof iam.CfnRole) {
            for (const ref of [r.state?.name, r.state?.arn, r.id, r.inputs?.name]) if (typeof ref === "string") roles.set(ref, construct);
        }
    }
    steps.forEach((step) => step());

    const collector = new Collector(owners);
    // What `Aspects.of(app).add(pack)` does during `app.synth()`: visit every construct once.
    const pack = new AwsSolutionsChecks({ verbose: true, reports: false, additionalLoggers: [collector] });
    for (const construct of app.node.findAll()) pack.visit(construct);
    return collector.findings.sort(compareFindings);
}

// ---------------------------------------------------------------------------------------------
// Acknowledged findings: the table in SECURITY.md between the cdk-nag markers.

export const ACKNOWLEDGED_START = "<!-- cdk-nag:start -->";
export const ACKNOWLEDGED_END = "<!-- cdk-nag:end -->";
const ACKNOWLEDGED_HEADER = ["Rule", "Child", "Detail", "Reason"];

/** One row of the table: a finding that is accepted, and why. */
export interface Acknowledgement {
    /** Short rule id, e.g. `IAM5` (the table may also write `AwsSolutions-IAM5`). */
    rule: string;
    /** The child's logical-name suffix, without the component's name: `execution-policy`. */
    child: string;
    /**
     * The finding's detail; `…` stands for any run of characters (an account, a region, a generated
     * name), everything else is literal. Undefined: every finding of the rule on the child.
     */
    detail?: string;
    reason: string;
    /** 1-based line in the markdown, for messages. */
    line: number;
}

/** A markdown table cell as plain text: trimmed, one pair of backticks removed, `\|` unescaped. */
const cellText = (cell: string) => cell.trim().replace(/^`([^`]*)`$/, "$1").replace(/\\\|/g, "|");

/** The cells of a table row (`| a | b |`), splitting on pipes not escaped as `\|`. */
const cells = (row: string) => row.trim().replace(/^\|/, "").replace(/\|$/, "").split(/(?<!\\)\|/).map(cellText);

/**
 * The acknowledged findings of a SECURITY.md: the `| Rule | Child | Detail | Reason |` table between
 * `<!-- cdk-nag:start -->` and `<!-- cdk-nag:end -->`. Throws, naming the line, on a missing or
 * repeated marker, another header, a row of another width, or a row without a rule, child or reason.
 */
export function acknowledgedFindings(markdown: string): Acknowledgement[] {
    const lines = markdown.split(/\r?\n/);
    const start = lines.findIndex((l) => l.trim() === ACKNOWLEDGED_START);
    const end = lines.findIndex((l) => l.trim() === ACKNOWLEDGED_END);
    if (start < 0 || end < 0) throw new Error(`no ${ACKNOWLEDGED_START} … ${ACKNOWLEDGED_END} block`);
    if (lines.filter((l) => l.trim() === ACKNOWLEDGED_START || l.trim() === ACKNOWLEDGED_END).length !== 2) throw new Error("more than one cdk-nag block");
    if (end < start) throw new Error(`${ACKNOWLEDGED_END} comes before ${ACKNOWLEDGED_START}`);
    const rows = lines
        .map((text, i) => ({ text: text.trim(), line: i + 1 }))
        .slice(start + 1, end)
        .filter((r) => r.text !== "");
    const [header, separator, ...body] = rows;
    if (header === undefined || JSON.stringify(cells(header.text)) !== JSON.stringify(ACKNOWLEDGED_HEADER)) {
        throw new Error(`line ${header?.line ?? start + 2}: the table must start with | ${ACKNOWLEDGED_HEADER.join(" | ")} |`);
    }
    if (separator === undefined || !cells(separator.text).every((c) => /^:?-{3,}:?$/.test(c)) || cells(separator.text).length !== 4) {
        throw new Error(`line ${separator?.line ?? header.line + 1}: the header must be followed by | --- | --- | --- | --- |`);
    }
    return body.map(({ text, line }) => {
        const row = cells(text);
        if (!text.startsWith("|") || row.length !== 4) throw new Error(`line ${line}: a row has 4 cells: | Rule | Child | Detail | Reason |`);
        const [rule, child, detail, reason] = row;
        if (!/^(AwsSolutions-)?[A-Z]+[0-9]+$/.test(rule)) throw new Error(`line ${line}: "${rule}" is not a rule id such as IAM5`);
        if (child === "") throw new Error(`line ${line}: the child is missing`);
        if (reason === "") throw new Error(`line ${line}: the reason is missing`);
        return { rule: rule.replace(/^AwsSolutions-/, ""), child, ...(detail === "" ? {} : { detail }), reason, line };
    });
}

/** Whether `row` acknowledges `finding` of the component named `component`. */
export function acknowledges(row: Acknowledgement, finding: NagFinding, component: string): boolean {
    if (finding.rule !== `AwsSolutions-${row.rule}` || finding.resource !== `${component}-${row.child}`) return false;
    if (row.detail === undefined) return true;
    const pattern = row.detail
        .split("…")
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${pattern}$`).test(finding.detail ?? "");
}

export interface AcknowledgementCheck {
    /** Findings no row acknowledges. */
    unacknowledged: NagFinding[];
    /** Findings more than one row acknowledges, with those rows. */
    ambiguous: { finding: NagFinding; rows: Acknowledgement[] }[];
    /** Rows that acknowledge no finding (stale). */
    stale: Acknowledgement[];
}

/** Matches findings (of any number of stacks) against the rows: each finding needs exactly one row, each row a finding. */
export function checkAcknowledgements(findings: NagFinding[], rows: Acknowledgement[], component: string): AcknowledgementCheck {
    const unacknowledged: NagFinding[] = [];
    const ambiguous: AcknowledgementCheck["ambiguous"] = [];
    const used = new Set<Acknowledgement>();
    for (const finding of findings) {
        const matching = rows.filter((row) => acknowledges(row, finding, component));
        matching.forEach((row) => used.add(row));
        if (matching.length === 0) unacknowledged.push(finding);
        if (matching.length > 1) ambiguous.push({ finding, rows: matching });
    }
    return { unacknowledged, ambiguous, stale: rows.filter((row) => !used.has(row)) };
}
