import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { recreateDatabase } from "../src/adapters/postgres/recreate-database.js";
import { INGRESS_QUEUE, MAINTENANCE_QUEUE, graphQueueName } from "../src/jobs/queue-names.js";
import { startSandbox } from "../src/sandbox/start-sandbox.js";
import { spawnShopfloor, type ShopfloorProcess } from "../test/e2e/support/shopfloor-process.js";
import { startPrivatePostgres, startPrivateRedis } from "./private-services.js";
import { seededRandom } from "../test/support/seeded-random.js";
import { recoveries, type Fault } from "./recovery.js";
import { createWorkload, repeatedEffects, type ItemKind } from "./workload.js";

export interface ChaosOptions {
  seed: number;
  /** Work items sent in (merges come on top: a share of the reviewed PRs gets an approver's click). */
  items: number;
  workers: number;
  /** How long faults go on; items are sent during the first 70 % of it. */
  faultSeconds: number;
  /** A worker is killed every this many milliseconds, at random within the range. */
  killEveryMs: [number, number];
  redisRestarts: number;
  postgresRestarts: number;
  /** How long, after the last fault, every item has to be done. */
  settleSeconds: number;
  ports: { redis: number; postgres: number };
  log(message: string): void;
}

/** Share of the work by kind; merges follow reviewed PRs. */
const MIX: [Exclude<ItemKind, "merge">, number][] = [
  ["bug-report", 0.37],
  ["status", 0.2],
  ["pull-request", 0.25],
  ["sentry", 0.13],
  ["build", 0.05],
];
const MERGE_SHARE = 0.6;
const GRAPHS = ["triage", "status", "review", "merge", "verify", "incident", "build"];

/**
 * One chaos run: the real `shopfloor web` and N `shopfloor worker` processes against the sandbox, on a Redis and a
 * PostgreSQL of the run's own, while work comes in and a driver SIGKILLs workers, crashes Redis and crash-restarts
 * PostgreSQL. Afterwards every item is checked from the outside (fake Slack, fake GitHub) for being done exactly once.
 */
export async function runChaos(opts: ChaosOptions) {
  const random = seededRandom(opts.seed);
  const started = Date.now();
  const redis = await startPrivateRedis(opts.ports.redis);
  const postgres = await startPrivatePostgres(opts.ports.postgres);
  const databaseUrl = postgres.url("shopfloor_chaos");
  await recreateDatabase(databaseUrl);
  const sandbox = await startSandbox();
  const dir = mkdtempSync(join(tmpdir(), "shopfloor-chaos-"));
  const configPath = join(dir, "shopfloor.yml");
  // Production defaults but for a shorter lock (a killed worker's job is taken over within seconds) and backoff.
  writeFileSync(
    configPath,
    `repository: acme/shop
channels: { bugs: [C0BUGS], maintainers: C0GENERAL, merge: C0GENERAL, incidents: C0GENERAL }
approvers: { slackUsers: [U0CAROL], githubLogins: { U0CAROL: carol } }
verify: { timeoutMinutes: 2, pollSeconds: 5 }
limits: { workerConcurrency: 4, jobBackoffMs: 500, jobLockMs: 4000, shutdownGraceMs: 2000, githubWriteThrottle: false }
`,
  );
  const env: Record<string, string> = { ...sandbox.env, DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PORT: "0", SHOPFLOOR_CONFIG: configPath, SHOPFLOOR_LOG_LEVEL: "info" };
  const web = spawnShopfloor("web", env);
  const processes: ShopfloorProcess[] = [web];
  const workers: ShopfloorProcess[] = [];
  const faults: Fault[] = [];
  let stopping = false;

  const killed = new Set<ShopfloorProcess>();
  const unexpectedExits: { code: number | null; signal: string | null; stderr: string }[] = [];
  /** Like systemd's Restart=always: a worker that exits for any reason is replaced after a moment. */
  const spawnWorker = () => {
    const worker = spawnShopfloor("worker", env);
    processes.push(worker);
    workers.push(worker);
    worker.proc.once("exit", (code, signal) => {
      if (stopping) return;
      if (!killed.has(worker)) unexpectedExits.push({ code, signal, stderr: worker.stderrTail().slice(-500) });
      setTimeout(() => stopping || spawnWorker(), random.int(300, 1500));
    });
    return worker;
  };

  try {
    const port = (await web.waitForLog((l) => l.msg === "web listening")).port as number;
    const base = `http://127.0.0.1:${port}`;
    const subscription = sandbox.github.subscribe(`${base}/github/webhooks`, env.GITHUB_WEBHOOK_SECRET!, { events: ["pull_request", "issue_comment"] });
    for (let i = 0; i < opts.workers; i++) await spawnWorker().waitForLog((l) => l.msg === "shopfloor started");
    const workload = createWorkload(sandbox, { slack: `${base}/slack/events`, sentry: `${base}/sentry/webhooks` }, random, { attempts: 60, delayMs: 500 });
    opts.log(`web on ${base}, ${opts.workers} workers; sending ${opts.items} items over ${Math.round(opts.faultSeconds * 0.7)} s with faults for ${opts.faultSeconds} s`);

    // GitHub does not retry a failed delivery; its "redeliver" (by hand or by API) sends it again with the same id.
    let githubRedeliveries = 0;
    const redeliverFailed = async () => {
      const latest = new Map<string, number>();
      for (const d of subscription.deliveries) latest.set(d.deliveryId, d.status);
      for (const [id, status] of latest) {
        if (status >= 200 && status < 300) continue;
        githubRedeliveries++;
        await subscription.sender.redeliver(id);
      }
    };

    // The windows start once every process is up.
    const windowStart = Date.now();
    const faultWindowEnd = windowStart + opts.faultSeconds * 1000;
    const faultPlan = planFaults(opts, random);
    const faultDriver = (async () => {
      for (const step of faultPlan) {
        await sleepUntil(Date.now() + step.afterMs);
        if (stopping) return;
        const at = Date.now();
        if (step.kind === "worker-kill") {
          const alive = workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null);
          const victim = alive[random.int(0, alive.length - 1)];
          if (!victim) continue;
          killed.add(victim);
          victim.proc.kill("SIGKILL");
          faults.push({ kind: "worker-kill", at });
        } else if (step.kind === "redis-crash") {
          await redis.crash();
          faults.push({ kind: "redis-crash", at });
          await new Promise((r) => setTimeout(r, random.int(500, 2000)));
          await redis.start();
        } else {
          faults.push({ kind: "postgres-crash", at });
          await postgres.crashRestart();
        }
        opts.log(`fault ${faults.length}: ${step.kind} at +${Math.round((at - windowStart) / 1000)} s`);
      }
    })();

    // Items arrive at random moments during the first 70 % of the fault window.
    const sendUntil = windowStart + opts.faultSeconds * 700;
    const sender = (async () => {
      for (let i = 0; i < opts.items; i++) {
        const left = opts.items - i;
        await sleepUntil(Date.now() + random.int(0, Math.max(0, (2 * (sendUntil - Date.now())) / left)));
        const kind = pickKind(random.next());
        await workload.submit(kind);
      }
    })();

    // Every item gets the settle time after the faults end or after it was sent, whichever is later: a merge clicked
    // on a PR whose review finished late must not count as lost because the clock ran out.
    const settleBy = () => Math.max(faultWindowEnd, ...workload.items.map((i) => i.submittedAt)) + opts.settleSeconds * 1000;
    let deadline = Infinity;
    let open = Infinity;
    let senderDone = false;
    let senderFailed: unknown;
    sender.then(
      () => (senderDone = true),
      (e: unknown) => (senderFailed = e),
    );
    while (senderFailed === undefined) {
      await new Promise((r) => setTimeout(r, 500));
      await redeliverFailed();
      await workload.clickMerges(MERGE_SHARE);
      open = workload.poll();
      if (senderDone && Date.now() >= faultWindowEnd) deadline = settleBy();
      if (senderDone && open === 0 && Date.now() >= faultWindowEnd) break;
      if (Date.now() > deadline) break;
    }
    stopping = true;
    await Promise.all([sender, faultDriver]);
    if (senderFailed !== undefined) throw senderFailed;

    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const queueRedis = new Redis(redis.url, { maxRetriesPerRequest: null });
    try {
      // Work an item set off (a review after a build, a verification after a merge) may still be under way: count
      // once nothing runs and nothing waits in a queue, so an effect applied twice late is still seen.
      opts.log(`${workload.items.length} items, ${open} still open; waiting for the factory to go quiet`);
      while (Date.now() < deadline && !(await quiet(pool, queueRedis))) await new Promise((r) => setTimeout(r, 500));
      const perItem = workload.items.map((item) => ({ item, counted: workload.count(item) }));
      const lost = perItem
        .filter(({ item }) => item.doneAt === undefined)
        .map(({ item, counted }) => ({ id: item.id, sentAtSecond: Math.round((item.submittedAt - windowStart) / 1000), effects: counted.effects, seen: workload.evidence(item) }));
      const duplicated = perItem.filter(({ item, counted }) => item.doneAt !== undefined && counted.effects && Object.values(counted.effects).some((v) => v > 1));
      const missing = perItem.filter(({ item, counted }) => item.doneAt !== undefined && Object.values(counted.effects).some((v) => v < 1));
      const gaveUp = await failedJobs(queueRedis);
      const { rows: runs } = await pool.query<{ thread_id: string; graph: string; status: string; error_code: string | null; started: number; finished: number | null }>(
        `SELECT thread_id, graph, status, error_code, extract(epoch FROM started_at) * 1000 AS started, extract(epoch FROM coalesce(finished_at, CASE WHEN status = 'waiting' THEN updated_at END)) * 1000 AS finished FROM runs ORDER BY started_at`,
      );
      const recovery = recoveries(runs, faults);
      const byKind = Object.fromEntries(
        [...new Set(workload.items.map((i) => i.kind))].map((kind) => [kind, workload.items.filter((i) => i.kind === kind).length]),
      );
      return {
        seed: opts.seed,
        durationSeconds: Math.round((Date.now() - started) / 1000),
        workers: opts.workers,
        items: workload.items.length,
        itemsByKind: byKind,
        faults: {
          total: faults.length,
          workerKills: faults.filter((f) => f.kind === "worker-kill").length,
          redisCrashes: faults.filter((f) => f.kind === "redis-crash").length,
          postgresCrashes: faults.filter((f) => f.kind === "postgres-crash").length,
        },
        redeliveries: { slackAndSentry: workload.items.reduce((a, i) => a + i.redeliveries, 0), github: githubRedeliveries },
        lost: lost.length,
        lostItems: lost,
        duplicatedEffects: duplicated.length + repeatedEffects(sandbox).length,
        duplicatedItems: duplicated.map(({ item, counted }) => ({ id: item.id, wrong: counted.wrong, seen: workload.evidence(item) })),
        repeatedEffects: repeatedEffects(sandbox),
        missingEffects: missing.map(({ item, counted }) => ({ id: item.id, wrong: counted.wrong })),
        failedJobs: gaveUp.length,
        failedJobDetails: gaveUp,
        runs: {
          total: runs.length,
          byStatus: tally(runs.map((r) => r.status)),
          interrupted: recovery.interrupted,
          unrecovered: recovery.unrecovered,
          stillRunning: runs.filter((r) => r.status === "running").length,
        },
        // Where unfinished work sits when the run ends: a backlog, not a loss, if it is still queued.
        queuesAtEnd: await queueDepths(queueRedis),
        // Workers that exited without being killed: each a defect (the supervisor restarted them).
        unexpectedExits,
        stalledJobsSeen: workers.flatMap((w) => w.logs).filter((l) => l.msg === "job stalled; another worker takes it over").length,
        workersAliveAtEnd: workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null).length,
        recoveryMs: recovery.summary,
        recoveries: recovery.recovered,
      };
    } finally {
      queueRedis.disconnect();
      await pool.end();
    }
  } finally {
    stopping = true;
    await Promise.all(processes.map((p) => p.stop("SIGKILL")));
    await sandbox.close();
    await redis.stop();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export type ChaosReport = Awaited<ReturnType<typeof runChaos>>;

function pickKind(roll: number): Exclude<ItemKind, "merge"> {
  let sum = 0;
  for (const [kind, share] of MIX) if (roll < (sum += share)) return kind;
  return MIX[0]![0];
}

/** Worker kills at random intervals; the Redis and PostgreSQL crashes spread evenly over the window among them. */
function planFaults(opts: ChaosOptions, random: ReturnType<typeof seededRandom>): { kind: Fault["kind"]; afterMs: number }[] {
  const windowMs = opts.faultSeconds * 1000;
  const at: { kind: Fault["kind"]; ms: number }[] = [];
  for (let t = random.int(...opts.killEveryMs); t < windowMs; t += random.int(...opts.killEveryMs)) at.push({ kind: "worker-kill", ms: t });
  for (let i = 0; i < opts.redisRestarts; i++) at.push({ kind: "redis-crash", ms: ((i + 0.4) / opts.redisRestarts) * windowMs });
  for (let i = 0; i < opts.postgresRestarts; i++) at.push({ kind: "postgres-crash", ms: ((i + 0.7) / opts.postgresRestarts) * windowMs });
  at.sort((a, b) => a.ms - b.ms);
  return at.map((f, i) => ({ kind: f.kind, afterMs: f.ms - (at[i - 1]?.ms ?? 0) }));
}

const tally = (values: string[]) => Object.fromEntries([...new Set(values)].map((v) => [v, values.filter((x) => x === v).length]));

async function queueDepths(connection: Redis): Promise<Record<string, Record<string, number>>> {
  const depths: Record<string, Record<string, number>> = {};
  for (const name of [INGRESS_QUEUE, ...GRAPHS.map(graphQueueName)]) {
    const queue = new Queue(name, { connection, prefix: "shopfloor" });
    const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "failed");
    await queue.close();
    const nonZero = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
    if (Object.keys(nonZero).length > 0) depths[name] = nonZero;
  }
  return depths;
}

async function quiet(pool: pg.Pool, connection: Redis): Promise<boolean> {
  const running = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM runs WHERE status = 'running'");
  if (running.rows[0]!.n > 0) return false;
  for (const name of [INGRESS_QUEUE, ...GRAPHS.map(graphQueueName)]) {
    const queue = new Queue(name, { connection, prefix: "shopfloor" });
    const counts = await queue.getJobCounts("waiting", "active", "prioritized");
    await queue.close();
    if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) > 0) return false;
  }
  return true;
}

/** Jobs BullMQ gave up on: work that no retry will bring back. */
async function failedJobs(connection: Redis): Promise<{ queue: string; id: string | undefined; reason: string }[]> {
  const failed: { queue: string; id: string | undefined; reason: string }[] = [];
  for (const name of [INGRESS_QUEUE, MAINTENANCE_QUEUE, ...GRAPHS.map(graphQueueName)]) {
    const queue = new Queue(name, { connection, prefix: "shopfloor" });
    for (const job of await queue.getFailed()) failed.push({ queue: name, id: job.id, reason: job.failedReason });
    await queue.close();
  }
  return failed;
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
