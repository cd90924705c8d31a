// The one builder of IAM (and IoT, SNS) policy documents. Every document the component creates goes
// through `policyDocument`, which refuses wildcard actions and Allow statements open to anyone.
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuthValidationError, show } from "./errors";

/** One policy statement. `Action` is always a list of exact `service:Action` names. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource?: string[];
    /** `"*"` only in Deny statements (e.g. refusing unencrypted access from anyone). */
    Principal?: { Service?: string[]; Federated?: string } | "*";
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** Actions that are not of the form `service:ExactAction`. */
export function wildcardActions(statements: readonly PolicyStatement[]): string[] {
    return statements.flatMap((s) => s.Action.filter((a) => !ACTION.test(a)));
}

/** A policy document as JSON. Throws on a wildcard or malformed action, or an Allow for anyone. */
export function policyDocument(statements: PolicyStatement[]): string {
    const bad = wildcardActions(statements);
    if (bad.length > 0) throw new Error(`IAM actions must be exact, not wildcards: ${bad.join(", ")}`);
    const open = statements.filter((s) => s.Effect === "Allow" && s.Principal === "*");
    if (open.length > 0) throw new Error(`Allow statements must name their principal, not "*": ${open.map((s) => s.Sid ?? "(no Sid)").join(", ")}`);
    const doc: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    return JSON.stringify(doc);
}

/** A statement whose resources may be outputs of other resources. */
export type PolicyStatementInput = Omit<PolicyStatement, "Resource"> & { Resource?: pulumi.Input<string>[] };

/**
 * Same as `policyDocument`, for statements that hold outputs. Statements a consumer passed are
 * checked again once their values are known, and a wildcard among them fails naming the argument
 * (`argument[i].Action`), as validation would have had the value been plain.
 */
export function policyDocumentOutput(
    statements: pulumi.Input<pulumi.Input<PolicyStatementInput>[]>,
    consumer?: { component: string; argument: string; from: number },
): pulumi.Output<string> {
    return pulumi.output(statements).apply((resolved) => {
        const plain = resolved as PolicyStatement[];
        if (consumer) {
            const problems = plain.slice(consumer.from).flatMap((s, i) => {
                const bad = Array.isArray(s?.Action) ? wildcardActions([s]) : ["(no Action list)"];
                return bad.length > 0 ? [{ label: `${consumer.argument}[${i}].Action`, message: `must name exact actions, no wildcards (got ${show(bad)})` }] : [];
            });
            if (problems.length > 0) throw new CognitoAuthValidationError(problems, `CognitoAuth "${consumer.component}" has invalid arguments`);
        }
        return policyDocument(plain);
    });
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

/** The policy variable AWS replaces with the caller's Cognito identity id (valid in IAM and IoT policies). */
export const COGNITO_IDENTITY_ID = "${cognito-identity.amazonaws.com:sub}";

/**
 * AWS IoT access for one Cognito identity: connect only as itself, publish/receive/subscribe only
 * below `<prefix>/<identity id>/`. The same statements back the IAM role and the IoT policy, since
 * AWS IoT requires both to allow an action.
 */
export function iotIdentityStatements(at: ArnParts, topicPrefix: string): PolicyStatement[] {
    const iot = `arn:${at.partition}:iot:${at.region}:${at.account}`;
    const self = COGNITO_IDENTITY_ID;
    return [
        { Sid: "ConnectAsOwnIdentity", Effect: "Allow", Action: ["iot:Connect"], Resource: [`${iot}:client/${self}`] },
        { Sid: "OwnTopics", Effect: "Allow", Action: ["iot:Publish", "iot:Receive"], Resource: [`${iot}:topic/${topicPrefix}/${self}/*`] },
        { Sid: "OwnTopicFilters", Effect: "Allow", Action: ["iot:Subscribe"], Resource: [`${iot}:topicfilter/${topicPrefix}/${self}/*`] },
    ];
}

/** Writing to one log group only: no CreateLogGroup (the group exists) and no other group. */
export function logWriteStatements(logGroupArn: string): PolicyStatement[] {
    // Lambda names its log streams at run time, so the streams of this group are the narrowest resource.
    return [{ Sid: "WriteOwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroupArn}:*`] }];
}
