import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { openElsewhere, startProposal } from "../../proposal/start-proposal.js";
import type { AuditStateType, StartedProposal } from "../audit-state.js";

/**
 * Stores each change as a proposal (most important first, at most audit.maxProposals) with its metric as it stands
 * now, and starts the proposal automation for it, which posts the card with Approve and Reject. A change another
 * audit proposed and nobody decided yet is left alone; a re-run makes nothing new.
 */
export function startProposals(deps: GraphDeps) {
  return async (state: AuditStateType, config: LangGraphRunnableConfig) => {
    const { window } = state;
    if (!window) return {};
    const waiting = await openElsewhere(deps, config);
    const started: StartedProposal[] = [];
    for (const draft of state.drafts.slice(0, deps.settings.audit.maxProposals)) {
      if (waiting.has(draft.fingerprint)) continue;
      const before = await deps.auditStats.metric(draft.metric, window);
      const proposal = await startProposal(deps, config, "start-proposals", {
        source: "audit",
        fingerprint: draft.fingerprint,
        title: draft.title,
        rationale: draft.rationale,
        change: draft.change,
        metric: { metric: draft.metric, before, window },
      });
      started.push({ id: proposal.id, fingerprint: draft.fingerprint, title: draft.title });
    }
    return { started };
  };
}
