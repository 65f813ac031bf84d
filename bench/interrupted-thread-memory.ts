import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { log } from "./support/bench-env.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MB = 1024 * 1024;
const TARGET_MB = 20;

interface ChildResult {
  threads: number;
  waiting: number;
  concurrency: number;
  startMs: number;
  before: { heapUsed: number; rss: number; external: number };
  after: { heapUsed: number; rss: number; external: number };
}

/**
 * A thread waiting for a person must cost a worker nothing: its state is a checkpoint in PostgreSQL.
 * Measured in a fresh child process (see support/memory-child.ts) so the heap holds only the runner.
 */
export async function interruptedThreadMemory(opts: { threads?: number } = {}) {
  const threads = opts.threads ?? 1000;
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", resolve(ROOT, "bench/support/memory-child.ts"), String(threads)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((done, fail) => child.on("error", fail).on("close", done));
  if (code !== 0) throw new Error(`memory child exited with ${code}`);
  const r = JSON.parse(out.trim().split("\n").pop() ?? "") as ChildResult;
  if (r.waiting !== r.threads) throw new Error(`only ${r.waiting} of ${r.threads} threads ended waiting at the interrupt`);

  const heapDiffMb = (r.after.heapUsed - r.before.heapUsed) / MB;
  const rssDiffMb = (r.after.rss - r.before.rss) / MB;
  const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(2)} MB`;
  log(`memory: ${threads} waiting threads, heap ${signed(heapDiffMb)}, rss ${signed(rssDiffMb)}`);
  const mb = (x: number) => Math.round(x * 100) / 100;
  return {
    threads: r.threads,
    waitingThreads: r.waiting,
    bytes: {
      none: { heapUsed: r.before.heapUsed, rss: r.before.rss },
      [`with${r.threads}`]: { heapUsed: r.after.heapUsed, rss: r.after.rss },
    },
    diffMb: { heapUsed: mb(heapDiffMb), rss: mb(rssDiffMb) },
    heapBytesPerThread: Math.round((r.after.heapUsed - r.before.heapUsed) / r.threads),
    targetMb: TARGET_MB,
    // Both judged: heapUsed is what the threads would hold; RSS also keeps pages the allocator did not
    // hand back after the churn of 1,000 runs, so it overstates what the threads hold.
    withinTarget: { heapUsed: heapDiffMb < TARGET_MB, rss: rssDiffMb < TARGET_MB },
    startAll: { ms: Math.round(r.startMs), concurrency: r.concurrency, threadsPerSecond: Math.round((r.threads / r.startMs) * 1000) },
  };
}
