/**
 * Measures how well triage rates severity, on real bug reports with known priorities: the GitBugs sample of
 * Apache Hadoop Jira issues (../shared/samples/bugreports, see SOURCES.md there). Jira Priority is mapped to
 * our levels (Blocker → P0, Critical → P1, Major → P2, Minor and Trivial → P3).
 *
 *   node --import tsx scripts/eval-triage.ts [--file <csv>] [--limit N]
 *
 * Always evaluates the rule-based fallback on every row. When OPENAI_API_KEY or OPENAI_BASE_URL is set, also asks
 * the configured model (prompt triage/classify, 4 calls at a time) on the first N rows (--limit; default all) and
 * reports the rules on those same rows next to it. Prints JSON to stdout; progress goes to stderr.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import { classifyByRules } from "../graphs/triage/rules/classify-by-rules.js";
import { classificationSchema, severities, type Severity } from "../graphs/triage/triage-types.js";
import { createOpenAIClient, createOpenAIModelAdapter } from "../src/adapters/llm/openai-model-adapter.js";
import { parseConfig } from "../src/config/load-config.js";
import { toAppError } from "../src/core/errors.js";
import type { ModelPort } from "../src/core/ports/model-port.js";
import { loadPrompts, type PromptRegistry } from "../src/prompts/load-prompts.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_FILE = resolve(repoRoot, "../shared/samples/bugreports/gitbugs-hadoop.priority-sample.csv");
const CONCURRENCY = 4;
/** Some descriptions paste whole build logs (74,000 characters); the model sees the first part, as a person would. */
const MAX_REPORT_CHARS = 8000;

const jiraToSeverity: Readonly<Record<string, Severity>> = {
  Blocker: "P0",
  Critical: "P1",
  Major: "P2",
  Minor: "P3",
  Trivial: "P3",
};

interface Row {
  id: string;
  title: string;
  description: string;
  expected: Severity;
}

interface Metrics {
  rows: number;
  accuracy: number;
  /** Predicted level at most one step away from the expected one. */
  withinOne: number;
  confusion: Record<Severity, Record<Severity, number>>;
  perClass: Record<Severity, { precision: number | null; recall: number | null; support: number; predicted: number }>;
}

function readRows(file: string): Row[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}); pass --file <path to the CSV>`);
  }
  let records: Record<string, string | undefined>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string | undefined>[];
  } catch (e) {
    throw new Error(`${file} is not a readable CSV (${(e as Error).message})`);
  }
  const missing = ["Summary", "Priority", "Description"].filter((c) => records.length && !(c in (records[0] as object)));
  if (missing.length) throw new Error(`${file} has no column(s) ${missing.join(", ")}; expected the GitBugs columns (Summary, Issue id, Priority, Description, …)`);
  const rows: Row[] = [];
  const skipped = new Map<string, number>();
  for (const r of records) {
    const priority = (r.Priority ?? "").trim();
    const expected = jiraToSeverity[priority];
    if (!expected) {
      skipped.set(priority || "(empty)", (skipped.get(priority || "(empty)") ?? 0) + 1);
      continue;
    }
    rows.push({ id: r["Issue id"] ?? "", title: (r.Summary ?? "").trim(), description: (r.Description ?? "").trim(), expected });
  }
  for (const [priority, n] of skipped) console.error(`skipped ${n} row(s) with unmapped Priority ${JSON.stringify(priority)}`);
  return rows;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function emptyConfusion(): Record<Severity, Record<Severity, number>> {
  return Object.fromEntries(severities.map((e) => [e, Object.fromEntries(severities.map((p) => [p, 0]))])) as Record<Severity, Record<Severity, number>>;
}

function metrics(pairs: readonly { expected: Severity; predicted: Severity }[]): Metrics {
  const confusion = emptyConfusion();
  let correct = 0;
  let near = 0;
  for (const { expected, predicted } of pairs) {
    confusion[expected][predicted] += 1;
    if (expected === predicted) correct += 1;
    if (Math.abs(severities.indexOf(expected) - severities.indexOf(predicted)) <= 1) near += 1;
  }
  const perClass = Object.fromEntries(
    severities.map((level) => {
      const tp = confusion[level][level];
      const support = severities.reduce((n, p) => n + confusion[level][p], 0);
      const predicted = severities.reduce((n, e) => n + confusion[e][level], 0);
      return [level, { precision: predicted ? round(tp / predicted) : null, recall: support ? round(tp / support) : null, support, predicted }];
    }),
  ) as Metrics["perClass"];
  const n = pairs.length;
  return { rows: n, accuracy: n ? round(correct / n) : 0, withinOne: n ? round(near / n) : 0, confusion, perClass };
}

/** What always answering the most frequent level would score: the floor any classifier has to beat. */
function baseline(rows: readonly Row[]): { level: Severity; accuracy: number } {
  const counts = severities.map((level) => ({ level, n: rows.filter((r) => r.expected === level).length }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return { level: best.level, accuracy: rows.length ? round(best.n / rows.length) : 0 };
}

function evaluateRules(rows: readonly Row[]) {
  const started = performance.now();
  const types: Record<string, number> = {};
  const pairs = rows.map((row) => {
    const c = classifyByRules({ title: row.title, text: row.description }, [], "evaluation of the rules");
    types[c.type] = (types[c.type] ?? 0) + 1;
    return { expected: row.expected, predicted: c.severity };
  });
  const ms = performance.now() - started;
  console.error(`rules: ${rows.length} rows in ${Math.round(ms)} ms`);
  return { ...metrics(pairs), types, msPerRow: round(ms / Math.max(1, rows.length)), pairs };
}

/** Runs `work` over items with at most `limit` in flight, keeping results in input order. */
async function mapPool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T, i);
    }
  });
  await Promise.all(runners);
  return results;
}

function reportFor(row: Row): string {
  const text = `${row.title}\n\n${row.description}`;
  return text.length > MAX_REPORT_CHARS ? `${text.slice(0, MAX_REPORT_CHARS)}\n[… truncated]` : text;
}

async function evaluateModel(rows: readonly Row[], model: ModelPort, prompts: PromptRegistry) {
  const usage = { promptTokens: 0, completionTokens: 0, costUsd: 0 };
  const failures: Record<string, number> = {};
  let done = 0;
  const started = performance.now();
  const outcomes = await mapPool(rows, CONCURRENCY, async (row) => {
    try {
      const prompt = prompts.render("triage/classify", { repository: "apache/hadoop", areas: "unknown", reporter: "a Jira user", report: reportFor(row) });
      const { value, meta } = await model.structured({ task: "triage.classify", prompt, schema: classificationSchema });
      usage.promptTokens += meta.usage.promptTokens;
      usage.completionTokens += meta.usage.completionTokens;
      usage.costUsd += meta.usage.costUsd;
      return { expected: row.expected, predicted: value.severity };
    } catch (e) {
      const err = toAppError(e);
      failures[err.code] = (failures[err.code] ?? 0) + 1;
      console.error(`model failed on issue ${row.id}: ${err.code} ${err.message.split("\n")[0]}`);
      return undefined;
    } finally {
      done += 1;
      if (done % 10 === 0 || done === rows.length) console.error(`model: ${done}/${rows.length}`);
    }
  });
  const pairs = outcomes.filter((o): o is { expected: Severity; predicted: Severity } => !!o);
  return {
    answered: outcomes.map((o) => !!o),
    ...metrics(pairs),
    failed: rows.length - pairs.length,
    failures,
    usage: { ...usage, costUsd: Math.round(usage.costUsd * 1e6) / 1e6 },
    seconds: round((performance.now() - started) / 1000),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { file: { type: "string" }, limit: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    console.error("usage: node --import tsx scripts/eval-triage.ts [--file <csv>] [--limit N]");
    return;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) throw new Error(`--limit must be a positive whole number, got ${values.limit}`);

  const file = values.file ? resolve(process.cwd(), values.file) : DEFAULT_FILE;
  const rows = readRows(file);
  console.error(`${rows.length} rows from ${file}`);
  const { pairs: rulePairs, ...rules } = evaluateRules(rows);
  const result: Record<string, unknown> = { file, rows: rows.length, baseline: baseline(rows), rules };

  if (process.env.OPENAI_API_KEY || process.env.OPENAI_BASE_URL) {
    const config = parseConfig({ env: process.env, fileText: undefined });
    const client = createOpenAIClient({ apiKey: config.model.apiKey, baseUrl: config.model.baseUrl, timeoutMs: config.model.timeoutMs });
    const model = createOpenAIModelAdapter({
      client,
      config: config.model,
      logger: { debug: () => {}, warn: (obj, msg) => console.error(`${msg ?? "warning"} ${JSON.stringify(obj)}`) },
    });
    const prompts = await loadPrompts(resolve(repoRoot, "prompts"));
    const subset = rows.slice(0, limit ?? rows.length);
    console.error(`model ${config.model.tasks["triage.classify"] ?? config.model.defaultModel} on ${subset.length} rows, ${CONCURRENCY} at a time`);
    const { answered, ...modelResult } = await evaluateModel(subset, model, prompts);
    // The rules on exactly the rows the model answered, so the two figures compare like with like.
    const same = metrics(rulePairs.filter((_, i) => answered[i]));
    result.model = { ...modelResult, rulesOnSameRows: { rows: same.rows, accuracy: same.accuracy, withinOne: same.withinOne } };
  } else {
    console.error("OPENAI_API_KEY / OPENAI_BASE_URL not set: rules only");
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e: unknown) => {
  console.error(`eval-triage: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
