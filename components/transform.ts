import type { Transform } from "./args";

/** Apply a consumer's transform hook to a child's args: it may mutate them or return new ones. */
export function applyTransform<T>(transform: Transform<T> | undefined, args: T): T {
    if (!transform) return args;
    return transform(args) ?? args;
}
