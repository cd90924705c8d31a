import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, type CognitoAuthArgs } from "../../../components";
import { evaluate, plainInputs } from "../../harness";
import { setRegion } from "../../../tools/evaluate";

const FN = (n: string) => `arn:aws:lambda:us-east-1:123456789012:function:${n}`;
const ARGS: CognitoAuthArgs = {
    environmentName: "Dev",
    domain: { prefix: "dev-auth-example" },
    oauth: { callbackUrls: ["https://app.example.com/callback", "http://localhost:3000/callback", "myapp://callback"], logoutUrls: ["https://app.example.com/"], appClient: true },
    identityProviders: {
        google: { clientId: "google-client-id.apps.googleusercontent.com", clientSecret: "google-secret-value" },
        apple: { servicesId: "com.example.signin", teamId: "TEAM123456", keyId: "KEY1234567", privateKey: "-----BEGIN PRIVATE KEY-----\nAPPLEKEY\n-----END PRIVATE KEY-----" },
        oidc: [{ name: "Corp", issuer: "https://login.corp.example.com", clientId: "corp-client", clientSecret: "corp-secret-value" }],
        saml: [{ name: "Okta", metadataUrl: "https://okta.example.com/app/metadata", attributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" }, identifiers: ["example.com"] }],
    },
    groups: [
        { name: "admins", description: "Administrators", precedence: 1, statements: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::admin-bucket/*"] }] },
        { name: "editors", precedence: 2, statements: [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::content/*"] }] },
        { name: "readers" },
    ],
    customAttributes: [{ name: "tier", type: "String", minLength: 1, maxLength: 16 }, { name: "quota", type: "Number", minValue: 0, maxValue: 1000, mutable: false }],
    triggers: {
        postConfirmation: FN("post-confirmation"), preAuthentication: FN("pre-auth"), postAuthentication: FN("post-auth"), preTokenGeneration: FN("pre-token"),
        customMessage: FN("custom-message"), userMigration: FN("migration"), defineAuthChallenge: FN("define"), createAuthChallenge: FN("create"), verifyAuthChallengeResponse: FN("verify"),
    },
};

describe("scratch", () => {
    it("dumps", async () => {
        setRegion("us-east-1");
        pulumi.runtime.setConfig("aws:region", "us-east-1");
        let auth!: CognitoAuth;
        const monitor = pulumi.runtime.getMonitor() as any;
        const orig = monitor.registerResource;
        const deps: Record<string, unknown> = {};
        monitor.registerResource = function (req: any, cb: any) {
            deps[req.getName()] = { d: req.getDependenciesList(), p: Object.fromEntries(req.getPropertydependenciesMap().toArray().map(([k, v]: any) => [k, v[0]])) };
            return orig.call(this, req, cb);
        };
        const e = await evaluate(() => {
            auth = new CognitoAuth("auth", ARGS);
            return { hostedUiUrl: auth.hostedUiUrl, customDomainTarget: auth.customDomainTarget, customDomainTargetZoneId: auth.customDomainTargetZoneId, customAttributes: auth.customAttributes };
        });
        for (const r of e.resources) {
            console.log(JSON.stringify({ t: r.type, n: r.name, i: await plainInputs(r), p: r.protect, ic: r.ignoreChanges, d: r.dependencies, aso: r.additionalSecretOutputs }, null, 1));
        }
        console.log(JSON.stringify(e.outputs), e.secrets);
        monitor.registerResource = orig;
        console.log(JSON.stringify(deps["auth-app-client"], null, 1));
    });
});
