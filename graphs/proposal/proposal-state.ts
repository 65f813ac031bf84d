import { Annotation } from "@langchain/langgraph";
import type { Proposal } from "../../src/core/ledgers/proposals.js";
import type { ProposalInput } from "./proposal-input.js";

/** What woke the card's wait: a click (a signal carrying the slot of the drawing it came from), or the deadline. */
export type DecisionWakeup = { kind: "timeout" } | { choice: string; user: string; slot?: string };

/** decide's verdict on a wake-up: wait again (nothing changed), apply an approval, or draw the decided card. */
export type Verdict = "wait" | "apply" | "draw";

export const ProposalState = Annotation.Root({
  request: Annotation<ProposalInput>(),
  /** The proposal as the ledger holds it, read again after every change so the card draws what is stored. */
  proposal: Annotation<Proposal | undefined>(),
  card: Annotation<{ channel: string; ts: string } | undefined>(),
  /** Set once, when the card is first posted: later waits pass the same deadline. */
  expiresAt: Annotation<string | undefined>(),
  wakeup: Annotation<DecisionWakeup | undefined>(),
  verdict: Annotation<Verdict | undefined>(),
  /** Who approved, for apply (the ledger has it too, but apply must not guess). */
  approver: Annotation<string | undefined>(),
  /** Refused clicks so far: each gets its own private answer, also from the same person twice. */
  refusals: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
});
export type ProposalStateType = typeof ProposalState.State;

/** The slot the card's buttons carry. A proposal has one open drawing, so one slot per proposal is enough. */
export const decisionSlot = (proposalId: number) => `slot:proposal-${proposalId}`;

/** The audit log's subject for a proposal. */
export const proposalSubject = (proposalId: number) => `proposal:${proposalId}`;

/** Who decides when nobody does: the expiry's actor in the ledger and the audit log. */
export const SHOPFLOOR_ACTOR = "shopfloor";
