// Reading resource properties without tripping over values that are unknown during preview.
//
// The policy runtime wraps every property bag in a proxy that throws `UnknownValueError` when a value
// the engine does not know yet (an output of a resource not created yet) is read. Letting that error
// escape turns the whole rule into an advisory "can't run during preview" for that resource. Instead,
// rules read through `read`, which copies the value into plain data and marks each unknown part with
// `UNKNOWN`, so they can still check everything that is known. An unknown value never counts as a
// violation: the same rule runs again during `pulumi up`, when the value is known.
import { UnknownValueError } from "@pulumi/policy";

export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

/** Plain data as read from a resource: JSON-like values, with `UNKNOWN` wherever preview has no value. */
export type Plain = string | number | boolean | null | undefined | Unknown | Plain[] | { [key: string]: Plain };
export type PlainObject = { [key: string]: Plain };

/** `holder[key]` as plain data; `UNKNOWN` when that value (not merely a part of it) is unknown. */
export function read(holder: unknown, key: string | number): Plain {
    if (holder === null || typeof holder !== "object") return undefined;
    try {
        return plain((holder as Record<string | number, unknown>)[key]);
    } catch (e) {
        if (e instanceof UnknownValueError) return UNKNOWN;
        throw e;
    }
}

/** A deep plain copy of `value`, each unknown part replaced by `UNKNOWN`. */
export function plain(value: unknown): Plain {
    if (value === null || value === undefined) return value;
    switch (typeof value) {
        case "string":
        case "number":
        case "boolean":
            return value;
        case "object":
            if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => read(value, i));
            return Object.fromEntries(Object.keys(value).map((k) => [k, read(value, k)]));
        default:
            // Functions, symbols, bigints: nothing a resource property holds.
            return undefined;
    }
}

export function isObject(v: Plain): v is PlainObject {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A value that may be given as one item or a list (IAM's `Action`, `Resource`, `Federated`...). */
export function list(v: Plain): Plain[] {
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? v : [v];
}

/** `o[key]`, ignoring case (IAM condition keys are case-insensitive). */
export function getIgnoringCase(o: PlainObject, key: string): Plain {
    const k = Object.keys(o).find((name) => name.toLowerCase() === key.toLowerCase());
    return k === undefined ? undefined : o[k];
}
