import type { ForgeCheck } from "../../src/core/ports/forge-port.js";
import { names } from "./read-checks.js";
import type { VerifyInput } from "./verify-input.js";
import type { ChecksReading, Failure, SmokeReading } from "./verify-state.js";

const checkLine = (c: ForgeCheck) => `${c.name} (${c.source === "status" ? "status" : "check run"}): ${c.conclusion ?? c.status}${c.url ? ` ${c.url}` : ""}`;

/** Checks that failed on the merge commit: a broken build, P1. */
export function checksFailure(r: ChecksReading): Failure {
  return {
    severity: "P1",
    short: `checks (${names(r.failing)})`,
    detail: `checks failing on the merge commit: ${r.failing.map((c) => `${c.name} (${c.conclusion})`).join(", ")}`,
    evidence: [...r.failing.map(checkLine), ...(r.pending.length ? [`Still running: ${names(r.pending, 10)}`] : []), ...(r.passed.length ? [`Passed: ${names(r.passed, 10)}`] : [])],
  };
}

/** Checks that never finished: the merge cannot be called good, P1. */
export function pendingFailure(r: ChecksReading, minutes: number): Failure {
  return {
    severity: "P1",
    short: `checks (${names(r.pending)} still pending)`,
    detail: `checks still pending after ${minutes} minutes: ${names(r.pending, 10)}`,
    evidence: [...r.pending.map(checkLine), ...(r.passed.length ? [`Passed: ${names(r.passed, 10)}`] : [])],
  };
}

/** The deployed application does not answer as expected: a broken deployment, P0. */
export function smokeFailure(s: SmokeReading): Failure {
  const expected = `${s.expectStatus}${s.expectText ? ` with "${s.expectText}" in the body` : ""}`;
  const statusWrong = s.status !== s.expectStatus;
  const [short, detail] =
    s.status === 0
      ? ["the smoke check (no response)", `smoke check GET ${s.url} got no response after ${s.ms} ms${s.error ? ` (${s.error})` : ""}, expected ${expected}`]
      : statusWrong
        ? [`the smoke check (HTTP ${s.status})`, `smoke check GET ${s.url} answered ${s.status}, expected ${expected}`]
        : ["the smoke check (expected text missing)", `smoke check GET ${s.url} answered ${s.status} but the body does not contain "${s.expectText}"`];
  const body = s.bodyText.replace(/\s+/g, " ").trim().slice(0, 300);
  return {
    severity: "P0",
    short,
    detail,
    evidence: [`GET ${s.url} → ${s.status === 0 ? "no response" : s.status} in ${s.ms} ms (expected ${expected})`, s.error ? `Error: ${s.error}` : `Body: "${body}"`],
  };
}

/** A passed smoke check, in a few words for the success reply. */
export function smokeSummary(s: SmokeReading): string {
  return `smoke check GET ${s.url} answered ${s.status} in ${s.ms} ms`;
}

export function issueTitle(req: VerifyInput, f: Failure): string {
  return `Merge of #${req.pr} broke ${f.short}`.slice(0, 120);
}

/**
 * The report triage files the bug from: which PR and commit, who merged it, what failed and the evidence.
 * `mergedBy` is how GitHub readers know the person: their login when the approvers map has it.
 */
export function failureReport(req: VerifyInput, f: Failure, opts: { mergedBy?: string; revertOffered: boolean }): string {
  const people = [req.author ? `by @${req.author}` : "", opts.mergedBy ? `merged by ${opts.mergedBy}` : ""].filter(Boolean).join(", ");
  return [
    `Post-merge verification failed after the merge of #${req.pr} "${req.title}" (${req.url})${people ? `, ${people}` : ""}.`,
    `Merge commit: ${req.mergeSha}.`,
    `What failed: ${f.detail}.`,
    `Evidence:\n${f.evidence.map((e) => `- ${e}`).join("\n")}`,
    opts.revertOffered ? `A revert of #${req.pr} is offered in Slack (Open revert PR).` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}
