// §5 Deploy critical path: the longest chain of resources that must be created one after another.
// Pulumi (like CloudFormation) creates a resource as soon as everything it depends on exists, so with
// unlimited parallelism `pulumi up` takes at least the sum of create times along this chain.
import * as YAML from "js-yaml";

export interface GraphNode {
    id: string;
    label: string;
    /** Ids of nodes that must exist first. */
    deps: string[];
}

export interface ChainResult {
    resources: number;
    edges: number;
    /** Resources on the longest chain, first created first. */
    chain: string[];
    /** The last resource of every chain as long as `chain` (ties), alphabetically. */
    tiedEnds: string[];
}

/** Longest dependency chain (counted in resources) of a DAG; ties go to the alphabetically first path. */
export function longestChain(nodes: readonly GraphNode[]): ChainResult {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const best = new Map<string, string[]>();
    const visiting = new Set<string>();
    const chainTo = (id: string): string[] => {
        const known = best.get(id);
        if (known) return known;
        if (visiting.has(id)) throw new Error(`dependency cycle through ${byId.get(id)?.label ?? id}`);
        visiting.add(id);
        const node = byId.get(id)!;
        let longest: string[] = [];
        for (const dep of [...new Set(node.deps)].filter((d) => byId.has(d)).sort()) {
            const c = chainTo(dep);
            if (c.length > longest.length) longest = c;
        }
        visiting.delete(id);
        const chain = [...longest, node.label];
        best.set(id, chain);
        return chain;
    };
    let chain: string[] = [];
    for (const n of [...nodes].sort((a, b) => a.label.localeCompare(b.label))) {
        const c = chainTo(n.id);
        if (c.length > chain.length) chain = c;
    }
    const edges = nodes.reduce((s, n) => s + new Set(n.deps.filter((d) => byId.has(d))).size, 0);
    const tiedEnds = nodes.filter((n) => chainTo(n.id).length === chain.length).map((n) => n.label).sort();
    return { resources: nodes.length, edges, chain, tiedEnds };
}

export interface RecordedNode {
    type: string;
    name: string;
    custom: boolean;
    urn: string;
    dependencies: string[];
}

/**
 * Graph of the custom resources a stack registers. `parent` is not a creation dependency for custom
 * resources and component resources create nothing, so both are left out.
 */
export function stackGraph(resources: readonly RecordedNode[]): { nodes: GraphNode[]; unknownDeps: string[] } {
    const custom = resources.filter((r) => r.custom);
    const urns = new Set(custom.map((r) => r.urn));
    const unknownDeps = [...new Set(custom.flatMap((r) => r.dependencies.filter((d) => !urns.has(d))))].sort();
    const shortType = (t: string) => t.split(":").pop() ?? t;
    return {
        nodes: custom.map((r) => ({ id: r.urn, label: `${r.name} (${shortType(r.type)})`, deps: r.dependencies })),
        unknownDeps,
    };
}

export interface TemplateGraph {
    nodes: GraphNode[];
    /** References to names that are neither resources, parameters nor pseudo parameters. */
    dangling: { from: string; to: string; via: string }[];
}

/** Names referenced by `Ref`, `Fn::GetAtt` and `Fn::Sub` anywhere below `value`. */
function references(value: unknown, out: { name: string; via: string }[] = []): { name: string; via: string }[] {
    if (Array.isArray(value)) {
        for (const v of value) references(v, out);
    } else if (value !== null && typeof value === "object") {
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
            if (key === "Ref" && typeof v === "string") out.push({ name: v, via: "Ref" });
            else if (key === "Fn::GetAtt") {
                const target = Array.isArray(v) ? v[0] : typeof v === "string" ? v.split(".")[0] : undefined;
                if (typeof target === "string") out.push({ name: target, via: "Fn::GetAtt" });
                else references(v, out);
            } else if (key === "Fn::Sub") {
                const [text, vars] = Array.isArray(v) ? [v[0], v[1] as Record<string, unknown> | undefined] : [v, undefined];
                if (typeof text === "string") {
                    // ${Name} or ${Name.Attr}; ${!Literal} is an escape; names bound in the variable map are local.
                    for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
                        const name = m[1].split(".")[0].trim();
                        if (!(vars && name in vars)) out.push({ name, via: "Fn::Sub" });
                    }
                }
                if (vars) references(vars, out);
            } else references(v, out);
        }
    }
    return out;
}

export function templateGraph(yamlText: string): TemplateGraph {
    const template = YAML.load(yamlText) as { Parameters?: Record<string, unknown>; Resources: Record<string, { Properties?: unknown; DependsOn?: string | string[] }> };
    const resources = template.Resources ?? {};
    const parameters = new Set(Object.keys(template.Parameters ?? {}));
    const dangling: TemplateGraph["dangling"] = [];
    const nodes: GraphNode[] = [];
    for (const [name, resource] of Object.entries(resources)) {
        const refs = references(resource.Properties);
        for (const d of [resource.DependsOn ?? []].flat()) refs.push({ name: d, via: "DependsOn" });
        const deps: string[] = [];
        for (const r of refs) {
            if (r.name in resources) deps.push(r.name);
            else if (!parameters.has(r.name) && !r.name.startsWith("AWS::")) dangling.push({ from: name, to: r.name, via: r.via });
        }
        nodes.push({ id: name, label: name, deps });
    }
    return { nodes, dangling };
}
