// tools/cliConfig.ts: the CLI's config rules (pulumi/pulumi sdk/go/common/workspace config.go and
// project.go), checked with literal messages and literal merged maps.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cliConfig, readProject, readStack, validateProjectSchema, type ConfigDeclaration, type Yaml } from "../../../tools/cliConfig";

/** The repository root; this file runs from <root>/dist/tests/unit/tools. */
const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const project = (config: Record<string, ConfigDeclaration | Yaml>) => ({ name: "proj", runtime: "nodejs", config });
const run = (config: Record<string, ConfigDeclaration | Yaml>, stack: Record<string, Yaml>, decrypt?: (c: string) => string) =>
    cliConfig(project(config), stack, "dev", { decrypt });
const fails = (config: Record<string, ConfigDeclaration | Yaml>, stack: Record<string, Yaml>, message: string) =>
    assert.throws(() => run(config, stack), (e: Error) => {
        assert.strictEqual(e.message, message);
        return true;
    });

describe("cliConfig: missing values (mergeConfig, missingStackConfigurationKeysError)", () => {
    it("names one missing key as written in Pulumi.yaml", () => {
        fails({ region: { type: "string" } }, {}, "Stack 'dev' is missing configuration value 'region'");
        fails({ "proj:region": { type: "string" } }, {}, "Stack 'dev' is missing configuration value 'proj:region'");
    });

    it("lists several missing keys sorted, the last after 'and'", () => {
        fails({ zeta: { type: "string" }, alpha: { type: "integer" } }, {},
            "Stack 'dev' is missing configuration values 'alpha' and 'zeta'");
        fails({ zeta: { type: "string" }, alpha: { type: "integer" }, mid: { description: "untyped" } }, {},
            "Stack 'dev' is missing configuration values 'alpha', 'mid' and 'zeta'");
    });

    it("is satisfied by the stack, by default: \"\" and by default: [], but not by default: null", () => {
        assert.deepStrictEqual(run({ a: { type: "string" } }, { "proj:a": "x" }), { "proj:a": "x" });
        assert.deepStrictEqual(run({ a: { type: "string", default: "" }, b: { type: "array", items: { type: "string" }, default: [] } }, {}),
            { "proj:a": "", "proj:b": "[]" });
        fails({ a: { type: "string", default: null } }, {}, "Stack 'dev' is missing configuration value 'a'");
    });

    it("is reported before any type error", () => {
        fails({ a: { type: "string" }, n: { type: "integer" } }, { "proj:n": "six" }, "Stack 'dev' is missing configuration value 'a'");
    });
});

describe("cliConfig: types (validateStackConfigValue, ValidateConfigValue, InferFullTypeName)", () => {
    it("string: any scalar passes (stack scalars are text), a list does not", () => {
        assert.deepStrictEqual(run({ s: { type: "string" } }, { "proj:s": 6 }), { "proj:s": "6" });
        fails({ s: { type: "string" } }, { "proj:s": ["x"] }, "Stack 'dev' with configuration key 's' must be of type 'string'");
    });

    it("integer: whole numbers and integer text pass; 6.5, \"six\" and true do not", () => {
        assert.deepStrictEqual(run({ n: { type: "integer" } }, { "proj:n": "-42" }), { "proj:n": "-42" });
        for (const bad of [6.5, "six", true, "0x10"]) {
            fails({ n: { type: "integer" } }, { "proj:n": bad }, "Stack 'dev' with configuration key 'n' must be of type 'integer'");
        }
    });

    it("boolean: true/false only", () => {
        assert.deepStrictEqual(run({ b: { type: "boolean" } }, { "proj:b": "false" }), { "proj:b": "false" });
        for (const bad of ["yes", 1]) fails({ b: { type: "boolean" } }, { "proj:b": bad }, "Stack 'dev' with configuration key 'b' must be of type 'boolean'");
    });

    it("array: must be a list, named with its items type", () => {
        fails({ l: { type: "array", items: { type: "string" } } }, { "proj:l": "a,b" },
            "Stack 'dev' with configuration key 'l' must be of type 'array<string>'");
    });

    it("array items: every item must match, nested arrays included", () => {
        fails({ l: { type: "array", items: { type: "string" } } }, { "proj:l": ["a", 1] },
            "Stack 'dev' with configuration key 'l' must be of type 'array<string>'");
        fails({ m: { type: "array", items: { type: "array", items: { type: "integer" } } } }, { "proj:m": [[1], [2.5]] },
            "Stack 'dev' with configuration key 'm' must be of type 'array<array<integer>>'");
        assert.deepStrictEqual(run({ m: { type: "array", items: { type: "array", items: { type: "integer" } } } }, { "proj:m": [[1], [2]] }),
            { "proj:m": "[[1],[2]]" });
    });

    it("object: a map passes, a list does not", () => {
        assert.deepStrictEqual(run({ o: { type: "object" } }, { "proj:o": { b: 1, a: true } }), { "proj:o": '{"a":true,"b":1}' });
        fails({ o: { type: "object" } }, { "proj:o": [1] }, "Stack 'dev' with configuration key 'o' must be of type 'object'");
    });

    it("untyped keys are not checked", () => {
        assert.deepStrictEqual(run({ u: { description: "free" } }, { "proj:u": [1, "x"] }), { "proj:u": '[1,"x"]' });
    });
});

describe("cliConfig: secrets (validateStackConfigValue)", () => {
    const decrypt = (c: string) => `plain(${c})`;

    it("refuses a secret: true key whose stack value is not encrypted", () => {
        fails({ token: { type: "string", secret: true } }, { "proj:token": "hunter2" },
            "Stack 'dev' with configuration key 'token' must be encrypted as it's secret");
    });

    it("refuses a secret: true key filled from its default (CLI >= 3.202.0)", () => {
        fails({ token: { type: "string", secret: true, default: "" } }, {},
            "Stack 'dev' with configuration key 'token' must be encrypted as it's secret");
    });

    it("accepts { secure: … } and hands the program the decrypted text", () => {
        assert.deepStrictEqual(run({ token: { type: "string", secret: true } }, { "proj:token": { secure: "v1:abc" } }, decrypt),
            { "proj:token": "plain(v1:abc)" });
    });

    it("counts a list holding a secure item as encrypted, and type-checks the decrypted items", () => {
        assert.deepStrictEqual(run({ l: { type: "array", items: { type: "string" }, secret: true } }, { "proj:l": [{ secure: "x" }, "y"] }, decrypt),
            { "proj:l": '["plain(x)","y"]' });
    });

    it("does not enforce secret on untyped keys", () => {
        assert.deepStrictEqual(run({ token: { secret: true } }, { "proj:token": "hunter2" }), { "proj:token": "hunter2" });
    });
});

describe("cliConfig: merging and stringification (createConfigValue, object.MarshalString)", () => {
    it("merges every kind of default, stringified as the CLI does", () => {
        assert.deepStrictEqual(run({
            s: { type: "string", default: "Auth" },
            n: { type: "integer", default: 8 },
            b: { type: "boolean", default: false },
            l: { type: "array", items: { type: "string" }, default: ["a", "<b>"] },
            e: { type: "array", items: { type: "string" }, default: [] },
            f: { default: 1.5 },
            o: { default: { z: 1, a: [true] } },
            short: 3,
        }, {}), {
            "proj:b": "false",
            "proj:e": "[]",
            "proj:f": "1.5",
            "proj:l": '["a","\\u003cb\\u003e"]',
            "proj:n": "8",
            "proj:o": '{"a":[true],"z":1}',
            "proj:s": "Auth",
            "proj:short": "3",
        });
    });

    it("lets the stack value override the default", () => {
        assert.deepStrictEqual(run({ n: { type: "integer", default: 8 }, l: { type: "array", items: { type: "string" }, default: [] } },
            { "proj:n": 6, "proj:l": ["x"] }), { "proj:l": '["x"]', "proj:n": "6" });
    });

    it("namespaces bare stack keys with the project and reads legacy <ns>:config:<name> keys", () => {
        assert.deepStrictEqual(run({ n: { type: "integer", default: 8 } }, { n: 7, "aws:config:region": "eu-west-1" }),
            { "aws:region": "eu-west-1", "proj:n": "7" });
    });

    it("passes other namespaces through untouched and applies their project `value` only when the stack has none", () => {
        const config = { "aws:region": { value: "us-east-1" }, "aws:profile": "ops" };
        assert.deepStrictEqual(run(config, {}), { "aws:profile": "ops", "aws:region": "us-east-1" });
        assert.deepStrictEqual(run(config, { "aws:region": "ap-northeast-2", "random:seed": 1.50 }),
            { "aws:profile": "ops", "aws:region": "ap-northeast-2", "random:seed": "1.5" });
    });

    it("does not reject undeclared keys of the project namespace", () => {
        assert.deepStrictEqual(run({}, { "proj:undeclared": true, "proj:nothing": null }), { "proj:nothing": "null", "proj:undeclared": "true" });
    });

    it("refuses keys that are not <namespace>:<name> (config.ParseKey)", () => {
        fails({}, { "a:b:c": 1 }, "could not parse a:b:c as a configuration key (configuration keys should be of the form `<namespace>:<name>`)");
    });
});

describe("cliConfig: Pulumi.yaml rules (Project.Validate)", () => {
    it("requires items on a typed array", () => {
        fails({ l: { type: "array" } }, {}, "The configuration key 'l' declares an array but does not specify the underlying type via the 'items' attribute");
    });

    it("checks a default against its type", () => {
        fails({ n: { type: "integer", default: "eight" } }, {}, "The default value specified for configuration key 'n' is not of the expected type 'integer'");
        fails({ l: { type: "array", items: { type: "integer" }, default: ["x"] } }, {},
            "The default value specified for configuration key 'l' is not of the expected type 'array<integer>'");
    });

    it("refuses default together with value", () => {
        fails({ n: { default: 1, value: 2 } }, {}, "project config 'n' cannot have both a 'default' and 'value' attribute");
    });

    it("allows other namespaces a value only", () => {
        fails({ "aws:region": { type: "string", value: "x" } }, {}, "Configuration key 'aws:region' is not namespaced by the project and should not define a type");
        fails({ "aws:region": { default: "x" } }, {}, "Configuration key 'aws:region' is not namespaced by the project and should not define a default value. " +
            "Did you mean to use the 'value' attribute instead of 'default'?");
        fails({ "aws:region": { description: "x" } }, {}, "Configuration key 'aws:region' is namespaced and must provide an attribute 'value'");
    });

    it("requires a project name", () => {
        assert.throws(() => cliConfig({ runtime: "nodejs" }, {}, "dev"), { message: "project is missing a 'name' attribute" });
    });
});

describe("readProject / readStack: YAML as the CLI reads it", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-config-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: proj\nruntime: nodejs\nconfig:\n  day:\n    type: string\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  proj:day: 2024-01-01\n  proj:yes: yes\n  proj:t: True\n  proj:f: 1.50\n");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("keeps dates and yes as text, True as a boolean, 1.50 as the number 1.5", () => {
        assert.deepStrictEqual(cliConfig(readProject(dir), readStack(dir, "dev").config, "dev"),
            { "proj:day": "2024-01-01", "proj:f": "1.5", "proj:t": "true", "proj:yes": "yes" });
    });

    it("treats a missing stack file as an empty stack", () => {
        assert.deepStrictEqual(readStack(dir, "nope"), {});
        assert.throws(() => cliConfig(readProject(dir), readStack(dir, "nope").config, "nope"),
            { message: "Stack 'nope' is missing configuration value 'day'" });
    });
});

describe("validateProjectSchema (sdk/go/common/workspace/project.json)", () => {
    it("accepts a minimal project and the repository's Pulumi.yaml", () => {
        assert.deepStrictEqual(validateProjectSchema({ name: "proj", runtime: "nodejs" }), []);
        assert.deepStrictEqual(validateProjectSchema(readProject(ROOT)), []);
    });

    it("rejects a config type outside string/integer/boolean/array", () => {
        const errors = validateProjectSchema(project({ n: { type: "number" } }));
        assert.ok(errors.includes("#/config/n/type: must be equal to one of the allowed values (string, integer, boolean, array)"), errors.join("\n"));
    });

    it("rejects a misspelled attribute of a config declaration", () => {
        const errors = validateProjectSchema(project({ n: { type: "integer", defualt: 1 } }));
        assert.ok(errors.includes("#/config/n: must NOT have additional properties 'defualt'"), errors.join("\n"));
    });

    it("rejects a project without runtime", () => {
        assert.deepStrictEqual(validateProjectSchema({ name: "proj" }), ["#: must have required property 'runtime'"]);
    });
});

describe("the repository's Pulumi.yaml with its stacks", () => {
    // What the CLI hands the program: every declared key (the CLI fills in each default), then what the
    // stack file sets. "" is the declared default of the settings that are derived or unset.
    const PROJECT_DEFAULTS = {
        "cognito-auth:accessTokenValidityMinutes": "60",
        "cognito-auth:adoptAppClientId": "",
        "cognito-auth:adoptIdentityPoolId": "",
        "cognito-auth:adoptStep": "import",
        "cognito-auth:adoptUserPoolId": "",
        "cognito-auth:adoptWebClientId": "",
        "cognito-auth:alarmEmail": "",
        "cognito-auth:alarmsEnabled": "true",
        "cognito-auth:allowPasswordAuth": "false",
        "cognito-auth:allowUnauthenticatedIdentities": "false",
        "cognito-auth:allowedEmailDomains": "[]",
        "cognito-auth:autoConfirmSignUps": "false",
        "cognito-auth:customDomain": "",
        "cognito-auth:customDomainCertificateArn": "",
        "cognito-auth:deviceRemembering": "USER_OPT_IN",
        "cognito-auth:domainPrefix": "",
        "cognito-auth:emailConfigurationSet": "",
        "cognito-auth:emailFrom": "",
        "cognito-auth:emailReplyTo": "",
        "cognito-auth:emailSesIdentityArn": "",
        "cognito-auth:emailVerificationMessage": "Your verification code is {####}.",
        "cognito-auth:emailVerificationSubject": "Your verification code",
        "cognito-auth:environmentName": "",
        "cognito-auth:executionRole": "false",
        "cognito-auth:executionRoleFunctionArns": "[]",
        "cognito-auth:executionRoleTableArns": "[]",
        "cognito-auth:executionRoleVpcAccess": "false",
        "cognito-auth:featurePlan": "",
        "cognito-auth:idTokenValidityMinutes": "60",
        "cognito-auth:iot": "true",
        "cognito-auth:iotTopicPrefix": "devices",
        "cognito-auth:logRetentionDays": "30",
        "cognito-auth:managedLoginVersion": "2",
        "cognito-auth:mfa": "OPTIONAL",
        "cognito-auth:oauthAppClient": "false",
        "cognito-auth:oauthCallbackUrls": "[]",
        "cognito-auth:oauthLogoutUrls": "[]",
        "cognito-auth:oauthScopes": '["openid","email","profile"]',
        "cognito-auth:passwordMinimumLength": "8",
        "cognito-auth:passwordRequireCharacterClasses": "true",
        "cognito-auth:production": "false",
        "cognito-auth:productionWaivers": "[]",
        "cognito-auth:refreshTokenValidityDays": "365",
        "cognito-auth:threatProtection": "",
    };
    const EXPECTED: Record<string, Record<string, string>> = {
        dev: {
            ...PROJECT_DEFAULTS,
            "aws:region": "ap-northeast-2",
            "cognito-auth:allowedEmailDomains": '["example.com","example.org"]',
            "cognito-auth:autoConfirmSignUps": "true",
            "cognito-auth:environmentName": "Dev",
            "cognito-auth:executionRole": "true",
            "cognito-auth:logRetentionDays": "14",
        },
        prod: {
            ...PROJECT_DEFAULTS,
            "aws:region": "ap-northeast-2",
            "cognito-auth:allowedEmailDomains": '["example.com"]',
            "cognito-auth:emailFrom": "Example <no-reply@example.com>",
            "cognito-auth:emailSesIdentityArn": "arn:aws:ses:ap-northeast-2:123456789012:identity/example.com",
            "cognito-auth:environmentName": "Prod",
            "cognito-auth:executionRole": "true",
            "cognito-auth:logRetentionDays": "365",
            "cognito-auth:production": "true",
        },
    };
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: the CLI accepts it and hands the program exactly this config`, () => {
            assert.deepStrictEqual(cliConfig(readProject(ROOT), readStack(ROOT, stack).config, stack), EXPECTED[stack]);
        });
    }

    it("Pulumi.yaml validates against the CLI's published project schema", () => {
        assert.deepStrictEqual(validateProjectSchema(readProject(ROOT)), []);
    });
});
