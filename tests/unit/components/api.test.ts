// The public API consumers build on: transforms, child access, stable logical names, documentation.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CognitoAuth } from "../../../components";
import { ARG_KEYS } from "../../../components/validate";
import { DOCUMENTED, readArgDocs, renderApiReference } from "../../../tools/apiReference";
import { evaluate, ofType, ROOT, single, T } from "../../harness";

describe("CognitoAuth API", () => {
    it("applies each child's transform to its args before creation (mutating or returning new args)", async () => {
        const e = await evaluate(() => {
            new CognitoAuth("auth", {
                transform: {
                    userPool: (args) => {
                        args.tags = { team: "iot" };
                    },
                    webClient: (args) => ({ ...args, callbackUrls: ["https://app.example.com/callback"] }),
                    preSignUpFunction: (args) => {
                        args.tracingConfig = { mode: "Active" };
                    },
                    authenticatedRole: (args) => {
                        args.permissionsBoundary = "arn:aws:iam::123456789012:policy/boundary";
                    },
                },
            });
            return {};
        });
        assert.deepStrictEqual(single(e.resources, T.userPool).inputs.tags, { team: "iot" });
        const web = ofType(e.resources, T.client).find((c) => c.name === "auth-web-client")!;
        assert.deepStrictEqual(web.inputs.callbackUrls, ["https://app.example.com/callback"]);
        assert.strictEqual(web.inputs.generateSecret, false, "a transform changes only what it touches");
        assert.deepStrictEqual(single(e.resources, T.fn).inputs.tracingConfig, { mode: "Active" });
        const role = ofType(e.resources, T.role).find((r) => r.name === "auth-authenticated-role")!;
        assert.strictEqual(role.inputs.permissionsBoundary, "arn:aws:iam::123456789012:policy/boundary");
    });

    it("exposes its children", async () => {
        let auth!: CognitoAuth;
        await evaluate(() => {
            auth = new CognitoAuth("auth", { executionRole: {} });
            return {};
        });
        const nodes = auth.nodes;
        assert.ok(nodes.userPool && nodes.appClient && nodes.webClient && nodes.identityPool && nodes.roleAttachment && nodes.iotPolicy);
        assert.ok(nodes.preSignUp?.function && nodes.executionRole?.role && nodes.alarms?.topic);
        assert.strictEqual(nodes.unauthenticatedRole, undefined);
        assert.strictEqual(auth.settings.mfa, "OPTIONAL");
    });

    it("keeps the children's logical names stable (renaming one would replace it: add an alias instead)", async () => {
        const e = await evaluate(() => {
            new CognitoAuth("auth", { executionRole: {}, allowUnauthenticatedIdentities: true, alarms: { email: "ops@example.com" } });
            return {};
        });
        // This list is the contract with every deployed stack. If a name must change, keep the old one
        // working with `aliases: [{ name: "<old>" }]` on that child, then update this list.
        assert.deepStrictEqual(e.resources.map((r) => r.name).sort(), [
            "auth", "auth-alarms", "auth-alarms-email", "auth-app-client", "auth-authenticated-policy", "auth-authenticated-role",
            "auth-execution-policy", "auth-execution-role", "auth-identity-pool", "auth-iot-policy", "auth-pre-sign-up",
            "auth-pre-sign-up-duration", "auth-pre-sign-up-errors", "auth-pre-sign-up-invoke", "auth-pre-sign-up-logs",
            "auth-pre-sign-up-logs", "auth-pre-sign-up-role", "auth-pre-sign-up-throttles", "auth-roles", "auth-unauthenticated-role",
            "auth-user-pool", "auth-web-client",
        ]);
        assert.strictEqual(single(e.resources, T.component).type, "cognito-auth:index:CognitoAuth");
    });

    it("passes a consumer's component aliases down, so renaming the component keeps its pool", async () => {
        const e = await evaluate(() => {
            new CognitoAuth("identity", {}, { aliases: [{ name: "auth" }] });
            return {};
        });
        // The engine derives the children's aliases from their parent's, so the component's alias is what must arrive.
        const component = single(e.resources, T.component);
        assert.deepStrictEqual(component.aliases.map((a: any) => a.spec?.name), ["auth"]);
        assert.strictEqual(single(e.resources, T.userPool).parent, component.urn);
    });
});

describe("API reference", () => {
    it("documents every argument with a description and a @default", () => {
        const docs = readArgDocs();
        assert.deepStrictEqual(docs.get("CognitoAuthArgs")!.map((a) => a.name).sort(), [...ARG_KEYS].sort());
        for (const name of DOCUMENTED) {
            for (const a of docs.get(name)!) {
                assert.ok(a.description.length > 10, `${name}.${a.name} has a description`);
                assert.ok(a.default.length > 0, `${name}.${a.name} has a @default`);
            }
        }
    });

    it("in README.md is the one generated from the TSDoc (run `npm run docs` after changing args)", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const block = readme.slice(readme.indexOf("<!-- api:start -->") + "<!-- api:start -->".length + 1, readme.indexOf("<!-- api:end -->") - 1);
        assert.strictEqual(block, renderApiReference(), "README API block is stale: run `npm run docs`");
    });
});
