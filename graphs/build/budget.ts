import type { BuildSpend, StopReason } from "./build-types.js";

export interface Budgets {
  steps: number;
  tokens: number;
  minutes: number;
}

/** The first budget that is used up, as the reason the build stops; null while all have room. */
export function exhaustedBudget(spend: BuildSpend, budgets: Budgets, now: Date): StopReason | null {
  if (spend.steps >= budgets.steps) return { code: "budget-steps", message: `used all ${budgets.steps} steps (build.budgets.steps)` };
  if (spend.tokens >= budgets.tokens) return { code: "budget-tokens", message: `spent ${spend.tokens.toLocaleString("en-US")} of ${budgets.tokens.toLocaleString("en-US")} tokens (build.budgets.tokens)` };
  const minutes = (now.getTime() - Date.parse(spend.startedAt)) / 60_000;
  if (minutes >= budgets.minutes) return { code: "budget-time", message: `ran for ${Math.floor(minutes)} of ${budgets.minutes} minutes (build.budgets.minutes)` };
  return null;
}

/** Seconds left of the wall-clock budget: the most any one command may take now. */
export function secondsLeft(spend: BuildSpend, budgets: Budgets, now: Date): number {
  return Math.max(0, Math.floor(budgets.minutes * 60 - (now.getTime() - Date.parse(spend.startedAt)) / 1000));
}
