import { Annotation } from "@langchain/langgraph";
import type { MergeCardStatus } from "../../src/blocks/merge-blocks.js";
import type { ForgeCheck, ForgePullRequest } from "../../src/core/ports/forge-port.js";
import type { SlackTarget } from "../shared/report-thread.js";
import type { MergeInput } from "./merge-input.js";

/** What woke the waiting card: a click (or the request-changes form), or its timer. */
export type Wakeup = { kind: "timeout" } | { choice: string; user: string; slot?: string; reason?: string };

/** Where the card stands; each one draws it differently (the card's builder owns the shape). */
export type CardStatus = MergeCardStatus;

export const MergeState = Annotation.Root({
  request: Annotation<MergeInput>(),
  pr: Annotation<ForgePullRequest | undefined>(),
  checks: Annotation<ForgeCheck[]>({ reducer: (_a, b) => b, default: () => [] }),
  issue: Annotation<{ number: number; title: string; url: string } | null | undefined>(),
  target: Annotation<SlackTarget | null | undefined>(),
  /** The card message, once posted. */
  card: Annotation<{ channel: string; ts: string } | undefined>(),
  /** Bumped whenever the card is drawn with new buttons: a click on an older drawing changes nothing. */
  cardVersion: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
  status: Annotation<CardStatus>({ reducer: (_a, b) => b, default: () => ({ kind: "waiting" }) }),
  wakeup: Annotation<Wakeup | undefined>(),
  /** The decision the last wakeup asked for, after the clicker was checked. */
  decision: Annotation<"approve" | "snooze" | "request-changes" | "ignore" | "remind" | "expire" | undefined>(),
  /** When the current wait ends (a snooze, or the card's lifetime). */
  expiresAt: Annotation<string | null | undefined>(),
});
export type MergeStateType = typeof MergeState.State;

export const cardSlot = (state: Pick<MergeStateType, "cardVersion">) => `slot:merge-${state.cardVersion}`;
