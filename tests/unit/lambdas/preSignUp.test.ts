import * as assert from "assert";
import { ENV_ALLOWED_DOMAINS, ENV_AUTO_CONFIRM, REJECTION_MESSAGE, emailDomain, settingsFromEnv } from "../../../lambdas/preSignUp";
import { loadDeployedHandler, signUpEvent } from "../../deployedHandler";

const env = (domains: string, autoConfirm = "false") => ({ [ENV_ALLOWED_DOMAINS]: domains, [ENV_AUTO_CONFIRM]: autoConfirm });
const rejects = (p: Promise<unknown>) => assert.rejects(p, (e: Error) => e.message === REJECTION_MESSAGE);

describe("PreSignUp handler (deployed bytes)", () => {
    describe("allowed e-mail domains", () => {
        it("lets anyone sign up when the list is empty", async () => {
            const { handler } = loadDeployedHandler(env(""));
            const out = await handler(signUpEvent("someone@anywhere.io"));
            assert.strictEqual(out.response.autoConfirmUser, false);
        });

        it("accepts an allowed domain, case-insensitively on both sides", async () => {
            const { handler } = loadDeployedHandler(env("Example.COM, example.org"));
            await handler(signUpEvent("a@example.com"));
            await handler(signUpEvent("B@EXAMPLE.ORG"));
        });

        for (const email of ["a@evil-example.com", "a@example.com.evil.io", "a@sub.example.com", "a@example.com.", "a@exаmple.com", "a@\u212Aexample.com"]) {
            it(`rejects look-alikes and suffix tricks: ${JSON.stringify(email)}`, async () => {
                const { handler } = loadDeployedHandler(env("example.com,kexample.com"));
                await rejects(handler(signUpEvent(email)));
            });
        }

        for (const email of [undefined, "", "no-at-sign", "@example.com", "a@b@example.com", 42, { x: 1 }]) {
            it(`rejects a missing or malformed e-mail when a list is set: ${JSON.stringify(email)}`, async () => {
                const { handler } = loadDeployedHandler(env("example.com"));
                await rejects(handler(signUpEvent(email)));
            });
        }

        it("applies the same rule to external-provider sign-ups", async () => {
            const { handler } = loadDeployedHandler(env("example.com"));
            await rejects(handler(signUpEvent("a@gmail.com", "PreSignUp_ExternalProvider")));
            const ok = await handler(signUpEvent("a@example.com", "PreSignUp_ExternalProvider"));
            assert.strictEqual(ok.response.autoConfirmUser, false, "external users are confirmed by Cognito, not here");
        });

        it("refuses a federated address its provider reports unverified (email_verified \"false\"), and trusts a provider that maps none", async () => {
            const { handler } = loadDeployedHandler(env("example.com"));
            const federated = (verified?: string) => {
                const event = signUpEvent("a@example.com", "PreSignUp_ExternalProvider");
                if (verified !== undefined) event.request.userAttributes.email_verified = verified;
                return event;
            };
            await rejects(handler(federated("false")));
            await rejects(handler(federated("False")));
            assert.strictEqual((await handler(federated("true"))).response.autoConfirmUser, false);
            assert.strictEqual((await handler(federated())).response.autoConfirmUser, false);
            // Self sign-ups verify their address with Cognito's code: their email_verified is Cognito's to set.
            const self = signUpEvent("a@example.com");
            self.request.userAttributes.email_verified = "false";
            await handler(self);
        });

        it("passes administrator-created users untouched, whatever their domain", async () => {
            const { handler } = loadDeployedHandler(env("example.com", "true"));
            const event = signUpEvent("a@elsewhere.net", "PreSignUp_AdminCreateUser");
            const before = JSON.stringify(event);
            assert.strictEqual(JSON.stringify(await handler(event)), before);
        });

        it("without a list, lets a federated user in whatever its provider says about the address (no domain to prove)", async () => {
            const { handler } = loadDeployedHandler(env(""));
            const event = signUpEvent("a@example.com", "PreSignUp_ExternalProvider");
            event.request.userAttributes.email_verified = "false";
            assert.strictEqual((await handler(event)).response.autoConfirmUser, false);
        });

        it("rejects an unknown trigger source, logging it as unknown (the event is the caller's to fill)", async () => {
            const { handler, logs } = loadDeployedHandler(env(""));
            await rejects(handler(signUpEvent("a@example.com", "PreSignUp_Unknown")));
            assert.deepStrictEqual(JSON.parse(logs[0]), { level: "warn", msg: "sign-up rejected", reason: "unknown trigger source", triggerSource: "unknown", emailDomain: null });
        });
    });

    describe("auto-confirmation", () => {
        it("confirms and verifies self sign-ups when enabled", async () => {
            const { handler } = loadDeployedHandler(env("example.com", "true"));
            const out = await handler(signUpEvent("a@example.com"));
            assert.deepStrictEqual(out.response, { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false });
        });

        it("writes the flags into a fresh response when Cognito's is not an object", async () => {
            const { handler } = loadDeployedHandler(env("", "true"));
            for (const response of [null, "junk", 7]) {
                const event = { ...signUpEvent("a@example.com"), response } as unknown as ReturnType<typeof signUpEvent>;
                assert.deepStrictEqual((await handler(event)).response, { autoConfirmUser: true, autoVerifyEmail: true });
            }
        });

        it("leaves the flags alone when disabled (the default)", async () => {
            const { handler } = loadDeployedHandler({});
            const out = await handler(signUpEvent("a@example.com"));
            assert.deepStrictEqual(out.response, { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
        });

        it("does not auto-confirm external-provider sign-ups", async () => {
            const { handler } = loadDeployedHandler(env("", "true"));
            const out = await handler(signUpEvent("a@example.com", "PreSignUp_ExternalProvider"));
            assert.strictEqual(out.response.autoConfirmUser, false);
        });

        it("treats anything but the exact string true as off", () => {
            assert.strictEqual(settingsFromEnv({ [ENV_AUTO_CONFIRM]: "TRUE" }).autoConfirmSignUps, false);
            assert.strictEqual(settingsFromEnv({ [ENV_AUTO_CONFIRM]: "1" }).autoConfirmSignUps, false);
            assert.strictEqual(settingsFromEnv({ [ENV_AUTO_CONFIRM]: "true" }).autoConfirmSignUps, true);
        });
    });

    describe("rejection", () => {
        const reasons: [string, ReturnType<typeof signUpEvent>, string, string | null][] = [
            ["a malformed address", signUpEvent("no-at-sign"), "missing or malformed e-mail", null],
            ["a domain off the list", signUpEvent("a@other.net"), "e-mail domain not allowed", "other.net"],
            ["a federated address its provider reports unverified", { ...signUpEvent("a@example.com", "PreSignUp_ExternalProvider"), request: { userAttributes: { email: "a@example.com", email_verified: "false" }, validationData: {} } }, "federated e-mail not verified", "example.com"],
        ];
        for (const [name, event, reason, emailDomain] of reasons) {
            it(`logs why it refused ${name}: ${reason}`, async () => {
                const { handler, logs } = loadDeployedHandler(env("example.com"));
                await rejects(handler(event));
                assert.deepStrictEqual(JSON.parse(logs[0]), { level: "warn", msg: "sign-up rejected", reason, triggerSource: event.triggerSource, emailDomain });
            });
        }

        it("shows the client a short generic message and logs one JSON line with the domain only", async () => {
            const { handler, logs } = loadDeployedHandler(env("example.com"));
            await rejects(handler(signUpEvent("Jane.Doe@Other.net")));
            assert.strictEqual(logs.length, 1);
            const line = JSON.parse(logs[0]);
            assert.deepStrictEqual(line, {
                level: "warn",
                msg: "sign-up rejected",
                reason: "e-mail domain not allowed",
                triggerSource: "PreSignUp_SignUp",
                emailDomain: "other.net",
            });
            assert.ok(!logs[0].toLowerCase().includes("jane.doe"), "the local part never reaches the log");
            assert.ok(REJECTION_MESSAGE.length < 40 && !/domain|example/i.test(REJECTION_MESSAGE));
        });
    });

    describe("emailDomain", () => {
        it("returns the lower-case domain of a well-formed address only", () => {
            assert.strictEqual(emailDomain("a@Example.COM"), "example.com");
            assert.strictEqual(emailDomain("a+tag@mail.example.com"), "mail.example.com");
            assert.strictEqual(emailDomain("a@localhost"), undefined);
            assert.strictEqual(emailDomain("a@-bad.com"), undefined);
            assert.strictEqual(emailDomain(`a@${"x".repeat(400)}.com`), undefined);
        });

        it("holds an address to 320 characters (RFC 3696 errata: 64 + 1 + 255), the domain to 253 (RFC 1035)", () => {
            const domain = "example.com";
            const local = (length: number) => "a".repeat(length - domain.length - 1);
            assert.strictEqual(emailDomain(`${local(320)}@${domain}`), domain);
            assert.strictEqual(emailDomain(`${local(321)}@${domain}`), undefined);
            // Labels of 63 characters, dot-separated: 4 labels = 255 characters, 253 = trimmed to fit.
            const label = "a".repeat(63);
            const longest = `${label}.${label}.${label}.${"b".repeat(61)}`;
            assert.strictEqual(longest.length, 253);
            assert.strictEqual(emailDomain(`a@${longest}`), longest);
            assert.strictEqual(emailDomain(`a@${longest}c`), undefined);
            assert.strictEqual(emailDomain(`a@${label}.${label}.${label}.${label}`), undefined);
            assert.strictEqual(emailDomain(`a@${"a".repeat(64)}.com`), undefined, "a label holds at most 63 characters");
        });

        it("accepts one-character labels anywhere", () => {
            assert.strictEqual(emailDomain("a@x.example.com"), "x.example.com");
            assert.strictEqual(emailDomain("a@mail.b.example.com"), "mail.b.example.com");
        });

        it("refuses an address without a local part, and one with two @", () => {
            assert.strictEqual(emailDomain("@example.com"), undefined);
            assert.strictEqual(emailDomain("a@b@example.com"), undefined);
        });

        it("refuses a non-ASCII character anywhere in the domain, the last one too (U+212A lower-cases to k)", () => {
            assert.strictEqual("example.co\u212A".toLowerCase(), "example.cok");
            assert.strictEqual(emailDomain("a@example.co\u212A"), undefined);
            assert.strictEqual(emailDomain("a@\u212Aexample.com"), undefined);
        });
    });

    it("has no dependencies: the deployed file requires nothing", () => {
        // loadDeployedHandler throws on any require(); loading at all proves it.
        const { exports } = loadDeployedHandler({});
        assert.strictEqual(typeof exports.handler, "function");
    });
});
