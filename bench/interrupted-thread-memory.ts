import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { log } from "./support/bench-env.js";
import { slope } from "./support/stats.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MB = 1024 * 1024;
/** Flat: less than 1 MB more heap per 1,000 waiting threads (under 10 MB across 10,000, about 1 KB a thread). */
const TARGET_MB_PER_1000 = 1;

interface Sample {
  waiting: number;
  heapUsed: number;
  rss: number;
  external: number;
}

interface ChildResult {
  threads: number;
  waiting: number;
  concurrency: number;
  startMs: number;
  samples: Sample[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * A thread waiting for a person must cost a worker nothing: its state is a checkpoint in PostgreSQL. Measured in a
 * fresh child process (see support/memory-child.ts) so the heap holds only the runner: heap and RSS after a full gc
 * with no waiting thread, then each time `step` more threads have stopped at an interrupt.
 */
export async function interruptedThreadMemory(opts: { threads?: number; step?: number } = {}) {
  const threads = opts.threads ?? 10_000;
  const step = opts.step ?? 2_500;
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", resolve(ROOT, "bench/support/memory-child.ts"), String(threads), String(step)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((done, fail) => child.on("error", fail).on("close", done));
  if (code !== 0) throw new Error(`memory child exited with ${code}`);
  const r = JSON.parse(out.trim().split("\n").pop() ?? "") as ChildResult;
  if (r.waiting !== r.threads) throw new Error(`only ${r.waiting} of ${r.threads} threads ended waiting at the interrupt`);

  const perThousand = (key: "heapUsed" | "rss") => round2(slope(r.samples.map((s) => [s.waiting / 1000, s[key] / MB])));
  const slopeMbPer1000 = { heapUsed: perThousand("heapUsed"), rss: perThousand("rss") };
  const first = r.samples[0]!;
  const last = r.samples.at(-1)!;
  const diffMb = { heapUsed: round2((last.heapUsed - first.heapUsed) / MB), rss: round2((last.rss - first.rss) / MB) };
  log(`memory: ${threads} waiting threads, heap ${slopeMbPer1000.heapUsed} MB and rss ${slopeMbPer1000.rss} MB per 1,000`);
  return {
    threads: r.threads,
    waitingThreads: r.waiting,
    samplesMb: r.samples.map((s) => ({ waiting: s.waiting, heapUsed: round2(s.heapUsed / MB), rss: round2(s.rss / MB) })),
    slopeMbPer1000,
    diffMb,
    heapBytesPerThread: Math.round((last.heapUsed - first.heapUsed) / r.threads),
    targetMbPer1000: TARGET_MB_PER_1000,
    // Both judged: heapUsed is what the threads would hold; RSS also keeps pages the allocator did not hand back
    // after the churn of thousands of runs, so it can overstate what the threads hold.
    flat: { heapUsed: slopeMbPer1000.heapUsed < TARGET_MB_PER_1000, rss: slopeMbPer1000.rss < TARGET_MB_PER_1000 },
    startAll: { ms: Math.round(r.startMs), concurrency: r.concurrency, threadsPerSecond: Math.round((r.threads / r.startMs) * 1000) },
  };
}
