import { afterAll, describe, expect, it } from "vitest";
import { createPostgresRunLedger } from "../../src/adapters/postgres/postgres-run-ledger.js";
import { testPool, uniqueId } from "../support/db.js";

const pool = testPool();
const ledger = createPostgresRunLedger(pool);

afterAll(async () => {
  await pool.end();
});

/** A finished run of `threadId` that started at `startedAt`. */
async function runAt(threadId: string, startedAt: string, graph = "review", status: "succeeded" | "failed" | "waiting" = "succeeded"): Promise<string> {
  const id = await ledger.startRun({ graph, threadId, kind: "start" });
  await ledger.finishRun(id, status === "failed" ? { status, errorCode: "GITHUB_API", errorMessage: "502" } : { status });
  await pool.query(`UPDATE runs SET started_at = $2 WHERE id = $1`, [id, startedAt]);
  return id;
}

describe("PostgreSQL run ledger: runs by thread prefix", () => {
  it("lists the runs of every thread under a prefix, newest first, with what they recorded", async () => {
    const repo = uniqueId("acme/shop");
    const pr = `gh-pr:${repo}#1`;
    const review = await runAt(pr, "2026-01-15T08:00:00Z");
    const failed = await runAt(pr, "2026-01-15T09:00:00Z", "review", "failed");
    const card = await runAt(`${pr}:merge:a1b2c3d4e5f6`, "2026-01-15T08:30:00Z", "merge", "waiting");
    await runAt(`gh-pr:${repo}#2`, "2026-01-15T09:30:00Z");

    const runs = await ledger.runsForThreadPrefix(pr);

    expect(runs.map((r) => r.id)).toEqual([failed, card, review]);
    expect(runs[0]).toMatchObject({ graph: "review", threadId: pr, status: "failed", errorCode: "GITHUB_API", errorMessage: "502", startedAt: "2026-01-15T09:00:00.000Z" });
    expect(runs[0]!.finishedAt).not.toBeNull();
    expect(runs[1]).toMatchObject({ graph: "merge", threadId: `${pr}:merge:a1b2c3d4e5f6`, status: "waiting", finishedAt: null });
    // A prefix is a prefix: PR 1's threads include PR 10's; callers who mean one PR add the separator.
    const ten = await runAt(`gh-pr:${repo}#10`, "2026-01-15T10:00:00Z");
    expect((await ledger.runsForThreadPrefix(pr)).map((r) => r.id)).toEqual([ten, failed, card, review]);
    expect((await ledger.runsForThreadPrefix(`${pr}:`)).map((r) => r.id)).toEqual([card]);
  });

  it("matches % and _ in the prefix literally", async () => {
    const base = uniqueId("lit");
    const underscore = await runAt(`${base}:a_b`, "2026-01-15T08:00:00Z");
    await runAt(`${base}:axb`, "2026-01-15T08:00:00Z");
    const percent = await runAt(`${base}:50%off`, "2026-01-15T08:00:00Z");
    await runAt(`${base}:50-off`, "2026-01-15T08:00:00Z");
    const backslash = await runAt(`${base}:c\\d`, "2026-01-15T08:00:00Z");

    expect((await ledger.runsForThreadPrefix(`${base}:a_`)).map((r) => r.id)).toEqual([underscore]);
    expect((await ledger.runsForThreadPrefix(`${base}:50%`)).map((r) => r.id)).toEqual([percent]);
    expect((await ledger.runsForThreadPrefix(`${base}:c\\`)).map((r) => r.id)).toEqual([backslash]);
    expect(await ledger.runsForThreadPrefix(`${base}:%`)).toEqual([]);
  });

  it("returns the 50 newest by default, and as many as asked for", async () => {
    const base = uniqueId("many");
    const ids: string[] = [];
    for (let i = 0; i < 55; i++) ids.push(await runAt(`${base}:${i}`, new Date(Date.parse("2026-01-01T00:00:00Z") + i * 60_000).toISOString()));
    const newestFirst = [...ids].reverse();

    expect((await ledger.runsForThreadPrefix(base)).map((r) => r.id)).toEqual(newestFirst.slice(0, 50));
    expect((await ledger.runsForThreadPrefix(base, 3)).map((r) => r.id)).toEqual(newestFirst.slice(0, 3));
    expect(await ledger.runsForThreadPrefix(uniqueId("nothing"))).toEqual([]);
  });
});
