/** `changedBy` of a pause the circuit breaker made (not a Slack user). */
export const BREAKER_ACTOR = "circuit-breaker";

export interface AutomationSetting {
  automation: string;
  paused: boolean;
  changedBy: string | null;
  reason: string | null;
  updatedAt: string;
  /** Runs that failed for good one after another (the circuit breaker's count). */
  failuresInARow: number;
}

export interface AutomationSettings {
  list(): Promise<AutomationSetting[]>;
  isPaused(automation: string): Promise<boolean>;
  /** Pausing keeps the breaker's count; resuming starts it again from 0. */
  setPaused(automation: string, paused: boolean, by: string, reason?: string): Promise<void>;
  /**
   * Counts a run that ended for good: a failure adds one to the automation's failures in a row, a success sets it to
   * 0. Returns the count after.
   */
  recordOutcome(automation: string, outcome: "succeeded" | "failed"): Promise<number>;
}
