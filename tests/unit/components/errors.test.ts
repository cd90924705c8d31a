// The validation error and how values appear in its messages.
import * as assert from "assert";
import { CognitoAuthValidationError } from "../../../components";
import { show } from "../../../components/errors";

describe("validation error", () => {
    it("is named CognitoAuthValidationError, lists each distinct problem once under its context, and keeps them", () => {
        const problems = [
            { label: "mfa", message: "must be one of ..." },
            { label: "mfa", message: "must be one of ..." },
            { label: "name", message: "is too long" },
        ];
        const error = new CognitoAuthValidationError(problems, "CognitoAuth auth");
        assert.ok(error instanceof Error);
        assert.strictEqual(error.name, "CognitoAuthValidationError");
        assert.strictEqual(error.message, "CognitoAuth auth: 2 problem(s):\n  - mfa must be one of ...\n  - name is too long");
        assert.deepStrictEqual(error.problems, [problems[0], problems[2]]);
        assert.match(String(error), /^CognitoAuthValidationError: CognitoAuth auth: 2 problem/);
    });

    it("shows values as JSON, strings quoted, and what JSON cannot write as text", () => {
        assert.strictEqual(show("a\"b"), '"a\\"b"');
        assert.strictEqual(show(5), "5");
        assert.strictEqual(show(null), "null");
        assert.strictEqual(show({ a: [1] }), '{"a":[1]}');
        assert.strictEqual(show(undefined), "undefined");
        assert.strictEqual(show(Symbol("s")), "Symbol(s)");
        assert.strictEqual(show(() => 1), "() => 1");
    });
});
