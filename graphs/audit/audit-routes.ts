import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { AuditStateType } from "./audit-state.js";

/** Pure conditional edges of the audit graph. */

/**
 * The model is asked only when a rule points at a prompt, and only when there is a channel for the proposal's card:
 * without one the report goes privately and no proposal is made, so a new version would be paid for and thrown away.
 */
export const afterFind =
  (deps: Pick<GraphDeps, "settings">) =>
  (s: AuditStateType): "propose-prompts" | "post-report" =>
    deps.settings.audit.channel && s.findings?.changes.some((c) => c.kind === "prompt") ? "propose-prompts" : "post-report";

/** Proposals need somewhere to show their card: a report that went privately makes none. */
export const afterReport = (s: AuditStateType): "start-proposals" | "finish" =>
  s.report && !("private" in s.report) && s.drafts.length > 0 ? "start-proposals" : "finish";
