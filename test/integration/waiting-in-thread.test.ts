import { afterAll, describe, expect, it } from "vitest";
import { createPostgresLinkStore } from "../../src/adapters/postgres/postgres-link-store.js";
import { createPostgresRunLedger } from "../../src/adapters/postgres/postgres-run-ledger.js";
import { threadIds } from "../../src/core/ids.js";
import { createWaitingInThread } from "../../src/jobs/waiting-in-thread.js";
import { testPool, uniqueId } from "../support/db.js";

const pool = testPool();
const links = createPostgresLinkStore(pool);
const runs = createPostgresRunLedger(pool);
const waitingInThread = createWaitingInThread({ links, runs });

afterAll(async () => {
  await pool.end();
});

async function run(graph: string, threadId: string, status: "succeeded" | "waiting") {
  const id = await runs.startRun({ graph, threadId, kind: "start" });
  await runs.finishRun(id, { status });
}

describe("runs waiting in a Slack thread", () => {
  it("names the build waiting for an answer in the report's thread, not the thread's own run or finished runs", async () => {
    const ts = `${Date.now()}.000100`;
    const repo = uniqueId("acme/shop");
    // The shared test database holds other tests' work items: an issue number of this test's own.
    const issue = 100_000 + Math.floor(Math.random() * 1_000_000);
    const report = threadIds.slackThread("T1", "C0BUGS", ts);
    const build = threadIds.build(repo, issue);
    const review = threadIds.pullRequest(repo, issue + 1);
    await links.record({ slackChannel: "C0BUGS", slackThreadTs: ts }, { issueNumber: issue, graphThread: report });
    await links.record({ issueNumber: issue }, { prNumber: issue + 1, graphThread: build });
    await links.record({ issueNumber: issue }, { graphThread: review });
    await run("triage", report, "succeeded");
    await run("build", build, "succeeded");
    await run("build", build, "waiting");
    await run("review", review, "succeeded");

    expect(await waitingInThread(report)).toEqual([{ graph: "build", threadId: build }]);
    await run("build", build, "succeeded");
    expect(await waitingInThread(report)).toEqual([]);
  });

  it("knows nothing of threads without a work item, and of graph threads that are not Slack threads", async () => {
    expect(await waitingInThread(threadIds.slackThread("T1", "C0NONE", "1.1"))).toEqual([]);
    expect(await waitingInThread("gh-issue:acme/shop#1:build")).toEqual([]);
  });
});
