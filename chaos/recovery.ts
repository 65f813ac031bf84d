import { summarize } from "../bench/support/stats.js";

export interface Fault {
  kind: "worker-kill" | "redis-crash" | "postgres-crash";
  at: number;
}

export interface RunRow {
  thread_id: string;
  graph: string;
  status: string;
  error_code: string | null;
  started: number;
  finished: number | null;
}

/**
 * Recovery of each interrupted run, read from the run ledger: a thread whose run failed (a worker lost, a store
 * gone) and later went on. Its recovery time runs from the first fault after the failed run began to the end of
 * the run that finished the work (or stopped at a human's button), with how many faults fell in between. A thread
 * whose last run failed did not recover.
 */
export function recoveries(runs: readonly RunRow[], faults: readonly Fault[]) {
  const byThread = new Map<string, RunRow[]>();
  for (const run of runs) byThread.set(run.thread_id, [...(byThread.get(run.thread_id) ?? []), run]);
  const recovered: { thread: string; graph: string; faults: number; ms: number }[] = [];
  const unrecovered: { thread: string; graph: string; runs: string[] }[] = [];
  for (const [thread, threadRuns] of byThread) {
    const firstFailed = threadRuns.findIndex((r) => r.status === "failed");
    if (firstFailed < 0) continue;
    const failed = threadRuns[firstFailed]!;
    const last = threadRuns.at(-1)!;
    const recoveredBy = threadRuns.slice(firstFailed + 1).find((r) => (r.status === "succeeded" || r.status === "waiting") && r.finished !== null);
    if (last.status === "failed" || !recoveredBy) {
      unrecovered.push({ thread, graph: failed.graph, runs: threadRuns.map((r) => `${r.status}${r.error_code ? ` ${r.error_code}` : ""}`) });
      continue;
    }
    const from = faults.find((f) => f.at >= failed.started - 1000)?.at ?? failed.finished ?? failed.started;
    const faultsMeanwhile = faults.filter((f) => f.at >= from && f.at <= recoveredBy.finished!).length;
    recovered.push({ thread, graph: failed.graph, faults: faultsMeanwhile, ms: Math.round(recoveredBy.finished! - from) });
  }
  return {
    interrupted: recovered.length + unrecovered.length,
    recovered,
    unrecovered,
    summary: recovered.length === 0 ? null : summarize(recovered.map((r) => r.ms)),
  };
}
