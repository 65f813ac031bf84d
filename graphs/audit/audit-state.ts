import { Annotation } from "@langchain/langgraph";
import type { ChangeEffect, DroppedEdit } from "../../src/blocks/audit-report-blocks.js";
import type { AuditFigures, AuditWindow } from "../../src/core/ledgers/audit-stats.js";
import type { AuditMetric, ProposalChange } from "../../src/core/ledgers/proposals.js";
import type { AuditFindings } from "./findings/audit-findings.js";
import type { AuditInput } from "./audit-input.js";

/** A change ready to be proposed: a rule's config change, or a prompt edit the model wrote and the registry checked. */
export interface ProposalDraft {
  fingerprint: string;
  title: string;
  rationale: string;
  change: ProposalChange;
  metric: AuditMetric;
  weight: number;
}

/** A proposal this audit made (or found it had made, on a re-run) and whose card run it started. */
export interface StartedProposal {
  id: number;
  fingerprint: string;
  title: string;
}

const last = <T>(fallback: () => T) => Annotation<T>({ reducer: (_a, b) => b, default: fallback });

export const AuditState = Annotation.Root({
  request: Annotation<AuditInput>(),
  /** Set by gather with the figures: every later node (and a resumed run) works on the same days. */
  window: Annotation<AuditWindow | undefined>(),
  figures: Annotation<AuditFigures | undefined>(),
  /** Prompts with the hash of the version in use when the audit read them. */
  prompts: last<{ id: string; hash: string }[]>(() => []),
  /** Changes adopted in the two windows before this one, with their metric before and now. */
  effects: last<ChangeEffect[]>(() => []),
  /** Fingerprints of other audits' proposals still waiting for a decision: not proposed again. */
  openElsewhere: last<string[]>(() => []),
  findings: Annotation<AuditFindings | undefined>(),
  /** Changes ready to propose, most important first. */
  drafts: last<ProposalDraft[]>(() => []),
  /** Prompt edits given up, with the reason the report gives. */
  dropped: last<DroppedEdit[]>(() => []),
  /** Where the report went: a channel message, or privately to the person who asked. */
  report: Annotation<{ channel: string; ts: string } | { private: true } | undefined>(),
  started: last<StartedProposal[]>(() => []),
});
export type AuditStateType = typeof AuditState.State;

