// The stack program (index.ts) evaluated with the real Pulumi.dev.yaml and Pulumi.prod.yaml, config
// handed over the way the Pulumi CLI would (tools/cliConfig.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { GENERATED, isCurrent } from "../../tools/docs";
import { evaluateStack, ofType, plainInputs, projectFile, ROOT, single, stackFile, T, type Evaluation } from "../harness";

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

        it("exports the template's three outputs, the rest, and the client secret only as a secret", () => {
            assert.deepStrictEqual(Object.keys(e.outputs).sort(), [
                "alarmTopicArn", "appClientId", "appClientSecret", "authenticatedRoleArn", "executionRoleArn", "identityPoolId", "iotAttachUrl",
                "iotEndpoint", "iotPolicyName", "preSignUpFunctionArn", "userPoolArn", "userPoolEndpoint", "userPoolId", "webClientId",
            ]);
            const pool = single(e.resources, T.userPool);
            const client = (kind: string) => ofType(e.resources, T.client).find((c) => c.inputs.name === `${env}${kind}`)!;
            // The template's UserPoolId, UserPoolAppClient and UserPoolWebClient.
            assert.deepStrictEqual([e.outputs.userPoolId, e.outputs.appClientId, e.outputs.webClientId], [pool.id, client("App").id, client("Web").id]);
            assert.strictEqual(e.outputs.appClientSecret, "generated-secret-of-auth-app-client");
            assert.deepStrictEqual(e.secrets, ["appClientSecret"]);
            assert.strictEqual(e.outputs.iotAttachUrl, `${single(e.resources, "aws:apigatewayv2/api:Api").state.apiEndpoint}/attach`);
            assert.strictEqual(e.outputs.iotEndpoint, "a1b2c3d4e5f6g7-ats.iot.ap-northeast-2.amazonaws.com");
        });

        it("yields identical resource inputs and options on a second evaluation (a preview of an unchanged stack shows no changes)", async () => {
            const again = await evaluateStack(stack);
            const shape = (ev: Evaluation) =>
                Promise.all(ev.resources.map(async (r) => ({ type: r.type, name: r.name, inputs: await plainInputs(r), protect: r.protect, retain: r.retainOnDelete, deps: r.dependencies })));
            assert.deepStrictEqual(await shape(again), await shape(e));
            assert.ok(e.resources.length > 20);
        });
    });
}

describe("README", () => {
    it("tells users to set only config keys Pulumi.yaml declares (or the provider's aws: keys)", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const told = [...readme.matchAll(/pulumi config set (?:--path )?'?(?:cognito-auth:)?([A-Za-z:]+)/g)].map((m) => m[1]);
        assert.ok(told.length >= 3, `${told.length} keys`);
        const declared = Object.keys(projectFile().config);
        assert.deepStrictEqual(told.filter((k) => !k.startsWith("aws:") && !declared.includes(k)), []);
    });

    it("leads with the deploy command (pulumi up) and the test command (npm test)", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const firstBlock = /```bash\n([\s\S]*?)```/.exec(readme)![1];
        assert.match(firstBlock, /pulumi up -s dev/);
        assert.match(firstBlock, /npm test/);
    });
});

describe("generated files (run `npm run docs` when one is stale)", () => {
    it("are the args' TSDoc, Pulumi.yaml, the README and the recorded API surface", () => {
        assert.deepStrictEqual([...GENERATED.keys()], [path.join("components", "args.ts"), "Pulumi.yaml", "README.md", "api-surface.json"]);
    });

    for (const file of GENERATED.keys()) {
        it(`${file} is what the settings table, the component's TSDoc and the CHANGELOG generate`, () => {
            assert.ok(isCurrent(file), `${file} is stale: run npm run docs`);
        });
    }

    it("only generated files can be checked", () => {
        assert.throws(() => isCurrent("index.ts"), { message: "index.ts is not a generated file" });
    });
});
