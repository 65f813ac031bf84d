import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { JobQueues } from "../../src/jobs/job-queues.js";
import { caughtAppError } from "../support/caught.js";

// A producer connection as the container makes it (no offline queue) to a port where no Redis listens: every
// command fails at once with ioredis' own "Stream isn't writeable" error, as during a Redis restart.
const away = new Redis(6399, "127.0.0.1", { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
away.on("error", () => {});
const queues = new JobQueues(away, { jobAttempts: 3, jobBackoffMs: 10, keepCompletedJobs: 1, keepFailedJobs: 1 }, ["merge"]);

afterAll(async () => {
  await queues.close().catch(() => {});
  away.disconnect();
});

describe("adding a job while Redis is away", () => {
  it("fails as REDIS_UNAVAILABLE, retryable, so the run that adds it is tried again instead of given up", async () => {
    const e = await caughtAppError(queues.enqueueGraph({ type: "start", graph: "merge", threadId: "t-1", input: {} }, "job-1"));
    expect({ code: e.code, retryable: e.retryable }).toEqual({ code: "REDIS_UNAVAILABLE", retryable: true });
    expect(e.message).toContain("could not add the job");
  });
});
