// Runs the exact bytes the component deploys (not the TypeScript module) with a chosen
// environment and a captured log, so handler tests exercise what Lambda would run.
import type { PreSignUpTriggerEvent } from "aws-lambda";
import { preSignUpHandlerCode } from "../components/handlerCode";

export interface DeployedHandler {
    handler: (event: unknown) => Promise<PreSignUpTriggerEvent>;
    /** Lines the handler logged. */
    logs: string[];
    exports: Record<string, any>;
}

export function loadDeployedHandler(env: Record<string, string>, code = preSignUpHandlerCode()): DeployedHandler {
    const logs: string[] = [];
    const module = { exports: {} as Record<string, any> };
    const fakeConsole = { log: (...a: unknown[]) => logs.push(a.map(String).join(" ")), error: (...a: unknown[]) => logs.push(a.map(String).join(" ")) };
    const requireBuiltinOnly = (id: string) => {
        throw new Error(`the deployed handler must not require anything, asked for ${id}`);
    };
    new Function("exports", "require", "module", "process", "console", code)(module.exports, requireBuiltinOnly, module, { env }, fakeConsole);
    return { handler: module.exports.handler, logs, exports: module.exports };
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
