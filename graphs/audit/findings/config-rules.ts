import type { HandOff } from "../../../src/core/ledgers/factory-stats.js";
import type { ConfigChangePlan, FindInput, NoisyDimension } from "./audit-findings.js";
import { lastDays, percent, rate } from "../../../src/core/text.js";
import { BUDGET_GROWTH, NITS_DOMINATE_SHARE, OUT_OF_ROUNDS_MIN, SPENT_BUDGET_MIN } from "./thresholds.js";

/**
 * How a hand-off reason names each spent build budget: the build's stop code (budget-steps, …) as the ledger records
 * it, or the message that names the setting.
 */
const BUDGETS = [
  { budget: "steps", label: "step", matches: /budget-steps|budgets\.steps/i },
  { budget: "tokens", label: "token", matches: /budget-tokens|budgets\.tokens/i },
  { budget: "minutes", label: "time", matches: /budget-time|budgets\.minutes/i },
] as const;

/** A review hand-off because the rounds ran out ("… still open after the last round"). */
const OUT_OF_ROUNDS = /\brounds?\b/i;

/** Rule-based changes to shopfloor.yml: only settings that exist (GraphSettings), each from the figures that call for it. */
export function configChanges(input: FindInput, noisy: readonly NoisyDimension[]): ConfigChangePlan[] {
  return [outOfRounds(input), ...spentBudgets(input), fewerNits(input, noisy)].filter((p): p is ConfigChangePlan => p !== null);
}

/** The rows of one kind of hand-off, and the reason of the largest, which the metric follows. */
function handOffsOf(handOffs: readonly HandOff[], automation: string, matches: RegExp): { count: number; reason: string } | null {
  const rows = handOffs.filter((h) => h.automation === automation && matches.test(h.reason)).sort((a, b) => b.count - a.count);
  if (!rows[0]) return null;
  return { count: rows.reduce((n, h) => n + h.count, 0), reason: rows[0].reason };
}

function outOfRounds(input: FindInput): ConfigChangePlan | null {
  const found = handOffsOf(input.figures.handOffs, "review", OUT_OF_ROUNDS);
  if (!found || found.count < OUT_OF_ROUNDS_MIN) return null;
  const from = input.settings.review.maxRounds;
  const to = from + 1;
  return {
    kind: "config",
    key: "review.maxRounds",
    from,
    to,
    fingerprint: "config:review.maxRounds",
    title: `Allow ${to} review rounds before a PR goes to people (now ${from})`,
    rationale:
      `In ${lastDays(input.lookbackDays)} ${found.count} pull requests were handed to people because blocking findings were still open after the last of ` +
      `${from} review rounds (review.maxRounds). One more round gives fix mode another try first; a PR it cannot fix still reaches people, one round later.`,
    metric: { name: "hand-off-rate", automation: "review", reason: found.reason },
    weight: found.count,
  };
}

function spentBudgets(input: FindInput): ConfigChangePlan[] {
  const plans: ConfigChangePlan[] = [];
  for (const { budget, label, matches } of BUDGETS) {
    const found = handOffsOf(input.figures.handOffs, "build", matches);
    if (!found || found.count < SPENT_BUDGET_MIN) continue;
    const from = input.settings.build.budgets[budget];
    const to = Math.ceil(from * BUDGET_GROWTH);
    const key = `build.budgets.${budget}`;
    plans.push({
      kind: "config",
      key,
      from,
      to,
      fingerprint: `config:${key}`,
      title: `Raise the build ${label} budget from ${from.toLocaleString("en-US")} to ${to.toLocaleString("en-US")}${budget === "minutes" ? " minutes" : ""}`,
      rationale:
        `In ${lastDays(input.lookbackDays)} ${found.count} builds stopped because they had used their whole ${label} budget (${key} = ${from}) and were handed to people. ` +
        `Half as much again (${to}) lets builds like these finish; every build still stops at the new limit.`,
      metric: { name: "hand-off-rate", automation: "build", reason: found.reason },
      weight: found.count,
    });
  }
  return plans;
}

/** Nits dominating the dismissed findings of the noisy dimensions: fewer nits per review removes most of the noise. */
function fewerNits(input: FindInput, noisy: readonly NoisyDimension[]): ConfigChangePlan | null {
  const findings = noisy.reduce((n, d) => n + d.findings, 0);
  const nits = noisy.reduce((n, d) => n + d.nits, 0);
  const from = input.settings.review.maxNits;
  if (from === 0 || findings === 0 || rate(nits, findings) < NITS_DOMINATE_SHARE) return null;
  const to = Math.floor(from / 2);
  const top = [...noisy].sort((a, b) => b.nits - a.nits || a.dimension.localeCompare(b.dimension))[0]!;
  const dismissed = noisy.reduce((n, d) => n + d.dismissed, 0);
  return {
    kind: "config",
    key: "review.maxNits",
    from,
    to,
    fingerprint: "config:review.maxNits",
    title: `Post at most ${to} nit${to === 1 ? "" : "s"} per review (now ${from})`,
    rationale:
      `In ${lastDays(input.lookbackDays)} the ${noisy.map((d) => d.dimension).join(", ")} review${noisy.length === 1 ? "" : "s"} had ${dismissed} of ${findings} findings dismissed, ` +
      `and ${nits} of those ${findings} findings (${percent(rate(nits, findings))}) were nits. Fewer nits per review (review.maxNits ${from} → ${to}) removes most of what people skip.`,
    metric: { name: "dismissal-rate", dimension: top.dimension },
    weight: nits,
  };
}
