// The ordered steps that move a live pool from CloudFormation to Pulumi without losing a user, with
// the stack names, paths and the expectations this adoption computed filled in.
export interface RunbookFacts {
    cfnStack: string;
    stack: string;
    region: string;
    /** The patched template, as the user should type its path. */
    retainFile: string;
    /** Logical ids that get Retain: every one of the next three lists. */
    retained: string[];
    /** Role attachments kept: deleting one would clear the identity pool's roles. */
    attachments: string[];
    /** Kept for the old triggers: functions, their execution roles, Cognito's permissions to invoke them. */
    triggerKept: string[];
    /** Logical ids (with types) that deleting the stack deletes. */
    deleted: string[];
    /** `<type> <name> <import id>` of each import. */
    imports: string[];
    /** `<short type> <logical name>` of each resource the stack creates. */
    creates: string[];
    /** The created identity pool role attachment's logical name. */
    roleAttachment: string;
    /** The expected step-2 updates (tools/planDiff.ts renderDiff). */
    hardenDiff: string;
    /** Retained only for the old triggers: functions and roles by physical name. */
    leftovers: { functions: string[]; roles: string[] };
}

/** Why step 4 keeps what it keeps besides the adopted resources. */
function kept(f: RunbookFacts): string {
    const lines = [];
    if (f.attachments.length > 0) lines.push(`   It keeps ${f.attachments.join(", ")}: deleting a role attachment clears the identity pool's roles, the component's since step 3.`);
    if (f.triggerKept.length > 0) lines.push(`   It keeps ${f.triggerKept.join(", ")}: the pool calls its old trigger until step 7.`);
    return lines.map((l) => `${l}\n`).join("");
}

const indent = (text: string, pad: string) => text.split("\n").map((l) => `${pad}${l}`).join("\n");

export function runbook(f: RunbookFacts): string {
    const cfn = `aws cloudformation --region ${f.region}`;
    const steps = [
        `1. Update the CloudFormation stack ${f.cfnStack} with the patched template, so that deleting the stack keeps the adopted resources:
     ${cfn} deploy --stack-name ${f.cfnStack} --template-file ${f.retainFile} --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM CAPABILITY_AUTO_EXPAND --fail-on-empty-changeset
   deploy keeps the stack's parameter values (UsePreviousValue; aws-cli customizations/cloudformation/deploy.py, merge_parameters).
   An update that changes only DeletionPolicy and UpdateReplacePolicy has been reported as "no changes" and left unapplied
   (aws-cloudformation/cloudformation-coverage-roadmap#1543, aws/aws-cdk#11521), so check that it took effect:
     ${cfn} get-template --stack-name ${f.cfnStack} --template-stage Original
   It must show DeletionPolicy: Retain and UpdateReplacePolicy: Retain on ${f.retained.join(", ")}.
   If it does not, stop: add a harmless change (a new Output) to ${f.retainFile}, deploy again and check again.`,
        `2. pulumi preview -s ${f.stack}
   Expect exactly these ${f.imports.length} imports, with no difference:
${f.imports.map((i) => `     = ${i}`).join("\n")}
   and these ${f.creates.length} creates:
${f.creates.map((c) => `     + ${c}`).join("\n")}
   ${f.roleAttachment} among them sets the identity pool's roles: from step 3 on, signed-in identities get the component's authenticated role.
   Nothing may be updated, replaced or deleted.`,
        `3. pulumi up -s ${f.stack}`,
        `4. Delete the CloudFormation stack; the retained resources stay (its events show DELETE_SKIPPED for them):
     ${cfn} delete-stack --stack-name ${f.cfnStack}
     ${cfn} wait stack-delete-complete --stack-name ${f.cfnStack}
${kept(f)}   It deletes ${f.deleted.join(", ")}, which is intended: the old roles' wildcard policies must not survive.`,
        `5. pulumi config set adoptStep harden -s ${f.stack}`,
        `6. pulumi preview -s ${f.stack}
   Expect updates in place only, these:
${indent(f.hardenDiff, "     ")}`,
        `7. pulumi up -s ${f.stack}`,
        f.leftovers.functions.length === 0
            ? "8. Nothing else to delete: the stack had no trigger function of the pool."
            : `8. Delete what was kept only because the pool called it until step 7:
${f.leftovers.functions.map((fn) => `     aws lambda --region ${f.region} delete-function --function-name ${fn}`).join("\n")}${
                  f.leftovers.roles.length === 0
                      ? ""
                      : `\n${f.leftovers.roles.map((r) => `     aws iam delete-role --role-name ${r}`).join("\n")}
   (IAM deletes a role only without policies: first aws iam delete-role-policy for each of list-role-policies,
   and aws iam detach-role-policy for each of list-attached-role-policies.)`
              }`,
    ];
    return [`Runbook: adopt CloudFormation stack ${f.cfnStack} into Pulumi stack ${f.stack}, in this order.`, ...steps].join("\n");
}
