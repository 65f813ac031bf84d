/**
 * Writes schema/shopfloor.schema.json from the zod schema of shopfloor.yml, so editors (the YAML language
 * server reads the `$schema` comment on the first line of the file) complete and check keys as they are typed.
 *
 *   npm run schema            write the file
 *   npm run schema -- --check exit 1 when the committed file differs from what the schema produces (CI)
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { fileSchema } from "../src/config/file-schema.js";

export const SCHEMA_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "../schema/shopfloor.schema.json");

/** The JSON Schema text as it should be committed (stable key order, trailing newline). */
export function renderConfigSchema(): string {
  // io "input": what a person may write (defaulted keys are optional), not what the parser returns.
  const generated = z.toJSONSchema(fileSchema, { io: "input" }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  const document = {
    $schema: $schema ?? "https://json-schema.org/draft/2020-12/schema",
    title: "shopfloor.yml",
    description:
      "Behaviour of Shopfloor: repository, Slack channels, approvers, labels, areas, schedules, risk policy, models and limits. Secrets and endpoints come from the environment, never from this file. See shopfloor.example.yml.",
    ...rest,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function main(argv: string[]): number {
  const expected = renderConfigSchema();
  if (argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(SCHEMA_PATH, "utf8");
    } catch {
      current = "";
    }
    if (current !== expected) {
      console.error(`${SCHEMA_PATH} is out of date with src/config/file-schema.ts; run: npm run schema`);
      return 1;
    }
    console.log(`${SCHEMA_PATH} is up to date`);
    return 0;
  }
  mkdirSync(dirname(SCHEMA_PATH), { recursive: true });
  writeFileSync(SCHEMA_PATH, expected);
  console.log(`wrote ${SCHEMA_PATH}`);
  return 0;
}

// Run only when executed directly, so tests can import renderConfigSchema.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
