import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { Proposal, ProposalChange } from "../../src/core/ledgers/proposals.js";
import { act } from "../shared/act.js";
import { refusalOf, type Applied } from "./apply-outcome.js";

type IssueChange = Extract<ProposalChange, { kind: "issue" }>;

/**
 * Files the proposed issue. The effects ledger adds its hidden marker line to the body, so a retry after a lost
 * answer finds the issue instead of filing a second one.
 */
export async function applyIssue(deps: GraphDeps, config: LangGraphRunnableConfig, p: Proposal, change: IssueChange, approver: string): Promise<Applied> {
  const by = deps.settings.approvers.githubLogins[approver];
  const footer = `_Proposed by Shopfloor's ${p.source} (proposal #${p.id}) and approved in Slack${by ? ` by @${by}` : ""}._`;
  try {
    const issue = await act(deps.effects, config, "apply", "issue", "github.create-issue", { title: change.title, body: `${change.body}\n\n${footer}`, labels: change.labels });
    return { result: { issue: { number: issue.number, url: issue.url } }, failed: false };
  } catch (e) {
    return { result: { reason: `GitHub refused the issue: ${refusalOf(e)}` }, failed: true };
  }
}
