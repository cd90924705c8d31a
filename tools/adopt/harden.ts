// Step 2 (`adoptStep: harden`) against the live resources: the inputs the component would give each
// adopted resource, compared with the live settings as provider inputs (fromCognitoApi.ts), through
// the same diff and hazard rules as the plan guard (tools/planDiff.ts). Only the inputs the component
// sets are compared (an input it leaves out is not sent), plus the ones whose change replaces a resource.
import { ADOPTABLE, type AdoptableKey } from "../../components/adopt";
import { childName } from "../../components/children";
import type { RecordedResource } from "../evaluate";
import { diffPlans, REPLACEMENT_INPUTS, type PlanDiff } from "../planDiff";
import { compare, normalizeInput, PLAN_FORMAT, resourceKey, type Json, type Plan, type PlannedResource } from "../planModel";

type Inputs = { [key: string]: Json };

/** Inputs the provider holds as sets (TypeSet in terraform-provider-aws): their order is no change. */
const SET_INPUTS: readonly string[] = ["autoVerifiedAttributes", "aliasAttributes", "usernameAttributes", "schemas", "explicitAuthFlows", "allowedOauthFlows", "allowedOauthScopes", "cognitoIdentityProviders"];

function sortSets(value: Json, key = ""): Json {
    if (Array.isArray(value)) {
        const items = value.map((v) => sortSets(v));
        return SET_INPUTS.includes(key) || key === "recoveryMechanisms" ? items.sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b))) : items;
    }
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortSets(v, k)]));
}

/** Every string in `value` with `replace` applied. */
function mapStrings(value: Json, replace: (s: string) => string): Json {
    if (typeof value === "string") return replace(value);
    if (Array.isArray(value)) return value.map((v) => mapStrings(v, replace));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, replace)]));
}

export interface HardenDiff {
    diff: PlanDiff;
    /** The component's inputs of each adopted resource, with the live ids in place of the mocks' ones. */
    inputs: Record<AdoptableKey, Inputs>;
}

/**
 * The difference between `live` (provider inputs of the live resources) and the harden evaluation.
 * `liveIds` are the adopted resources' ids. Outputs of resources the stack creates (the new trigger
 * function's ARN) read `<logical name>.arn`: their real values exist only once they are created.
 */
export async function hardenDiff(component: string, evaluation: RecordedResource[], live: Record<AdoptableKey, Inputs>, liveIds: Record<AdoptableKey, string>, stack: string, region: string): Promise<HardenDiff> {
    const records = Object.fromEntries(ADOPTABLE.map((key) => [key, evaluation.find((r) => r.name === childName(component, key))!])) as Record<AdoptableKey, RecordedResource>;
    const mockIds = ADOPTABLE.map((key) => [records[key].id, liveIds[key]] as const);
    const outputs = new Map(evaluation.filter((r) => r.custom && !ADOPTABLE.some((k) => records[k] === r) && typeof r.state.arn === "string").map((r) => [r.state.arn as string, `<${r.name}.arn>`]));
    const resolve = (s: string) => outputs.get(s) ?? mockIds.reduce((out, [mock, id]) => out.split(mock).join(id), s);

    const base: PlannedResource[] = [];
    const current: PlannedResource[] = [];
    const inputs = {} as Record<AdoptableKey, Inputs>;
    for (const key of ADOPTABLE) {
        const r = records[key];
        const harden = mapStrings(((await normalizeInput(r.inputs)) ?? {}) as Inputs, resolve) as Inputs;
        inputs[key] = harden;
        const replacing = (REPLACEMENT_INPUTS[r.type] ?? []).map((rule) => rule.input);
        const compared = [...new Set([...Object.keys(harden), ...replacing])].filter((k) => !r.ignoreChanges.includes(k));
        const pick = (from: Inputs) => sortSets(Object.fromEntries(compared.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]))) as Inputs;
        const planned = (values: Inputs): PlannedResource => ({ key: resourceKey(r.type, r.name), type: r.type, name: r.name, custom: true, parent: null, protect: r.protect, retainOnDelete: r.retainOnDelete, dependencies: [], inputs: values });
        base.push(planned(pick(((await normalizeInput(live[key])) ?? {}) as Inputs)));
        current.push(planned(pick(harden)));
    }
    const plan = (resources: PlannedResource[]): Plan => ({ format: PLAN_FORMAT, stack, region, resources, outputs: {} });
    return { diff: diffPlans(plan(base), plan(current)), inputs };
}
