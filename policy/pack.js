// The policy pack's entry point (`main` of ./package.json). `pulumi preview --policy-pack <this folder>`
// starts Node on @pulumi/pulumi/cmd/run-policy-pack in this folder, which registers ts-node and then
// requires the folder, i.e. this file. In the repository that loads the TypeScript sources (ts-node
// compiles and type-checks them); the npm package ships no sources, only the pack compiled by `tsc`
// into ../dist/policy, so a consumer runs `--policy-pack node_modules/@cognito-auth/pulumi/policy`.
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require("fs");
const path = require("path");

const fromSources = fs.existsSync(path.join(__dirname, "index.ts"));
module.exports = require(fromSources ? "./index.ts" : "../dist/policy/index.js");
