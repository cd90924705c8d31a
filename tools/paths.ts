// Where things are: compiled code runs from `<root>/dist/<folder>`.
import * as path from "path";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** The compiled output folder (normally `dist`). */
export const BUILD = path.resolve(__dirname, "..");
