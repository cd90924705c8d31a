// The deployed-code loader lives in tools/deployedCode.ts (the bench uses it too, and nothing outside
// tests/ may import tests/); re-exported here for the tests that import it from this path.
export * from "../tools/deployedCode";
