import { Annotation } from "@langchain/langgraph";
import type { ForgeCheck } from "../../src/core/ports/forge-port.js";
import type { VerifyInput } from "./verify-input.js";

/** The merge commit's checks and statuses at one look. */
export interface ChecksReading {
  outcome: "passed" | "failed" | "pending";
  /** In words, for the thread and the issue ("4 checks passed", "no checks reported on the merge commit"). */
  summary: string;
  passed: ForgeCheck[];
  failing: ForgeCheck[];
  pending: ForgeCheck[];
}

/** One smoke check of the deployed application, as it answered. */
export interface SmokeReading {
  url: string;
  expectStatus: number;
  expectText?: string;
  status: number;
  /** The start of the body, kept short: it is evidence in an issue, not a copy of the page. */
  bodyText: string;
  ms: number;
  error?: string;
  ok: boolean;
}

/** What broke, as the issue, the alert and the revert PR say it. */
export interface Failure {
  /** Failing checks are a broken build (P1); a failing smoke check is a broken deployment (P0). */
  severity: "P0" | "P1";
  /** A noun phrase for the issue title: "checks (test, lint)", "the smoke check (HTTP 503)". */
  short: string;
  /** One sentence: "checks failing on the merge commit: test (failure), lint (error)". */
  detail: string;
  /** One line per piece of evidence: a check with its conclusion and link, the smoke check's answer. */
  evidence: string[];
}

/** What woke the revert offer: a click on its button, or its deadline. */
export type RevertWakeup = { kind: "timeout" } | { choice: string; user: string; slot?: string };

export const VerifyState = Annotation.Root({
  request: Annotation<VerifyInput>(),
  /** When waiting for the checks stops, fixed at the first look so every later look and wait keeps it. */
  deadline: Annotation<string | undefined>(),
  /** When the checks were last read: the next wait is measured from it. */
  checkedAt: Annotation<string | undefined>(),
  /** Looks at the checks so far. */
  looks: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
  checks: Annotation<ChecksReading | undefined>(),
  /** null when no smoke check is configured. */
  smoke: Annotation<SmokeReading | null | undefined>(),
  failure: Annotation<Failure | undefined>(),
  /** The failure alert carrying the Open revert PR button, to update once the offer is taken or expires. */
  alert: Annotation<{ channel: string; ts: string } | undefined>(),
  wakeup: Annotation<RevertWakeup | undefined>(),
  revert: Annotation<{ number: number; url: string; by: string } | undefined>(),
});
export type VerifyStateType = typeof VerifyState.State;

/** The one button target of the failure alert: a signal the revert offer checks against. */
export const REVERT_SLOT = "slot:revert";

/** Effect intents are named by the merge commit, so a verification started again on a reused thread replays them. */
export const sha7 = (state: Pick<VerifyStateType, "request">) => state.request.mergeSha.slice(0, 7);
