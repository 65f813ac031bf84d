import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load-config.js";
import { firedAt, RECAP_DAILY, RECAP_WEEKLY } from "../../src/jobs/processors/process-recap-schedule.js";
import { recapFromSchedule } from "../../src/jobs/route-recap.js";
import { scheduleSpecs } from "../../src/roles/job-schedules.js";
import { TEST_REDIS_URL, uniqueId } from "../support/db.js";

/**
 * Recaps fire at the team's local time on both sides of a daylight-saving change: BullMQ's own job scheduler on
 * real Redis, with the schedules Shopfloor asks for. Europe/Berlin moves from UTC+1 to UTC+2 on Sunday 30 March
 * 2031 and back on Sunday 26 October 2031.
 */
const config = parseConfig({
  env: { GITHUB_REPOSITORY: "acme/shop" },
  fileText: "channels:\n  recaps: C0RECAPS\nschedules:\n  timezone: Europe/Berlin\n",
});
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue("recap-schedules", { connection: redis, prefix: uniqueId("sched") });

afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
});

/** Upserts Shopfloor's schedule `id` as if it started at `startDate`, and returns when its first job is due. */
async function firstFiring(id: string, startDate: string): Promise<string> {
  const spec = scheduleSpecs(config, { repository: true, errorTracker: false }).find((s) => s.id === id)!;
  const schedulerId = `${id}-${startDate}`;
  const job = await queue.upsertJobScheduler(schedulerId, { pattern: spec.pattern, tz: spec.tz, startDate: new Date(startDate) }, { name: id, data: {}, opts: spec.opts });
  await queue.removeJobScheduler(schedulerId);
  return firedAt(job!).toISOString();
}

describe("recap schedules", () => {
  it("are on only with a recaps channel, in the configured time zone", () => {
    const specs = scheduleSpecs(config, { repository: true, errorTracker: false });
    expect(specs.filter((s) => s.id.startsWith("recap-")).map((s) => [s.id, s.pattern, s.tz])).toEqual([
      [RECAP_DAILY, "0 9 * * 1-5", "Europe/Berlin"],
      [RECAP_WEEKLY, "0 9 * * 1", "Europe/Berlin"],
    ]);
    const noChannel = parseConfig({ env: { GITHUB_REPOSITORY: "acme/shop" } });
    expect(scheduleSpecs(noChannel, { repository: true, errorTracker: false }).some((s) => s.id.startsWith("recap-"))).toBe(false);
  });

  it("the daily recap fires at 09:00 Berlin time before and after the clocks go forward", async () => {
    expect(await firstFiring(RECAP_DAILY, "2031-03-27T09:00:00.000Z")).toBe("2031-03-28T08:00:00.000Z"); // Fri, UTC+1
    expect(await firstFiring(RECAP_DAILY, "2031-03-28T09:00:00.000Z")).toBe("2031-03-31T07:00:00.000Z"); // Mon, UTC+2
  });

  it("the weekly recap fires on Monday 09:00 Berlin time before and after the clocks go back", async () => {
    expect(await firstFiring(RECAP_WEEKLY, "2031-10-14T09:00:00.000Z")).toBe("2031-10-20T07:00:00.000Z"); // UTC+2
    expect(await firstFiring(RECAP_WEEKLY, "2031-10-21T09:00:00.000Z")).toBe("2031-10-27T08:00:00.000Z"); // UTC+1
  });

  it("a firing starts one recap run for its window, whoever takes the job and however late", () => {
    const at = new Date("2031-03-31T07:00:00.000Z");
    const a = recapFromSchedule("daily", firedAt({ id: `repeat:${RECAP_DAILY}:${at.getTime()}`, timestamp: at.getTime() + 90_000, opts: {} }));
    const b = recapFromSchedule("daily", at);
    expect(a).toEqual(b);
    expect(a.job).toMatchObject({ graph: "recap", input: { period: "daily", via: "schedule", until: "2031-03-31T07:00:00.000Z" } });
  });
});
