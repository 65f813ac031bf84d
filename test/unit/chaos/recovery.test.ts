import { describe, expect, it } from "vitest";
import { recoveries, type RunRow } from "../../../chaos/recovery.js";

const run = (thread: string, status: string, started: number, finished: number | null, error_code: string | null = null): RunRow => ({ thread_id: thread, graph: "triage", status, error_code, started, finished });

describe("recovery of interrupted runs, from the run ledger", () => {
  it("times each interrupted thread from the fault that hit it to the run that finished its work", () => {
    const faults = [
      { kind: "worker-kill" as const, at: 1_500 },
      { kind: "postgres-crash" as const, at: 9_000 },
    ];
    const report = recoveries(
      [
        run("calm", "succeeded", 0, 800),
        run("killed", "failed", 1_000, 6_000, "WORKER_LOST"),
        run("killed", "succeeded", 6_000, 7_200),
        run("crashed", "failed", 8_500, 9_100, "DATABASE_UNAVAILABLE"),
        run("crashed", "failed", 9_600, 9_700, "DATABASE_UNAVAILABLE"),
        run("crashed", "waiting", 10_500, 11_000),
        run("gone", "failed", 12_000, 12_500, "INTERNAL"),
      ],
      faults,
    );
    expect(report.recovered).toEqual([
      { thread: "killed", graph: "triage", faults: 1, ms: 5_700 },
      { thread: "crashed", graph: "triage", faults: 1, ms: 2_000 },
    ]);
    expect(report.unrecovered).toEqual([{ thread: "gone", graph: "triage", runs: ["failed INTERNAL"] }]);
    expect(report.interrupted).toBe(3);
    expect(report.summary).toMatchObject({ count: 2, p50: 2_000, max: 5_700 });
  });
});
