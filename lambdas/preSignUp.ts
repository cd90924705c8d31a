// Cognito PreSignUp trigger. Runtime code only: Node built-ins, no Pulumi, no dependencies.
// Cognito waits 5 s for it and shows the thrown message to the client, so rejections are
// short and generic; the reason goes to the log with the e-mail's domain, never the address.
import type { PreSignUpTriggerEvent } from "aws-lambda";

/** The only message a client ever sees from this trigger. */
export const REJECTION_MESSAGE = "Sign-up is not allowed.";

/** Environment variables the component sets on the function. */
export const ENV_ALLOWED_DOMAINS = "ALLOWED_EMAIL_DOMAINS";
export const ENV_AUTO_CONFIRM = "AUTO_CONFIRM_SIGN_UPS";

export interface PreSignUpSettings {
    /** Lower-case domains allowed to sign up; empty means anyone. */
    allowedEmailDomains: readonly string[];
    /** Confirm self sign-ups and mark their e-mail verified without a code. */
    autoConfirmSignUps: boolean;
}

export function settingsFromEnv(env: Record<string, string | undefined>): PreSignUpSettings {
    const domains = (env[ENV_ALLOWED_DOMAINS] ?? "")
        .split(",")
        .map((d) => d.trim().toLowerCase())
        .filter((d) => d.length > 0);
    return { allowedEmailDomains: domains, autoConfirmSignUps: env[ENV_AUTO_CONFIRM] === "true" };
}

// ASCII only: a look-alike such as U+212A (Kelvin sign) must never lower-case into an allowed domain.
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** The lower-case domain of a well-formed address, or undefined. */
export function emailDomain(email: unknown): string | undefined {
    if (typeof email !== "string" || email.length > 320) return undefined;
    // A second "@" lands in the domain, which DOMAIN refuses.
    const at = email.indexOf("@");
    if (at < 1) return undefined;
    const domain = email.slice(at + 1);
    if (!/^[\x21-\x7e]+$/.test(domain)) return undefined;
    const lower = domain.toLowerCase();
    return DOMAIN.test(lower) ? lower : undefined;
}

/** The sign-ups this trigger decides on (administrator-created users pass untouched). */
const CHECKED_SOURCES: readonly unknown[] = ["PreSignUp_SignUp", "PreSignUp_ExternalProvider"];

function reject(reason: string, source: unknown, domain: string | undefined): never {
    // Only a known source reaches the log verbatim: the event is the caller's to fill.
    const triggerSource = CHECKED_SOURCES.includes(source) ? source : "unknown";
    console.log(JSON.stringify({ level: "warn", msg: "sign-up rejected", reason, triggerSource, emailDomain: domain ?? null }));
    throw new Error(REJECTION_MESSAGE);
}

function record(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

export function createHandler(settings: PreSignUpSettings): (event: PreSignUpTriggerEvent) => Promise<PreSignUpTriggerEvent> {
    const allowed = new Set(settings.allowedEmailDomains);
    return async (event) => {
        const source = record(event)?.triggerSource;
        // Administrators create users deliberately; Cognito ignores the response flags for them anyway.
        if (source === "PreSignUp_AdminCreateUser") return event;
        if (!CHECKED_SOURCES.includes(source)) {
            reject("unknown trigger source", source, undefined);
        }
        const attributes = record(record(record(event)?.request)?.userAttributes);
        const domain = emailDomain(attributes?.email);
        if (allowed.size > 0 && (domain === undefined || !allowed.has(domain))) {
            reject(domain === undefined ? "missing or malformed e-mail" : "e-mail domain not allowed", source, domain);
        }
        // A provider that says the address is unverified (a mapped email_verified of "false") proves
        // nothing about the domain; one that maps no email_verified (SAML, most often) is trusted.
        if (allowed.size > 0 && source === "PreSignUp_ExternalProvider" && String(attributes?.email_verified).toLowerCase() === "false") {
            reject("federated e-mail not verified", source, domain);
        }
        if (source === "PreSignUp_SignUp" && settings.autoConfirmSignUps) {
            event.response = { ...record(event.response), autoConfirmUser: true, autoVerifyEmail: domain !== undefined } as PreSignUpTriggerEvent["response"];
        }
        return event;
    };
}

export const handler = createHandler(settingsFromEnv(process.env));
