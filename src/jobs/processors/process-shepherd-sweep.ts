import type { Job } from "bullmq";
import { hash, jobId, threadIds } from "../../core/ids.js";
import type { Logger } from "../../core/logger.js";
import type { ForgePort, ForgePullRequest } from "../../core/ports/forge-port.js";
import type { GraphJob } from "../job-schemas.js";

export const SHEPHERD_SWEEP = "shepherd-sweep";

/** The shepherd run of one PR; one job per PR per sweep (the hour names it), so a re-delivered sweep starts nothing twice. */
export function shepherdStart(repo: string, pr: number, trigger: { kind: "hourly" | "needs-human"; id: string }): { job: GraphJob; jobId: string } {
  const threadId = threadIds.shepherd(repo, pr);
  return { jobId: jobId("run-shepherd", hash(threadId), trigger.id), job: { type: "start", graph: "shepherd", threadId, input: { pr, trigger } } };
}

/**
 * Every hour (schedules.shepherd): the open PRs of the factory — its own branches, PRs Shopfloor reviewed (they carry
 * a risk label) and PRs labelled factory:needs-human — or every open PR when `shepherd.allPullRequests` is set, each
 * handed to the shepherd automation.
 */
export function createShepherdSweepProcessor(deps: {
  forge: ForgePort;
  repository: string;
  labels: { riskPrefix: string; needsHuman: string };
  /** The build automation's branches (build.branchPrefix): their PRs are the factory's. */
  branchPrefix?: string;
  allPullRequests: boolean;
  enqueue: (job: GraphJob, jobId: string) => Promise<void>;
  logger: Logger;
  now?: () => Date;
}) {
  const isFactory = (pr: ForgePullRequest) =>
    pr.headRef.startsWith(deps.branchPrefix ?? "shopfloor/") || pr.labels.some((l) => l.startsWith(deps.labels.riskPrefix) || l === deps.labels.needsHuman);
  return async (_job: Job): Promise<{ handed: number; open: number }> => {
    const hour = (deps.now?.() ?? new Date()).toISOString().slice(0, 13);
    const open = await deps.forge.listPullRequests({ state: "open", max: 500 });
    const mine = open.filter((pr) => deps.allPullRequests || isFactory(pr));
    for (const pr of mine) {
      const start = shepherdStart(deps.repository, pr.number, { kind: "hourly", id: hour });
      await deps.enqueue(start.job, start.jobId);
    }
    deps.logger.info({ handed: mine.length, open: open.length }, "shepherd sweep");
    return { handed: mine.length, open: open.length };
  };
}
