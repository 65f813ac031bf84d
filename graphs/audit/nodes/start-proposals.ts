import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { jobId } from "../../../src/core/ids.js";
import { act, threadIdOf } from "../../shared/act.js";
import type { AuditStateType, StartedProposal } from "../audit-state.js";

/**
 * Stores each change as a proposal (most important first, at most audit.maxProposals) with its metric as it stands
 * now, and starts the proposal automation for it, which posts the card with Approve and Reject. A change another
 * audit proposed and nobody decided yet is left alone. Both steps are idempotent: a re-run finds the proposals this
 * audit made (batch + fingerprint) and the runs it started (effects ledger), and makes nothing new.
 */
export function startProposals(deps: GraphDeps) {
  return async (state: AuditStateType, config: LangGraphRunnableConfig) => {
    const { window } = state;
    if (!window) return {};
    const batch = threadIdOf(config);
    const waiting = new Set((await deps.proposals.open()).filter((p) => p.batch !== batch).map((p) => p.fingerprint));
    const started: StartedProposal[] = [];
    for (const draft of state.drafts.slice(0, deps.settings.audit.maxProposals)) {
      if (waiting.has(draft.fingerprint)) continue;
      const before = await deps.auditStats.metric(draft.metric, window);
      const { proposal } = await deps.proposals.create({
        source: "audit",
        batch,
        fingerprint: draft.fingerprint,
        title: draft.title,
        rationale: draft.rationale,
        change: draft.change,
        metric: { metric: draft.metric, before, window },
      });
      await act(deps.effects, config, "start-proposals", `proposal-${draft.fingerprint}`, "shopfloor.start-run", {
        graph: "proposal",
        threadId: `proposal:${proposal.id}`,
        jobId: jobId("run-proposal", String(proposal.id)),
        input: { proposalId: proposal.id },
      });
      started.push({ id: proposal.id, fingerprint: draft.fingerprint, title: draft.title });
    }
    return { started };
  };
}
