/**
 * Many triage runs in flight at once through the real worker: BullMQ on Redis, GraphRunner with the thread lock and
 * PostgreSQL checkpoints, the run ledger, the effects ledger, the OpenAI adapter against the sandbox's instant
 * scripted model, Slack and GitHub through their real adapters against the sandbox fakes. The worker runs alone in a
 * child process (support/worker-child.ts) so its memory is its own; the fakes and the producer stay here.
 *
 * The reports are posted to the fake Slack channel and their triage jobs enqueued all at once, exactly as the
 * ingress router would enqueue them (`triageFromMessage`), so the figures are the worker's, not the web edge's.
 */
import { fork, type ChildProcess } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";
import { parseConfig } from "../src/config/load-config.js";
import { JobQueues } from "../src/jobs/job-queues.js";
import { triageFromMessage } from "../src/jobs/route-triage.js";
import { startSandbox, type Sandbox } from "../src/sandbox/start-sandbox.js";
import { BENCH_DATABASE_URL, BENCH_REDIS_URL, flushBenchRedis, freshDatabase, log } from "./support/bench-env.js";
import { bugReport } from "./support/bug-reports.js";
import { dbCommandsPerRun, monitorBenchDb, pgPerRun, redisCounters, serverWidePerRun, settledPgCounters } from "./support/server-ops.js";
import { slope, summarize } from "./support/stats.js";
import type { ChildMessage, Memory, MemoryFigures, ParentMessage } from "./support/worker-child.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MB = 1024 * 1024;
const CHANNEL = "C0BUGS";
/** GitHub's write spacing is off (it is GitHub's rate limit, not our cost); the worker concurrency is the default. */
const SHOPFLOOR_YML = `channels: { bugs: [${CHANNEL}] }\nlimits: { githubWriteThrottle: false }\nareas: [{ name: checkout, description: cart and checkout }]\n`;

type Ready = Extract<ChildMessage, { type: "ready" }>;

/** The child's messages as awaitable events; a child that dies rejects whatever is awaited. */
function inbox(child: ChildProcess) {
  const waiting: Array<{ type: string; resolve: (m: ChildMessage) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }> = [];
  child.on("message", (m: ChildMessage) => {
    const i = waiting.findIndex((w) => w.type === m.type);
    if (i < 0) return;
    const [w] = waiting.splice(i, 1);
    clearTimeout(w!.timer);
    w!.resolve(m);
  });
  child.on("exit", (code) => {
    for (const w of waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new Error(`worker child exited with ${code} while the benchmark waited for "${w.type}"`));
    }
  });
  return <T extends ChildMessage["type"]>(type: T, timeoutMs: number) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" from the worker child within ${timeoutMs} ms`)), timeoutMs);
      waiting.push({ type, resolve: resolve as (m: ChildMessage) => void, reject, timer });
    });
}

/** Posts `count` reports in the fake channel and enqueues their triage jobs at once; resolves when all finished. */
async function burst(sandbox: Sandbox, queues: JobQueues, child: ChildProcess, next: ReturnType<typeof inbox>, count: number, first: number, timeoutMs: number) {
  const ws = sandbox.slack.workspace;
  const routes = Array.from({ length: count }, (_, i) => {
    const text = bugReport(first + i);
    const message = ws.postMessage({ channel: CHANNEL, user: "U0CAROL", text });
    const route = triageFromMessage(
      { source: "slack", type: "event", teamId: ws.identity.teamId, eventId: `EvBENCH${first + i}`, retryNum: 0, event: { type: "message", channel: CHANNEL, user: "U0CAROL", text, ts: message.ts } },
      "message",
      text,
    );
    if (route.kind !== "graph") throw new Error(`a report was routed to ${route.kind}`);
    return route;
  });
  const counting = next("counting", 10_000);
  child.send({ type: "expect", count } satisfies ParentMessage);
  await counting;
  const done = next("done", timeoutMs);
  await Promise.all(routes.map((r) => queues.enqueueGraph(r.job, r.jobId)));
  return { done: await done, jobIds: routes.map((r) => r.jobId), threadIds: routes.map((r) => r.job.threadId) };
}

/** What the ledgers say about the measured runs: the check that the work was done, and what each run wrote. */
async function ledgerCheck(jobIds: string[], threadIds: string[]) {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  try {
    const one = async (sql: string, params: unknown[]) => Number((await client.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
    const byStatus = Object.fromEntries(
      (await client.query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM runs WHERE job_id = ANY($1) GROUP BY status", [jobIds])).rows.map((r) => [r.status, Number(r.n)]),
    );
    const finishedJobs = await one("SELECT count(DISTINCT job_id) AS n FROM runs WHERE job_id = ANY($1) AND status IN ('waiting', 'succeeded')", [jobIds]);
    const effects = Object.fromEntries(
      (await client.query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM effects WHERE thread_id = ANY($1) GROUP BY status", [threadIds])).rows.map((r) => [r.status, Number(r.n)]),
    );
    const per = (n: number) => Math.round((n / jobIds.length) * 10) / 10;
    return {
      runsByStatus: byStatus,
      jobsWithAFinishedRun: finishedJobs,
      effectsByStatus: effects,
      perRun: {
        steps: per(await one("SELECT count(*) AS n FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE r.job_id = ANY($1)", [jobIds])),
        modelCalls: per(await one("SELECT count(*) AS n FROM model_calls m JOIN runs r ON r.id = m.run_id WHERE r.job_id = ANY($1)", [jobIds])),
        effects: per(Object.values(effects).reduce((s, n) => s + n, 0)),
        checkpoints: per(await one("SELECT count(*) AS n FROM checkpoints WHERE thread_id = ANY($1)", [threadIds])),
        checkpointWrites: per(await one("SELECT count(*) AS n FROM checkpoint_writes WHERE thread_id = ANY($1)", [threadIds])),
        checkpointBlobs: per(await one("SELECT count(*) AS n FROM checkpoint_blobs WHERE thread_id = ANY($1)", [threadIds])),
      },
    };
  } finally {
    await client.end();
  }
}

const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
const inMb = (m: Memory) => ({ rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external) });
function memoryMb(m: MemoryFigures, runs: number) {
  const afterGc = [...m.afterGcAt, { finished: runs, ...m.endAfterGc }].map((s) => ({ finished: s.finished, ...inMb(s) }));
  // From the first quarter on: the start is a fresh worker whose connections and compiled graphs come with the first runs.
  const perThousand = (key: "rss" | "heapUsed") => Math.round(slope(afterGc.map((s) => [s.finished / 1000, s[key]] as const)) * 100) / 100;
  return {
    startAfterGc: inMb(m.startAfterGc),
    peak: inMb(m.peak),
    end: inMb(m.end),
    afterGcByRunsFinished: afterGc,
    afterGcSlopeMbPer1000Runs: { heapUsed: perThousand("heapUsed"), rss: perThousand("rss") },
    samples: m.samples,
  };
}

export async function activeRuns(opts: { runs?: number; warmup?: number; timeoutMs?: number } = {}) {
  const runs = opts.runs ?? 2000;
  const warmup = opts.warmup ?? 50;
  const timeoutMs = opts.timeoutMs ?? 600_000;
  await freshDatabase();
  await flushBenchRedis();
  const sandbox = await startSandbox();
  const env = { ...sandbox.env, DATABASE_URL: BENCH_DATABASE_URL, REDIS_URL: BENCH_REDIS_URL, PORT: "0", SHOPFLOOR_LOG_LEVEL: "silent" };
  const config = parseConfig({ env, fileText: SHOPFLOOR_YML });
  const producer = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: 1 });
  const queues = new JobQueues(producer, config.settings.limits, ["triage"]);
  // The child's stdout goes to our stderr: our stdout carries only the report.
  const child = fork(resolve(ROOT, "bench/support/worker-child.ts"), [JSON.stringify(env), SHOPFLOOR_YML], {
    cwd: ROOT,
    execArgv: ["--expose-gc", "--import", "tsx"],
    stdio: ["ignore", 2, "inherit", "ipc"],
  });
  const next = inbox(child);
  const exited = new Promise<number | null>((r) => child.on("exit", r));

  try {
    let ready: Ready = await next("ready", 60_000);
    // Warm-up on a first worker (connections, prompt rendering, JIT), then a fresh worker and pool: the
    // closed connections publish their PostgreSQL counters, so the baseline below leaves the warm-up out.
    log(`active runs: warm-up of ${warmup}`);
    await burst(sandbox, queues, child, next, warmup, 100_000, timeoutMs);
    const restarted = next("ready", 60_000);
    child.send({ type: "restart" } satisfies ParentMessage);
    ready = await restarted;

    const pgBefore = await settledPgCounters();
    const redisBefore = await redisCounters();
    const monitor = await monitorBenchDb();
    log(`active runs: ${runs} triage jobs enqueued at once, worker concurrency ${ready.workerConcurrency}`);
    const cpuBefore = process.cpuUsage();
    const { done, jobIds, threadIds } = await burst(sandbox, queues, child, next, runs, 0, timeoutMs);
    const cpu = process.cpuUsage(cpuBefore);
    const dbCommands = await monitor.stop();
    const redisAfter = await redisCounters();
    // Closing the worker ends its PostgreSQL connections, which publishes their last counters.
    child.send({ type: "close" } satisfies ParentMessage);
    if ((await exited) !== 0) throw new Error("the worker child did not close cleanly");
    const pgAfter = await settledPgCounters();

    const ledger = await ledgerCheck(jobIds, threadIds);
    const problems = [
      done.failed ? `${done.failed} jobs failed for good` : "",
      done.completed !== runs ? `${done.completed} of ${runs} jobs completed` : "",
      ledger.jobsWithAFinishedRun !== runs ? `${ledger.jobsWithAFinishedRun} of ${runs} jobs have a finished run in the ledger` : "",
      ledger.runsByStatus.running ? `${ledger.runsByStatus.running} runs still marked running` : "",
      ledger.effectsByStatus.failed ? `${ledger.effectsByStatus.failed} effects failed` : "",
    ].filter(Boolean);
    if (problems.length) throw new Error(`active runs: the work failed, so no figure is reported: ${problems.join("; ")}`);

    const seconds = (done.lastFinishedAt - done.firstEnqueuedAt) / 1000;
    const result = {
      runs,
      workerConcurrency: ready.workerConcurrency,
      pgPoolMax: ready.poolMax,
      seconds: Math.round(seconds * 100) / 100,
      runsPerSecond: Math.round((runs / seconds) * 10) / 10,
      // Enqueued → finished includes the wait in the queue behind up to `runs` others: a backlog's latency.
      latencyMs: summarize(done.latencyMs),
      activeMs: summarize(done.activeMs),
      outcomes: done.byOutcome,
      failedAttempts: done.failedAttempts,
      workerMemoryMb: memoryMb(done.memory, runs),
      // Where the cores went: the worker, and this process (the fakes of Slack, GitHub and the model, the producer).
      // CPU per run depends far less than runs per second on what else the machine was doing.
      cpuMsPerRun: { worker: Math.round((done.cpuSeconds * 1000) / runs), fakesAndProducer: Math.round((cpu.user + cpu.system) / 1000 / runs) },
      postgresPerRun: pgPerRun(pgBefore, pgAfter, runs),
      redisPerRun: { ...dbCommandsPerRun(dbCommands, runs), serverWide: serverWidePerRun(redisBefore, redisAfter, runs) },
      ledger,
      issuesFiled: sandbox.github.repo.listIssues({ state: "all" }).filter((i) => !i.pull).length,
    };
    log(`active runs: ${result.runsPerSecond} runs/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, peak rss ${result.workerMemoryMb.peak.rss} MB, ${result.redisPerRun.commands} Redis and ${result.postgresPerRun.transactions} PostgreSQL ops per run`);
    return result;
  } finally {
    if (child.exitCode === null) child.kill();
    await queues.close();
    producer.disconnect();
    await sandbox.close();
    await flushBenchRedis();
  }
}
