import type { IssueType } from "../triage-types.js";
import { findSignals, scoreOf, type SignalHit } from "./match-signals.js";
import { bugSignals, choreOpening, choreSignals, featureOpening, featureSignals, questionOpening, questionSignals } from "./type-signals.js";

export interface TypeDecision {
  type: IssueType;
  /** The signals of the chosen type, for reasons shown to people. */
  hits: SignalHit[];
  /** Signals of a bug, whatever type won: completeness checks look for a described symptom. */
  bugHits: SignalHit[];
}

/** Where the report's first words set the tone ("How do I…", "Add …", "Bump …"). */
const OPENING_WEIGHT = 2;
/** A headline that opens like a question and ends with "?" is one, unless failure words outweigh it. */
const ASKED_WEIGHT = 1;
/** Any sentence ending in "?": a hint, since bug reports ask "any idea?" too. */
const QUESTION_MARK_WEIGHT = 1;

function opens(pattern: RegExp, head: string): boolean {
  const m = pattern.exec(head.trimStart());
  return !!m && m.index === 0;
}

/**
 * bug, feature, question or chore. Each type's phrases are summed (headline hits count double) and the report is
 * a bug unless another type scores strictly higher: a bug filed as a question gets lost, the reverse costs a relabel.
 */
export function detectType(head: string, body: string): TypeDecision {
  const bugHits = findSignals(bugSignals, head, body);
  const featureHits = findSignals(featureSignals, head, body);
  const choreHits = findSignals(choreSignals, head, body);
  const questionHits = findSignals(questionSignals, head, body);

  const asks = opens(questionOpening, head);
  const candidates: { type: IssueType; score: number; hits: SignalHit[] }[] = [
    {
      type: "question",
      score:
        scoreOf(questionHits) +
        (asks ? OPENING_WEIGHT : 0) +
        (asks && /\?\s*$/.test(head) ? ASKED_WEIGHT : 0) +
        (/\?(?=\s|$)/.test(body) ? QUESTION_MARK_WEIGHT : 0),
      hits: questionHits,
    },
    { type: "feature", score: scoreOf(featureHits) + (opens(featureOpening, head) ? OPENING_WEIGHT : 0), hits: featureHits },
    { type: "chore", score: scoreOf(choreHits) + (opens(choreOpening, head) ? OPENING_WEIGHT : 0), hits: choreHits },
  ];
  const bugScore = scoreOf(bugHits);
  const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score > bugScore) return { type: best.type, hits: best.hits, bugHits };
  return { type: "bug", hits: bugHits, bugHits };
}
