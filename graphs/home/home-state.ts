import { Annotation } from "@langchain/langgraph";
import { z } from "zod";
import type { HomeFacts } from "../../src/blocks/home-blocks.js";

/** Whose Home tab to draw, and what to tell them at the top (the answer to their last click). */
export const homeInput = z.object({
  user: z.string().min(1),
  notice: z.string().max(3000).optional(),
});
export type HomeInput = z.infer<typeof homeInput>;

export const HomeState = Annotation.Root({
  request: Annotation<HomeInput>(),
  /** What the Home tab shows, as read once: a re-run publishes the same view. */
  facts: Annotation<HomeFacts | undefined>(),
});
export type HomeStateType = typeof HomeState.State;
