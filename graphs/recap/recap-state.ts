import { Annotation } from "@langchain/langgraph";
import type { PublicUpdateStatus } from "../../src/blocks/recap-update-blocks.js";
import type { RecapFigures } from "../../src/core/recap-figures.js";
import type { RecapInput } from "./recap-input.js";

/** What woke the public update's card: a click or the Edit form (a signal), or its deadline. */
export type UpdateWakeup = { kind: "timeout" } | { choice: string; user: string; slot?: string; text?: string };

/** The weekly public progress post, from the model's draft to an approver's decision. */
export interface PublicUpdate {
  /** The text as it stands: the model's draft, or an approver's edit of it. */
  text: string;
  /** The card in the maintainers' channel, once posted. */
  card?: { channel: string; ts: string };
  /** Bumped by every edit: the card is drawn again with buttons for the new slot, older ones change nothing. */
  round: number;
  status: PublicUpdateStatus;
  /** The card's buttons stop working then; set once, when the card is first posted, and kept across edits. */
  expiresAt?: string;
}

export const RecapState = Annotation.Root({
  request: Annotation<RecapInput>(),
  /** The numbers, computed once: a re-run after a crash posts what the first run computed. */
  figures: Annotation<RecapFigures | undefined>(),
  /** The recap message, whose thread holds the chart. */
  posted: Annotation<{ channel: string; ts: string } | undefined>(),
  chartFileId: Annotation<string | undefined>(),
  /** The public progress post of a scheduled weekly recap; undefined when none was drafted. */
  update: Annotation<PublicUpdate | undefined>(),
  /** The last wake-up the card's wait received, for apply-update and the routes. */
  updateWakeup: Annotation<UpdateWakeup | undefined>(),
  /** apply-update's verdict on that wake-up: the card changed (draw it), or nothing did (wait again). */
  updateChanged: Annotation<boolean>({ reducer: (_a, b) => b, default: () => false }),
});
export type RecapStateType = typeof RecapState.State;

/** The slot the current drawing of the card's buttons carry. */
export const updateSlot = (update: Pick<PublicUpdate, "round">) => `slot:update-${update.round}`;
