// Pulumi inputs of the user pool and its clients → the Cognito API requests the AWS provider would
// send, so the e2e test builds the emulator's pool from what the stack declares instead of a copy.
// Pure: no I/O, no SDK calls. Any input it has no mapping for is an error, so a setting added to the
// component cannot silently be left out of the end-to-end test.
import type {
    CreateUserPoolClientCommandInput,
    CreateUserPoolCommandInput,
    SchemaAttributeType,
    SetUserPoolMfaConfigCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";

/** Reads the keys of one Pulumi input object and reports the ones nobody asked for. */
class Inputs {
    private readonly used = new Set<string>();

    constructor(
        private readonly path: string,
        private readonly values: Record<string, any> | undefined,
    ) {}

    get<T = any>(key: string): T | undefined {
        this.used.add(key);
        return this.values?.[key];
    }

    /** A nested object input, read the same way. */
    nested(key: string): Inputs | undefined {
        const value = this.get(key);
        return value === undefined ? undefined : new Inputs(`${this.path}.${key}`, value);
    }

    /** Every element of an array input, each read as an object. */
    each(key: string): Inputs[] | undefined {
        const value = this.get<Record<string, any>[]>(key);
        return value?.map((v, i) => new Inputs(`${this.path}.${key}[${i}]`, v));
    }

    /** Throws when an input was given that no mapping read. */
    done(): void {
        const left = Object.keys(this.values ?? {}).filter((k) => !this.used.has(k) && this.values![k] !== undefined);
        if (left.length > 0) throw new Error(`no Cognito API mapping for ${left.map((k) => `${this.path}.${k}`).join(", ")}`);
    }
}

/** The object without its undefined members, so requests compare and print cleanly. */
function defined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `read` applied to a nested input, then checked for leftovers; undefined when the input is absent. */
function mapNested<T extends object>(inputs: Inputs | undefined, read: (i: Inputs) => T): T | undefined {
    if (inputs === undefined) return undefined;
    const out = defined(read(inputs));
    inputs.done();
    return out;
}

export interface UserPoolRequests {
    createUserPool: CreateUserPoolCommandInput;
    /** TOTP is not part of CreateUserPool: the provider enables it with SetUserPoolMfaConfig afterwards. */
    setUserPoolMfaConfig?: Omit<SetUserPoolMfaConfigCommandInput, "UserPoolId">;
}

/** `aws:cognito/userPool:UserPool` inputs → CreateUserPool (+ SetUserPoolMfaConfig). */
export function userPoolRequests(pulumiInputs: Record<string, any>): UserPoolRequests {
    const i = new Inputs("UserPool", pulumiInputs);
    const schema = i.each("schemas")?.map(
        (s): SchemaAttributeType =>
            mapNested(s, (a) => ({
                Name: a.get("name"),
                AttributeDataType: a.get("attributeDataType"),
                DeveloperOnlyAttribute: a.get("developerOnlyAttribute"),
                Mutable: a.get("mutable"),
                Required: a.get("required"),
                StringAttributeConstraints: mapNested(a.nested("stringAttributeConstraints"), (c) => ({
                    MinLength: c.get("minLength"),
                    MaxLength: c.get("maxLength"),
                })),
                NumberAttributeConstraints: mapNested(a.nested("numberAttributeConstraints"), (c) => ({
                    MinValue: c.get("minValue"),
                    MaxValue: c.get("maxValue"),
                })),
            }))!,
    );
    const mfaConfiguration = i.get("mfaConfiguration");
    const totp = mapNested(i.nested("softwareTokenMfaConfiguration"), (t) => ({ Enabled: t.get<boolean>("enabled") }));
    const createUserPool = defined<CreateUserPoolCommandInput>({
        PoolName: i.get("name"),
        DeletionProtection: i.get("deletionProtection"),
        AdminCreateUserConfig: mapNested(i.nested("adminCreateUserConfig"), (a) => ({
            AllowAdminCreateUserOnly: a.get("allowAdminCreateUserOnly"),
        })),
        AutoVerifiedAttributes: i.get("autoVerifiedAttributes"),
        AliasAttributes: i.get("aliasAttributes"),
        UsernameAttributes: i.get("usernameAttributes"),
        DeviceConfiguration: mapNested(i.nested("deviceConfiguration"), (d) => ({
            ChallengeRequiredOnNewDevice: d.get("challengeRequiredOnNewDevice"),
            DeviceOnlyRememberedOnUserPrompt: d.get("deviceOnlyRememberedOnUserPrompt"),
        })),
        // Only the trigger the component wires; another one would fail loudly in done().
        LambdaConfig: mapNested(i.nested("lambdaConfig"), (l) => ({ PreSignUp: l.get("preSignUp") })),
        Policies: mapNested(i.nested("passwordPolicy"), (p) => ({
            PasswordPolicy: defined({
                MinimumLength: p.get("minimumLength"),
                RequireLowercase: p.get("requireLowercase"),
                RequireUppercase: p.get("requireUppercase"),
                RequireNumbers: p.get("requireNumbers"),
                RequireSymbols: p.get("requireSymbols"),
                TemporaryPasswordValidityDays: p.get("temporaryPasswordValidityDays"),
                PasswordHistorySize: p.get("passwordHistorySize"),
            }),
        })),
        Schema: schema,
        // Pulumi's `fromEmailAddress` is the API's `From` (EmailConfigurationType).
        EmailConfiguration: mapNested(i.nested("emailConfiguration"), (e) => ({
            EmailSendingAccount: e.get("emailSendingAccount"),
            SourceArn: e.get("sourceArn"),
            From: e.get("fromEmailAddress"),
            ReplyToEmailAddress: e.get("replyToEmailAddress"),
            ConfigurationSet: e.get("configurationSet"),
        })),
        // The code template the component may set; the link variants would fail loudly in done().
        VerificationMessageTemplate: mapNested(i.nested("verificationMessageTemplate"), (v) => ({
            DefaultEmailOption: v.get("defaultEmailOption"),
            EmailSubject: v.get("emailSubject"),
            EmailMessage: v.get("emailMessage"),
        })),
        AccountRecoverySetting: mapNested(i.nested("accountRecoverySetting"), (a) => ({
            RecoveryMechanisms: a.each("recoveryMechanisms")?.map((m) => mapNested(m, (r) => ({ Name: r.get("name"), Priority: r.get("priority") }))!),
        })),
        MfaConfiguration: mfaConfiguration,
        UserPoolTier: i.get("userPoolTier"),
        UserPoolAddOns: mapNested(i.nested("userPoolAddOns"), (a) => ({ AdvancedSecurityMode: a.get("advancedSecurityMode") })),
    });
    i.done();
    return defined({
        createUserPool,
        setUserPoolMfaConfig: totp && { MfaConfiguration: mfaConfiguration, SoftwareTokenMfaConfiguration: totp },
    });
}

/** `aws:cognito/userPoolClient:UserPoolClient` inputs → CreateUserPoolClient in the pool `userPoolId`. */
export function userPoolClientRequest(pulumiInputs: Record<string, any>, userPoolId: string): CreateUserPoolClientCommandInput {
    const i = new Inputs("UserPoolClient", pulumiInputs);
    // The stack's pool id is a mock value; the client belongs to whichever pool was actually created.
    i.get("userPoolId");
    const request = defined<CreateUserPoolClientCommandInput>({
        UserPoolId: userPoolId,
        ClientName: i.get("name"),
        GenerateSecret: i.get("generateSecret"),
        ExplicitAuthFlows: i.get("explicitAuthFlows"),
        PreventUserExistenceErrors: i.get("preventUserExistenceErrors"),
        EnableTokenRevocation: i.get("enableTokenRevocation"),
        AccessTokenValidity: i.get("accessTokenValidity"),
        IdTokenValidity: i.get("idTokenValidity"),
        RefreshTokenValidity: i.get("refreshTokenValidity"),
        TokenValidityUnits: mapNested(i.nested("tokenValidityUnits"), (u) => ({
            AccessToken: u.get("accessToken"),
            IdToken: u.get("idToken"),
            RefreshToken: u.get("refreshToken"),
        })),
        AuthSessionValidity: i.get("authSessionValidity"),
        SupportedIdentityProviders: i.get("supportedIdentityProviders"),
    });
    i.done();
    return request;
}
