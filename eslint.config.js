import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Boundaries of DESIGN §6 are enforced here: graphs never import an SDK, the queue or the database. */
const sdkImports = [
  "@slack/*",
  "@octokit/*",
  "openai",
  "bullmq",
  "ioredis",
  "pg",
  "@sentry/*",
  "pino",
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  {
    files: ["graphs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: sdkImports, message: "Graphs reach the outside only through ports in src/core (DESIGN §6)." },
            { group: ["**/src/adapters/**", "**/src/jobs/**", "**/src/http/**", "**/src/slack/**", "**/src/config/**"], message: "Graphs import only src/core (DESIGN §6)." },
          ],
        },
      ],
    },
  },
  {
    files: ["src/**/*.ts", "graphs/**/*.ts"],
    ignores: ["src/config/**", "src/cli/**", "src/observability/instrument.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Only src/config reads the environment (DESIGN §6)." }],
    },
  },
  {
    files: ["src/cli/**/*.ts", "bench/**/*.ts", "chaos/**/*.ts", "scripts/**/*.ts", "bin/**/*.js", "test/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
