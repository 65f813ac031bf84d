import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { matchesAny } from "../../../src/core/path-globs.js";
import { callStructuredWithMeta } from "../../shared/call-model.js";
import { formatDiffForModel } from "../numbered-diff.js";
import { estimateTokens, planChunks } from "../plan-chunks.js";
import type { BottomLine, ReviewContext, ReviewStateType } from "../review-state.js";
import { DIMENSIONS, SEVERITIES, type Chunk, type Dimension, type DimensionRun, type RawFinding, type ReviewFile } from "../review-types.js";

const findingSchema = z.object({
  path: z.string().min(1),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  severity: z.enum(SEVERITIES),
  title: z.string().min(1).max(200),
  reason: z.string().min(1).max(2_000),
  suggestion: z.string().max(4_000).nullish(),
});
const dimensionAnswer = z.object({ findings: z.array(findingSchema).max(50) });
const summaryAnswer = z.object({
  whatChanged: z.string().min(1).max(1_000),
  affects: z.string().min(1).max(1_000),
  keyDecisions: z.array(z.string().min(1).max(400)).max(8).default([]),
});

/** Model calls in flight at once for one review: parallel, but not a burst that trips the provider's rate limit. */
const PARALLEL_CALLS = 4;
/** The instructions of a review prompt, in tokens, for the budget (the review prompts measure 830–910). */
const PROMPT_OVERHEAD_TOKENS = 1_000;
/**
 * Guidelines go whole to the architecture reviewer, whose subject they are; the other dimensions get the start of
 * each file. They ride along in every call, so in full they would cost a one-file follow-up as much as a full review.
 */
const GUIDELINE_EXCERPT_CHARS = 1_200;
/** The bottom line needs the gist, not every line: its call sees at most this much of the diff. */
const SUMMARY_DIFF_CHARS = 16_000;
/** The linked issue as a smaller context keeps its opening: the title and the first paragraphs say what is wanted. */
const SMALLER_SPEC_CHARS = 1_500;

/**
 * Runs every applicable dimension over every chunk of the diff, in parallel, plus one call for the summary's
 * bottom line. A dimension whose calls fail is reported as failed in the coverage (the review says it is
 * partial); if every call fails, the run fails and is retried — a review that read nothing is not a review.
 */
export function reviewDimensions(deps: GraphDeps) {
  return async (state: ReviewStateType, config: LangGraphRunnableConfig) => {
    const ctx = state.context!;
    const pr = state.pr!;
    const settings = deps.settings.review;
    const prText = `#${pr.number} ${pr.title}\n\n${pr.body}`;
    const spec = ctx.spec ? `#${ctx.spec.number} ${ctx.spec.title}\n\n${ctx.spec.body}` : "No linked issue.";
    const guidelines = (limit: number) =>
      ctx.guidelines.length
        ? ctx.guidelines.map((g) => `## ${g.path}\n${g.text.length > limit ? `${g.text.slice(0, limit)}\n… (the rest is for the architecture review)` : g.text}`).join("\n\n")
        : "No guidelines in the repository.";
    const guidelinesFor = (d: Dimension) => guidelines(d === "architecture" ? Number.POSITIVE_INFINITY : GUIDELINE_EXCERPT_CHARS);
    const earlier = ctx.openThreads.length
      ? ctx.openThreads.map((t) => `- ${t.path}:${t.line ?? t.originalLine ?? "?"} ${t.title}`).join("\n")
      : "None.";
    const dimensions = applicableDimensions(ctx.files, settings.uiPaths);
    const shared = estimateTokens(prText + spec + earlier) + PROMPT_OVERHEAD_TOKENS;
    // The budget plans with the average context of the calls per chunk, and keeps back what the summary call costs.
    const contextTokens = shared + Math.ceil(dimensions.run.reduce((n, d) => n + estimateTokens(guidelinesFor(d)), 0) / dimensions.run.length);
    const summaryTokens = estimateTokens(prText + spec) + estimateTokens(" ".repeat(SUMMARY_DIFF_CHARS)) + ctx.prFiles.length * 10 + PROMPT_OVERHEAD_TOKENS;
    const { chunks, skipped } = planChunks({
      files: ctx.files,
      tokenBudget: Math.max(0, settings.tokenBudget - summaryTokens),
      chunkTokens: settings.chunkTokens,
      callsPerChunk: dimensions.run.length,
      contextTokens,
      priority: (path) => (matchesAny(path, deps.settings.risk.highRiskPaths) ? 2 : matchesAny(path, settings.uiPaths) || isTest(path) ? 0 : 1),
    });
    const byPath = new Map(ctx.files.map((f) => [f.path, f]));
    const diffOf = (chunk: Chunk) => formatDiffForModel(chunk.files.map((p) => byPath.get(p)!));
    const vars = { repository: deps.settings.repository ?? "this repository", pr: prText, spec, earlier };

    let promptTokens = 0;
    const calls = chunks.flatMap((chunk) => dimensions.run.map((dimension) => ({ chunk, dimension })));
    const results = await inPool(calls, PARALLEL_CALLS, async ({ chunk, dimension }) => {
      const { value, meta } = await callStructuredWithMeta(deps, {
        config,
        node: "review-dimensions",
        task: `review.${dimension}`,
        promptId: `review/${dimension}`,
        vars: { ...vars, guidelines: guidelinesFor(dimension), diff: diffOf(chunk) },
        schema: dimensionAnswer,
        // The diff is what is reviewed; the rest is context that can go when the model cannot cope with it all.
        smaller: () => ({ ...vars, spec: vars.spec.slice(0, SMALLER_SPEC_CHARS), earlier: "None.", guidelines: guidelines(GUIDELINE_EXCERPT_CHARS / 4), diff: diffOf(chunk) }),
      });
      promptTokens += meta.usage.promptTokens;
      const inChunk = new Set(chunk.files);
      // A path the chunk does not contain is the model's invention: nothing to anchor it to.
      return value.findings.filter((f) => inChunk.has(f.path)).map((f) => ({ dimension, finding: toRaw(f) }));
    });
    const bottomLine = chunks.length ? await summarise(deps, config, vars, ctx, diffOf(chunks[0]!).slice(0, SUMMARY_DIFF_CHARS)).then((r) => {
      promptTokens += r?.tokens ?? 0;
      return r?.bottomLine ?? null;
    }) : null;

    const failures = results.flatMap((r) => (r.status === "rejected" ? [toAppError(r.reason)] : []));
    if (calls.length > 0 && failures.length === calls.length) throw failures[0]!;
    const raw = results.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
    const runs: DimensionRun[] = DIMENSIONS.map((dimension) => {
      if (!dimensions.run.includes(dimension)) return { dimension, status: "skipped", reason: dimensions.skipped[dimension] ?? "not applicable", findings: 0 };
      const failed = results.flatMap((r, i) => (r.status === "rejected" && calls[i]!.dimension === dimension ? [toAppError(r.reason)] : []));
      const found = raw.filter((r) => r.dimension === dimension).length;
      if (chunks.length === 0) return { dimension, status: "skipped", reason: "no file could be reviewed", findings: 0 };
      return failed.length
        ? { dimension, status: "failed", reason: `${failed.length} of ${chunks.length} part(s) failed: ${failed[0]!.message}`, findings: found }
        : { dimension, status: "done", findings: found };
    });
    const reviewed = chunks.flatMap((c) => c.files);
    return {
      raw,
      bottomLine,
      coverage: {
        mode: ctx.mode,
        ...(ctx.sinceSha ? { sinceSha: ctx.sinceSha } : {}),
        reviewedFiles: reviewed,
        skippedFiles: skipped,
        dimensions: runs,
        promptTokens,
      },
    };
  };
}

function applicableDimensions(files: ReviewFile[], uiPaths: readonly string[]): { run: Dimension[]; skipped: Partial<Record<Dimension, string>> } {
  const ui = files.some((f) => matchesAny(f.path, uiPaths));
  return { run: DIMENSIONS.filter((d) => d !== "ui" || ui), skipped: ui ? {} : { ui: "no UI files changed" } };
}

const isTest = (path: string) => /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[cm]?[jt]sx?$/.test(path);

function toRaw(f: z.infer<typeof findingSchema>): RawFinding {
  return {
    path: f.path,
    startLine: f.startLine,
    endLine: f.endLine,
    severity: f.severity,
    title: f.title,
    reason: f.reason,
    ...(f.suggestion ? { suggestion: f.suggestion } : {}),
  };
}

/** The bottom line is nice to have: without it the summary says so, and the findings still count. */
async function summarise(
  deps: GraphDeps,
  config: LangGraphRunnableConfig,
  vars: { repository: string; pr: string; spec: string },
  ctx: ReviewContext,
  diff: string,
): Promise<{ bottomLine: BottomLine; tokens: number } | null> {
  try {
    const { value, meta } = await callStructuredWithMeta(deps, {
      config,
      node: "review-dimensions",
      task: "review.summarize",
      promptId: "review/summarize",
      vars: {
        repository: vars.repository,
        pr: vars.pr,
        spec: vars.spec,
        files: ctx.prFiles.map((f) => `${f.path} (+${f.additions} -${f.deletions})`).join("\n"),
        diff,
      },
      schema: summaryAnswer,
    });
    return { bottomLine: value, tokens: meta.usage.promptTokens };
  } catch (e) {
    deps.logger.warn({ code: toAppError(e).code }, "review summary unavailable");
    return null;
  }
}

/** Promise.allSettled with at most `limit` tasks running. */
async function inPool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await task(items[i]!) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
