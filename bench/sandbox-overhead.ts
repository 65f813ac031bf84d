import { chown, mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sandboxArgv, sandboxUserFor } from "../src/adapters/workspace/bwrap-args.js";
import { runSandboxed } from "../src/adapters/workspace/run-sandboxed.js";
import { log } from "./support/bench-env.js";
import { nearestRank, timeInterleaved } from "./support/stats.js";

const COMMANDS = ["true", "node -e 0"] as const;

/** Nearest rank, as support/stats.ts reports percentiles (its summary has no p95). */
function pct(samples: readonly number[], p: number): number {
  return Math.round(nearestRank([...samples].sort((a, b) => a - b), p) * 1000) / 1000;
}
const p50p95 = (samples: readonly number[]) => ({ p50: pct(samples, 50), p95: pct(samples, 95) });

/**
 * What the command sandbox adds to one command: `true` and `node -e 0` spawned directly and through the full
 * sandbox argv (timeout, prlimit, bwrap with every namespace, setpriv), by the same spawner, in interleaved
 * rounds. The overhead is the per-round difference, so it is about the same whatever the command does.
 * Needs root and bubblewrap. Target: ≤ 50 ms per command.
 */
export async function sandboxOverhead(opts: { n?: number; warmup?: number } = {}) {
  const n = opts.n ?? 50;
  const warmup = opts.warmup ?? 5;
  const dir = await realpath(await mkdtemp(join(tmpdir(), "shopfloor-bench-sandbox-")));
  const user = sandboxUserFor("bench-sandbox-overhead");
  try {
    await mkdir(join(dir, ".git"));
    for (const p of [dir, join(dir, ".git")]) await chown(p, user.uid, user.gid);
    const limits = { timeoutSeconds: 30, memoryMb: 2048, maxProcesses: 256, maxOutputBytes: 64 * 1024 };
    const run = async (argv: string[]) => {
      const r = await runSandboxed({ argv, timeoutSeconds: limits.timeoutSeconds, maxOutputBytes: limits.maxOutputBytes });
      if (r.exitCode !== 0) throw new Error(`${argv.join(" ").slice(-40)} exited ${r.exitCode}: ${r.stderr}`);
    };
    const ops = COMMANDS.flatMap((command) => [
      () => run(["/bin/sh", "-c", command]),
      () => run(sandboxArgv({ command, workspaceDir: dir, network: false, user, ...limits })),
    ]);

    await timeInterleaved(warmup, ops);
    log(`sandbox overhead: ${n} interleaved rounds of ${COMMANDS.join(", ")}, direct and sandboxed`);
    const samples = await timeInterleaved(n, ops);

    const all = { direct: [] as number[], sandboxed: [] as number[], overhead: [] as number[] };
    const commands: Record<string, { directMs: ReturnType<typeof p50p95>; sandboxedMs: ReturnType<typeof p50p95>; overheadMs: ReturnType<typeof p50p95> }> = {};
    COMMANDS.forEach((command, k) => {
      const direct = samples[2 * k]!;
      const sandboxed = samples[2 * k + 1]!;
      const overhead = sandboxed.map((s, i) => s - direct[i]!);
      commands[command] = { directMs: p50p95(direct), sandboxedMs: p50p95(sandboxed), overheadMs: p50p95(overhead) };
      all.direct.push(...direct);
      all.sandboxed.push(...sandboxed);
      all.overhead.push(...overhead);
    });
    // Top level: every command's samples together; per command under `commands`.
    return { runs: n, commands, directMs: p50p95(all.direct), sandboxedMs: p50p95(all.sandboxed), overheadMs: p50p95(all.overhead), targetOverheadMs: 50 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
