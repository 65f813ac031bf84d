import { createRedactor, describeError } from "./redact.js";
import type { CheckResult, CheckStatus, DoctorCheck, DoctorResult } from "./types.js";

export interface RunDoctorOptions {
  /** Time limit of each check; a check that takes longer fails. Default 10 s. */
  timeoutMs?: number;
  /** Values masked in every detail and fix, whatever a check or a thrown error put there. */
  secrets?: readonly string[];
}

/**
 * Runs every check at once, each under its own time limit, and returns the results in the order of
 * `checks`. A check that throws or hangs becomes a failure with the reason: doctor itself never throws.
 */
export async function runDoctor(checks: readonly DoctorCheck[], options: RunDoctorOptions = {}): Promise<DoctorResult[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const redact = createRedactor(options.secrets ?? []);
  return Promise.all(
    checks.map(async (check) => {
      const started = performance.now();
      const result = await runOne(check, timeoutMs);
      return {
        name: check.name,
        status: result.status,
        detail: redact(result.detail),
        ...(result.fix ? { fix: redact(result.fix) } : {}),
        durationMs: Math.round(performance.now() - started),
      };
    }),
  );
}

async function runOne(check: DoctorCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          status: "fail",
          detail: `no answer within ${formatSeconds(timeoutMs)}`,
          fix: "check that the service is up and reachable from this machine (DNS, firewall, proxy)",
        }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      // Wrapped so a check that throws synchronously is caught like one that rejects.
      Promise.resolve().then(() => check.run()),
      timeout,
    ]);
  } catch (e) {
    return { status: "fail", detail: describeError(e) };
  } finally {
    clearTimeout(timer);
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

const LABELS: Record<CheckStatus, string> = { ok: "✓ ok", warn: "! warn", fail: "✗ FAIL", skip: "- skip" };

/**
 * A plain-text table with aligned columns (status, check, detail, fix) and a summary line, for a terminal or a
 * CI log. Lines are not wrapped: long details stay greppable.
 */
export function formatDoctorTable(results: readonly DoctorResult[]): string {
  const header = ["STATUS", "CHECK", "DETAIL", "FIX"];
  const rows = results.map((r) => [LABELS[r.status], r.name, r.detail, r.fix ?? ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const counts = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  const summary = [
    `${counts("fail")} failed`,
    `${counts("warn")} warning${counts("warn") === 1 ? "" : "s"}`,
    `${counts("ok")} ok`,
    `${counts("skip")} skipped`,
  ].join(", ");
  return [line(header), ...rows.map(line), "", summary].join("\n");
}

/** Process exit status: 1 when any check failed. Warnings and skipped checks do not fail the run. */
export function doctorExitCode(results: readonly DoctorResult[]): 0 | 1 {
  return results.some((r) => r.status === "fail") ? 1 : 0;
}
