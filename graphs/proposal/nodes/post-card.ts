import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { proposalCard } from "../../../src/blocks/proposal-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act, threadIdOf } from "../../shared/act.js";
import { decisionSlot, type ProposalStateType } from "../proposal-state.js";

/**
 * Posts the card in the audit channel (else the maintainers'). The deadline is fixed here, once: the card shows it
 * and every wait passes the same one.
 */
export function postCard(deps: GraphDeps) {
  return async (state: ProposalStateType, config: LangGraphRunnableConfig) => {
    const proposal = state.proposal;
    if (!proposal) throw new AppError(ErrorCode.Internal, "post-card ran before load");
    const channel = deps.settings.audit.channel;
    if (!channel) throw new AppError(ErrorCode.ConfigInvalid, "No channel for proposal cards: set audit.channel or channels.maintainers in shopfloor.yml");
    const expiresAt = state.expiresAt ?? new Date(deps.clock.now().getTime() + deps.settings.audit.proposalDays * 86_400_000).toISOString();
    const card = proposalCard({ proposal, expiresAt, buttons: { threadId: threadIdOf(config), slot: decisionSlot(proposal.id) } });
    const posted = await act(deps.effects, config, "post-card", "card", "slack.post", { channel, ...card });
    return { card: { channel: posted.channel, ts: posted.ts }, expiresAt };
  };
}
