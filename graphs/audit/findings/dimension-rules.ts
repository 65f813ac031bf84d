import type { DimensionNoise, FailureHotSpot, PromptHealth, RepairStat } from "../../../src/core/ledgers/audit-stats.js";
import { ErrorCode } from "../../../src/core/errors.js";
import type { FindInput, NoisyDimension, PromptEditPlan, SilentDimension, TroubledPrompt } from "./audit-findings.js";
import { lastDays, percent, rate } from "../../../src/core/text.js";
import { INVALID_MIN_CALLS, INVALID_OUTPUT_RATE, MIN_FINDINGS_FOR_NOISE, NOISE_DISMISSED_RATE, SILENT_MIN_REVIEWS } from "./thresholds.js";

export function noisyDimensions(dimensions: readonly DimensionNoise[]): NoisyDimension[] {
  return dimensions
    .filter((d) => d.findings >= MIN_FINDINGS_FOR_NOISE && rate(d.dismissed, d.findings) >= NOISE_DISMISSED_RATE)
    .map((d) => ({ dimension: d.dimension, reviews: d.reviews, findings: d.findings, dismissed: d.dismissed, fixed: d.fixed, nits: d.nits }))
    .sort((a, b) => b.dismissed - a.dismissed || a.dimension.localeCompare(b.dimension));
}

export function silentDimensions(dimensions: readonly DimensionNoise[]): SilentDimension[] {
  return dimensions
    .filter((d) => d.findings === 0 && d.reviews >= SILENT_MIN_REVIEWS)
    .map((d) => ({ dimension: d.dimension, reviews: d.reviews }))
    .sort((a, b) => b.reviews - a.reviews || a.dimension.localeCompare(b.dimension));
}

/**
 * Judged on the version in use only: a prompt edited during the window is not blamed for its old version's answers,
 * and a version with too few calls yet is not judged at all.
 */
export function troubledPrompts(health: readonly PromptHealth[], inUse: FindInput["prompts"]): TroubledPrompt[] {
  const out: TroubledPrompt[] = [];
  for (const prompt of inUse) {
    const rows = health.filter((h) => h.promptId === prompt.id && h.promptHash === prompt.hash);
    const calls = rows.reduce((n, h) => n + h.calls, 0);
    const invalid = rows.reduce((n, h) => n + h.invalid, 0);
    const repaired = rows.reduce((n, h) => n + h.repaired, 0);
    if (calls >= INVALID_MIN_CALLS && rate(invalid, calls) >= INVALID_OUTPUT_RATE) out.push({ promptId: prompt.id, promptHash: prompt.hash, calls, invalid, repaired });
  }
  return out.sort((a, b) => b.invalid - a.invalid || a.promptId.localeCompare(b.promptId));
}

/** A prompt edit for each noisy review dimension that has a prompt, and for each troubled prompt; one per prompt. */
export function promptEdits(input: FindInput, noisy: readonly NoisyDimension[], troubled: readonly TroubledPrompt[]): PromptEditPlan[] {
  const known = new Set(input.prompts.map((p) => p.id));
  const plans = [
    ...noisy.filter((d) => known.has(`review/${d.dimension}`)).map((d) => noisyDimensionEdit(d, input.lookbackDays)),
    ...troubled.map((p) => troubledPromptEdit(p, input)),
  ];
  // A review prompt both noisy and unusable gets one proposal that addresses both.
  const byId = new Map<string, PromptEditPlan>();
  for (const plan of plans) {
    const seen = byId.get(plan.promptId);
    if (!seen) byId.set(plan.promptId, plan);
    else {
      const [first, second] = seen.weight >= plan.weight ? [seen, plan] : [plan, seen];
      byId.set(plan.promptId, {
        ...first,
        weight: first.weight + second.weight,
        rationale: `${first.rationale} ${second.rationale}`,
        goal: `${first.goal}\n\nAlso: ${second.goal}`,
        evidence: `${first.evidence}\n\n${second.evidence}`,
      });
    }
  }
  return [...byId.values()];
}

function noisyDimensionEdit(d: NoisyDimension, days: number): PromptEditPlan {
  const share = percent(rate(d.dismissed, d.findings));
  const nits = d.nits ? ` ${d.nits} of the findings were nits.` : "";
  return {
    kind: "prompt",
    promptId: `review/${d.dimension}`,
    fingerprint: `prompt:review/${d.dimension}`,
    title: `Rewrite the ${d.dimension} review prompt: ${share} of its findings were dismissed`,
    rationale:
      `In ${lastDays(days)} the ${d.dimension} review gave ${d.findings} findings over ${d.reviews} reviews: ${d.dismissed} (${share}) were dismissed ` +
      `(the PR merged or closed without fixing them) and ${d.fixed} fixed.${nits}`,
    goal:
      `Make the ${d.dimension} review report far fewer findings that people dismiss, and keep the kind of finding that gets fixed. ` +
      `Narrow or drop what it reports that people ignore, and prefer reporting nothing over a weak or speculative finding.` +
      (d.nits > 0 ? " Report nit-level findings only when they are clear and few." : ""),
    evidence: [
      `Review dimension: ${d.dimension} (${lastDays(days)})`,
      `Reviews that ran it: ${d.reviews}`,
      `Findings: ${d.findings}; fixed by a later commit: ${d.fixed}; dismissed: ${d.dismissed} (${share})`,
      ...(d.nits ? [`Nit-level findings: ${d.nits}`] : []),
    ].join("\n"),
    metric: { name: "dismissal-rate", dimension: d.dimension },
    weight: d.dismissed,
  };
}

function troubledPromptEdit(p: TroubledPrompt, input: FindInput): PromptEditPlan {
  const share = percent(rate(p.invalid, p.calls));
  const [graph = ""] = p.promptId.split("/");
  const examples = input.figures.hotSpots.filter((h: FailureHotSpot) => h.errorCode === ErrorCode.ModelInvalidOutput && h.automation === graph && h.example);
  const task = p.promptId.replace("/", ".");
  const repairs = input.figures.repairs.filter((r: RepairStat) => r.task === task);
  return {
    kind: "prompt",
    promptId: p.promptId,
    fingerprint: `prompt:${p.promptId}`,
    title: `Fix the ${p.promptId} prompt: ${share} of its answers were unusable`,
    rationale: `In ${lastDays(input.lookbackDays)} ${p.invalid} of ${p.calls} model calls with ${p.promptId} (${share}) gave output that could not be used even after repairs.`,
    goal:
      `Make the model's answers to ${p.promptId} valid far more often, without changing what the prompt asks for: state the exact JSON shape ` +
      `to answer with, the limits on lengths and counts, and what to answer when there is nothing to report.`,
    evidence: [
      `Prompt: ${p.promptId} (version ${p.promptHash}, ${lastDays(input.lookbackDays)})`,
      `Calls: ${p.calls}; unusable after repairs: ${p.invalid} (${share}); repaired: ${p.repaired}`,
      ...repairs.map((r) => `Repair "${r.strategy}": tried ${r.tried}, worked ${r.worked}`),
      ...(examples.length ? ["Latest errors:", ...examples.map((h) => `- ${h.node} (×${h.count}): ${h.example}`)] : []),
    ].join("\n"),
    metric: { name: "invalid-output-rate", promptId: p.promptId },
    weight: p.invalid,
  };
}
