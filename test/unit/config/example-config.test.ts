import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { renderConfigSchema, SCHEMA_PATH } from "../../../scripts/write-config-schema.js";
import { fileSchema } from "../../../src/config/file-schema.js";
import { parseConfig } from "../../../src/config/load-config.js";

const root = resolve(import.meta.dirname, "../../..");
const exampleText = readFileSync(resolve(root, "shopfloor.example.yml"), "utf8");

/** Removes "# " from commented-out settings (`# key: value`), keeping their indentation; the first line is the schema hint. */
function uncommentSettings(text: string): string {
  const [first, ...rest] = text.split("\n");
  return [first, ...rest.map((line) => line.replace(/^(\s*)# ([A-Za-z_][\w.-]*:(?: .*)?)$/, "$1$2"))].join("\n");
}

/** Every key path of a zod object schema, looking through defaults, optionals and arrays of objects. */
function keyPaths(schema: z.ZodType, prefix: string[] = []): string[][] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodArray) return keyPaths(inner.element as z.ZodType, prefix);
  if (!(inner instanceof z.ZodObject)) return [];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) => {
    const path = [...prefix, key];
    return [path, ...keyPaths(child, path)];
  });
}

function has(value: unknown, path: string[]): boolean {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    if (current === null || typeof current !== "object" || !(key in current)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

describe("shopfloor.example.yml", () => {
  it("points editors at the committed JSON Schema on its first line", () => {
    expect(exampleText.split("\n")[0]).toBe("# yaml-language-server: $schema=./schema/shopfloor.schema.json");
  });

  it("parses with parseConfig without problems", () => {
    const config = parseConfig({ env: {}, fileText: exampleText });
    expect(config.settings.areas[0]?.name).toBe("checkout");
    expect(config.model.tasks["review.security"]).toBeDefined();
    expect(config.model.tasks["triage.classify"]).toBeDefined();
    expect(Object.keys(config.model.pricing).length).toBeGreaterThan(0);
  });

  it("still parses with every commented-out setting turned on, and then sets them", () => {
    const text = uncommentSettings(exampleText);
    expect(text).not.toBe(exampleText);
    const config = parseConfig({ env: {}, fileText: text });
    expect(config.github.repository).toBeDefined();
    expect(config.settings.channels.merge).toBeDefined();
    expect(config.settings.channels.incidents).toBeDefined();
    expect(config.settings.channels.recaps).toBeDefined();
    expect(config.settings.channels.maintainers).toBeDefined();
    expect(config.model.default).toBeDefined();
  });

  it("documents every key of the schema, with a comment", () => {
    const raw = parse(uncommentSettings(exampleText)) as unknown;
    const paths = keyPaths(fileSchema);
    expect(paths.length).toBeGreaterThan(40);
    const missing = paths.filter((p) => !has(raw, p)).map((p) => p.join("."));
    expect(missing).toEqual([]);
    // Each top-level section is introduced by a comment line right above it.
    const lines = exampleText.split("\n");
    for (const key of Object.keys(fileSchema.shape)) {
      const at = lines.findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`# ${key}:`));
      expect(at, `${key} is in the file`).toBeGreaterThan(0);
      const above = lines[at - 1] ?? "";
      const describes = above.startsWith("#") || (lines[at] ?? "").includes(" # ");
      expect(describes, `${key} has a comment`).toBe(true);
    }
  });

  it("shows the schema's default for every key, apart from the marked examples", () => {
    const example = fileSchema.parse(parse(exampleText));
    const defaults = fileSchema.parse({});
    const withoutExamples = {
      ...example,
      areas: [],
      models: { ...example.models, tasks: {}, pricing: {} },
    };
    expect(withoutExamples).toEqual(defaults);
  });

  it("is accepted by the committed JSON Schema, which rejects typos and bad ids", () => {
    const jsonSchema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Parameters<typeof z.fromJSONSchema>[0];
    const validator = z.fromJSONSchema(jsonSchema);
    expect(validator.safeParse(parse(exampleText)).success).toBe(true);
    expect(validator.safeParse({ chanels: {} }).success).toBe(false);
    expect(validator.safeParse({ channels: { bugs: ["general"] } }).success).toBe(false);
    expect(validator.safeParse({ risk: { mergeMethod: "fast-forward" } }).success).toBe(false);
  });
});

describe("schema/shopfloor.schema.json", () => {
  it("is up to date with src/config/file-schema.ts (run `npm run schema` when this fails)", () => {
    const committed = readFileSync(SCHEMA_PATH, "utf8");
    expect(committed).toBe(renderConfigSchema());
  });

  it("describes the input a person writes: defaulted keys are optional, unknown keys are refused", () => {
    const schema = JSON.parse(renderConfigSchema()) as {
      $schema: string;
      title: string;
      required?: string[];
      additionalProperties: boolean;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.title).toBe("shopfloor.yml");
    expect(schema.required ?? []).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(fileSchema.shape).sort());
    expect(schema.properties.repository?.description).toContain("GITHUB_REPOSITORY");
  });
});
