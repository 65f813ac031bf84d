import { createPgPool, type PgPool } from "../../src/adapters/postgres/create-pg-pool.js";
import { recreateDatabase } from "../../src/adapters/postgres/recreate-database.js";
import { FakeForge } from "../fakes/fake-ports.js";

/**
 * The recap tests' week: Mon 10 March 2031 09:00 → Mon 17 March 09:00, Europe/Berlin (CET, UTC+1), in the future so
 * nothing else in the database falls into it.
 */
export const WEEK_END = "2031-03-17T08:00:00.000Z";

/** A ledger database of the test file's own: recap figures aggregate whole tables, which other tests write to. */
export async function recapLedger(name: string): Promise<PgPool> {
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  await recreateDatabase(url);
  return createPgPool({ url, max: 4 });
}

/** acme/shop as of WEEK_END, with builders for issues and PRs of given times. */
export function weekForge() {
  const forge = new FakeForge({ owner: "acme", name: "shop", now: () => new Date(WEEK_END) });
  const issue = (title: string, labels: string[], createdAt: string, closedAt?: string) =>
    forge.addIssue({ title, labels, createdAt, updatedAt: closedAt ?? createdAt, ...(closedAt ? { state: "closed" as const, closedAt } : {}) });
  const pr = (title: string, headRef: string, body: string, createdAt: string, mergedAt: string | null, lines: [number, number] = [0, 0]) =>
    forge.addPullRequest({
      title,
      headRef,
      body,
      headSha: `sha-${headRef}`,
      createdAt,
      updatedAt: mergedAt ?? createdAt,
      ...(mergedAt ? { state: "closed" as const, merged: true, mergedAt, closedAt: mergedAt } : {}),
      additions: lines[0],
      deletions: lines[1],
    });
  return { forge, issue, pr };
}
