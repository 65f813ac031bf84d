import { Annotation } from "@langchain/langgraph";
import { z } from "zod";
import type { PrFacts, Reason } from "../shared/diagnosis/pr-facts.js";

export const shepherdInput = z.object({
  pr: z.number().int().positive(),
  trigger: z.object({
    /** The hourly sweep, or factory:needs-human just added. */
    kind: z.enum(["hourly", "needs-human"]),
    id: z.string().min(1),
  }),
});
export type ShepherdInput = z.infer<typeof shepherdInput>;

export const ShepherdState = Annotation.Root({
  request: Annotation<ShepherdInput>(),
  facts: Annotation<PrFacts | undefined>(),
  reasons: Annotation<Reason[]>({ reducer: (_a, b) => b, default: () => [] }),
  /** Remedies applied in this run, in words (for the log and the escalation text). */
  applied: Annotation<string[]>({ reducer: (_a, b) => b, default: () => [] }),
  /**
   * Remedies applied per head SHA, kept across runs on this PR's thread: none is applied twice at one SHA, so the
   * shepherd never loops (the effects ledger would replay a repeat anyway; this is what the diagnosis reads).
   */
  tried: Annotation<Record<string, string[]>>({ reducer: (_a, b) => b, default: () => ({}) }),
});
export type ShepherdStateType = typeof ShepherdState.State;
