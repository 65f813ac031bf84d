import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { publicUpdateCard } from "../../../src/blocks/recap-update-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act, threadIdOf } from "../../shared/act.js";
import { updateSlot, type RecapStateType } from "../recap-state.js";

/** Nobody approved within this: the card says so and the run ends. */
const CARD_DAYS = 7;

/**
 * Draws the public update's card for where it stands: posted to the maintainers (or the recaps channel) the first time,
 * edited in place after. Each drawing's intent names its round and status, so a replay does not repeat it and a later
 * round is not mistaken for it.
 */
export function postDraft(deps: GraphDeps) {
  return async (state: RecapStateType, config: LangGraphRunnableConfig) => {
    const update = state.update;
    if (!update) return {};
    const waiting = update.status.kind === "waiting";
    const card = publicUpdateCard({
      text: update.text,
      status: update.status,
      ...(waiting ? { buttons: { threadId: threadIdOf(config), slot: updateSlot(update) } } : {}),
    });
    const intent = `card-${update.round}-${update.status.kind}`;
    if (update.card) {
      await act(deps.effects, config, "post-draft", intent, "slack.update", { channel: update.card.channel, ts: update.card.ts, ...card });
      return {};
    }
    const channel = deps.settings.channels.maintainers ?? deps.settings.channels.recaps;
    if (!channel) throw new AppError(ErrorCode.ConfigInvalid, "No channel for the public update's draft: set channels.maintainers or channels.recaps in shopfloor.yml");
    const posted = await act(deps.effects, config, "post-draft", intent, "slack.post", { channel, ...card });
    const expiresAt = update.expiresAt ?? new Date(deps.clock.now().getTime() + CARD_DAYS * 86_400_000).toISOString();
    return { update: { ...update, card: { channel: posted.channel, ts: posted.ts }, expiresAt } };
  };
}
