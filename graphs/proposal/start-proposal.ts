import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import { jobId, threadIds } from "../../src/core/ids.js";
import type { NewProposal, Proposal } from "../../src/core/ledgers/proposals.js";
import { act, threadIdOf } from "../shared/act.js";
import { PROPOSAL_GRAPH } from "./proposal-input.js";

/**
 * What the audit and the planner do with a change they propose: store it (once per run and fingerprint) and start the
 * proposal automation for it, which posts the card. Both steps are idempotent, so a re-run of the proposing run makes
 * nothing new.
 */
export async function startProposal(deps: GraphDeps, config: LangGraphRunnableConfig, node: string, input: Omit<NewProposal, "batch">): Promise<Proposal> {
  const { proposal } = await deps.proposals.create({ ...input, batch: threadIdOf(config) });
  await act(deps.effects, config, node, `proposal-${input.fingerprint}`, "shopfloor.start-run", {
    graph: PROPOSAL_GRAPH,
    threadId: threadIds.proposal(proposal.id),
    jobId: jobId("run-proposal", String(proposal.id)),
    input: { proposalId: proposal.id },
  });
  return proposal;
}

/**
 * Fingerprints of proposals other runs made that still wait for a decision: not proposed again. The calling run's own
 * (a re-run after a crash) are not among them: they are made again, idempotently.
 */
export async function openElsewhere(deps: GraphDeps, config: LangGraphRunnableConfig): Promise<Set<string>> {
  const batch = threadIdOf(config);
  return new Set((await deps.proposals.open()).filter((p) => p.batch !== batch).map((p) => p.fingerprint));
}
