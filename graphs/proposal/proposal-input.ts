import { z } from "zod";

/** The graph's registered name: buttons on its cards and the runs the audit and the planner start name it. */
export const PROPOSAL_GRAPH = "proposal";

/** One proposal's card and decision; started by the audit or the planner right after they stored the proposal. */
export const proposalInput = z.object({
  proposalId: z.number().int().positive(),
});
export type ProposalInput = z.infer<typeof proposalInput>;

