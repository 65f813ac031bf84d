import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { applyConfig } from "../apply-config.js";
import { applyIssue } from "../apply-issue.js";
import type { Applied } from "../apply-outcome.js";
import { applyPrompt } from "../apply-prompt.js";
import { proposalSubject, type ProposalStateType } from "../proposal-state.js";

/**
 * Applies an approved proposal and stores what it did. A change that cannot be applied marks the proposal failed
 * with the reason; the approval (who, when) stays as decide stored it. Every approval is audited with its result.
 */
export function apply(deps: GraphDeps) {
  return async (state: ProposalStateType, config: LangGraphRunnableConfig) => {
    const { proposal: p, approver, card } = state;
    if (!p || !approver) throw new AppError(ErrorCode.Internal, "apply ran without an approved proposal");
    const change = p.change;
    let applied: Applied;
    if (change.kind === "prompt") applied = await applyPrompt(deps, config, p, change, approver, card);
    else if (change.kind === "config") applied = await applyConfig(deps, config, p, change, approver, card);
    else applied = await applyIssue(deps, config, p, change, approver);

    const status = applied.failed ? "failed" : "approved";
    await deps.proposals.setResult(p.id, { ...applied.result }, status);
    await deps.audit.append({
      actor: approver,
      actorGithub: deps.settings.approvers.githubLogins[approver] ?? null,
      action: "proposal.approve",
      subject: proposalSubject(p.id),
      outcome: applied.failed ? "failed" : "done",
      detail: { kind: change.kind, title: p.title, ...applied.result },
    });
    const stored = await deps.proposals.get(p.id);
    return { proposal: stored ?? { ...p, status, result: { ...applied.result } } };
  };
}
