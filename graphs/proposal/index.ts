import type { GraphDefinition } from "../shared/graph-definition.js";
import { createProposalGraph } from "./proposal-graph.js";
import { PROPOSAL_GRAPH, proposalInput, type ProposalInput } from "./proposal-input.js";

export const proposalGraph: GraphDefinition<ProposalInput> = {
  name: PROPOSAL_GRAPH,
  description: "One proposed change (a prompt version, a setting, an issue) as a Slack card with Approve and Reject; applies it on approval.",
  input: proposalInput,
  build: createProposalGraph,
};
