// The public API consumers build on: transforms for every child, typed nodes, stable logical names,
// aliases, the recorded API surface.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, type CognitoAuthArgs, type CognitoAuthTransforms } from "../../../components";
import { CHILD_KEYS, CHILDREN, childName } from "../../../components/children";
import { currentApiSurface, nextApiSurface, recordedApiSurface, topChangelogSection } from "../../../tools/docs";
import { evaluate, named, single, T, type RecordedResource } from "../../harness";

const FN = "arn:aws:lambda:ap-northeast-2:123456789012:function:hook";
/** Everything optional turned on, so that every child exists (children made per item: one item each). */
const EVERYTHING: CognitoAuthArgs = {
    executionRole: {},
    allowUnauthenticatedIdentities: true,
    alarms: { email: "ops@example.com" },
    featurePlan: "PLUS",
    threatProtection: "ENFORCED",
    domain: { prefix: "auth-example" },
    oauth: { callbackUrls: ["https://app.example.com/callback"] },
    identityProviders: { google: { clientId: "google-client", clientSecret: "google-secret" } },
    groups: [{ name: "admins", precedence: 1, statements: [{ Effect: "Allow", Action: ["iot:Publish"], Resource: ["arn:aws:iot:ap-northeast-2:123456789012:topic/admin/*"] }] }],
    triggers: { postConfirmation: FN },
};
/** The item of each child made per item, with EVERYTHING. */
const ITEMS: Record<string, string> = { identityProvider: "Google", loginBranding: "web", triggerPermission: "postConfirmation", group: "admins", groupRole: "admins", groupPolicy: "admins" };
const nameOf = (key: (typeof CHILD_KEYS)[number]) => childName("auth", key, ITEMS[key]);

describe("CognitoAuth API", () => {
    it("applies a function transform to every child, with its logical name and mutable resource options", async () => {
        const seen: string[] = [];
        const transform = Object.fromEntries(
            CHILD_KEYS.map((key) => [
                key,
                (_args: unknown, opts: pulumi.CustomResourceOptions, name: string) => {
                    seen.push(`${key}=${name}`);
                    opts.ignoreChanges = [...(opts.ignoreChanges ?? []), "tags"];
                },
            ]),
        ) as CognitoAuthTransforms;
        const e = await evaluate(() => {
            new CognitoAuth("auth", { ...EVERYTHING, transform });
            return {};
        });
        assert.deepStrictEqual(seen.sort(), CHILD_KEYS.map((k) => `${k}=${nameOf(k)}`).sort());
        const children = e.resources.filter((r) => r.custom);
        assert.strictEqual(children.length, CHILD_KEYS.length, "every child of the registry exists with everything on");
        for (const r of children) assert.ok(r.ignoreChanges.includes("tags"), `${r.type} ${r.name}`);
    });

    it("merges a partial-args transform over the component's args, changing only what it names", async () => {
        const e = await evaluate(() => {
            new CognitoAuth("auth", {
                transform: {
                    userPool: { tags: { team: "iot" } },
                    webClient: { callbackUrls: ["https://app.example.com/callback"] },
                    preSignUpFunction: { tracingConfig: { mode: "Active" } },
                    authenticatedRole: { permissionsBoundary: "arn:aws:iam::123456789012:policy/boundary" },
                },
            });
            return {};
        });
        assert.deepStrictEqual(single(e.resources, T.userPool).inputs.tags, { team: "iot" });
        assert.strictEqual(single(e.resources, T.userPool).inputs.name, "AuthUserPool");
        const web = named(e.resources, "auth-web-client");
        assert.deepStrictEqual([web.inputs.callbackUrls, web.inputs.generateSecret], [["https://app.example.com/callback"], false]);
        assert.deepStrictEqual(named(e.resources, "auth-pre-sign-up", T.fn).inputs.tracingConfig, { mode: "Active" });
        assert.strictEqual(named(e.resources, "auth-authenticated-role").inputs.permissionsBoundary, "arn:aws:iam::123456789012:policy/boundary");
    });

    it("lets a transform add an alias, so a consumer can rename a child without replacing it", async () => {
        const e = await evaluate(() => {
            new CognitoAuth("auth", {
                transform: {
                    appClient: (_args, opts) => {
                        opts.aliases = [{ name: "old-app-client" }];
                    },
                },
            });
            return {};
        });
        assert.deepStrictEqual(named(e.resources, "auth-app-client").aliases, ["old-app-client"]);
    });

    it("exposes every created child under its transform key, and nothing else", async () => {
        /** The registry key of a recorded child (names repeat across types, so the type decides too). */
        const keyOf = (r: RecordedResource) => CHILD_KEYS.find((k) => nameOf(k) === r.name && (CHILDREN[k].ctor as unknown as { __pulumiType: string }).__pulumiType === r.type);
        for (const args of [EVERYTHING, { iot: { enabled: false }, alarms: { enabled: false } }]) {
            let auth!: CognitoAuth;
            const e = await evaluate(() => {
                auth = new CognitoAuth("auth", args);
                return {};
            });
            const created = e.resources.filter((r) => r.custom).map(keyOf);
            assert.ok(created.every(Boolean), "every child is in the registry");
            assert.deepStrictEqual(Object.keys(auth.nodes).sort(), (created as string[]).sort());
            for (const [key, node] of Object.entries(auth.nodes)) {
                const k = key as (typeof CHILD_KEYS)[number];
                // Children made per item are records by item.
                const resource = (CHILDREN[k].multi ? (node as unknown as Record<string, pulumi.Resource>)[ITEMS[k]] : node) as pulumi.Resource;
                const urn = await new Promise<string>((resolve) => resource.urn.apply(resolve));
                assert.strictEqual(urn.split("::").pop(), nameOf(k), key);
            }
        }
    });

    it("keeps the children's logical names stable (renaming one would replace it: add an alias instead)", () => {
        // The contract with every deployed stack. If a name must change, keep the old one working with
        // `aliases: [{ name: "<old>" }]` on that child (a breaking change otherwise, see CHANGELOG.md).
        assert.deepStrictEqual(CHILD_KEYS.map((k) => `auth-${CHILDREN[k].suffix.replace("{}", "<item>")}`).sort(), [
            "auth-account-takeover-risk", "auth-alarms", "auth-alarms-email", "auth-alarms-policy", "auth-app-client", "auth-authenticated-policy",
            "auth-authenticated-role", "auth-compromised-credentials-risk", "auth-domain", "auth-execution-policy", "auth-execution-role",
            "auth-group-<item>", "auth-group-<item>-policy", "auth-group-<item>-role", "auth-identity-pool", "auth-idp-<item>",
            "auth-iot-attach", "auth-iot-attach-5xx", "auth-iot-attach-access-logs", "auth-iot-attach-api", "auth-iot-attach-integration",
            "auth-iot-attach-invoke", "auth-iot-attach-logs", "auth-iot-attach-policy", "auth-iot-attach-role", "auth-iot-attach-route",
            "auth-iot-attach-stage", "auth-iot-policy", "auth-login-branding-<item>", "auth-pre-sign-up", "auth-pre-sign-up-duration", "auth-pre-sign-up-errors",
            "auth-pre-sign-up-invoke", "auth-pre-sign-up-logs", "auth-pre-sign-up-logs", "auth-pre-sign-up-role", "auth-pre-sign-up-throttles",
            "auth-roles", "auth-trigger-<item>-invoke", "auth-unauthenticated-role", "auth-user-pool", "auth-web-client",
        ]);
    });

    it("passes a consumer's component aliases down, so renaming the component keeps its pool", async () => {
        const e = await evaluate(() => {
            new CognitoAuth("identity", {}, { aliases: [{ name: "auth" }] });
            return {};
        });
        const component = single(e.resources, T.component);
        assert.deepStrictEqual(component.aliases, ["auth"]);
        assert.strictEqual(single(e.resources, T.userPool).parent, component.urn);
    });
});

describe("the public API surface", () => {
    it("is the one recorded in api-surface.json, for the CHANGELOG's open section (record it with `npm run docs`)", () => {
        const recorded = recordedApiSurface();
        assert.ok(recorded, "api-surface.json exists");
        assert.deepStrictEqual(currentApiSurface(recorded.changelogSection), recorded, "the public API changed: describe it in CHANGELOG.md, then run `npm run docs`");
        assert.strictEqual(recorded.changelogSection, topChangelogSection(), "the recorded surface belongs to CHANGELOG.md's top section");
    });

    describe("what `npm run docs` records", () => {
        const surface = (changelogSection: string, declarationsSha256 = "a".repeat(64)) => ({ changelogSection, exports: ["CognitoAuth"], declarationsSha256 });
        it("an unchanged surface, under the top section (a release renames [Unreleased] to its version)", () => {
            assert.deepStrictEqual(nextApiSurface(surface("0.2.0"), surface("Unreleased")), surface("0.2.0"));
            assert.deepStrictEqual(nextApiSurface(surface("0.2.0"), surface("0.2.0")), surface("0.2.0"));
        });
        it("a changed surface while [Unreleased] is open, and the first surface ever", () => {
            assert.deepStrictEqual(nextApiSurface(surface("Unreleased", "b".repeat(64)), surface("Unreleased")), surface("Unreleased", "b".repeat(64)));
            assert.deepStrictEqual(nextApiSurface(surface("Unreleased"), undefined), surface("Unreleased"));
        });
        it("refuses a changed surface under a released section, saying what to do", () => {
            assert.throws(() => nextApiSurface(surface("0.2.0", "b".repeat(64)), surface("0.2.0")), {
                message: "the public API changed, but CHANGELOG.md's top section is still the released [0.2.0]: describe the change under ## [Unreleased] first",
            });
            assert.throws(() => nextApiSurface({ ...surface("0.2.0"), exports: ["CognitoAuth", "Extra"] }, surface("0.2.0")), /the public API changed/);
        });
    });

    it("exports the component, its argument, output, node and transform types, the error type and the policy types only", () => {
        assert.deepStrictEqual(recordedApiSurface()!.exports, [
            "AlarmArgs", "AppleProviderArgs", "AttributeMapping", "COGNITO_IDENTITY_ID", "ChildArgs", "ChildKey", "ChildResource", "CognitoAuth", "CognitoAuthArgs", "CognitoAuthNodes",
            "CognitoAuthOutputs", "CognitoAuthTransforms", "CognitoAuthValidationError", "CustomAttributeArgs", "DeviceRemembering", "DomainArgs",
            "EmailArgs", "ExecutionRoleArgs", "FeaturePlan", "GoogleProviderArgs", "GroupArgs", "IdentityProvidersArgs", "IotArgs", "LabeledProblem",
            "MfaMode", "MultiKey", "OAuthArgs", "OAuthScope", "OidcProviderArgs", "PasswordPolicyArgs", "PolicyStatement", "PolicyStatementInput",
            "ProductionWaiver", "ResolvedArgs", "SamlProviderArgs", "ThreatProtectionMode", "TokenValidityArgs", "Transform", "TriggerArgs",
        ]);
    });
});
