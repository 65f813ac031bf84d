import type { Job } from "bullmq";
import type { Logger } from "../../core/logger.js";
import type { GraphJob } from "../job-schemas.js";
import { selfFromSchedule } from "../route-audit.js";
import { firedAt } from "./process-recap-schedule.js";

export const AUDIT_WEEKLY = "audit-weekly";
export const PLANNER_WEEKLY = "planner-weekly";

/** The weekly audit or planner firing: starts that run for its firing time (a redelivery starts nothing new). */
export function createSelfScheduleProcessor(deps: { enqueue: (job: GraphJob, jobId: string) => Promise<void>; logger: Logger }) {
  return async (job: Job): Promise<{ started: string }> => {
    const graph = job.name === PLANNER_WEEKLY ? "planner" : "audit";
    const start = selfFromSchedule(graph, firedAt(job));
    await deps.enqueue(start.job, start.jobId);
    deps.logger.info({ graph, at: firedAt(job).toISOString() }, "weekly self-check scheduled");
    return { started: start.job.threadId };
  };
}
