// The settings table's own helpers: the format rules of its rows and the values it derives, tested at
// the edges the rules are written for. (How a refused value is reported is validate.test.ts's concern.)
import * as assert from "assert";
import { pascalCase, sesRegionsFor, SETTINGS, type Setting, type SettingPath } from "../../../components/settings";

function formatOf(path: SettingPath): (v: string) => boolean {
    const format = (SETTINGS[path] as Setting).format;
    assert.ok(format, `${path} has a format`);
    return format.test;
}

function assertFormat(path: SettingPath, accepted: string[], refused: string[]): void {
    const test = formatOf(path);
    assert.deepStrictEqual(accepted.filter((v) => !test(v)), [], `${path} refuses values it should accept`);
    assert.deepStrictEqual(refused.filter((v) => test(v)), [], `${path} accepts values it should refuse`);
}

const ARN_PREFIX = "arn:aws:lambda:us-east-1:123456789012:function";

describe("settings table", () => {
    describe("derived values", () => {
        it("builds the display-name prefix from the name's letters and digits, one word per run between separators", () => {
            assert.strictEqual(pascalCase("my-auth_stack"), "MyAuthStack");
            assert.strictEqual(pascalCase("_auth--v2."), "AuthV2");
            assert.strictEqual(pascalCase("iot"), "Iot");
        });

        // Cognito developer guide, "Email settings for Amazon Cognito user pools" (Amazon SES email
        // configuration Regions): a pool sends through SES in its own region or, for these regions only,
        // in one alternate region.
        it("lets a pool send through SES in its own region, and in the one alternate region AWS documents for it", () => {
            const documented: [string, string[]][] = [
                ["us-east-1", ["us-east-1"]],
                ["us-west-2", ["us-west-2"]],
                ["eu-west-1", ["eu-west-1"]],
                ["eu-north-1", ["eu-north-1"]],
                ["ca-central-1", ["ca-central-1", "us-east-1"]],
                ["us-east-2", ["us-east-2", "us-east-1"]],
                ["ap-northeast-1", ["ap-northeast-1", "us-west-2"]],
                ["ap-northeast-2", ["ap-northeast-2", "us-west-2"]],
                ["ap-south-1", ["ap-south-1", "us-west-2"]],
                ["ap-southeast-1", ["ap-southeast-1", "us-west-2"]],
                ["ap-southeast-2", ["ap-southeast-2", "us-west-2"]],
                ["eu-central-1", ["eu-central-1", "eu-west-1"]],
                ["eu-west-2", ["eu-west-2", "eu-west-1"]],
            ];
            assert.deepStrictEqual(
                documented.map(([region]) => [region, sesRegionsFor(region)]),
                documented,
            );
        });
    });

    describe("formats", () => {
        // Lambda ARNs (Lambda API reference, FunctionName / Qualifier): partition aws, aws-cn, aws-us-gov;
        // a name of 1–64 of [A-Za-z0-9_-]; an optional version or alias qualifier of 1–128 characters.
        it("takes a Lambda function ARN in any partition, with or without a qualifier, and nothing around it", () => {
            assertFormat(
                "triggers.preSignUp",
                [`${ARN_PREFIX}:check`, `${ARN_PREFIX}:check:live`, `${ARN_PREFIX}:check:$LATEST`, `${ARN_PREFIX}:check:${"q".repeat(128)}`, "arn:aws-cn:lambda:cn-north-1:123456789012:function:check", "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:check"],
                [`x${ARN_PREFIX}:check`, `${ARN_PREFIX}:check `, `${ARN_PREFIX}:check:`, `${ARN_PREFIX}:check:${"q".repeat(129)}`, `${ARN_PREFIX}:check:a/b`, "arn:aws1:lambda:us-east-1:123456789012:function:check"],
            );
        });

        it("takes an SES identity ARN for an address or a domain, in any partition, and nothing around it", () => {
            const ses = "arn:aws:ses:us-east-1:123456789012:identity";
            assertFormat(
                "email.sesIdentityArn",
                [`${ses}/example.com`, `${ses}/no-reply@example.com`, "arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/example.com"],
                [`x${ses}/example.com`, `${ses}/example.com/extra`, `${ses}/example.com `, `${ses}/*`, "arn:aws1:ses:us-east-1:123456789012:identity/example.com"],
            );
        });

        it('takes a sender as a bare address or as "Name <address>" with a name of at most 100 characters', () => {
            assertFormat(
                "email.from",
                ["no-reply@example.com", "Example <no-reply@example.com>", `${"n".repeat(100)} <no-reply@example.com>`],
                [`${"n".repeat(101)} <no-reply@example.com>`, "Example <no-reply@example.com> ", "Example <no-reply@example.com>x", "Example <not an address>", "Example no-reply@example.com", "<no-reply@example.com>"],
            );
        });

        it("takes a fully qualified host name of at most 253 characters, with labels of 1–63 characters", () => {
            const label = "a".repeat(63);
            const longest = [label, label, label, "a".repeat(61)].join(".");
            assert.strictEqual(longest.length, 253);
            assertFormat(
                "domain.customDomain",
                ["auth.example.com", "a.b.example.com", "x.io", longest],
                [`${longest}a`, "auth.example.com.", "auth.example.com:443", "auth.example.com/", `${"a".repeat(64)}.example.com`, "auth.-example.com", "Auth.example.com"],
            );
        });

        // CreateUserPoolClient CallbackURLs: HTTPS, http://localhost for testing, or an app's own scheme;
        // schemes that run or read content in the browser are refused here.
        it("takes https, http://localhost and an app's own scheme as a redirect URL, and refuses schemes that run or read content", () => {
            assertFormat(
                "oauth.callbackUrls",
                ["https://app.example.com/cb", "HTTPS://APP.example.com/cb", "http://localhost:3000/cb", "myapp://callback", "com.example.app:/oauth"],
                ["javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "ftp://example.com/cb", "http://app.example.com/cb", "https://", "https://app.example.com/#cb", "not a url"],
            );
        });

        it("takes an IoT topic prefix of one or more levels of at most 100 characters in all", () => {
            assertFormat("iot.topicPrefix", ["devices", "fleet-1/devices_v2", "t".repeat(100)], ["t".repeat(101), "fleet/+", "fleet/", "/fleet", "$aws"]);
        });
    });
});
