// The CognitoAuth component: validates its arguments, plans every child (transforms applied and the
// guarantees re-checked), then creates them and publishes the outputs.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { CognitoAuthArgs, CustomAttributeArgs, ResolvedArgs } from "./args";
import { planAlarms } from "./alarms";
import { ChildPlan, type CognitoAuthNodes } from "./children";
import { CognitoAuthValidationError } from "./errors";
import { planExecutionRole } from "./executionRole";
import { planIdentityPool } from "./identityPool";
import { planIot } from "./iot";
import { planPreSignUpFunction, planPreSignUpPermission } from "./preSignUp";
import { planGroups } from "./groups";
import { CLOUDFRONT_ZONE_ID, hostedUiUrl, planDomain } from "./hostedUi";
import { planIdentityProviders } from "./identityProviders";
import { normalized } from "./customAttributes";
import { planTriggerPermissions } from "./triggers";
import { planClients, planUserPool } from "./userPool";
import { validateArgs } from "./validate";

export const COGNITO_AUTH_TYPE = "cognito-auth:index:CognitoAuth";

/** The component's outputs. */
export interface CognitoAuthOutputs {
    /** The user pool's id (the template's `UserPoolId` output). */
    userPoolId: pulumi.Output<string>;
    userPoolArn: pulumi.Output<string>;
    /** `cognito-idp.<region>.amazonaws.com/<pool id>`: the JWT issuer without `https://`, and the identity pool's provider name. */
    userPoolEndpoint: pulumi.Output<string>;
    /** The back-end client's id (the template's `UserPoolAppClient` output). */
    appClientId: pulumi.Output<string>;
    /** The back-end client's secret, always a Pulumi secret. */
    appClientSecret: pulumi.Output<string>;
    /** The browser client's id; it has no secret (the template's `UserPoolWebClient` output). */
    webClientId: pulumi.Output<string>;
    identityPoolId: pulumi.Output<string>;
    authenticatedRoleArn: pulumi.Output<string>;
    /** Only when unauthenticated identities are allowed. */
    unauthenticatedRoleArn: pulumi.Output<string | undefined>;
    /** The IoT policy the attach endpoint attaches to each identity; only with IoT. */
    iotPolicyName: pulumi.Output<string | undefined>;
    /** The account's AWS IoT data endpoint (ATS) for MQTT over WebSockets; only with IoT. */
    iotEndpoint: pulumi.Output<string | undefined>;
    /** The attach endpoint: POST to it, SigV4-signed (service `execute-api`) with the identity's credentials; only with IoT. */
    iotAttachUrl: pulumi.Output<string | undefined>;
    /** The PreSignUp trigger: the built-in function, or yours. */
    preSignUpFunctionArn: pulumi.Output<string>;
    /** The hosted sign-in base URL (`/oauth2/authorize`, `/login`, … live below it); only with a domain. */
    hostedUiUrl: pulumi.Output<string | undefined>;
    /** For a custom domain: the CloudFront distribution its DNS alias (A) record must point at. */
    customDomainTarget: pulumi.Output<string | undefined>;
    /** For a custom domain: the hosted zone id of that alias target (CloudFront's). */
    customDomainTargetZoneId: pulumi.Output<string | undefined>;
    /** The custom attributes as the pool has them, defaults filled in: pass them back as `previousCustomAttributes`. */
    customAttributes: pulumi.Output<CustomAttributeArgs[]>;
    /** Only when the execution role is enabled. */
    executionRoleArn: pulumi.Output<string | undefined>;
    /** The SNS topic the alarms notify; only when alarms are enabled. */
    alarmTopicArn: pulumi.Output<string | undefined>;
}

export class CognitoAuth extends pulumi.ComponentResource implements CognitoAuthOutputs {
    readonly userPoolId: pulumi.Output<string>;
    readonly userPoolArn: pulumi.Output<string>;
    readonly userPoolEndpoint: pulumi.Output<string>;
    readonly appClientId: pulumi.Output<string>;
    readonly appClientSecret: pulumi.Output<string>;
    readonly webClientId: pulumi.Output<string>;
    readonly identityPoolId: pulumi.Output<string>;
    readonly authenticatedRoleArn: pulumi.Output<string>;
    readonly unauthenticatedRoleArn: pulumi.Output<string | undefined>;
    readonly iotPolicyName: pulumi.Output<string | undefined>;
    readonly iotEndpoint: pulumi.Output<string | undefined>;
    readonly iotAttachUrl: pulumi.Output<string | undefined>;
    readonly preSignUpFunctionArn: pulumi.Output<string>;
    readonly hostedUiUrl: pulumi.Output<string | undefined>;
    readonly customDomainTarget: pulumi.Output<string | undefined>;
    readonly customDomainTargetZoneId: pulumi.Output<string | undefined>;
    readonly customAttributes: pulumi.Output<CustomAttributeArgs[]>;
    readonly executionRoleArn: pulumi.Output<string | undefined>;
    readonly alarmTopicArn: pulumi.Output<string | undefined>;
    /** The settings the children were built from, every default filled in. */
    readonly settings: ResolvedArgs;
    /** The created children, keyed as in `transform`. */
    readonly nodes: CognitoAuthNodes;

    constructor(name: string, args?: CognitoAuthArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate and plan before registering anything, the component itself included. The region
        // is known only for the default provider (region rules are checked when it is).
        const region = opts?.provider || opts?.providers ? undefined : aws.config.region;
        const { problems, resolved } = validateArgs(name, args, region);
        if (!resolved) throw new CognitoAuthValidationError(problems.map((p) => ({ label: p.path, message: p.message })), `CognitoAuth "${name}" has invalid arguments`);
        const s = resolved;
        const plan = new ChildPlan(name, s.transform, { protect: s.protect, retainOnDelete: s.retainOnDelete });
        const triggerArn = planPreSignUpFunction(plan, s);
        planUserPool(plan, s, triggerArn);
        planPreSignUpPermission(plan, triggerArn);
        planTriggerPermissions(plan, s);
        planClients(plan, s, planIdentityProviders(plan, s));
        planDomain(plan, s);
        const attachStatements = s.iot.enabled ? planIot(plan, s) : [];
        const authenticatedStatements = planIdentityPool(plan, s, attachStatements);
        planGroups(plan, s, authenticatedStatements);
        planExecutionRole(plan, s);
        planAlarms(plan, s);
        const planProblems = [...plan.problems, ...plan.unusedTransforms()];
        if (planProblems.length > 0) {
            throw new CognitoAuthValidationError(planProblems.map((p) => ({ label: p.path, message: p.message })), `CognitoAuth "${name}" has invalid transforms`);
        }

        super(COGNITO_AUTH_TYPE, name, {}, opts);
        this.settings = s;
        const nodes = plan.create(this) as unknown as CognitoAuthNodes;
        this.nodes = nodes;

        this.userPoolId = nodes.userPool.id;
        this.userPoolArn = nodes.userPool.arn;
        this.userPoolEndpoint = nodes.userPool.endpoint;
        this.appClientId = nodes.appClient.id;
        this.appClientSecret = pulumi.secret(nodes.appClient.clientSecret);
        this.webClientId = nodes.webClient.id;
        this.identityPoolId = nodes.identityPool.id;
        this.authenticatedRoleArn = nodes.authenticatedRole.arn;
        this.unauthenticatedRoleArn = pulumi.output(nodes.unauthenticatedRole?.arn);
        this.iotPolicyName = pulumi.output(nodes.iotPolicy?.name);
        this.iotEndpoint = s.iot.enabled ? aws.iot.getEndpointOutput({ endpointType: "iot:Data-ATS" }, { parent: this }).endpointAddress : pulumi.output(undefined);
        this.iotAttachUrl = nodes.iotAttachApi ? pulumi.interpolate`${nodes.iotAttachApi.apiEndpoint}/attach` : pulumi.output(undefined);
        this.preSignUpFunctionArn = pulumi.output(triggerArn);
        this.hostedUiUrl = hostedUiUrl(s, nodes.userPool.arn);
        this.customDomainTarget = s.domain.customDomain !== undefined ? nodes.userPoolDomain!.cloudfrontDistribution : pulumi.output(undefined);
        this.customDomainTargetZoneId = pulumi.output(s.domain.customDomain !== undefined ? CLOUDFRONT_ZONE_ID : undefined);
        this.customAttributes = pulumi.output(s.customAttributes.map(normalized) as CustomAttributeArgs[]);
        this.executionRoleArn = pulumi.output(nodes.executionRole?.arn);
        this.alarmTopicArn = pulumi.output(nodes.alarmTopic?.arn);

        this.registerOutputs({
            userPoolId: this.userPoolId,
            userPoolArn: this.userPoolArn,
            userPoolEndpoint: this.userPoolEndpoint,
            appClientId: this.appClientId,
            appClientSecret: this.appClientSecret,
            webClientId: this.webClientId,
            identityPoolId: this.identityPoolId,
            authenticatedRoleArn: this.authenticatedRoleArn,
            unauthenticatedRoleArn: this.unauthenticatedRoleArn,
            iotPolicyName: this.iotPolicyName,
            iotEndpoint: this.iotEndpoint,
            iotAttachUrl: this.iotAttachUrl,
            preSignUpFunctionArn: this.preSignUpFunctionArn,
            hostedUiUrl: this.hostedUiUrl,
            customDomainTarget: this.customDomainTarget,
            customDomainTargetZoneId: this.customDomainTargetZoneId,
            customAttributes: this.customAttributes,
            executionRoleArn: this.executionRoleArn,
            alarmTopicArn: this.alarmTopicArn,
        });
    }
}
