import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const BIN = resolve(import.meta.dirname, "../../../bin/shopfloor.js");

export interface ShopfloorProcess {
  proc: ChildProcess;
  /** Every JSON log line the process printed, parsed. */
  logs: Record<string, unknown>[];
  /** Resolves with the first log line that matches. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** The last 2,000 characters the process wrote to stderr (why it exited, when it did). */
  stderrTail(): string;
}

/** Runs `shopfloor <role>` as its own process, exactly as an operator would, with the given environment. */
export function spawnShopfloor(role: string, env: Record<string, string>): ShopfloorProcess {
  const proc = spawn(process.execPath, [BIN, role], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buffer = "";
  let stderr = "";
  proc.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        logs.push(parsed);
        for (const w of [...waiters]) if (w.match(parsed)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(parsed);
        }
      } catch {
        // not a log line
      }
    }
  });
  proc.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));

  return {
    proc,
    logs,
    stderrTail: () => stderr.slice(-2000),
    // Generous: on a 2-core machine busy with the other test projects, loading the app can take half a minute.
    waitForLog(match, timeoutMs = 60_000) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`${role}: no matching log line in ${timeoutMs} ms. stderr: ${stderr.slice(-2000)}\nlogs: ${JSON.stringify(logs.slice(-10))}`)), timeoutMs);
        waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolvePromise(l)) });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${role} exited with ${code} before the expected log line. stderr: ${stderr.slice(-2000)}`));
        });
      });
    },
    async stop(signal = "SIGTERM") {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill(signal);
      return exited;
    },
  };
}

/** Polls until `check` holds. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = "condition"): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - started;
}
