import type { TriageStateType } from "./triage-state.js";

/** Pure conditional edges of the triage graph. */

export function afterNormalise(s: TriageStateType): "cancel" | "classify" {
  return s.outcome?.kind === "cancelled" ? "cancel" : "classify";
}

/** How many rounds of questions a report gets before it is filed as it is. */
export const MAX_QUESTION_ROUNDS = 1;

export function afterDuplicates(
  s: TriageStateType,
): "label-github-issue" | "comment-duplicate" | "ask-for-details" | "answer-question" | "create-issue" {
  const c = s.classification!;
  if (s.request.source === "github") return "label-github-issue";
  if (s.duplicateOf) return "comment-duplicate";
  const canAsk = s.request.source === "slack" && !!s.slack?.progressTs;
  if (canAsk && c.type === "bug" && !c.actionable && c.missing.length > 0 && s.questionsAsked < MAX_QUESTION_ROUNDS && !s.needsInfo) return "ask-for-details";
  if (canAsk && c.type === "question" && !s.issueRequested) return "answer-question";
  return "create-issue";
}

export function afterAsk(s: TriageStateType): "cancel" | "ask-for-details" | "create-issue" | "classify" {
  if (s.outcome?.kind === "cancelled") return "cancel";
  if (s.needsInfo) return "create-issue";
  const w = s.wakeup;
  const answered = w && "kind" in w && (w.kind === "reply" || w.kind === "edited") && s.questionsAsked > 0 && (w.kind === "edited" || w.user === s.report?.reporter);
  return answered ? "classify" : "ask-for-details";
}

export function afterAnswerFeedback(s: TriageStateType): "create-issue" | "await-answer-feedback" | "__end__" {
  if (s.issueRequested) return "create-issue";
  if (s.outcome?.kind === "answered") return "__end__";
  return "await-answer-feedback";
}

export function afterResult(s: TriageStateType): "await-card-action" | "__end__" {
  return s.outcome?.kind === "created" && !s.issueClosed && s.request.source === "slack" && s.slack?.progressTs ? "await-card-action" : "__end__";
}

export function afterCardWait(s: TriageStateType): "apply-card-action" | "await-card-action" | "__end__" {
  const w = s.wakeup;
  if (w && "kind" in w && w.kind === "timeout") return "__end__";
  if (w && "choice" in w && w.slot === `slot:card-${s.cardActions}`) return "apply-card-action";
  return "await-card-action";
}
