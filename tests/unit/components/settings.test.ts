// The settings table's own helpers: the format rules of its rows and the values it derives, tested at
// the edges the rules are written for. (How a refused value is reported is validate.test.ts's concern.)
import * as assert from "assert";
import { getPath, pascalCase, sesRegionsFor, SETTINGS, type Setting, type SettingPath } from "../../../components/settings";

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

    describe("checks", () => {
        const check = (path: SettingPath) => (v: unknown, s: unknown) => (SETTINGS[path] as Setting).check!(v as never, s as never);

        it("allows at most 100 logout URLs", () => {
            const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://app.example.com/out/${i}`);
            assert.strictEqual(check("oauth.logoutUrls")(urls(100), {}), undefined);
            assert.strictEqual(check("oauth.logoutUrls")(urls(101), {}), "list at most 100 URLs (got 101)");
        });

        it("takes a sender equal to an SES address identity in any case, and only that address", () => {
            const s = { email: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/No-Reply@Example.com" } };
            assert.strictEqual(check("email.from")("Example <no-reply@EXAMPLE.com>", s), undefined);
            assert.strictEqual(check("email.from")("other@example.com", s), 'be an address the SES identity "No-Reply@Example.com" covers (got "other@example.com")');
        });
    });

    describe("paths", () => {
        it("reads a dotted path, undefined past a missing or null level", () => {
            assert.strictEqual(getPath({ a: { b: 1 } }, "a.b"), 1);
            assert.strictEqual(getPath({ a: null }, "a.b"), undefined);
            assert.strictEqual(getPath({ a: 1 }, "a.b"), undefined);
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

        it("takes a domain prefix of 1–63 characters", () => {
            assertFormat("domain.prefix", ["a", "a1", "my-auth", "a".repeat(63)], ["", "a".repeat(64), "-a", "a-"]);
        });

        // CloudFront serves a custom domain and takes ACM certificates from us-east-1 of the aws partition only.
        it("takes an ACM certificate ARN in us-east-1, and nothing around it", () => {
            const cert = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
            assertFormat("domain.certificateArn", [cert], [`x${cert}`, `${cert}/x`, cert.replace("us-east-1", "eu-west-1"), cert.replace("arn:aws:", "arn:aws-cn:")]);
        });

        // Ids as AWS forms them: <region>_<id> (user pool), <region>:<uuid> (identity pool), lower-case alphanumerics (client).
        it("takes adopted ids in AWS's forms, regions of several words included, and nothing around them", () => {
            assertFormat("adopt.userPoolId", ["us-east-1_AbC123xyZ", "us-gov-west-1_AbC123xyZ"], [" us-east-1_AbC123xyZ", "us-east-1_AbC123xyZ ", "us-east-1:AbC123xyZ", "us-east-1_"]);
            assertFormat("adopt.appClientId", ["1a2b3c4d5e6f7g8h9i0j1k2l3m", "a".repeat(128)], [" 1a2b3c", "1a2b3c ", "1A2B3C", "a".repeat(129)]);
            const uuid = "11111111-2222-3333-4444-555555555555";
            assertFormat("adopt.identityPoolId", [`us-east-1:${uuid}`, `us-gov-west-1:${uuid}`], [` us-east-1:${uuid}`, `us-east-1:${uuid} `, `us-east-1_${uuid}`]);
        });

        it("takes a DynamoDB table ARN in any partition, and nothing around it", () => {
            const table = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders";
            assertFormat("executionRole.dynamoDbTableArns", [table, "arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/Orders"], [`x${table}`, `${table}/index/byDate`, `${table}*`, table.replace("arn:aws:", "arn:aws1:")]);
        });

        it("takes an e-mail subject of 1–140 characters and a verification message of at most 20000 holding the code placeholder", () => {
            assertFormat("email.verificationSubject", ["a", "s".repeat(140)], ["", "s".repeat(141)]);
            assertFormat("email.verificationMessage", ["{####}", `${"m".repeat(19994)}{####}`], [`${"m".repeat(19995)}{####}`, "Your code is {###}."]);
        });

        it("takes an IoT topic prefix of one or more levels of at most 100 characters in all", () => {
            assertFormat("iot.topicPrefix", ["devices", "fleet-1/devices_v2", "t".repeat(100)], ["t".repeat(101), "fleet/+", "fleet/", "/fleet", "$aws"]);
        });
    });
});
