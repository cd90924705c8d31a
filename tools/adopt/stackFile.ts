// Writing config keys into Pulumi.<stack>.yaml without losing what is there: each key's line is
// replaced, or added at the end of the `config:` block, so comments and the other keys stay as they
// were. The result is parsed again and must hold exactly the intended config; if the file's layout
// defeats the line edit, the file is rewritten from its parsed form, keeping its leading comments.
import * as YAML from "js-yaml";

type Yaml = null | boolean | number | string | Yaml[] | { [key: string]: Yaml };
type StackFile = { config?: Record<string, Yaml> | null; [key: string]: Yaml | undefined };

// yaml.v3, which the CLI reads stack files with, resolves only null/bool/int/float: js-yaml's CORE_SCHEMA (tools/cliConfig.ts).
export const parseStackFile = (text: string): StackFile => (YAML.load(text, { schema: YAML.CORE_SCHEMA }) ?? {}) as StackFile;
const scalar = (value: string) => YAML.dump(value, { schema: YAML.CORE_SCHEMA }).trimEnd();
const indentOf = (line: string) => line.length - line.trimStart().length;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function sameDocument(text: string, expected: StackFile): boolean {
    try {
        return JSON.stringify(parseStackFile(text)) === JSON.stringify(expected);
    } catch {
        return false; // a layout the line edit does not understand (flow style, say)
    }
}

/** The stack file's text with `values` set (bare names; written as `<project>:<name>` unless the file uses the bare key). */
export function setConfig(text: string, project: string, values: Record<string, string>): string {
    const doc = parseStackFile(text);
    const config = { ...(doc.config ?? {}) };
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    let start = lines.findIndex((l) => /^config:\s*(#.*)?$/.test(l));
    if (start < 0) {
        lines.push("config:");
        start = lines.length - 1;
    }
    const blockEnd = () => {
        let end = start + 1;
        while (end < lines.length && (lines[end].trim() === "" || indentOf(lines[end]) > 0)) end++;
        while (end > start + 1 && lines[end - 1].trim() === "") end--;
        return end;
    };
    const firstKey = lines.slice(start + 1, blockEnd()).find((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
    const pad = " ".repeat(firstKey ? indentOf(firstKey) : 2);
    for (const [name, value] of Object.entries(values)) {
        const key = [`${project}:${name}`, name].find((k) => k in config) ?? `${project}:${name}`;
        config[key] = value;
        const line = `${pad}${key}: ${scalar(value)}`;
        const at = lines.findIndex((l, i) => i > start && i < blockEnd() && new RegExp(`^${pad}["']?${escape(key)}["']?:(\\s|$)`).test(l));
        if (at < 0) {
            lines.splice(blockEnd(), 0, line);
            continue;
        }
        // The old value may continue on more-indented lines (a list, a folded string): they go too.
        let next = at + 1;
        while (next < lines.length && lines[next].trim() !== "" && indentOf(lines[next]) > pad.length) next++;
        lines.splice(at, next - at, line);
    }
    const expected = { ...doc, config };
    const edited = `${lines.join("\n")}\n`;
    if (sameDocument(edited, expected)) return edited;
    const header = text.split("\n").filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith("#")));
    return `${header.map((l) => `${l}\n`).join("")}${YAML.dump(expected, { schema: YAML.CORE_SCHEMA, lineWidth: -1 })}`;
}
