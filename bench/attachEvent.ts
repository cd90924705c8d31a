// The IoT attach function's input: an API Gateway HTTP API event (payload format 2.0, route
// `POST /attach`, AWS_IAM authorization, stage `$default` with the component's stage variables) for a
// signed-in identity of the pool the stage names. Same shape as tests/unit/lambdas/iotAttach.test.ts
// (a captured HTTP API IAM event, aws-powertools/powertools-lambda-typescript
// packages/parser/tests/events/apigw-http/iam-auth.json, with cognitoIdentity filled).
import { ATTACH_ROUTE_KEY, STAGE_VAR_IDENTITY_POOL_ID, STAGE_VAR_IOT_POLICY_NAME } from "../lambdas/iotAttach";

export const ATTACH_REGION = "ap-northeast-2";
export const ATTACH_POOL = `${ATTACH_REGION}:11111111-2222-4333-8444-555555555555`;
export const ATTACH_POLICY = "cognito-auth-iot";
const ACCOUNT = "123456789012";
const API_ID = "a1b2c3d4e5";
const API_HOST = `${API_ID}.execute-api.${ATTACH_REGION}.amazonaws.com`;

/** An identity id of the pool's region: `<region>:<uuid>`, the uuid's last 12 digits from `n`. */
export const identityId = (n: number): string => `${ATTACH_REGION}:aaaaaaaa-bbbb-4ccc-8ddd-${n.toString(16).padStart(12, "0").slice(-12)}`;

/** A request the function must accept: this pool's authenticated identity `identity` on the attach route. */
export function attachEvent(identity = identityId(1)): Record<string, unknown> {
    return {
        version: "2.0",
        routeKey: ATTACH_ROUTE_KEY,
        rawPath: "/attach",
        rawQueryString: "",
        headers: {
            "content-length": "0",
            "content-type": "application/json",
            host: API_HOST,
            "x-amz-date": "20250102T030405Z",
            "x-amz-security-token": "IQoJb3JpZ2luX2VjEXAMPLE-session-token",
            "x-forwarded-for": "203.0.113.7",
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https",
        },
        requestContext: {
            accountId: ACCOUNT,
            apiId: API_ID,
            authorizer: {
                iam: {
                    accessKey: "ASIAEXAMPLEKEY000001",
                    accountId: ACCOUNT,
                    callerId: "AROAEXAMPLEROLEID0001:CognitoIdentityCredentials",
                    cognitoIdentity: {
                        amr: [
                            "authenticated",
                            `cognito-idp.${ATTACH_REGION}.amazonaws.com/${ATTACH_REGION}_AbCdEf123`,
                            `cognito-idp.${ATTACH_REGION}.amazonaws.com/${ATTACH_REGION}_AbCdEf123:CognitoSignIn:0123abcd-0000-4000-8000-000000000001`,
                        ],
                        identityId: identity,
                        identityPoolId: ATTACH_POOL,
                    },
                    principalOrgId: null,
                    userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/cognito-auth-authenticated/CognitoIdentityCredentials`,
                    userId: "AROAEXAMPLEROLEID0001:CognitoIdentityCredentials",
                },
            },
            domainName: API_HOST,
            domainPrefix: API_ID,
            http: { method: "POST", path: "/attach", protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "app/1.0" },
            requestId: "ZhLNpgotDoEEJUQ=",
            routeKey: ATTACH_ROUTE_KEY,
            stage: "$default",
            time: "02/Jan/2025:03:04:05 +0000",
            timeEpoch: 1735787045000,
        },
        stageVariables: { [STAGE_VAR_IOT_POLICY_NAME]: ATTACH_POLICY, [STAGE_VAR_IDENTITY_POOL_ID]: ATTACH_POOL },
        isBase64Encoded: false,
    };
}

/** Whether a response is the success the function returns for `attachEvent(identity)`. */
export function isAttached(response: unknown, identity = identityId(1)): boolean {
    const r = response as { statusCode?: unknown; body?: unknown } | undefined;
    return r?.statusCode === 200 && r.body === JSON.stringify({ attached: true, identityId: identity, policyName: ATTACH_POLICY });
}
