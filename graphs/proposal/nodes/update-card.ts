import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { proposalCard } from "../../../src/blocks/proposal-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { ProposalStateType } from "../proposal-state.js";

/** Draws the card again, in place, as the ledger now holds the proposal: who decided, when, and what it did. */
export function updateCard(deps: GraphDeps) {
  return async (state: ProposalStateType, config: LangGraphRunnableConfig) => {
    const { proposal, card, expiresAt } = state;
    if (!proposal || !card || !expiresAt) return {};
    await act(deps.effects, config, "update-card", `card-${proposal.status}`, "slack.update", { channel: card.channel, ts: card.ts, ...proposalCard({ proposal, expiresAt }) });
    return {};
  };
}
