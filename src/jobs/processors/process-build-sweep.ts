import type { Job } from "bullmq";
import type { Logger } from "../../core/logger.js";
import { linkedIssueNumbers } from "../../core/linked-issue.js";
import type { ForgeIssue, ForgePort } from "../../core/ports/forge-port.js";
import type { GraphJob } from "../job-schemas.js";
import { buildStart } from "../route-build.js";

export const BUILD_SWEEP = "build-sweep";

/** P0 before P3; an issue without a severity label comes last. */
function severityRank(issue: ForgeIssue, prefix: string): number {
  const label = issue.labels.find((l) => l.startsWith(`${prefix}P`));
  const n = label ? Number(label.slice(prefix.length + 1)) : Number.NaN;
  return Number.isInteger(n) ? n : 9;
}

/**
 * Every hour (schedules.build): up to `build.maxPerRun` issues labelled factory:ready — highest severity first, then
 * oldest — that have no open PR and are not being built, each handed to the build automation. How many build at
 * once is the build queue's concurrency (limits.maxConcurrentBuilds); the hour names the job, so a re-delivered
 * sweep starts nothing twice.
 */
export function createBuildSweepProcessor(deps: {
  forge: ForgePort;
  repository: string;
  labels: { ready: string; building: string; doNotAutomate: string; severityPrefix: string };
  maxPerRun: number;
  enqueue: (job: GraphJob, jobId: string) => Promise<void>;
  logger: Logger;
  now?: () => Date;
}) {
  return async (_job: Job): Promise<{ started: number[]; ready: number }> => {
    const hour = (deps.now?.() ?? new Date()).toISOString().slice(0, 13);
    const ready = (await deps.forge.listIssues({ state: "open", labels: [deps.labels.ready], max: 500 })).filter((i) => !i.isPullRequest);
    const withPr = new Set((await deps.forge.listPullRequests({ state: "open", max: 500 })).flatMap((pr) => linkedIssueNumbers(pr.body)));
    const candidates = ready
      .filter((i) => !i.labels.includes(deps.labels.building) && !i.labels.includes(deps.labels.doNotAutomate) && !withPr.has(i.number))
      .sort((a, b) => severityRank(a, deps.labels.severityPrefix) - severityRank(b, deps.labels.severityPrefix) || Date.parse(a.createdAt) - Date.parse(b.createdAt))
      .slice(0, deps.maxPerRun);
    for (const issue of candidates) {
      const start = buildStart(deps.repository, issue.number, { kind: "schedule", id: hour });
      await deps.enqueue(start.job, start.jobId);
    }
    const started = candidates.map((i) => i.number);
    deps.logger.info({ started, ready: ready.length }, "build sweep");
    return { started, ready: ready.length };
  };
}
