// The one builder of IAM policy documents. Every policy and trust document in the component
// goes through `policyDocument`, which refuses wildcard actions so none can slip in.
import * as pulumi from "@pulumi/pulumi";

/** One IAM policy statement. `Action` is always a list of exact `service:Action` names. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource?: string[];
    Principal?: { Service?: string[]; Federated?: string };
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** Problems with a statement's actions: anything not of the form `service:ExactAction`. */
export function wildcardActions(statements: readonly PolicyStatement[]): string[] {
    return statements.flatMap((s) => s.Action.filter((a) => !ACTION.test(a)));
}

/** A policy document as JSON. Throws on a wildcard or malformed action. */
export function policyDocument(statements: PolicyStatement[]): string {
    const bad = wildcardActions(statements);
    if (bad.length > 0) throw new Error(`IAM actions must be exact, not wildcards: ${bad.join(", ")}`);
    const doc: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    return JSON.stringify(doc);
}

/** A statement whose resources may be outputs of other resources. */
export type PolicyStatementInput = Omit<PolicyStatement, "Resource"> & { Resource?: pulumi.Input<string>[] };

/** Same as `policyDocument`, for statements that hold outputs of other resources. */
export function policyDocumentOutput(statements: pulumi.Input<pulumi.Input<PolicyStatementInput>[]>): pulumi.Output<string> {
    return pulumi.output(statements).apply((s) => policyDocument(s as PolicyStatement[]));
}

/** Trust for an AWS service principal (Lambda, API Gateway, ...). */
export function serviceTrust(services: string[]): PolicyStatement[] {
    return [{ Effect: "Allow", Action: ["sts:AssumeRole"], Principal: { Service: services } }];
}

/**
 * Trust for identities of one Cognito identity pool. Pinning `aud` to the pool and `amr` to the
 * identity kind is what stops identities of any other pool (or the other kind) assuming the role.
 */
export function identityPoolTrust(identityPoolId: string, kind: "authenticated" | "unauthenticated"): PolicyStatement[] {
    return [
        {
            Effect: "Allow",
            Action: ["sts:AssumeRoleWithWebIdentity"],
            Principal: { Federated: "cognito-identity.amazonaws.com" },
            Condition: {
                StringEquals: { "cognito-identity.amazonaws.com:aud": identityPoolId },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": kind },
            },
        },
    ];
}

/** Partition, region and account of a resource, read from its ARN (no provider calls needed). */
export interface ArnParts {
    partition: string;
    region: string;
    account: string;
}

export function arnParts(arn: string): ArnParts {
    const [prefix, partition, , region, account] = arn.split(":");
    if (prefix !== "arn" || !partition || !region || !account) throw new Error(`not a regional ARN: ${arn}`);
    return { partition, region, account };
}

/**
 * AWS IoT access for one Cognito identity: connect only as itself, publish/receive/subscribe only
 * below `<prefix>/<identity id>/`. The same statements back the IAM role and the IoT policy, since
 * AWS IoT requires both to allow an action.
 */
export function iotIdentityStatements(at: ArnParts, topicPrefix: string): PolicyStatement[] {
    const iot = `arn:${at.partition}:iot:${at.region}:${at.account}`;
    const self = "${cognito-identity.amazonaws.com:sub}";
    return [
        { Sid: "ConnectAsOwnIdentity", Effect: "Allow", Action: ["iot:Connect"], Resource: [`${iot}:client/${self}`] },
        {
            Sid: "OwnTopics",
            Effect: "Allow",
            Action: ["iot:Publish", "iot:Receive"],
            Resource: [`${iot}:topic/${topicPrefix}/${self}/*`],
        },
        {
            Sid: "OwnTopicFilters",
            Effect: "Allow",
            Action: ["iot:Subscribe"],
            Resource: [`${iot}:topicfilter/${topicPrefix}/${self}/*`],
        },
    ];
}
