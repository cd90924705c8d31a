// The CloudFormation stack's template: parsed (JSON, or YAML with the short-form intrinsic tags such as
// !Ref and !GetAtt), and patched so that deleting the stack leaves the adopted resources in place.
// A YAML template is patched line by line, so its comments and layout stay as they were, and the result
// is parsed again and must equal the original with exactly the intended attributes added.
import * as YAML from "js-yaml";

export type Template = { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown>; [key: string]: unknown }>; [key: string]: unknown };

/**
 * The short-form intrinsic functions of CloudFormation YAML ("Intrinsic function reference"), each as
 * its long form: `!Ref X` is `{ Ref: X }`, `!GetAtt A.B` is `{ "Fn::GetAtt": ["A", "B"] }`, the rest `{ "Fn::<Name>": … }`.
 */
const INTRINSICS = ["Ref", "Condition", "GetAtt", "Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString"];
export const CFN_SCHEMA = YAML.DEFAULT_SCHEMA.extend(
    INTRINSICS.flatMap((name) =>
        (["scalar", "sequence", "mapping"] as const).map(
            (kind) =>
                new YAML.Type(`!${name}`, {
                    kind,
                    construct: (data: unknown) => {
                        if (name === "Ref" || name === "Condition") return { [name]: data };
                        if (name === "GetAtt" && typeof data === "string") {
                            const dot = data.indexOf(".");
                            return { "Fn::GetAtt": [data.slice(0, dot), data.slice(dot + 1)] };
                        }
                        return { [`Fn::${name}`]: data };
                    },
                }),
        ),
    ),
);

export const isJsonTemplate = (body: string): boolean => /^\s*\{/.test(body);

export function parseTemplate(body: string): Template {
    return (isJsonTemplate(body) ? JSON.parse(body) : YAML.load(body, { schema: CFN_SCHEMA })) as Template;
}

/** The logical id a value points at with `Ref` or `Fn::GetAtt`, if it does. */
export function referencedId(value: unknown): string | undefined {
    if (value === null || typeof value !== "object") return undefined;
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === "string") return v.Ref;
    const getAtt = v["Fn::GetAtt"];
    if (Array.isArray(getAtt) && typeof getAtt[0] === "string") return getAtt[0];
    if (typeof getAtt === "string") return getAtt.split(".")[0];
    return undefined;
}

/** DeletionPolicy and UpdateReplacePolicy Retain: neither a stack deletion nor a replacement deletes the resource (resource attribute reference). */
export const RETAIN = { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } as const;

/** The template with both Retain attributes on `ids`, in the template's own format; throws when it cannot patch safely. */
export function retainTemplate(body: string, ids: readonly string[]): string {
    const template = parseTemplate(body);
    const expected = structuredClone(template);
    for (const id of ids) {
        if (!expected.Resources?.[id]) throw new Error(`the template has no resource ${id}`);
        Object.assign(expected.Resources[id], RETAIN);
    }
    if (isJsonTemplate(body)) return `${JSON.stringify(expected, null, 2)}\n`;
    const patched = ids.reduce(patchYamlResource, body);
    if (canonical(parseTemplate(patched)) !== canonical(expected)) {
        throw new Error(`the template's YAML could not be patched line by line; add DeletionPolicy: Retain and UpdateReplacePolicy: Retain to ${ids.join(", ")} by hand`);
    }
    return patched;
}

/** JSON with every object's keys sorted: equal for equal documents, whatever the key order. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value === null || typeof value !== "object") return JSON.stringify(value);
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isContent = (line: string) => line.trim() !== "" && !line.trimStart().startsWith("#");

/** One resource's block in the Resources section: both attributes replaced or added right below its name. */
function patchYamlResource(body: string, id: string): string {
    const lines = body.split("\n");
    const section = lines.findIndex((l) => /^Resources:\s*(#.*)?$/.test(l));
    const header = lines.findIndex((l, i) => i > section && new RegExp(`^\\s+["']?${id}["']?:\\s*(#.*)?$`).test(l));
    if (section < 0 || header < 0) return body;
    const own = indentOf(lines[header]);
    let end = header + 1;
    while (end < lines.length && (!isContent(lines[end]) || indentOf(lines[end]) > own)) end++;
    const first = lines.slice(header + 1, end).find(isContent);
    const pad = " ".repeat(first ? indentOf(first) : own + 2);
    const block = lines.slice(header + 1, end).filter((l) => !(indentOf(l) === pad.length && /^\s*(DeletionPolicy|UpdateReplacePolicy):/.test(l)));
    return [...lines.slice(0, header + 1), `${pad}DeletionPolicy: Retain`, `${pad}UpdateReplacePolicy: Retain`, ...block, ...lines.slice(end)].join("\n");
}
