import { Annotation } from "@langchain/langgraph";
import type { Grade } from "./grade-schema.js";
import type { PlannerInput } from "./planner-input.js";

/** Why the planner stopped before proposing, and whether a scheduled run says so in the audit channel. */
interface PlannerProblem {
  text: string;
  /** False when a schedule should stay silent (the planner is simply not set up). */
  alert: boolean;
}

export interface ProposedGap {
  id: number;
  title: string;
}

export const PlannerState = Annotation.Root({
  request: Annotation<PlannerInput>(),
  spec: Annotation<{ path: string; text: string } | undefined>(),
  /** The repository's files, compacted to fit the grading prompt. */
  map: Annotation<string | undefined>(),
  /** The model's grade (a node is named grade, so the channel is not). */
  graded: Annotation<Grade | undefined>(),
  problem: Annotation<PlannerProblem | undefined>(),
  proposed: Annotation<ProposedGap[]>({ reducer: (_a, b) => b, default: () => [] }),
  /** Gaps left out because they are proposed or filed already. */
  skipped: Annotation<{ title: string; why: string }[]>({ reducer: (_a, b) => b, default: () => [] }),
});
export type PlannerStateType = typeof PlannerState.State;

