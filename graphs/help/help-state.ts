import { Annotation } from "@langchain/langgraph";
import { z } from "zod";

export const helpInput = z.object({
  channel: z.string().min(1),
  user: z.string().min(1),
  /** The mention to answer in the thread of. */
  messageTs: z.string(),
  threadTs: z.string().optional(),
  /** What the person asked that we did not understand, if anything. */
  unknown: z.string().optional(),
});
export type HelpInput = z.infer<typeof helpInput>;

export const HelpState = Annotation.Root({
  request: Annotation<HelpInput>(),
  replyTs: Annotation<string | undefined>(),
});
export type HelpStateType = typeof HelpState.State;
