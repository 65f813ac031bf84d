import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { PROPOSAL_REFUSAL } from "../../../src/blocks/proposal-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { Proposal } from "../../../src/core/ledgers/proposals.js";
import { act } from "../../shared/act.js";
import { isApprover } from "../../shared/approvers.js";
import { decisionSlot, proposalSubject, SHOPFLOOR_ACTOR, type ProposalStateType, type Verdict } from "../proposal-state.js";

const CHOICES = new Set(["approve", "reject"]);

/**
 * What a wake-up of the card comes to. Only approvers decide: anyone else is refused privately and audited, and the
 * card keeps waiting. A click from another card or with an unknown choice changes nothing. Reject and the deadline
 * are decided here; Approve is recorded here (the first decision stands, whatever happens while applying) and
 * applied by the next node.
 */
export function decide(deps: GraphDeps) {
  return async (state: ProposalStateType, config: LangGraphRunnableConfig) => {
    const proposal = state.proposal;
    const w = state.wakeup;
    if (!proposal || !state.card) throw new AppError(ErrorCode.Internal, "decide ran before post-card");
    const wait = { verdict: "wait" as Verdict };
    if (!w) return wait;
    const subject = proposalSubject(proposal.id);
    const current = async (): Promise<Proposal> => (await deps.proposals.get(proposal.id)) ?? proposal;

    if ("kind" in w) {
      if (w.kind !== "timeout") return wait;
      const decided = await deps.proposals.decide(proposal.id, { status: "expired", by: SHOPFLOOR_ACTOR });
      if (decided) await deps.audit.append({ actor: SHOPFLOOR_ACTOR, action: "proposal.expire", subject, outcome: "done", detail: { days: deps.settings.audit.proposalDays } });
      return { proposal: decided ?? (await current()), verdict: "draw" as Verdict };
    }

    if (w.slot !== decisionSlot(proposal.id) || !CHOICES.has(w.choice)) return wait;
    const audit = (outcome: "refused" | "done", detail: Record<string, unknown> = {}) =>
      deps.audit.append({
        actor: w.user,
        actorGithub: deps.settings.approvers.githubLogins[w.user] ?? null,
        action: `proposal.${w.choice}`,
        subject,
        outcome,
        detail: { kind: proposal.change.kind, title: proposal.title, ...detail },
      });

    if (!(await isApprover(deps, w.user))) {
      await audit("refused", { reason: "not an approver" });
      await act(deps.effects, config, "decide", `refuse-${state.refusals}`, "slack.ephemeral", { channel: state.card.channel, user: w.user, text: PROPOSAL_REFUSAL });
      return { ...wait, refusals: state.refusals + 1 };
    }

    if (w.choice === "reject") {
      const decided = await deps.proposals.decide(proposal.id, { status: "rejected", by: w.user });
      if (decided) await audit("done");
      return { proposal: decided ?? (await current()), verdict: "draw" as Verdict };
    }

    const decided = await deps.proposals.decide(proposal.id, { status: "approved", by: w.user });
    if (decided) return { proposal: decided, approver: w.user, verdict: "apply" as Verdict };
    const now = await current();
    // A run that crashed after storing this approval finds it here, not yet applied: it goes on applying it.
    if (now.status === "approved" && now.decidedBy === w.user && now.result === null) return { proposal: now, approver: w.user, verdict: "apply" as Verdict };
    return { proposal: now, verdict: "draw" as Verdict };
  };
}
