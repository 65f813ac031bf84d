import { spawn } from "node:child_process";
import { AppError, ErrorCode } from "../../core/errors.js";
import type { CommandResult } from "../../core/ports/workspace-port.js";
import { KILL_GRACE_SECONDS } from "./bwrap-args.js";

export interface RunSandboxedInput {
  /** From `sandboxArgv`: `timeout` enforces the limit; this process only backs it up. */
  argv: readonly string[];
  timeoutSeconds: number;
  maxOutputBytes: number;
  stdin?: string;
}

/** After `timeout`'s own SIGKILL, how long until we kill the process group ourselves. */
const BACKSTOP_EXTRA_MS = 2_000;
/** How long to wait for the pipes to close once the process exited (a leaked descriptor must not hang us). */
const DRAIN_MS = 1_000;

/**
 * Runs one sandboxed command and always returns: the deadline is `timeout`'s, and a kill of the whole process
 * group a few seconds later backs it up. Output is kept up to `maxOutputBytes` per stream, head and tail.
 */
export function runSandboxed(input: RunSandboxedInput): Promise<CommandResult> {
  const [file, ...args] = input.argv;
  if (!file) throw new Error("empty argv");
  const started = performance.now();
  const stdout = new OutputCap(input.maxOutputBytes);
  const stderr = new OutputCap(input.maxOutputBytes);

  return new Promise<CommandResult>((resolve, reject) => {
    // Nothing of ours is inherited: bwrap clears the command's environment anyway, and timeout/prlimit/bwrap
    // themselves need no more than PATH.
    const child = spawn(file, args, { detached: true, stdio: ["pipe", "pipe", "pipe"], env: { PATH: "/usr/bin:/bin", LANG: "C.UTF-8" } });
    let backstopFired = false;
    let settled = false;
    const backstop = setTimeout(() => {
      backstopFired = true;
      killGroup(child.pid);
    }, input.timeoutSeconds * 1000 + KILL_GRACE_SECONDS * 1000 + BACKSTOP_EXTRA_MS);

    child.stdout.on("data", (b: Buffer) => stdout.push(b));
    child.stderr.on("data", (b: Buffer) => stderr.push(b));
    child.stdin.on("error", () => {}); // a command that never reads its stdin closes the pipe early (EPIPE)
    child.stdin.end(input.stdin ?? "");

    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(backstop);
      const durationMs = Math.round(performance.now() - started);
      // 124: the command got SIGTERM at the deadline; 137: it needed timeout's SIGKILL. A command that merely
      // exits 124 early is not a timeout, hence the elapsed-time condition.
      const timedOut = backstopFired || ((code === 124 || code === 137) && durationMs >= input.timeoutSeconds * 1000 - 50);
      resolve({
        exitCode: timedOut || signal !== null ? null : code,
        stdout: stdout.text(),
        stderr: stderr.text(),
        timedOut,
        truncated: stdout.truncated || stderr.truncated,
        durationMs,
      });
    };

    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(backstop);
      settled = true;
      reject(new AppError(ErrorCode.SandboxUnavailable, `cannot start the sandbox (${file}): ${e.message}`, { cause: e }));
    });
    child.on("exit", (code, signal) => {
      const drain = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, signal);
      }, DRAIN_MS);
      child.on("close", () => {
        clearTimeout(drain);
        finish(code, signal);
      });
    });
  });
}

function killGroup(pid: number | undefined) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Keeps the first and last halves of a stream; the middle of longer output becomes a marker. */
export class OutputCap {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private totalBytes = 0;
  private readonly headMax: number;
  private readonly tailMax: number;

  constructor(private readonly maxBytes: number) {
    this.headMax = Math.ceil(maxBytes / 2);
    this.tailMax = Math.floor(maxBytes / 2);
  }

  get truncated(): boolean {
    return this.totalBytes > this.maxBytes;
  }

  push(chunk: Buffer) {
    this.totalBytes += chunk.length;
    const headRoom = this.headMax - this.headBytes;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    // Whole chunks leave the front of the tail while the rest still covers its allowance.
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= this.tailMax) this.tailBytes -= this.tail.shift()!.length;
  }

  text(): string {
    const head = Buffer.concat(this.head).toString("utf8");
    const tailAll = Buffer.concat(this.tail);
    if (!this.truncated) return head + tailAll.toString("utf8");
    const tail = tailAll.subarray(Math.max(0, tailAll.length - this.tailMax));
    const cut = this.totalBytes - this.headBytes - tail.length;
    return `${head}\n[… ${cut} bytes cut …]\n${tail.toString("utf8")}`;
  }
}
