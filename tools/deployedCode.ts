// Runs the exact bytes the component deploys (not the TypeScript module) with a chosen
// environment and a captured log, so handler tests and the bench exercise what Lambda would run.
import type { PreSignUpTriggerEvent } from "aws-lambda";
import { lambdaCode, type LambdaName } from "../components/handlerCode";

export interface DeployedModule<H = (event: any) => Promise<any>> {
    handler: H;
    /** Lines the handler logged. */
    logs: string[];
    exports: Record<string, any>;
}

/**
 * Evaluate deployed `code` as Lambda's CommonJS loader would, with `env` as process.env. `modules`
 * are the only packages it may require (the Lambda runtime's AWS SDK, say); anything else throws.
 * An entry may be a getter, so a module can be loaded on the handler's first `require`, as it is in Lambda.
 */
export function loadDeployedCode<H>(code: string, env: Record<string, string>, modules: Record<string, unknown> = {}): DeployedModule<H> {
    const logs: string[] = [];
    const module = { exports: {} as Record<string, any> };
    const line = (...a: unknown[]) => logs.push(a.map(String).join(" "));
    const fakeConsole = { log: line, error: line, warn: line, info: line };
    const restrictedRequire = (id: string) => {
        if (Object.prototype.hasOwnProperty.call(modules, id)) return modules[id];
        throw new Error(`the deployed handler may require only ${Object.keys(modules).join(", ") || "nothing"}, asked for ${id}`);
    };
    new Function("exports", "require", "module", "process", "console", code)(module.exports, restrictedRequire, module, { env }, fakeConsole);
    return { handler: module.exports.handler, logs, exports: module.exports };
}

/** The deployed bytes of one built-in function, loaded (see `loadDeployedCode`). */
export function loadDeployed<H>(name: LambdaName, env: Record<string, string>, modules: Record<string, unknown> = {}): DeployedModule<H> {
    return loadDeployedCode<H>(lambdaCode(name), env, modules);
}

export type DeployedHandler = DeployedModule<(event: unknown) => Promise<PreSignUpTriggerEvent>>;

/** The deployed PreSignUp handler, which must require nothing at all. */
export function loadDeployedHandler(env: Record<string, string>, code = lambdaCode("preSignUp")): DeployedHandler {
    return loadDeployedCode(code, env);
}

export function signUpEvent(email: unknown, triggerSource = "PreSignUp_SignUp"): PreSignUpTriggerEvent {
    return {
        version: "1",
        region: "ap-northeast-2",
        userPoolId: "ap-northeast-2_test",
        userName: "tester",
        triggerSource,
        callerContext: { awsSdkVersion: "aws-sdk-js-3", clientId: "client" },
        request: { userAttributes: { email } as Record<string, string>, validationData: {} },
        response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    } as PreSignUpTriggerEvent;
}
