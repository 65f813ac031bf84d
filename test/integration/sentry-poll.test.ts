import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPollCursors } from "../../src/adapters/postgres/postgres-poll-cursors.js";
import { createSentryApiAdapter } from "../../src/adapters/sentry/sentry-api-adapter.js";
import { ErrorCode } from "../../src/core/errors.js";
import { silentLogger } from "../../src/core/logger.js";
import type { ErrorTrackerPort } from "../../src/core/ports/error-tracker-port.js";
import { JobQueues } from "../../src/jobs/job-queues.js";
import { createSentryPollProcessor } from "../../src/jobs/processors/process-sentry-poll.js";
import { createFakeSentry, type FakeSentry } from "../../src/sandbox/fake-sentry/fake-sentry-server.js";
import { caughtAppError } from "../support/caught.js";
import { TEST_REDIS_URL, testPool, uniqueId } from "../support/db.js";

const pool = testPool();
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
const prefix = uniqueId("sf-poll");
const queues = new JobQueues(redis, { jobAttempts: 1, jobBackoffMs: 10, keepCompletedJobs: 1000, keepFailedJobs: 1000 }, ["incident"], prefix);
let sentry: FakeSentry;
let tracker: ErrorTrackerPort;
const org = uniqueId("org");

beforeAll(async () => {
  sentry = await createFakeSentry({ org });
  const recent = Date.now() - 30 * 60_000;
  for (let i = 0; i < 250; i++) {
    sentry.addIssue({ id: String(10_000 + i), title: `Error ${i}`, count: 20 + i, userCount: 3, lastSeen: new Date(recent + i * 1000).toISOString() });
  }
  tracker = createSentryApiAdapter({ apiUrl: sentry.apiUrl, token: sentry.token, org, logger: silentLogger });
});

afterAll(async () => {
  await queues.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await sentry.close();
  await pool.end();
});

/** A port that lets Sentry answer 429 once, just after the first page: a rate limit mid-poll. */
function rateLimitedAfterFirstPage(port: ErrorTrackerPort): ErrorTrackerPort {
  let calls = 0;
  return {
    ...port,
    listUnresolvedIssues: async (q) => {
      if (++calls === 2) sentry.faults.push({ status: 429, retryAfter: 2 });
      return port.listUnresolvedIssues(q);
    },
  };
}

const poll = (port: ErrorTrackerPort, cursorName: string) =>
  createSentryPollProcessor({
    errorTracker: port,
    org,
    query: "is:unresolved",
    cursors: { get: (n) => createPollCursors(pool).get(`${cursorName}:${n}`), set: (n, v) => createPollCursors(pool).set(`${cursorName}:${n}`, v) },
    enqueue: (job, jobId) => queues.enqueueGraph(job, jobId),
    logger: silentLogger,
  })({} as never);

const waiting = async () => (await queues.graphQueue("incident")!.getJobCounts("waiting")).waiting ?? 0;

describe("the Sentry poll", () => {
  it("follows the Link cursor, backs off on 429 without moving its mark, and skips nothing", async () => {
    const name = uniqueId("cursor");
    const err = await caughtAppError(poll(rateLimitedAfterFirstPage(tracker), name));
    expect(err).toMatchObject({ code: ErrorCode.RateLimited, retryable: true });
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(await waiting()).toBe(100); // page one was handed over
    expect(await createPollCursors(pool).get(`${name}:sentry:last-seen`)).toBeNull(); // the mark did not move

    // The job's retry: every issue once, however many were handed over before.
    const result = await poll(tracker, name);
    expect(result).toMatchObject({ handed: 250, pages: 3 });
    expect(await waiting()).toBe(250);
    const job = (await queues.graphQueue("incident")!.getWaiting(0, 0))[0];
    expect(job?.data).toMatchObject({ type: "start", graph: "incident", threadId: expect.stringMatching(new RegExp(`^sentry:${org}:1`)), input: { source: "poll" } });

    // Nothing new: nothing handed over. One error seen again: that one.
    expect((await poll(tracker, name)).handed).toBe(0);
    const issue = sentry.issues.find((i) => i.id === "10007")!;
    issue.lastSeen = new Date().toISOString();
    issue.count = 999;
    expect((await poll(tracker, name)).handed).toBe(1);
    expect(await waiting()).toBe(251);
  });
});
