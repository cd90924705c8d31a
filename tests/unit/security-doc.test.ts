// SECURITY.md promises a test (and sometimes a policy rule) for every rule it lists; hold it to that.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../harness";

function allTitles(suite: Mocha.Suite, out: string[] = []): string[] {
    out.push(suite.title, ...suite.tests.map((t) => t.title));
    for (const child of suite.suites) allTitles(child, out);
    return out;
}

describe("SECURITY.md", () => {
    // The cdk-nag acknowledgements are a table of their own, held to the findings by tests/integration/cdkNag.test.ts.
    const doc = fs.readFileSync(path.join(ROOT, "SECURITY.md"), "utf8").replace(/<!-- cdk-nag:start -->[\s\S]*?<!-- cdk-nag:end -->/, "");
    const rows = doc.split("\n").filter((l) => /^\| .+ \| .* \| .+ \|$/.test(l) && !l.startsWith("| Rule") && !l.startsWith("| ---"));

    it("lists the rules, each with a test", function () {
        let root = this.test!.parent!;
        while (root.parent) root = root.parent;
        const titles = allTitles(root);
        assert.ok(rows.length >= 15, `${rows.length} rules`);
        const missing: string[] = [];
        for (const row of rows) {
            const enforcedBy = row.split(" | ").at(-1)!;
            const quoted = [...enforcedBy.matchAll(/"([^"]+)"/g)].map((m) => m[1].replace(/…$/, ""));
            const files = [...enforcedBy.matchAll(/`([^`]+\.test\.ts|tests\/[^`]+)`/g)].map((m) => m[1]);
            assert.ok(quoted.length > 0 || files.length > 0, `rule without a test: ${row}`);
            missing.push(...quoted.filter((q) => !titles.some((t) => t.includes(q))));
        }
        assert.deepStrictEqual(missing, [], "SECURITY.md names tests that do not exist");
    });

    it("names only policy rules the pack has", () => {
        const pack = fs.readFileSync(path.join(ROOT, "policy", "index.ts"), "utf8");
        const named = [...doc.matchAll(/policy `([a-z0-9-]+)`/g)].map((m) => m[1]);
        assert.ok(named.length >= 6);
        for (const rule of named) assert.ok(pack.includes(`name: "${rule}"`), `no policy rule ${rule}`);
    });
});
