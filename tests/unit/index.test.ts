// The stack program (index.ts) evaluated with the real Pulumi.dev.yaml and Pulumi.prod.yaml.
import * as assert from "assert";
import { CONFIG_KEYS, DEFAULTS } from "../../components";
import { pascalCase } from "../../components/args";
import { evaluateStack, ofType, projectFile, single, stackFile, T, type Evaluation } from "../harness";

const TEMPLATE_OUTPUTS = { UserPoolId: "userPoolId", UserPoolAppClient: "appClientId", UserPoolWebClient: "webClientId" };

for (const stack of ["dev", "prod"]) {
    describe(`stack ${stack}`, () => {
        let e: Evaluation;
        const env = stackFile(stack).config["cognito-auth:environmentName"] as string;
        before(async () => {
            e = await evaluateStack(stack);
        });

        it("names resources from the stack's environment, as the template's Environment parameter did", () => {
            assert.strictEqual(single(e.resources, T.userPool).inputs.name, `${env}UserPool`);
            assert.deepStrictEqual(ofType(e.resources, T.client).map((c) => c.inputs.name).sort(), [`${env}App`, `${env}Web`]);
            assert.strictEqual(single(e.resources, T.identityPool).inputs.identityPoolName, `${env}IdentityPool`);
        });

        it("has a counterpart for every template resource", () => {
            const roles = ofType(e.resources, T.role).map((r) => r.name).sort();
            assert.deepStrictEqual(roles, ["auth-authenticated-role", "auth-execution-role", "auth-pre-sign-up-role"]);
            for (const type of [T.userPool, T.identityPool, T.roleAttachment, T.fn, T.permission, T.logGroup, T.iotPolicy]) single(e.resources, type);
            assert.strictEqual(ofType(e.resources, T.client).length, 2);
        });

        it("exports the template's three outputs and the rest, with the client secret as a secret", () => {
            for (const name of Object.values(TEMPLATE_OUTPUTS)) assert.ok(e.outputs[name], `${name} is set`);
            assert.strictEqual(e.outputs.userPoolId, single(e.resources, T.userPool).id);
            for (const name of ["userPoolArn", "identityPoolId", "authenticatedRoleArn", "executionRoleArn", "appClientSecret", "preSignUpFunctionArn", "iotPolicyName"]) {
                assert.ok(e.outputs[name], `${name} is set`);
            }
            assert.deepStrictEqual(e.secrets, ["appClientSecret"]);
        });

        it("sets the PreSignUp function from the stack's config", () => {
            const config = stackFile(stack).config;
            const vars = single(e.resources, T.fn).inputs.environment.variables;
            assert.strictEqual(vars.ALLOWED_EMAIL_DOMAINS, (config["cognito-auth:allowedEmailDomains"] as string[]).join(","));
            assert.strictEqual(vars.AUTO_CONFIRM_SIGN_UPS, String(config["cognito-auth:autoConfirmSignUps"] ?? false));
        });

        it("yields identical resource inputs on a second evaluation", async () => {
            const again = await evaluateStack(stack);
            const shape = (ev: Evaluation) => ev.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, protect: r.protect, deps: r.dependencies }));
            assert.deepStrictEqual(shape(again), shape(e));
            assert.ok(e.resources.length > 10);
        });
    });
}

describe("stack differences", () => {
    it("auto-confirms sign-ups in dev only, and keeps the template's weak password in dev only", async () => {
        const dev = await evaluateStack("dev");
        const prod = await evaluateStack("prod");
        const vars = (e: Evaluation) => single(e.resources, T.fn).inputs.environment.variables.AUTO_CONFIRM_SIGN_UPS;
        assert.deepStrictEqual([vars(dev), vars(prod)], ["true", "false"]);
        assert.strictEqual(single(dev.resources, T.userPool).inputs.passwordPolicy.minimumLength, 6);
        assert.strictEqual(single(prod.resources, T.userPool).inputs.passwordPolicy.minimumLength, 8);
    });
});

describe("Pulumi.yaml", () => {
    const project = projectFile();

    it("declares exactly the config keys the program reads, each with a type and description", () => {
        // Keys without a default: featurePlan/threatProtection (derived from production) and alarmEmail (unset = none).
        assert.deepStrictEqual(Object.keys(project.config).filter((k) => project.config[k].default === undefined).sort(), ["alarmEmail", "featurePlan", "threatProtection"]);
        assert.deepStrictEqual(Object.keys(project.config).sort(), Object.keys(CONFIG_KEYS).sort());
        for (const [k, spec] of Object.entries(project.config)) {
            assert.strictEqual(spec.type, CONFIG_KEYS[k].type, `${k} type`);
            assert.ok(spec.description.length > 20, `${k} has a description`);
        }
    });

    it("repeats the component's defaults, never different ones", () => {
        const d = DEFAULTS;
        const expected: Record<string, unknown> = {
            // The stack's component is named "auth"; the component's own default prefix follows from that.
            environmentName: pascalCase("auth"),
            production: d.production, allowedEmailDomains: d.allowedEmailDomains, autoConfirmSignUps: d.autoConfirmSignUps,
            passwordMinimumLength: d.passwordPolicy.minimumLength, passwordRequireCharacterClasses: d.passwordPolicy.requireSymbols,
            mfa: d.mfa, accessTokenValidityMinutes: d.tokenValidity.accessTokenMinutes, idTokenValidityMinutes: d.tokenValidity.idTokenMinutes,
            refreshTokenValidityDays: d.tokenValidity.refreshTokenDays, allowPasswordAuth: d.allowPasswordAuth,
            allowUnauthenticatedIdentities: d.allowUnauthenticatedIdentities, iotTopicPrefix: d.iotTopicPrefix,
            logRetentionDays: d.logRetentionDays, executionRole: false, executionRoleTableArns: [], executionRoleFunctionArns: [],
            alarmsEnabled: d.alarms.enabled,
        };
        const declared = Object.fromEntries(Object.entries(project.config).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default]));
        assert.deepStrictEqual(declared, expected);
    });

    it("runs index.ts, not the package's main", () => {
        assert.strictEqual(project.main, "index.ts");
    });
});
