import { randomUUID } from "node:crypto";
import type { Container } from "../container.js";
import { BUILD_SWEEP } from "../jobs/processors/process-build-sweep.js";
import { PRUNE_CHECKPOINTS } from "../jobs/processors/process-maintenance-job.js";
import { SENTRY_POLL } from "../jobs/processors/process-sentry-poll.js";
import { SHEPHERD_SWEEP } from "../jobs/processors/process-shepherd-sweep.js";

const OWNER_KEY = "shopfloor:scheduler-owner";
const OWNER_TTL_MS = 30_000;

export interface SchedulerRole {
  isOwner(): boolean;
  stop(): Promise<void>;
}

/**
 * Exactly one scheduler owns the job schedulers (concurrent upserts race, library-notes §2.3). Every
 * scheduler process competes for a Redis lease; the owner upserts the schedules and renews the lease,
 * the others stand by and take over when it lapses.
 */
export function runScheduler(c: Container): SchedulerRole {
  const me = randomUUID();
  let owner = false;
  let stopped = false;
  const tz = c.config.settings.schedules.timezone;

  async function upsertSchedules(): Promise<void> {
    await c.queues.maintenance.upsertJobScheduler(
      "prune-checkpoints",
      { pattern: "17 3 * * *", tz },
      { name: PRUNE_CHECKPOINTS, data: {}, opts: { attempts: 3 } },
    );
    const schedulers = ["prune-checkpoints"];
    if (c.config.settings.shepherd.enabled && c.graphDeps.settings.repository) {
      await c.queues.maintenance.upsertJobScheduler(
        SHEPHERD_SWEEP,
        { pattern: c.config.settings.schedules.shepherd, tz },
        { name: SHEPHERD_SWEEP, data: {}, opts: { attempts: 5, backoff: { type: "shopfloor" } } },
      );
      schedulers.push(SHEPHERD_SWEEP);
    }
    if (c.config.settings.build.enabled && c.graphDeps.settings.repository) {
      await c.queues.maintenance.upsertJobScheduler(
        BUILD_SWEEP,
        { pattern: c.config.settings.schedules.build, tz },
        { name: BUILD_SWEEP, data: {}, opts: { attempts: 5, backoff: { type: "shopfloor" } } },
      );
      schedulers.push(BUILD_SWEEP);
    }
    if (c.ports.errorTracker) {
      await c.queues.maintenance.upsertJobScheduler(
        SENTRY_POLL,
        { pattern: c.config.settings.schedules.incidentPoll, tz },
        { name: SENTRY_POLL, data: {}, opts: { attempts: 8, backoff: { type: "shopfloor" } } },
      );
      schedulers.push(SENTRY_POLL);
    }
    c.logger.info({ schedulers, tz }, "job schedulers upserted");
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    try {
      if (owner) {
        const renewed = await c.redis.eval(
          "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
          1,
          OWNER_KEY,
          me,
          String(OWNER_TTL_MS),
        );
        if (renewed !== 1) {
          owner = false;
          c.logger.warn({}, "scheduler lease lost; standing by");
        }
      } else if ((await c.redis.set(OWNER_KEY, me, "PX", OWNER_TTL_MS, "NX")) === "OK") {
        owner = true;
        c.logger.info({}, "this process owns the job schedulers");
        await upsertSchedules();
      }
    } catch (e) {
      c.logger.warn({ err: e instanceof Error ? e.message : String(e) }, "scheduler lease check failed; retrying");
    }
  }

  void tick();
  const timer = setInterval(() => void tick(), OWNER_TTL_MS / 3);
  return {
    isOwner: () => owner,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (owner) {
        await c.redis
          .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, OWNER_KEY, me)
          .catch(() => {});
      }
    },
  };
}
