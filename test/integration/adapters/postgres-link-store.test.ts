import { afterAll, describe, expect, it } from "vitest";
import { createPostgresLinkStore } from "../../../src/adapters/postgres/postgres-link-store.js";
import { testPool, uniqueId } from "../../support/db.js";

const pool = testPool();
const links = createPostgresLinkStore(pool);

afterAll(() => pool.end());

describe("work-item links found by graph thread", () => {
  it("finds the link a thread recorded, and none for a thread that recorded nothing", async () => {
    const triage = uniqueId("triage");
    const review = uniqueId("review");
    const issue = 700_000 + Math.floor(Math.random() * 99_999);
    await links.record({ issueNumber: issue }, { graphThread: triage });
    await links.record({ issueNumber: issue }, { prNumber: issue + 1, graphThread: review });

    expect(await links.find({ graphThread: review })).toMatchObject({ issueNumber: issue, prNumber: issue + 1, graphThreads: [triage, review] });
    expect(await links.find({ graphThread: uniqueId("nobody") })).toBeNull();
  });

  it("looks a thread up through the GIN index, not by reading every link (the cost grew with every report filed)", async () => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      // EXPLAIN the very statement the store sends, captured on its way to this connection.
      const seen: string[] = [];
      const spy = createPostgresLinkStore({ query: (sql: string, params: unknown[]) => (seen.push(sql), client.query(sql, params)) } as never);
      await spy.find({ graphThread: "t" });
      const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${seen[0]!}`, ["t"]);
      expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("links_graph_threads_idx");
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
