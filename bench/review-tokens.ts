import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { reviewGraph } from "../graphs/review/index.js";
import type { Coverage } from "../graphs/review/review-types.js";
import type { ForgeFileChange } from "../src/core/ports/forge-port.js";
import { loadPrompts, type PromptRegistry } from "../src/prompts/load-prompts.js";
import { FakeForge } from "../test/fakes/fake-ports.js";
import { fakeGraphDeps } from "../test/fakes/graph-deps.js";
import { graphHarness } from "../test/support/graph-harness.js";
import { log } from "./support/bench-env.js";
import { seededRandom, type Random } from "../test/support/seeded-random.js";

/**
 * Prompt tokens the review automation spends per review: a small, a medium and a large diff reviewed in full,
 * then a one-file follow-up commit on the medium PR reviewed incrementally, as a share of that PR's full review.
 * Everything runs in memory through the real review graph and the real prompt files; the model answers every
 * call with nothing to report, because the prompt, not the answer, is what is measured. The figures are the
 * graph's own count (coverage.promptTokens of the saved review), which here is FakeModel's estimate.
 */

const ESTIMATE =
  "FakeModel: ceil(characters of the rendered prompt messages / 4) per call (about 4 characters per token, the estimate of the sandbox's fake OpenAI), summed by the graph into coverage.promptTokens";
const INCREMENTAL_TARGET = 0.4;
const PROMPTS = resolve(dirname(fileURLToPath(import.meta.url)), "../prompts");
const HEAD1 = "1111111111111111111111111111111111111111";
const HEAD2 = "2222222222222222222222222222222222222222";

export async function reviewTokens() {
  const prompts = await loadPrompts(PROMPTS);
  const small = syntheticPr(11, [{ count: 1, kind: "src", status: "modified", changed: 22, removedShare: 0.1 }]);
  const medium = syntheticPr(22, [
    { count: 5, kind: "src", status: "modified", changed: 30 },
    { count: 1, kind: "src", status: "added", changed: 70 },
    { count: 1, kind: "test", status: "added", changed: 50 },
    { count: 1, kind: "test", status: "modified", changed: 30 },
  ]);
  const large = syntheticPr(33, [
    { count: 24, kind: "src", status: "modified", changed: 60 },
    { count: 8, kind: "src", status: "added", changed: 110 },
    { count: 6, kind: "test", status: "added", changed: 90 },
    { count: 2, kind: "test", status: "modified", changed: 70 },
  ]);

  log("review tokens: small, medium and large diffs, full reviews");
  const smallRun = await fullReview(prompts, small);
  const largeRun = await fullReview(prompts, large);
  const incremental = await followUp(prompts, medium, 0);

  // Guideline files (AGENTS.md, CONTRIBUTING.md, docs/architecture-rules.md by default) go into every dimension
  // call, so they weigh on a one-file review as much as on a full one: the share depends on how long they are.
  log("review tokens: incremental share with guideline files of 2,000 and 6,000 characters (the cap per file)");
  const byGuidelines = [incremental, await followUp(prompts, medium, 2_000), await followUp(prompts, medium, 6_000)].map((r) => ({
    guidelineCharsPerFile: r.guidelineChars,
    guidelineFiles: r.guidelineChars ? GUIDELINE_PATHS.length : 0,
    fullPromptTokens: r.full.promptTokens,
    incrementalPromptTokens: r.incremental.promptTokens,
    shareOfFull: share(r),
    met: share(r) <= INCREMENTAL_TARGET,
  }));

  const budget = fakeGraphDeps().deps.settings.review;
  return {
    estimate: ESTIMATE,
    settings: { tokenBudget: budget.tokenBudget, chunkTokens: budget.chunkTokens, guidelines: "no guideline files in the main figures; incremental.byGuidelines adds them" },
    small: smallRun,
    medium: incremental.full,
    large: { ...largeRun, withinBudget: largeRun.promptTokens <= budget.tokenBudget },
    incremental: {
      ...incremental.incremental,
      shareOfFull: share(incremental),
      target: INCREMENTAL_TARGET,
      met: share(incremental) <= INCREMENTAL_TARGET,
      byGuidelines,
    },
  };
}

const share = (r: { full: { promptTokens: number }; incremental: { promptTokens: number } }) =>
  Math.round((r.incremental.promptTokens / r.full.promptTokens) * 1000) / 1000;

/** FakeModel's count for one call, recomputed from what the call carried. */
const tokensOf = (messages: Array<{ content: string }>) => Math.ceil(messages.map((m) => m.content).join("\n").length / 4);

// ---------------------------------------------------------------------------------------------------------
// One PR in memory, reviewed through the real graph
// ---------------------------------------------------------------------------------------------------------

const GUIDELINE_PATHS = ["AGENTS.md", "CONTRIBUTING.md", "docs/architecture-rules.md"];

function reviewWorld(prompts: PromptRegistry, guidelineChars = 0) {
  const forge = new FakeForge({ botLogin: "shopfloor[bot]", writers: ["dave"] });
  if (guidelineChars) for (const path of GUIDELINE_PATHS) forge.files.set(path, guidelineText(path, guidelineChars));
  const f = fakeGraphDeps({ forge });
  f.deps.prompts = prompts;
  f.deps.settings = { ...f.deps.settings, channels: { ...f.deps.settings.channels, merge: "C0MERGE" } };
  const issue = forge.addIssue({ title: ISSUE_TITLE, body: ISSUE_BODY });
  const pr = forge.addPullRequest({ title: PR_TITLE, body: `${PR_BODY}\n\nFixes #${issue.number}`, headSha: HEAD1, author: "dave" });
  const thread = `gh-pr:acme/shop#${pr.number}`;

  /** One review run; every dimension call and the summary are answered, however many chunks the diff makes. */
  const review = async (files: ForgeFileChange[], trigger: { kind: "opened" | "synchronize"; id: string }) => {
    const before = f.model.calls.length;
    for (const d of ["correctness", "security", "architecture", "tests", "ui"]) for (let i = 0; i < files.length; i++) f.model.answer(`review.${d}`, { findings: [] });
    f.model.answer("review.summarize", { whatChanged: "Nothing to say.", affects: "Nothing.", keyDecisions: [] });
    await graphHarness(reviewGraph, f.deps, thread).start({ pr: pr.number, trigger, full: false });
    const record = f.reviews.records.at(-1)!;
    const calls = f.model.calls.slice(before);
    // The graph's sum must be the sum of what was sent, or the figure is not the prompt's.
    const sent = calls.reduce((sum, c) => sum + tokensOf(c.messages), 0);
    if (sent !== record.promptTokens) throw new Error(`review recorded ${record.promptTokens} prompt tokens, the calls carried ${sent}`);
    const coverage = record.coverage as Coverage;
    return {
      mode: record.mode,
      files: files.length,
      changedLines: files.reduce((n, file) => n + file.additions + file.deletions, 0),
      calls: calls.length,
      chunks: calls.filter((c) => c.task === "review.correctness").length,
      promptTokens: record.promptTokens,
      // The summary call is not in the token budget's plan: it is what a review can spend beyond it.
      summarizeTokens: calls.filter((c) => c.task === "review.summarize").reduce((sum, c) => sum + tokensOf(c.messages), 0),
      meanTokensPerCall: Math.round(record.promptTokens / calls.length),
      reviewedFiles: coverage.reviewedFiles.length,
      skippedFiles: coverage.skippedFiles.length,
      skippedForBudget: coverage.skippedFiles.filter((s) => s.reason.includes("token budget")).length,
    };
  };
  return { forge, pr, review };
}

async function fullReview(prompts: PromptRegistry, diff: SyntheticPr) {
  const w = reviewWorld(prompts);
  w.forge.pullFiles.set(w.pr.number, diff.files);
  return w.review(diff.files, { kind: "opened", id: "bench-1" });
}

/** The medium PR reviewed in full, then a push of one commit that changes one of its files, as the webhook would. */
async function followUp(prompts: PromptRegistry, diff: SyntheticPr, guidelineChars: number) {
  const w = reviewWorld(prompts, guidelineChars);
  w.forge.pullFiles.set(w.pr.number, diff.files);
  const full = await w.review(diff.files, { kind: "opened", id: "bench-1" });
  w.forge.pulls.set(w.pr.number, { ...w.forge.pulls.get(w.pr.number)!, headSha: HEAD2 });
  w.forge.pullFiles.set(w.pr.number, diff.afterFollowUp);
  w.forge.comparisons.set(`${HEAD1}...${HEAD2}`, { status: "ahead", aheadBy: 1, files: [diff.followUp] });
  const incremental = await w.review([diff.followUp], { kind: "synchronize", id: "bench-2" });
  if (incremental.mode !== "incremental") throw new Error(`the follow-up was reviewed as ${incremental.mode}, not incrementally`);
  return { guidelineChars, full, incremental };
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic TypeScript patches
// ---------------------------------------------------------------------------------------------------------

interface FileGroup {
  count: number;
  kind: "src" | "test";
  status: "added" | "modified";
  /** Lines added plus removed per file; in a group of several, each file varies by up to ±30 %. */
  changed: number;
  /** Share of the changed lines of a modified file that are removals; 0.3 unless given. */
  removedShare?: number;
}

interface Edit {
  /** 0-based line of the old file where the edit starts. */
  at: number;
  remove: number;
  insert: string[];
}

interface SyntheticPr {
  files: ForgeFileChange[];
  /** The first modified source file after one more commit changes ~15 of its lines. */
  followUp: ForgeFileChange;
  /** The PR's files after that commit (the follow-up file's patch now holds both commits). */
  afterFollowUp: ForgeFileChange[];
}

type Rng = Random;

function syntheticPr(seed: number, groups: FileGroup[]): SyntheticPr {
  const r = seededRandom(seed);
  const used = new Set<string>();
  const files: ForgeFileChange[] = [];
  let follow: { index: number; base: string[]; edits: Edit[] } | null = null;
  for (const g of groups) {
    for (let n = 0; n < g.count; n++) {
      const path = uniquePath(r, g.kind, used);
      const changed = g.count > 1 ? Math.max(4, Math.round(g.changed * (0.7 + 0.6 * r.next()))) : g.changed;
      const code = g.kind === "test" ? testLines : sourceLines;
      if (g.status === "added") {
        const lines = code(r, changed).slice(0, changed);
        files.push({ path, status: "added", additions: lines.length, deletions: 0, patch: [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n") });
        continue;
      }
      const base = code(r, Math.max(120, changed * 3));
      const edits = spreadEdits(r, base.length, changed, g.removedShare ?? 0.3);
      files.push({ path, status: "modified", ...makePatch(base, edits) });
      if (!follow && g.kind === "src") follow = { index: files.length - 1, base, edits };
    }
  }
  if (!follow) throw new Error("a synthetic PR needs a modified source file for the follow-up commit");
  // The follow-up commit rewrites 4 lines into 11 below the PR's last edit of that file.
  const last = follow.edits.at(-1)!;
  const extra: Edit = { at: last.at + last.remove + 10, remove: 4, insert: statementLines(r, 11, "    ") };
  const shift = follow.edits.reduce((d, e) => d + e.insert.length - e.remove, 0);
  const path = files[follow.index]!.path;
  const followUp: ForgeFileChange = { path, status: "modified", ...makePatch(applyEdits(follow.base, follow.edits), [{ ...extra, at: extra.at + shift }]) };
  const afterFollowUp = files.map((f, i) => (i === follow.index ? { path, status: "modified" as const, ...makePatch(follow.base, [...follow.edits, extra]) } : f));
  return { files, followUp, afterFollowUp };
}

/** Hunks of 14 to 27 changed lines, spread over the first 80 % of the file. */
function spreadEdits(r: Rng, baseLength: number, changed: number, removedShare: number): Edit[] {
  const hunks = Math.max(1, Math.floor(changed / 14));
  const span = Math.floor(baseLength * 0.8) - 5;
  return Array.from({ length: hunks }, (_, k) => {
    const size = Math.round(changed / hunks);
    const remove = Math.round(size * removedShare);
    return { at: 5 + Math.floor((k * span) / hunks) + r.int(0, 3), remove, insert: statementLines(r, size - remove, r.pick(["  ", "    "])) };
  });
}

function applyEdits(old: string[], edits: Edit[]): string[] {
  const out: string[] = [];
  let i = 0;
  for (const e of edits) {
    out.push(...old.slice(i, e.at), ...e.insert);
    i = e.at + e.remove;
  }
  return [...out, ...old.slice(i)];
}

/** GitHub's patch of a file: one hunk per edit with three lines of context, headed by the enclosing declaration. */
function makePatch(old: string[], edits: Edit[]): { additions: number; deletions: number; patch: string } {
  const out: string[] = [];
  let delta = 0;
  for (const e of edits) {
    const from = Math.max(0, e.at - 3);
    const to = Math.min(old.length, e.at + e.remove + 3);
    const before = old.slice(from, e.at);
    const removed = old.slice(e.at, e.at + e.remove);
    const after = old.slice(e.at + e.remove, to);
    const oldCount = to - from;
    const newCount = before.length + e.insert.length + after.length;
    const heading = old.slice(0, from).findLast((l) => /^(export )?(async )?(function|interface|describe)|^describe\(/.test(l)) ?? "";
    out.push(`@@ -${from + 1},${oldCount} +${from + 1 + delta},${newCount} @@${heading ? ` ${heading.slice(0, 80)}` : ""}`);
    out.push(...before.map((l) => ` ${l}`), ...removed.map((l) => `-${l}`), ...e.insert.map((l) => `+${l}`), ...after.map((l) => ` ${l}`));
    delta += e.insert.length - e.remove;
  }
  return { additions: edits.reduce((n, e) => n + e.insert.length, 0), deletions: edits.reduce((n, e) => n + e.remove, 0), patch: out.join("\n") };
}

const AREAS = ["checkout", "payments", "orders", "catalog", "search", "shipping", "accounts", "shared"];
const NOUNS = ["cart", "order", "invoice", "customer", "product", "discount", "coupon", "shipment", "payment", "refund", "address", "stock", "price", "session", "rating", "voucher", "receipt", "basket"];
const VERBS = ["load", "save", "apply", "compute", "validate", "format", "resolve", "fetch", "merge", "normalize", "build", "parse", "find", "update", "remove", "list", "sync", "reserve"];
const FIELDS = ["id", "total", "quantity", "price", "currency", "status", "createdAt", "expiresAt", "code", "amount", "country", "locale", "discount", "weight"];
const WHY = ["are read once per request, so a retry sees the same values", "may be missing for guests", "must be rounded only once, at the end", "come from the provider in minor units", "are cached for a minute", "expire at midnight in the shop's time zone"];
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

function uniquePath(r: Rng, kind: "src" | "test", used: Set<string>): string {
  for (;;) {
    const area = r.pick(AREAS);
    const name = `${r.pick(VERBS)}-${r.pick(NOUNS)}`;
    const path = kind === "test" ? `test/${area}/${name}.test.ts` : `src/${area}/${name}.ts`;
    if (!used.has(path)) {
      used.add(path);
      return path;
    }
  }
}

/** Statements of a function body, at one indentation: a hunk in the middle of a function. */
function statementLines(r: Rng, count: number, indent: string): string[] {
  const out: string[] = [];
  while (out.length < count) out.push(...statement(r, indent, r.pick(NOUNS)));
  return out.slice(0, count);
}

function statement(r: Rng, i: string, noun: string): string[] {
  const other = r.pick(NOUNS);
  const verb = r.pick(VERBS);
  const field = r.pick(FIELDS);
  const v = `${other}${cap(field)}`;
  switch (r.int(0, 12)) {
    case 0: return [`${i}const ${v} = await deps.${other}s.${verb}(${noun}.${field});`];
    case 1: return [`${i}if (!${noun}.${field}) throw new AppError(ErrorCode.NotFound, \`${noun} \${${noun}.id} has no ${field}\`);`];
    case 2: return [`${i}const ${v} = ${noun}.items.filter((item) => item.${field} !== undefined && item.quantity > 0);`];
    case 3: return [`${i}const ${v} = ${noun}.items.reduce((sum, item) => sum + item.price * item.quantity, 0);`];
    case 4: return [`${i}deps.logger.info({ ${noun}: ${noun}.id, ${field}: ${noun}.${field} }, "${verb} ${other}");`];
    case 5: return [`${i}// ${cap(other)}s ${r.pick(WHY)}.`];
    case 6: return [`${i}if (${noun}.${field} === undefined) return null;`];
    case 7: return [`${i}const ${v} = Math.round(${noun}.${field} * 100) / 100;`];
    case 8: return [`${i}await deps.events.publish({ type: "${noun}.${verb}", id: ${noun}.id, at: deps.clock.now().toISOString() });`];
    case 9: return [`${i}for (const item of ${noun}.items) {`, `${i}  if (item.${field} === null) continue;`, `${i}  ${v}s.set(item.id, ${verb}${cap(other)}(item, options));`, `${i}}`];
    case 10: return [`${i}if (${v}.length > options.limit) {`, `${i}  return { ...${noun}, ${field}: ${v}.slice(0, options.limit) };`, `${i}}`];
    case 11: return [`${i}const ${v}s = new Map<string, ${cap(other)}>();`];
    default: return [`${i}try {`, `${i}  await deps.${other}s.${verb}(${noun}.id, { ${field}: ${noun}.${field} });`, `${i}} catch (err) {`, `${i}  deps.logger.warn({ err, ${noun}: ${noun}.id }, "could not ${verb} the ${other}");`, `${i}  throw err;`, `${i}}`];
  }
}

/** A source file of at least `count` lines: imports, then interfaces and functions. */
function sourceLines(r: Rng, count: number): string[] {
  const out = [`import { AppError, ErrorCode } from "../shared/errors.js";`, `import type { ${cap(r.pick(NOUNS))}, ${cap(r.pick(NOUNS))} } from "./types.js";`, ""];
  while (out.length < count) {
    const noun = r.pick(NOUNS);
    const N = cap(noun);
    if (r.next() < 0.25) {
      out.push(`export interface ${N}Options {`);
      for (let k = r.int(2, 5); k > 0; k--) {
        const field = r.pick(FIELDS);
        out.push(`  /** The ${noun}'s ${field}; ${r.pick(WHY)}. */`, `  ${field}?: ${r.pick(["string", "number", "boolean", `${N}[]`, "Date | null"])};`);
      }
      out.push("}", "");
      continue;
    }
    const verb = r.pick(VERBS);
    out.push(`/** ${cap(verb)}s a ${noun}: ${r.pick(WHY)}. */`);
    out.push(r.next() < 0.6 ? `export async function ${verb}${N}(${noun}: ${N}Input, deps: ${N}Deps): Promise<${N}> {` : `function ${verb}${N}(${noun}: ${N}, options: ${N}Options = {}): ${N} | null {`);
    out.push(...statementLines(r, r.int(4, 14), "  "), `  return { ...${noun}, ${r.pick(FIELDS)}: ${noun}.${r.pick(FIELDS)} };`, "}", "");
  }
  return out;
}

/** A vitest file of at least `count` lines. */
function testLines(r: Rng, count: number): string[] {
  const out = [`import { describe, expect, it } from "vitest";`, `import { fakeDeps } from "../support/fake-deps.js";`, ""];
  while (out.length < count) {
    const noun = r.pick(NOUNS);
    const verb = r.pick(VERBS);
    out.push(`describe("${verb}${cap(noun)}", () => {`);
    for (let k = r.int(1, 3); k > 0; k--) {
      const field = r.pick(FIELDS);
      const value = r.int(1, 999);
      out.push(
        `  it("keeps the ${field} when the ${r.pick(NOUNS)} ${r.pick(["is missing", "has expired", "is in another currency", "was already applied"])}", async () => {`,
        `    const deps = fakeDeps();`,
        `    const ${noun} = ${noun}Fixture({ ${field}: ${value} });`,
        `    const result = await ${verb}${cap(noun)}(${noun}, deps);`,
        `    expect(result.${field}).toBe(${value});`,
        `    expect(deps.events.published).toContainEqual(expect.objectContaining({ type: "${noun}.${verb}" }));`,
        `  });`,
      );
    }
    out.push("});", "");
  }
  return out;
}

function guidelineText(path: string, chars: number): string {
  const rules = [
    "Keep domain logic in src/<area>; HTTP handlers only parse input and call it.",
    "Money is an integer number of minor units; round once, when displaying.",
    "Every exported function has a test next to the module it tests.",
    "Errors cross module boundaries as AppError with a code, never as strings.",
    "No new runtime dependency without an issue that explains why.",
    "Dates are stored in UTC and converted to the shop's time zone only for display.",
  ];
  const out = [`# ${path}`, ""];
  for (let k = 0; out.join("\n").length < chars; k++) out.push(`- ${rules[k % rules.length]}`);
  return out.join("\n").slice(0, chars);
}

const ISSUE_TITLE = "Discounts are applied after tax at checkout";
const ISSUE_BODY = [
  "When a customer applies a coupon, the order total subtracts the discount after VAT has been added, so the",
  "customer pays tax on the undiscounted price. Finance noticed it on invoices since the release of 12 January.",
  "",
  "Expected: discounts reduce the net price first; tax is computed on the discounted amount; invoices show the",
  "discount as its own line. Refunds of discounted orders refund what was paid, not the list price.",
  "",
  "Steps: add two items to the cart, apply SPRING10, go to checkout, compare the total with the invoice.",
].join("\n");
const PR_TITLE = "Apply discounts before tax and show them on invoices";
const PR_BODY = [
  "Discounts now reduce the net amount of each line before tax is computed, and invoices carry the discount as",
  "a separate line. Refunds use the amounts actually paid.",
  "",
  "- moves the discount step in the checkout pipeline ahead of tax;",
  "- stores the applied discount per order line so refunds and invoices can read it;",
  "- adds tests for coupons, vouchers and mixed currencies.",
].join("\n");
