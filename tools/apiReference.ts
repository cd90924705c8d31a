// Generates the README's API reference from the TSDoc of the component's public args, so the
// documentation cannot drift from the code. `node dist/tools/apiReference.js --write` rewrites the
// README block; a test fails when the block is stale.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const ROOT = path.resolve(__dirname, "..", "..");
const START = "<!-- api:start -->";
const END = "<!-- api:end -->";
/** The documented interfaces, in reading order. */
export const DOCUMENTED = ["CognitoAuthArgs", "PasswordPolicyArgs", "TokenValidityArgs", "ExecutionRoleArgs", "AlarmArgs", "CognitoAuthTransforms"];

export interface ArgDoc {
    name: string;
    type: string;
    description: string;
    default: string;
}

/** Every property of the documented interfaces, with its type, description and `@default`. */
export function readArgDocs(file = path.join(ROOT, "components", "args.ts")): Map<string, ArgDoc[]> {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const docs = new Map<string, ArgDoc[]>();
    source.forEachChild((node) => {
        if (!ts.isInterfaceDeclaration(node) || !DOCUMENTED.includes(node.name.text)) return;
        docs.set(
            node.name.text,
            node.members.filter(ts.isPropertySignature).map((member) => {
                const jsDoc = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc)[0];
                const comment = ts.getTextOfJSDocComment(jsDoc?.comment) ?? "";
                const defaultTag = jsDoc?.tags?.find((t) => t.tagName.text === "default");
                return {
                    name: (member.name as ts.Identifier).text,
                    type: member.type?.getText(source).replace(/\s+/g, " ") ?? "",
                    description: comment.replace(/\s+/g, " ").trim(),
                    default: (ts.getTextOfJSDocComment(defaultTag?.comment) ?? "").replace(/\s+/g, " ").trim(),
                };
            }),
        );
    });
    return docs;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function renderApiReference(docs = readArgDocs()): string {
    const parts: string[] = [];
    for (const name of DOCUMENTED) {
        parts.push(`#### \`${name}\``, "", "| Argument | Type | Default | Description |", "| --- | --- | --- | --- |");
        for (const a of docs.get(name) ?? []) {
            parts.push(`| \`${a.name}\` | \`${cell(a.type)}\` | ${a.default ? cell(a.default) : "—"} | ${cell(a.description)} |`);
        }
        parts.push("");
    }
    return parts.join("\n");
}

/** README with its API block replaced by `block`. */
export function withBlock(readme: string, block: string): string {
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
    return `${readme.slice(0, start + START.length)}\n${block}\n${readme.slice(end)}`;
}

if (require.main === module) {
    const readmePath = path.join(ROOT, "README.md");
    if (process.argv.includes("--write")) fs.writeFileSync(readmePath, withBlock(fs.readFileSync(readmePath, "utf8"), renderApiReference()));
    else process.stdout.write(renderApiReference());
}
