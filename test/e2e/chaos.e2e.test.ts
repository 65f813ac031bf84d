import { describe, expect, it } from "vitest";
import { runChaos } from "../../chaos/chaos-run.js";

/**
 * The reduced chaos run of `npm test` (the full one is `npm run chaos`, docs/RELIABILITY.md): a dozen items across
 * triage, status, review, merge and Sentry while workers are SIGKILLed, and Redis and PostgreSQL crash once each.
 * Ports of its own, so it can run beside `npm run chaos`.
 */
describe("chaos, reduced", () => {
  it("loses no work and applies no effect twice while workers die and the stores crash", async () => {
    const report = await runChaos({
      seed: 20261124,
      items: 12,
      workers: 2,
      faultSeconds: 30,
      killEveryMs: [3_000, 7_000],
      redisRestarts: 1,
      postgresRestarts: 1,
      settleSeconds: 150,
      ports: { redis: 6394, postgres: 5440 },
      log: () => {},
    });
    console.log(JSON.stringify({ chaos: { items: report.items, faults: report.faults, lost: report.lost, duplicated: report.duplicatedEffects, recoveryMs: report.recoveryMs } }));

    expect(report.faults).toMatchObject({ redisCrashes: 1, postgresCrashes: 1 });
    expect(report.faults.workerKills).toBeGreaterThanOrEqual(2);
    expect(report.itemsByKind).toMatchObject({ "bug-report": expect.any(Number), "pull-request": expect.any(Number) });
    expect(report.lostItems).toEqual([]);
    expect(report.duplicatedItems).toEqual([]);
    expect(report.repeatedEffects).toEqual([]);
    expect(report.missingEffects).toEqual([]);
    expect(report.failedJobDetails).toEqual([]);
    expect(report.unexpectedExits).toEqual([]);
    expect(report.runs.unrecovered).toEqual([]);
    expect(report.runs.stillRunning).toBe(0);
  }, 300_000);
});
