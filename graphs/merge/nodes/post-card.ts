import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { mergeCard } from "../../../src/blocks/merge-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act, threadIdOf } from "../../shared/act.js";
import { cardSlot, type MergeStateType } from "../merge-state.js";
import { summariseChecks } from "../checks.js";

/** A card's buttons work this long; after that it says so and the next clean review posts a fresh one. */
const CARD_DAYS = 14;

/**
 * Draws the merge request card for the current status: posted the first time, edited in place after. Every drawing
 * gets a new slot, so a click on an older drawing is recognised and changes nothing.
 */
export function postCard(deps: GraphDeps) {
  return async (state: MergeStateType, config: LangGraphRunnableConfig) => {
    const target = state.target;
    if (!target) return {};
    // The card's deadline is set when it is drawn without one (the first time, after a snooze's reminder) and kept
    // across redrawings and clicks: a refused or stale click that waits again must not restart the 14 days.
    const expiresAt = state.expiresAt ?? new Date(deps.clock.now().getTime() + CARD_DAYS * 86_400_000).toISOString();
    const pr = state.pr!;
    const cardVersion = state.cardVersion + 1;
    const card = mergeCard({
      pr: { number: pr.number, title: pr.title, url: pr.url, author: pr.author, additions: pr.additions, deletions: pr.deletions, changedFiles: pr.changedFiles },
      reviewedSha: state.request.reviewedSha,
      issue: state.issue ?? null,
      bottomLine: state.request.bottomLine,
      risk: { level: state.request.risk, reasons: state.request.riskReasons },
      checks: summariseChecks(state.checks),
      approvedByPolicy: state.request.approvedByPolicy,
      status: state.status,
      buttons: { threadId: threadIdOf(config), slot: cardSlot({ cardVersion }) },
    });
    if (state.card) {
      await act(deps.effects, config, "post-card", `card-${cardVersion}`, "slack.update", { channel: state.card.channel, ts: state.card.ts, ...card });
      return { cardVersion, expiresAt };
    }
    const posted = await act(deps.effects, config, "post-card", `card-${cardVersion}`, "slack.post", {
      channel: target.channel,
      threadTs: target.threadTs,
      ...card,
    });
    return { cardVersion, expiresAt, card: { channel: posted.channel, ts: posted.ts } };
  };
}
