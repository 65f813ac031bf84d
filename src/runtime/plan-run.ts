import type { GraphCommand } from "./graph-runner.js";

/** What the thread looks like before a command runs on it. */
export interface ThreadView {
  hasCheckpoint: boolean;
  /** Nodes still to run (empty when the thread finished or never started). */
  next: readonly string[];
  /** Interrupts waiting for an answer. */
  pending: readonly { id: string }[];
}

export type RunPlan =
  | { action: "start" }
  | { action: "resume"; interruptId: string; value: unknown }
  | { action: "continue"; why: string }
  | { action: "ignore"; reason: string; why: string };

/**
 * Decides what a command does to a thread. Pure, so every case is a unit test. One rule covers resumes and
 * signals alike: answer the pending interrupt if there is one to answer; if a previous attempt already
 * consumed it and then failed (the checkpoint is unfinished and nothing waits), finish that run; otherwise
 * the command is stale and changes nothing.
 */
export function planRun(command: GraphCommand, thread: ThreadView): RunPlan {
  const unfinished = thread.hasCheckpoint && thread.next.length > 0 && thread.pending.length === 0;
  if (command.type !== "start") {
    const target = command.type === "signal" ? thread.pending[0] : thread.pending.find((p) => p.id === command.interruptId);
    if (target) return { action: "resume", interruptId: target.id, value: command.value };
    if (unfinished) return { action: "continue", why: "a retried answer whose first attempt failed after consuming the interrupt" };
    return command.type === "signal"
      ? { action: "ignore", reason: "nothing is waiting for this", why: "signal ignored: the thread is not waiting for anything" }
      : { action: "ignore", reason: "that question was already answered or has expired", why: "stale or repeated resume ignored" };
  }
  if (thread.pending.length) return { action: "ignore", reason: "already waiting for an answer", why: "start ignored: thread is waiting for a person" };
  if (unfinished) return { action: "continue", why: "an interrupted run (its worker failed or died)" };
  return { action: "start" };
}
