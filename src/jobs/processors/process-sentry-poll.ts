import type { Job } from "bullmq";
import type { PollCursors } from "../../adapters/postgres/postgres-poll-cursors.js";
import { hash, jobId, threadIds } from "../../core/ids.js";
import type { Logger } from "../../core/logger.js";
import type { ErrorTrackerPort, TrackedIssue } from "../../core/ports/error-tracker-port.js";
import type { GraphJob } from "../job-schemas.js";

export const SENTRY_POLL = "sentry-poll";
const CURSOR = "sentry:last-seen";
/** The first poll looks back this far, not at every unresolved issue the project ever had. */
const FIRST_LOOKBACK_MS = 24 * 3_600_000;
const MAX_PAGES = 50;

/** The incident run of a Sentry issue: one thread per issue, one job per sighting (poll and webhook collapse). */
export function incidentStart(org: string, issue: TrackedIssue, source: "poll" | "webhook"): { job: GraphJob; jobId: string } {
  const threadId = threadIds.sentryIssue(org, issue.id);
  return {
    jobId: jobId("run-incident", hash(threadId), issue.lastSeen || String(issue.count)),
    job: { type: "start", graph: "incident", threadId, input: { source, issue } },
  };
}

/**
 * Every 15 minutes: unresolved Sentry issues seen since the last high-water mark, page by page along the
 * `Link` cursor, each handed to the incident automation. A 429 or 5xx fails the job (retried with backoff)
 * before the mark moves, so the next attempt starts from the same place and nothing is skipped; enqueueing
 * is idempotent, so issues handed over before the failure are not handed over twice.
 */
export function createSentryPollProcessor(deps: {
  errorTracker: ErrorTrackerPort;
  org: string;
  query: string;
  cursors: PollCursors;
  enqueue: (job: GraphJob, jobId: string) => Promise<void>;
  logger: Logger;
  now?: () => Date;
}) {
  return async (_job: Job): Promise<{ handed: number; pages: number; mark: string }> => {
    const now = deps.now?.() ?? new Date();
    const mark = (await deps.cursors.get(CURSOR)) ?? new Date(now.getTime() - FIRST_LOOKBACK_MS).toISOString();
    let cursor: string | undefined;
    let newest = mark;
    let handed = 0;
    let pages = 0;
    do {
      const page = await deps.errorTracker.listUnresolvedIssues({ query: `${deps.query} lastSeen:>${mark}`, limit: 100, ...(cursor ? { cursor } : {}) });
      pages++;
      for (const issue of page.issues) {
        if (issue.lastSeen && issue.lastSeen <= mark) continue; // a server that ignores the lastSeen filter
        const start = incidentStart(deps.org, issue, "poll");
        await deps.enqueue(start.job, start.jobId);
        handed++;
        if (issue.lastSeen > newest) newest = issue.lastSeen;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages < MAX_PAGES);
    await deps.cursors.set(CURSOR, newest);
    deps.logger.info({ handed, pages, from: mark, to: newest }, "polled Sentry");
    return { handed, pages, mark: newest };
  };
}
