import { interrupt } from "@langchain/langgraph";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import { updateSlot, type RecapStateType, type UpdateWakeup } from "../recap-state.js";

/**
 * Waits — in PostgreSQL, not in a job — for a click on the card or the Edit form's submission, both signals carrying
 * the slot of the drawing they came from, or for the card's deadline. The deadline was set when the card was posted
 * and is passed again on every wait, so edits do not push it back.
 */
export function awaitUpdate() {
  return async (state: RecapStateType) => {
    const update = state.update;
    if (!update?.expiresAt) throw new AppError(ErrorCode.Internal, "await-update ran before post-draft");
    const wakeup = interrupt<{ kind: "card"; slot: string; expiresAt: string }, UpdateWakeup>({ kind: "card", slot: updateSlot(update), expiresAt: update.expiresAt });
    return { updateWakeup: wakeup };
  };
}
