// Lint: typescript-eslint's recommended rules, zero warnings allowed (`npm run lint`).
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");

module.exports = tseslint.config(
    { ignores: ["dist*/**", "**/node_modules/**", "plan/**", "bench/results.json", "scratch/**", "reports/**", ".stryker-tmp/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { globals: { require: "readonly", module: "writable", __dirname: "readonly", process: "readonly", console: "readonly" } },
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    {
        // Tests and tools inspect loosely typed mock records and protobuf requests.
        files: ["tests/**/*.ts", "bench/**/*.ts", "tools/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        files: ["eslint.config.js"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
