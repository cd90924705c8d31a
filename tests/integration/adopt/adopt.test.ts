// `npm run adopt` against the original template's stack, offline. The template's pool and clients are
// created in cognito-local from the template's own Properties (fixture.ts), with a signed-up and
// confirmed user; the tool reaches them by its --endpoint-cognito flag, through the AWS-rules gate of
// the e2e tests (../e2e/cognitoGate.ts) and a proxy that gives the emulator's pools AWS-shaped ids
// (regionIds.ts). CloudFormation and Cognito Identity answer through aws-sdk-client-mock, with
// responses shaped as their API references document them. The tool's own SDK clients are used (the
// mock replaces `send` on the client classes), so the command line is exercised as a user runs it.
//
// What only a real account shows
// ------------------------------
// - That a DeletionPolicy-only stack update takes effect (runbook step 1 says how to check), and that
//   deleting the stack then skips the retained resources (DELETE_SKIPPED) and leaves them working.
// - That `pulumi preview` of step 1 shows the four imports with no difference on the CLI in use: the
//   engine's import-time comparison of inputs the component does not set (user_attribute_update_settings,
//   sms_authentication_message, tags CloudFormation added) is not modelled here.
// - AWS's own answers for what cognito-local 5.3 does not store (DeletionProtection, UserPoolTier,
//   AuthSessionValidity, AccountRecoverySetting defaults): against AWS, step 2's list shows their live
//   values, which the expected list below shows as "(unset)".
// - That an existing password keeps working after the password policy is tightened (Cognito checks the
//   policy when a password is set; the emulator enforces no policy at all), and SRP sign-in.
// - That deleting the stack's role attachment would clear the identity pool's roles (why it is retained).
// - That a retained trigger function keeps running once the stack is gone (Lambda assumes its execution
//   role on each invocation, so the role is retained with it; Cognito needs the retained permission).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "js-yaml";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand, type StackResourceSummary } from "@aws-sdk/client-cloudformation";
import { CognitoIdentityClient, DescribeIdentityPoolCommand, type IdentityPool } from "@aws-sdk/client-cognito-identity";
import {
    AdminConfirmSignUpCommand,
    AdminGetUserCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolClientCommand,
    DescribeUserPoolClientCommand,
    DescribeUserPoolCommand,
    GetUserPoolMfaConfigCommand,
    InitiateAuthCommand,
    SetUserPoolMfaConfigCommand,
    SignUpCommand,
    UpdateUserPoolClientCommand,
    UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { awsClients, planAdoption, run, type Adoption } from "../../../tools/adopt";
import type { Yaml } from "../../../tools/cliConfig";
import { evaluateStack, ROOT, single, T, type RecordedResource } from "../../harness";
import { startCognitoGate, type CognitoGate } from "../e2e/cognitoGate";
import { startCognitoLocal, type CognitoLocal } from "../e2e/cognitoLocal";
import { userPoolClientRequest, userPoolRequests } from "../e2e/toCognitoApi";
import { CFN_STACK, deployedTemplate, deployPool, describeStacks, getTemplate, identityPool, IDENTITY_POOL_ID, listPages, REGION, stackResources, TRIGGER_ARN, type Deployed } from "./fixture";
import { startRegionIds, type RegionIds } from "./regionIds";
import { parseTemplate, type Template } from "../../../tools/adopt/template";

const TEMPLATE = deployedTemplate();
const PASSWORD = "sunset"; // enough for the template's policy (6 characters, no classes)
const DEV_FILE = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
const REFUSAL = `Refusing to adopt CloudFormation stack ${CFN_STACK} into Pulumi stack dev`;

function without<V extends object>(value: V, keys: readonly string[]): V {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as V;
}

describe("npm run adopt: the original template's stack into Pulumi stack dev (cognito-local behind the AWS-rules gate; CloudFormation and Cognito Identity mocked)", function () {
    this.timeout(120_000);
    let cognito: CognitoLocal | undefined;
    let gate: CognitoGate | undefined;
    let ids: RegionIds | undefined;
    let idp: CognitoIdentityProviderClient;
    /** The template's pool and clients, with the user. */
    let deployed: Deployed;
    /** Pools the tool must refuse, each made from the template with one change. */
    const variants = {} as Record<"usernameAttributes" | "customAttribute" | "emailConstraint" | "smsMfa", Deployed>;
    let aliceSub: string;
    let savedConfig: Record<string, string>;
    const savedEnv = { AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY };
    /** Every CloudFormation and Cognito Identity client's `send`, stubbed while this file runs. */
    let cfn: AwsClientStub<CloudFormationClient>;
    let identity: AwsClientStub<CognitoIdentityClient>;
    const dirs: string[] = [];

    before(async () => {
        savedConfig = pulumi.runtime.allConfig();
        cfn = mockClient(CloudFormationClient);
        identity = mockClient(CognitoIdentityClient);
        // The tool's own Cognito client signs its requests; the emulator accepts any key.
        process.env.AWS_ACCESS_KEY_ID = "local";
        process.env.AWS_SECRET_ACCESS_KEY = "local";
        // Its default makes e-mail the username on every pool; the template's pool declares no username attributes.
        cognito = await startCognitoLocal({ UserPoolDefaults: { UsernameAttributes: [] } });
        gate = await startCognitoGate(cognito.endpoint);
        ids = await startRegionIds(gate.endpoint, REGION);
        idp = new CognitoIdentityProviderClient({ endpoint: ids.endpoint, region: REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
        try {
            deployed = await deployPool(idp, TEMPLATE);
            await idp.send(new SignUpCommand({ ClientId: deployed.webId, Username: "alice", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "alice@example.com" }] }));
            await idp.send(new AdminConfirmSignUpCommand({ UserPoolId: deployed.poolId, Username: "alice" }));
            const alice = await idp.send(new AdminGetUserCommand({ UserPoolId: deployed.poolId, Username: "alice" }));
            assert.strictEqual(alice.UserStatus, "CONFIRMED");
            aliceSub = alice.UserAttributes!.find((a) => a.Name === "sub")!.Value!;

            variants.usernameAttributes = await deployPool(idp, TEMPLATE, (p) => (p.UsernameAttributes = ["email"]));
            variants.customAttribute = await deployPool(idp, TEMPLATE, (p) =>
                p.Schema!.push({ Name: "tenant", AttributeDataType: "String", Mutable: true, StringAttributeConstraints: { MinLength: "1", MaxLength: "64" } }),
            );
            variants.emailConstraint = await deployPool(idp, TEMPLATE, (p) => (p.Schema![0].StringAttributeConstraints = { MinLength: "5", MaxLength: "320" }));
            variants.smsMfa = await deployPool(idp, TEMPLATE);
            await idp.send(
                new SetUserPoolMfaConfigCommand({
                    UserPoolId: variants.smsMfa.poolId,
                    MfaConfiguration: "OPTIONAL",
                    SmsMfaConfiguration: { SmsAuthenticationMessage: "Your code is {####}", SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/DevSms", ExternalId: "dev-sms" } },
                }),
            );
        } catch (err) {
            throw new Error(`setting up the pools failed: ${(err as Error).name}: ${(err as Error).message}\n--- cognito-local output ---\n${cognito.output()}`);
        }
    });

    after(async () => {
        pulumi.runtime.setAllConfig(savedConfig);
        for (const [k, v] of Object.entries(savedEnv)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        cfn?.restore();
        identity?.restore();
        idp?.destroy();
        await ids?.close();
        await gate?.close();
        await cognito?.stop();
        for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    });

    interface Stack {
        pool?: Deployed;
        status?: string;
        resources?: (all: StackResourceSummary[]) => StackResourceSummary[];
        identity?: Partial<IdentityPool>;
        /** GetTemplate's body (default: the deployed YAML). */
        template?: string;
    }

    /** CloudFormation and Cognito Identity answer for the stack (listing its resources 5 to a page). */
    function stack(s: Stack = {}): void {
        const pool = s.pool ?? deployed;
        const template = s.template ?? TEMPLATE;
        const resources = (s.resources ?? ((all) => all))(stackResources(template, pool));
        const pages = listPages(resources, 5);
        cfn.reset();
        identity.reset();
        cfn.on(DescribeStacksCommand, { StackName: CFN_STACK }).resolves(describeStacks(s.status ?? "UPDATE_COMPLETE"));
        cfn.on(ListStackResourcesCommand).callsFake((input: { NextToken?: string }) => pages(input.NextToken));
        cfn.on(GetTemplateCommand, { StackName: CFN_STACK, TemplateStage: "Original" }).resolves(getTemplate(template));
        identity.on(DescribeIdentityPoolCommand, { IdentityPoolId: IDENTITY_POOL_ID }).resolves({ $metadata: {}, ...identityPool(pool, s.identity) });
    }

    /** Run the command line in a fresh project folder holding `stackFile` as Pulumi.dev.yaml: exit code, output, and every file there afterwards. */
    async function adopt(extra: string[] = [], stackFile = DEV_FILE): Promise<{ code: number; output: string; dir: string; files: Record<string, string> }> {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-test-"));
        dirs.push(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackFile);
        const lines: string[] = [];
        const argv = ["--cloudformation-stack", CFN_STACK, "--stack", "dev", "--endpoint-cognito", ids!.endpoint, "--out-dir", path.join(dir, "out"), ...extra];
        const code = await run(argv, { log: (l) => lines.push(l), projectDir: dir });
        const files: Record<string, string> = {};
        const walk = (d: string) => {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                const p = path.join(d, e.name);
                if (e.isDirectory()) walk(p);
                else files[path.relative(dir, p)] = fs.readFileSync(p, "utf8");
            }
        };
        walk(dir);
        return { code, output: lines.join("\n"), dir, files };
    }

    /** The written stack file's config as evaluateStack overrides (it holds every key of Pulumi.dev.yaml). */
    const writtenConfig = (text: string) => (YAML.load(text, { schema: YAML.CORE_SCHEMA }) as { config: Record<string, Yaml> }).config;

    describe("an adoptable stack", () => {
        let result: Awaited<ReturnType<typeof adopt>>;
        let adoption: Adoption;

        before(async () => {
            stack();
            result = await adopt(["--write"]);
            // The same decision through the injectable entry point, for its computed step-2 changes.
            const clients = awsClients(REGION, ids!.endpoint);
            const planned = await planAdoption({ cloudFormationStack: CFN_STACK, stack: "dev", outDir: path.join(result.dir, "out"), write: false }, clients, result.dir);
            for (const c of Object.values(clients)) c.destroy();
            assert.ok(!("problems" in planned), JSON.stringify(planned));
            adoption = planned;
        });

        it("reads the stack as documented: DescribeStacks, every page of ListStackResources, GetTemplate of the Original stage", () => {
            assert.strictEqual(result.code, 0, result.output);
            // 12 resources, 5 to a page: three pages, the later ones asked for with the NextToken.
            assert.deepStrictEqual(
                cfn.commandCalls(ListStackResourcesCommand).slice(0, 3).map((c) => c.args[0].input),
                [{ StackName: CFN_STACK, NextToken: undefined }, { StackName: CFN_STACK, NextToken: "page-5" }, { StackName: CFN_STACK, NextToken: "page-10" }],
            );
            assert.deepStrictEqual(cfn.commandCalls(GetTemplateCommand)[0].args[0].input, { StackName: CFN_STACK, TemplateStage: "Original" });
        });

        it("writes the adopt ids, adoptStep import and environmentName into Pulumi.dev.yaml, keeping its comments and other keys", () => {
            assert.deepStrictEqual(Object.keys(result.files).sort(), ["Pulumi.dev.yaml", `out/${CFN_STACK}.retain.yaml`]);
            assert.strictEqual(
                result.files["Pulumi.dev.yaml"],
                `# Development: the template's Dev environment. Sign-ups are auto-confirmed so testers need no
# mailbox; everything else keeps the component's secure defaults. Set your own region and domains
# (README, "First deploy").
config:
  aws:region: ap-northeast-2
  cognito-auth:environmentName: Dev
  cognito-auth:allowedEmailDomains:
    - example.com
    - example.org
  cognito-auth:autoConfirmSignUps: true
  cognito-auth:logRetentionDays: 14
  cognito-auth:executionRole: true
  cognito-auth:adoptUserPoolId: ${deployed.poolId}
  cognito-auth:adoptAppClientId: ${deployed.appId}
  cognito-auth:adoptWebClientId: ${deployed.webId}
  cognito-auth:adoptIdentityPoolId: ${IDENTITY_POOL_ID}
  cognito-auth:adoptStep: import
`,
            );
            // No secret anywhere: the App client's secret is neither read into the config nor written.
            assert.ok(!/secret/i.test(result.files["Pulumi.dev.yaml"].replace(/^#.*$/gm, "")));
        });

        it("writes the stack's template with DeletionPolicy and UpdateReplacePolicy Retain on exactly the adopted resources, the role attachment and the trigger with its role and permission", () => {
            const patched = result.files[`out/${CFN_STACK}.retain.yaml`];
            const lines = patched.split("\n");
            // Each resource that gets them, with the two lines inserted right below its name; nothing else changed.
            const inserted: string[] = [];
            lines.forEach((l, i) => {
                if (l === "    DeletionPolicy: Retain") {
                    assert.strictEqual(lines[i + 1], "    UpdateReplacePolicy: Retain");
                    inserted.push(lines[i - 1]);
                }
            });
            assert.deepStrictEqual(inserted, [
                "  CognitoIdentityPool:",
                "  CognitoUserPool:",
                "  CognitoUserPoolAppClient:",
                "  CognitoUserPoolWebClient:",
                "  CognitoPreSignUp:",
                "  CognitoPreSignUpRole:",
                "  CognitoPreSignUpPermission:",
                "  CognitoIdentityPoolRoles:",
            ]);
            assert.strictEqual(lines.filter((l) => !/^ {4}(DeletionPolicy|UpdateReplacePolicy): Retain$/.test(l)).join("\n"), TEMPLATE);
        });

        it("prints the runbook, in order, with the stack names, paths and the expected changes filled in", () => {
            const retain = path.join(result.dir, "out", `${CFN_STACK}.retain.yaml`);
            const { poolId, appId, webId } = deployed;
            assert.strictEqual(
                result.output,
                `Wrote ${path.join(result.dir, "Pulumi.dev.yaml")}
Wrote ${retain}
Runbook: adopt CloudFormation stack DevMasterStack into Pulumi stack dev, in this order.
1. Update the CloudFormation stack DevMasterStack with the patched template, so that deleting the stack keeps the adopted resources:
     aws cloudformation --region ap-northeast-2 deploy --stack-name DevMasterStack --template-file ${retain} --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM CAPABILITY_AUTO_EXPAND --fail-on-empty-changeset
   deploy keeps the stack's parameter values (UsePreviousValue; aws-cli customizations/cloudformation/deploy.py, merge_parameters).
   An update that changes only DeletionPolicy and UpdateReplacePolicy has been reported as "no changes" and left unapplied
   (aws-cloudformation/cloudformation-coverage-roadmap#1543, aws/aws-cdk#11521), so check that it took effect:
     aws cloudformation --region ap-northeast-2 get-template --stack-name DevMasterStack --template-stage Original
   It must show DeletionPolicy: Retain and UpdateReplacePolicy: Retain on CognitoIdentityPool, CognitoUserPool, CognitoUserPoolAppClient, CognitoUserPoolWebClient, CognitoPreSignUp, CognitoPreSignUpRole, CognitoPreSignUpPermission, CognitoIdentityPoolRoles.
   If it does not, stop: add a harmless change (a new Output) to ${retain}, deploy again and check again.
2. pulumi preview -s dev
   Expect exactly these 4 imports, with no difference:
     = aws:cognito/userPool:UserPool auth-user-pool (id ${poolId})
     = aws:cognito/userPoolClient:UserPoolClient auth-app-client (id ${poolId}/${appId})
     = aws:cognito/userPoolClient:UserPoolClient auth-web-client (id ${poolId}/${webId})
     = aws:cognito/identityPool:IdentityPool auth-identity-pool (id ${IDENTITY_POOL_ID})
   and these 27 creates:
     + sns:Topic auth-alarms
     + cloudwatch:LogGroup auth-pre-sign-up-logs
     + cloudwatch:LogGroup auth-iot-attach-logs
     + cloudwatch:LogGroup auth-iot-attach-access-logs
     + iam:Role auth-pre-sign-up-role
     + iam:Role auth-iot-attach-role
     + iam:Role auth-execution-role
     + apigatewayv2:Api auth-iot-attach-api
     + iam:RolePolicy auth-pre-sign-up-logs
     + iam:RolePolicy auth-iot-attach-policy
     + sns:TopicPolicy auth-alarms-policy
     + lambda:Function auth-iot-attach
     + lambda:Function auth-pre-sign-up
     + cloudwatch:MetricAlarm auth-iot-attach-5xx
     + apigatewayv2:Integration auth-iot-attach-integration
     + lambda:Permission auth-iot-attach-invoke
     + cloudwatch:MetricAlarm auth-pre-sign-up-errors
     + cloudwatch:MetricAlarm auth-pre-sign-up-throttles
     + cloudwatch:MetricAlarm auth-pre-sign-up-duration
     + apigatewayv2:Route auth-iot-attach-route
     + iot:Policy auth-iot-policy
     + lambda:Permission auth-pre-sign-up-invoke
     + iam:RolePolicy auth-execution-policy
     + iam:Role auth-authenticated-role
     + apigatewayv2:Stage auth-iot-attach-stage
     + iam:RolePolicy auth-authenticated-policy
     + cognito:IdentityPoolRoleAttachment auth-roles
   auth-roles among them sets the identity pool's roles: from step 3 on, signed-in identities get the component's authenticated role.
   Nothing may be updated, replaced or deleted.
3. pulumi up -s dev
4. Delete the CloudFormation stack; the retained resources stay (its events show DELETE_SKIPPED for them):
     aws cloudformation --region ap-northeast-2 delete-stack --stack-name DevMasterStack
     aws cloudformation --region ap-northeast-2 wait stack-delete-complete --stack-name DevMasterStack
   It keeps CognitoIdentityPoolRoles: deleting a role attachment clears the identity pool's roles, the component's since step 3.
   It keeps CognitoPreSignUp, CognitoPreSignUpRole, CognitoPreSignUpPermission: the pool calls its old trigger until step 7.
   It deletes CognitoAuthorizedRole (AWS::IAM::Role), CognitoExecutionRole (AWS::IAM::Role), CognitoUnAuthorizedRole (AWS::IAM::Role), which is intended: the old roles' wildcard policies must not survive.
5. pulumi config set adoptStep harden -s dev
6. pulumi preview -s dev
   Expect updates in place only, these:
     Plan diff for stack dev against the live resources: 0 added, 0 removed, 4 changed
       ~ aws:cognito/userPool:UserPool  auth-user-pool
           accountRecoverySetting: (unset) → {"recoveryMechanisms":[{"name":"verified_email","priority":1}]}
           deletionProtection: (unset) → "INACTIVE"
           deviceConfiguration.deviceOnlyRememberedOnUserPrompt: (unset) → true
           lambdaConfig.preSignUp: "arn:aws:lambda:ap-northeast-2:123456789012:function:DevMasterStack-CognitoPr... → "<auth-pre-sign-up.arn>"
           mfaConfiguration: "OFF" → "OPTIONAL"
           passwordPolicy.minimumLength: 6 → 8
           passwordPolicy.requireLowercase: false → true
           passwordPolicy.requireNumbers: false → true
           passwordPolicy.requireSymbols: false → true
           passwordPolicy.requireUppercase: false → true
           softwareTokenMfaConfiguration.enabled: false → true
           userPoolAddOns: (unset) → {"advancedSecurityMode":"OFF"}
           userPoolTier: (unset) → "ESSENTIALS"
       ~ aws:cognito/userPoolClient:UserPoolClient  auth-app-client
           accessTokenValidity: (unset) → 60
           authSessionValidity: (unset) → 3
           enableTokenRevocation: (unset) → true
           explicitAuthFlows: (unset) → ["ALLOW_REFRESH_TOKEN_AUTH","ALLOW_USER_SRP_AUTH"]
           idTokenValidity: (unset) → 60
           preventUserExistenceErrors: (unset) → "ENABLED"
           supportedIdentityProviders: (unset) → ["COGNITO"]
           tokenValidityUnits.accessToken: "hours" → "minutes"
       ~ aws:cognito/userPoolClient:UserPoolClient  auth-web-client
           accessTokenValidity: (unset) → 60
           authSessionValidity: (unset) → 3
           enableTokenRevocation: (unset) → true
           explicitAuthFlows: (unset) → ["ALLOW_REFRESH_TOKEN_AUTH","ALLOW_USER_SRP_AUTH"]
           idTokenValidity: (unset) → 60
           preventUserExistenceErrors: (unset) → "ENABLED"
           supportedIdentityProviders: (unset) → ["COGNITO"]
           tokenValidityUnits.accessToken: "hours" → "minutes"
       ~ aws:cognito/identityPool:IdentityPool  auth-identity-pool
           cognitoIdentityProviders[0].serverSideTokenCheck: false → true
           cognitoIdentityProviders[1].serverSideTokenCheck: false → true
     No user pool, user pool client or identity pool would be replaced or deleted, and no update of one would fail.
7. pulumi up -s dev
8. Delete what was kept only because the pool called it until step 7:
     aws lambda --region ap-northeast-2 delete-function --function-name DevMasterStack-CognitoPreSignUp-7G8H9I0J1K2L
     aws iam delete-role --role-name DevMasterStack-CognitoPreSignUpRole-4D5E6F7A8B9C
   (IAM deletes a role only without policies: first aws iam delete-role-policy for each of list-role-policies,
   and aws iam detach-role-policy for each of list-attached-role-policies.)`,
            );
        });

        it("without --write prints the same files and writes nothing", async () => {
            const dry = await adopt();
            assert.strictEqual(dry.code, 0, dry.output);
            assert.deepStrictEqual(dry.files, { "Pulumi.dev.yaml": DEV_FILE });
            const retain = path.join(dry.dir, "out", `${CFN_STACK}.retain.yaml`);
            const stackFile = result.files["Pulumi.dev.yaml"];
            const template = result.files[`out/${CFN_STACK}.retain.yaml`];
            const runbook = result.output.split("\n").slice(2).join("\n").split(result.dir).join(dry.dir);
            assert.strictEqual(
                dry.output,
                `Would write ${path.join(dry.dir, "Pulumi.dev.yaml")}:\n${stackFile}\nWould write ${retain}:\n${template}\n${runbook}\nNothing written: run again with --write to write both files.`,
            );
        });

        it("writes a JSON template back as JSON, with the same resources retained", async () => {
            const json = `${JSON.stringify(parseTemplate(TEMPLATE), null, 2)}\n`;
            stack({ template: json });
            const r = await adopt(["--write"]);
            assert.strictEqual(r.code, 0, r.output);
            assert.deepStrictEqual(Object.keys(r.files).sort(), ["Pulumi.dev.yaml", `out/${CFN_STACK}.retain.json`]);
            const patched = JSON.parse(r.files[`out/${CFN_STACK}.retain.json`]) as Template;
            const retained = Object.entries(patched.Resources!).filter(([, res]) => res.DeletionPolicy === "Retain" && res.UpdateReplacePolicy === "Retain").map(([id]) => id);
            assert.deepStrictEqual(retained, ["CognitoIdentityPool", "CognitoUserPool", "CognitoUserPoolAppClient", "CognitoUserPoolWebClient", "CognitoPreSignUp", "CognitoPreSignUpRole", "CognitoPreSignUpPermission", "CognitoIdentityPoolRoles"]);
            // Nothing else changed.
            for (const res of Object.values(patched.Resources!)) {
                delete res.DeletionPolicy;
                delete res.UpdateReplacePolicy;
            }
            assert.deepStrictEqual(patched, JSON.parse(json));
            stack();
        });

        describe("the stack program with the written config (Pulumi mocks)", () => {
            let config: Record<string, Yaml>;
            before(() => {
                config = writtenConfig(result.files["Pulumi.dev.yaml"]);
            });
            const adopted = (resources: RecordedResource[]) => [single(resources, T.userPool), ...resources.filter((r) => r.type === T.client), single(resources, T.identityPool)];

            it("step import: registers the four resources with exactly the live ids as import ids, protected, every input ignored; creates the rest; the App client's secret stays a secret", async () => {
                const { resources, secrets } = await evaluateStack("dev", config);
                const four = adopted(resources);
                assert.deepStrictEqual(
                    four.map((r) => [r.name, r.importId, r.protect]),
                    [
                        ["auth-user-pool", deployed.poolId, true],
                        ["auth-app-client", `${deployed.poolId}/${deployed.appId}`, true],
                        ["auth-web-client", `${deployed.poolId}/${deployed.webId}`, true],
                        ["auth-identity-pool", IDENTITY_POOL_ID, true],
                    ],
                );
                for (const r of four) {
                    const missed = Object.keys(r.inputs).filter((k) => !r.ignoreChanges.includes(k));
                    assert.deepStrictEqual(missed, [], `${r.name} ignores every input`);
                }
                // Every input the component sets, and those a live resource may have that it never sets (tags, …).
                assert.deepStrictEqual(four.map((r) => r.ignoreChanges), [
                    [
                        "accountRecoverySetting", "adminCreateUserConfig", "autoVerifiedAttributes", "deletionProtection", "deviceConfiguration",
                        "emailConfiguration", "emailMfaConfiguration", "emailVerificationMessage", "emailVerificationSubject", "lambdaConfig",
                        "mfaConfiguration", "name", "passwordPolicy", "schemas", "signInPolicy", "smsAuthenticationMessage", "smsVerificationMessage",
                        "softwareTokenMfaConfiguration", "tags", "userAttributeUpdateSettings", "userPoolAddOns", "userPoolTier",
                        "verificationMessageTemplate", "webAuthnConfiguration",
                    ],
                    ...[1, 2].map(() => [
                        "accessTokenValidity", "allowedOauthFlows", "allowedOauthFlowsUserPoolClient", "allowedOauthScopes", "analyticsConfiguration",
                        "authSessionValidity", "callbackUrls", "defaultRedirectUri", "enablePropagateAdditionalUserContextData", "enableTokenRevocation",
                        "explicitAuthFlows", "generateSecret", "idTokenValidity", "logoutUrls", "name", "preventUserExistenceErrors", "readAttributes",
                        "refreshTokenRotation", "refreshTokenValidity", "supportedIdentityProviders", "tokenValidityUnits", "userPoolId", "writeAttributes",
                    ]),
                    [
                        "allowClassicFlow", "allowUnauthenticatedIdentities", "cognitoIdentityProviders", "developerProviderName", "identityPoolName",
                        "openidConnectProviderArns", "samlProviderArns", "supportedLoginProviders", "tags",
                    ],
                ]);
                // Everything else is created as usual: no import id, no ignored input, not protected.
                const rest = resources.filter((r) => r.custom && !four.includes(r));
                assert.strictEqual(rest.length, 27);
                assert.deepStrictEqual(rest.filter((r) => r.importId !== undefined || r.ignoreChanges.length > 0 || r.protect).map((r) => r.name), []);
                assert.ok(secrets.includes("appClientSecret"), `secrets: ${secrets.join(", ")}`);
            });

            it("step harden: no import id, still protected, only generateSecret ignored on the clients; the computed differences are updates in place", async () => {
                const { resources, secrets } = await evaluateStack("dev", { ...config, "cognito-auth:adoptStep": "harden" });
                const four = adopted(resources);
                assert.deepStrictEqual(
                    four.map((r) => [r.name, r.importId, r.protect, r.ignoreChanges]),
                    [
                        ["auth-user-pool", undefined, true, []],
                        ["auth-app-client", undefined, true, ["generateSecret"]],
                        ["auth-web-client", undefined, true, ["generateSecret"]],
                        ["auth-identity-pool", undefined, true, []],
                    ],
                );
                assert.ok(secrets.includes("appClientSecret"));
                // The replacement guard of tools/planDiff.ts passes: no hazard, and these are the hardening changes.
                assert.deepStrictEqual(adoption.changes.hazards, []);
                assert.deepStrictEqual(
                    adoption.changes.changed.map((c) => [c.resource.name, c.changes.map((v) => `${v.path}: ${JSON.stringify(v.before)} → ${JSON.stringify(v.after)}`)]),
                    [
                        [
                            "auth-user-pool",
                            [
                                // cognito-local 5.3 stores no AccountRecoverySetting default, DeletionProtection, UserPoolAddOns or UserPoolTier: AWS reports its own values.
                                'accountRecoverySetting: undefined → {"recoveryMechanisms":[{"name":"verified_email","priority":1}]}',
                                'deletionProtection: undefined → "INACTIVE"',
                                "deviceConfiguration.deviceOnlyRememberedOnUserPrompt: undefined → true",
                                `lambdaConfig.preSignUp: "${TRIGGER_ARN}" → "<auth-pre-sign-up.arn>"`,
                                'mfaConfiguration: "OFF" → "OPTIONAL"',
                                "passwordPolicy.minimumLength: 6 → 8",
                                "passwordPolicy.requireLowercase: false → true",
                                "passwordPolicy.requireNumbers: false → true",
                                "passwordPolicy.requireSymbols: false → true",
                                "passwordPolicy.requireUppercase: false → true",
                                "softwareTokenMfaConfiguration.enabled: false → true",
                                'userPoolAddOns: undefined → {"advancedSecurityMode":"OFF"}',
                                'userPoolTier: undefined → "ESSENTIALS"',
                            ],
                        ],
                        ...(["auth-app-client", "auth-web-client"] as const).map((name) => [
                            name,
                            [
                                "accessTokenValidity: undefined → 60",
                                // Not stored by cognito-local 5.3 (AWS's default is 3 minutes).
                                "authSessionValidity: undefined → 3",
                                "enableTokenRevocation: undefined → true",
                                'explicitAuthFlows: undefined → ["ALLOW_REFRESH_TOKEN_AUTH","ALLOW_USER_SRP_AUTH"]',
                                "idTokenValidity: undefined → 60",
                                'preventUserExistenceErrors: undefined → "ENABLED"',
                                'supportedIdentityProviders: undefined → ["COGNITO"]',
                                'tokenValidityUnits.accessToken: "hours" → "minutes"',
                            ],
                        ]),
                        ["auth-identity-pool", ["cognitoIdentityProviders[0].serverSideTokenCheck: false → true", "cognitoIdentityProviders[1].serverSideTokenCheck: false → true"]],
                    ],
                );
            });
        });

        it("nothing replaced the pool: step 2's settings applied with UpdateUserPool / UpdateUserPoolClient keep the pool, both clients, the App client's secret and the user, who still signs in", async () => {
            const before = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: deployed.poolId, ClientId: deployed.appId }));
            const { resources } = await evaluateStack("dev", { ...writtenConfig(result.files["Pulumi.dev.yaml"]), "cognito-auth:adoptStep": "harden" });
            const requests = userPoolRequests(single(resources, T.userPool).inputs);
            const live = await idp.send(new DescribeUserPoolCommand({ UserPoolId: deployed.poolId }));
            // The schema stays as it is (an update cannot change it): the component's e-mail attribute is the live one.
            assert.deepStrictEqual(requests.createUserPool.Schema, [live.UserPool!.SchemaAttributes!.find((a) => a.Name === "email")]);
            // UpdateUserPool takes CreateUserPool's members except those fixed at creation (API reference, UpdateUserPool).
            await idp.send(new UpdateUserPoolCommand({ UserPoolId: deployed.poolId, ...without(requests.createUserPool, ["Schema", "UsernameAttributes", "AliasAttributes", "UsernameConfiguration"]) }));
            await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: deployed.poolId, ...requests.setUserPoolMfaConfig }));
            const clients = { app: deployed.appId, web: deployed.webId };
            const clientRequests = Object.fromEntries(
                (["app", "web"] as const).map((kind) => [kind, userPoolClientRequest(resources.find((r) => r.name === `auth-${kind}-client`)!.inputs, deployed.poolId)]),
            );
            for (const kind of ["app", "web"] as const) {
                // GenerateSecret is not an UpdateUserPoolClient member: the component ignores it for good.
                await idp.send(new UpdateUserPoolClientCommand({ ...without(clientRequests[kind], ["GenerateSecret"]), ClientId: clients[kind] }));
            }

            // The same pool and clients, now with the hardened settings.
            const pool = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: deployed.poolId }))).UserPool!;
            const mfa = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: deployed.poolId }));
            assert.deepStrictEqual(
                [pool.Id, pool.Name, pool.Policies?.PasswordPolicy?.MinimumLength, pool.LambdaConfig?.PreSignUp, mfa.MfaConfiguration, mfa.SoftwareTokenMfaConfiguration?.Enabled],
                [deployed.poolId, "DevUserPool", 8, requests.createUserPool.LambdaConfig!.PreSignUp, "OPTIONAL", true],
            );
            const app = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: deployed.poolId, ClientId: deployed.appId }))).UserPoolClient!;
            const web = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: deployed.poolId, ClientId: deployed.webId }))).UserPoolClient!;
            assert.deepStrictEqual(
                [app.ClientId, app.ClientName, app.ExplicitAuthFlows, web.ClientId, web.ClientName, web.ExplicitAuthFlows, web.ClientSecret],
                [deployed.appId, "DevApp", ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], deployed.webId, "DevWeb", ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], undefined],
            );
            assert.ok(app.ClientSecret && app.ClientSecret === before.UserPoolClient!.ClientSecret, "the App client keeps its live secret");

            // The hardened Web client allows SRP only (the gate refuses the password flow there, as AWS does);
            // the emulator has no SRP, so the user signs in on a test-only copy that adds USER_PASSWORD_AUTH.
            const signIn = (clientId: string) =>
                idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD } }));
            await assert.rejects(signIn(deployed.webId), { name: "InvalidParameterException", message: "USER_PASSWORD_AUTH flow not enabled for this client" });
            const copy = await idp.send(
                new CreateUserPoolClientCommand({
                    ...clientRequests.web,
                    ClientName: "DevWebPasswordAuthForTest",
                    ExplicitAuthFlows: [...clientRequests.web.ExplicitAuthFlows!, "ALLOW_USER_PASSWORD_AUTH"],
                }),
            );
            const { AuthenticationResult } = await signIn(copy.UserPoolClient!.ClientId!);
            const claims = JSON.parse(Buffer.from(AuthenticationResult!.IdToken!.split(".")[1], "base64url").toString("utf8"));
            assert.deepStrictEqual([claims.sub, claims["cognito:username"], claims.email], [aliceSub, "alice", "alice@example.com"]);
        });
    });

    describe("refusals: exit code 1, the exact reason, nothing written", () => {
        async function refused(s: Stack, problems: string[], stackFile = DEV_FILE): Promise<void> {
            stack(s);
            const r = await adopt(["--write"], stackFile);
            assert.deepStrictEqual({ code: r.code, output: r.output.split("\n") }, { code: 1, output: [`${REFUSAL}: ${problems.length} problem(s):`, ...problems.map((p) => `  - ${p}`)] });
            assert.deepStrictEqual(r.files, { "Pulumi.dev.yaml": stackFile });
        }
        const poolLabel = (d: Deployed) => `CognitoUserPool (AWS::Cognito::UserPool ${d.poolId})`;

        it("a missing client", () =>
            refused({ resources: (all) => all.filter((r) => r.LogicalResourceId !== "CognitoUserPoolWebClient") }, [
                `stack ${CFN_STACK} has 1 AWS::Cognito::UserPoolClient (CognitoUserPoolAppClient), not 2: the user pool, its App and Web clients and the identity pool are adopted together`,
            ]));

        it("username attributes", () =>
            refused({ pool: variants.usernameAttributes }, [
                `${poolLabel(variants.usernameAttributes)}: UsernameAttributes is ["email"]: the component declares none, and username attributes are fixed when the pool is created (ForceNew): adopting would replace the pool, and a new pool has none of the users`,
            ]));

        it("a custom schema attribute", () =>
            refused({ pool: variants.customAttribute }, [
                `${poolLabel(variants.customAttribute)}: SchemaAttributes has the custom attribute {"Name":"custom:tenant","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"1","MaxLength":"64"}}: stack config cannot declare custom attributes (the component takes them only in code, as customAttributes), and a schema without it fails to update ("cannot modify or remove schema items"); pass it as customAttributes in code and adopt this pool manually`,
            ]));

        it("a changed e-mail constraint", () =>
            refused({ pool: variants.emailConstraint }, [
                `${poolLabel(variants.emailConstraint)}: SchemaAttributes has "email" as {"Name":"email","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":false,"Required":true,"StringAttributeConstraints":{"MinLength":"5","MaxLength":"320"}}, the component declares {"Name":"email","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":false,"Required":true,"StringAttributeConstraints":{"MinLength":"5","MaxLength":"255"}}: Cognito cannot change an attribute, so the schema update would fail ("cannot modify or remove schema items")`,
            ]));

        it("an identity pool whose name does not follow the pool's environmentName (renaming replaces it)", () =>
            refused({ identity: { IdentityPoolName: "DevIdentities" } }, [
                `CognitoIdentityPool (AWS::Cognito::IdentityPool ${IDENTITY_POOL_ID}): IdentityPoolName is "DevIdentities", not "DevIdentityPool" (environmentName "Dev", from the pool's name "DevUserPool"): the provider replaces the identity pool when its name changes (ForceNew), so adopting would replace it, and every identity id with it`,
            ]));

        it("unauthenticated identities", () =>
            refused({ identity: { AllowUnauthenticatedIdentities: true } }, [
                `CognitoIdentityPool (AWS::Cognito::IdentityPool ${IDENTITY_POOL_ID}): AllowUnauthenticatedIdentities is true: anyone who has not signed in gets AWS credentials from it (Security Hub Cognito.2); the tool adopts only identity pools that do not hand them out`,
            ]));

        it("SMS MFA (and the SMS configuration it sets on the pool)", () =>
            refused({ pool: variants.smsMfa }, [
                `${poolLabel(variants.smsMfa)}: SmsMfaConfiguration is {"SmsAuthenticationMessage":"Your code is {####}","SmsConfiguration":{"SnsCallerArn":"arn:aws:iam::123456789012:role/DevSms","ExternalId":"dev-sms"}}: SMS MFA is on, and the component configures TOTP only: hardening would turn SMS MFA off for every user who relies on it`,
                `${poolLabel(variants.smsMfa)}: SmsConfiguration is {"SnsCallerArn":"arn:aws:iam::123456789012:role/DevSms","ExternalId":"dev-sms"}: the component configures no SMS (TOTP MFA only, no SNS role), so it cannot keep sending the pool's text messages`,
            ]));

        it("a change step 2 could not make in place, found by the plan guard's rules (tools/planDiff.ts): a developer provider name", () =>
            refused({ identity: { DeveloperProviderName: "login.devmaster" } }, [
                "aws:cognito/identityPool:IdentityPool::auth-identity-pool: step 2 (adoptStep harden) would replace it: developerProviderName changed: the developer provider name cannot be changed after creation (ForceNew)",
            ]));

        it("a stack in UPDATE_ROLLBACK_FAILED", () =>
            refused({ status: "UPDATE_ROLLBACK_FAILED" }, [
                `stack ${CFN_STACK} is UPDATE_ROLLBACK_FAILED, not one of CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, IMPORT_COMPLETE, IMPORT_ROLLBACK_COMPLETE: in any other state its resources may not match its template, and it cannot take the Retain update (runbook step 1)`,
            ]));

        it("a stack file that already adopts another pool", () =>
            refused({}, [`Pulumi.dev.yaml sets adoptUserPoolId to "ap-northeast-2_Other123", not "${deployed.poolId}": it is adopting other resources, or is past the import step; finish or undo that first`], `${DEV_FILE}  cognito-auth:adoptUserPoolId: ap-northeast-2_Other123\n`));

        it("stack config the settings table refuses (parsed with argsFromConfig, validated with validateArgs)", () =>
            refused({}, ["Pulumi.dev.yaml: passwordMinimumLength must be between 6 and 99 (got 3)"], `${DEV_FILE}  cognito-auth:passwordMinimumLength: 3\n`));

        it("a stack CloudFormation does not know (DescribeStacks answers ValidationError)", async () => {
            stack();
            cfn.on(DescribeStacksCommand, { StackName: CFN_STACK }).rejects(Object.assign(new Error(`Stack with id ${CFN_STACK} does not exist`), { name: "ValidationError" }));
            const r = await adopt(["--write"]);
            assert.deepStrictEqual([r.code, r.output, r.files], [1, `${REFUSAL}: 1 problem(s):\n  - stack ${CFN_STACK} does not exist in ${REGION} (DescribeStacks)`, { "Pulumi.dev.yaml": DEV_FILE }]);
        });
    });

    it("a usage error exits 2 with the usage", async () => {
        const lines: string[] = [];
        assert.strictEqual(await run(["--cloudformation-stack", CFN_STACK], { log: (l) => lines.push(l) }), 2);
        assert.deepStrictEqual(lines, [
            "--stack is required\nusage: npm run adopt -- --cloudformation-stack <name> --stack <pulumi stack> [--region <region>] [--endpoint-cognito <url>] [--out-dir <dir>] [--write]",
        ]);
    });
});
