import type { JobsOptions } from "bullmq";
import type { Config } from "../config/load-config.js";
import { BUILD_SWEEP } from "../jobs/processors/process-build-sweep.js";
import { PRUNE_CHECKPOINTS } from "../jobs/processors/process-maintenance-job.js";
import { RECAP_DAILY, RECAP_WEEKLY } from "../jobs/processors/process-recap-schedule.js";
import { SENTRY_POLL } from "../jobs/processors/process-sentry-poll.js";
import { AUDIT_WEEKLY, PLANNER_WEEKLY } from "../jobs/processors/process-self-schedule.js";
import { SHEPHERD_SWEEP } from "../jobs/processors/process-shepherd-sweep.js";

/** One job scheduler on the maintenance queue: its id is also the name of the jobs it produces. */
export interface ScheduleSpec {
  id: string;
  pattern: string;
  /** Every schedule fires in the configured time zone (schedules.timezone), daylight saving included. */
  tz: string;
  opts: JobsOptions;
}

const retried = (attempts: number): JobsOptions => ({ attempts, backoff: { type: "shopfloor" } });

/** The schedules this configuration asks for: an automation without what it needs gets none. */
export function scheduleSpecs(config: Config, has: { repository: boolean; errorTracker: boolean }): ScheduleSpec[] {
  const s = config.settings;
  const tz = s.schedules.timezone;
  const specs: ScheduleSpec[] = [{ id: PRUNE_CHECKPOINTS, pattern: "17 3 * * *", tz, opts: { attempts: 3 } }];
  if (s.shepherd.enabled && has.repository) specs.push({ id: SHEPHERD_SWEEP, pattern: s.schedules.shepherd, tz, opts: retried(5) });
  if (s.build.enabled && has.repository) specs.push({ id: BUILD_SWEEP, pattern: s.schedules.build, tz, opts: retried(5) });
  if (has.errorTracker) specs.push({ id: SENTRY_POLL, pattern: s.schedules.incidentPoll, tz, opts: retried(8) });
  if (s.recap.enabled && s.channels.recaps && has.repository) {
    specs.push({ id: RECAP_DAILY, pattern: s.schedules.dailyRecap, tz, opts: retried(5) });
    specs.push({ id: RECAP_WEEKLY, pattern: s.schedules.weeklyRecap, tz, opts: retried(5) });
  }
  // The audit reads only the ledgers; it needs somewhere to post.
  const auditChannel = s.audit.channel ?? s.channels.maintainers;
  if (s.audit.enabled && auditChannel) specs.push({ id: AUDIT_WEEKLY, pattern: s.schedules.audit, tz, opts: retried(5) });
  if (s.planner.specPath && has.repository && auditChannel) {
    specs.push({ id: PLANNER_WEEKLY, pattern: s.schedules.planner, tz, opts: retried(5) });
  }
  return specs;
}
