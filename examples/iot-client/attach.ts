// Client side of the IoT policy attachment, as an app would write it: one SigV4-signed POST to the
// component's attach endpoint, an API Gateway HTTP API route `POST /attach` with IAM authorization,
// made with the signed-in identity's own temporary credentials from Cognito
// GetCredentialsForIdentity. App dependencies: @smithy/signature-v4 and @aws-crypto/sha256-js;
// `fetch` is global in browsers and Node.js 18+.
//
// With IAM authorization, clients sign every request with SigV4, and API Gateway invokes the route
// only if the caller has execute-api permission for it (API Gateway developer guide, "Control access
// to HTTP APIs with IAM authorization"). The signing name is `execute-api`.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export interface TemporaryCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    /** Cognito identity credentials are always temporary, so they carry a session token. */
    sessionToken?: string;
}

export interface AttachRequestOptions {
    /** The attach URL: the HTTP API's endpoint + `/attach` (see `attachUrl`). */
    url: string;
    region: string;
    credentials: TemporaryCredentials;
    /** Signing time; now unless given (tests pin it). */
    signingDate?: Date;
}

export interface SignedRequest {
    url: string;
    method: "POST";
    headers: Record<string, string>;
    body: string;
}

/** What the function answers on success. */
export interface AttachResult {
    attached: true;
    identityId: string;
    policyName: string;
}

export class AttachError extends Error {
    constructor(
        readonly status: number,
        /** Seconds to wait before retrying (from Retry-After on 429 and 503), if the server said. */
        readonly retryAfterSeconds: number | undefined,
    ) {
        super(`IoT policy attachment failed with HTTP ${status}`);
        this.name = "AttachError";
    }
}

/** The attach URL for an HTTP API endpoint such as `https://<api-id>.execute-api.<region>.amazonaws.com`. */
export function attachUrl(apiEndpoint: string): string {
    return `${apiEndpoint.replace(/\/+$/, "")}/attach`;
}

/** The SigV4-signed POST for the attach route (service `execute-api`). The body is empty: the
 *  function takes the identity from the signature, never from what the request says. */
export async function signedAttachRequest({ url, region, credentials, signingDate }: AttachRequestOptions): Promise<SignedRequest> {
    const target = new URL(url);
    if (target.protocol !== "https:") throw new Error("the attach URL must be https");
    const query: Record<string, string> = {};
    target.searchParams.forEach((value, key) => (query[key] = value));
    const body = "";
    const signer = new SignatureV4({ service: "execute-api", region, credentials, sha256: Sha256 });
    const signed = await signer.sign(
        {
            method: "POST",
            protocol: target.protocol,
            hostname: target.hostname,
            path: target.pathname,
            query,
            headers: { host: target.host, "content-type": "application/json" },
            body,
        },
        { signingDate },
    );
    return { url: target.toString(), method: "POST", headers: signed.headers as Record<string, string>, body };
}

/** Send a signed attach request; resolves with the function's answer or rejects with `AttachError`. */
export async function sendAttachRequest(request: SignedRequest, fetchImpl: typeof fetch = fetch): Promise<AttachResult> {
    // `host` is set by fetch itself from the URL (and is a forbidden header name in browsers).
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => k.toLowerCase() !== "host"));
    const response = await fetchImpl(request.url, { method: request.method, headers, body: request.body });
    if (response.status !== 200) {
        const retryAfter = Number(response.headers.get("retry-after"));
        throw new AttachError(response.status, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
    }
    return (await response.json()) as AttachResult;
}

/** Sign and send in one go: what an app calls once after it got its identity's credentials. */
export async function attachIotPolicy(options: AttachRequestOptions, fetchImpl: typeof fetch = fetch): Promise<AttachResult> {
    return sendAttachRequest(await signedAttachRequest(options), fetchImpl);
}
