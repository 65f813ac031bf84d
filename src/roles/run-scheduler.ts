import { randomUUID } from "node:crypto";
import type { Container } from "../container.js";
import { scheduleSpecs } from "./job-schedules.js";

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
    const specs = scheduleSpecs(c.config, { repository: Boolean(c.graphDeps.settings.repository), errorTracker: Boolean(c.ports.errorTracker) });
    for (const spec of specs) {
      await c.queues.maintenance.upsertJobScheduler(spec.id, { pattern: spec.pattern, tz: spec.tz }, { name: spec.id, data: {}, opts: spec.opts });
    }
    // A schedule turned off since the last start (recaps without a channel, say) must stop firing.
    const wanted = new Set(specs.map((s) => s.id));
    for (const existing of await c.queues.maintenance.getJobSchedulers()) {
      if (existing.key && !wanted.has(existing.key)) await c.queues.maintenance.removeJobScheduler(existing.key);
    }
    c.logger.info({ schedulers: specs.map((s) => s.id), tz }, "job schedulers upserted");
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
