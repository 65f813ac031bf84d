import type { Job } from "bullmq";
import type { Logger } from "../../core/logger.js";
import type { GraphJob } from "../job-schemas.js";
import { recapFromSchedule } from "../route-recap.js";

export const RECAP_DAILY = "recap-daily";
export const RECAP_WEEKLY = "recap-weekly";

/**
 * The time a scheduler job was meant to run. Job schedulers name their jobs `repeat:<scheduler>:<millis>`; a job
 * taken late (a worker was down) or retried still recaps the window that ended at its firing time.
 */
export function firedAt(job: Pick<Job, "id" | "timestamp" | "opts">): Date {
  const millis = Number(/:(\d+)$/.exec(job.id ?? "")?.[1]);
  return new Date(Number.isFinite(millis) ? millis : job.timestamp + (job.opts.delay ?? 0));
}

/** A daily or weekly recap firing: starts the recap run of that period and time (its id makes a redelivery start nothing). */
export function createRecapScheduleProcessor(deps: { enqueue: (job: GraphJob, jobId: string) => Promise<void>; logger: Logger }) {
  return async (job: Job): Promise<{ started: string }> => {
    const period = job.name === RECAP_WEEKLY ? "weekly" : "daily";
    const start = recapFromSchedule(period, firedAt(job));
    await deps.enqueue(start.job, start.jobId);
    deps.logger.info({ period, until: firedAt(job).toISOString() }, "recap scheduled");
    return { started: start.job.threadId };
  };
}
