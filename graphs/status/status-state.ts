import { Annotation } from "@langchain/langgraph";
import { z } from "zod";
import type { OpsSnapshot } from "../../src/core/ports/ops-port.js";

/** Who asked and where the answer goes. */
export const statusInput = z.object({
  /** A slash command answers through its response_url; a mention answers in the thread. */
  via: z.enum(["command", "mention"]),
  channel: z.string().min(1),
  user: z.string().min(1),
  /** The mention message (for reactions) and the thread to reply in. */
  messageTs: z.string().optional(),
  threadTs: z.string().optional(),
  responseUrl: z.url().optional(),
});
export type StatusInput = z.infer<typeof statusInput>;

export const StatusState = Annotation.Root({
  /** The request, as the job started the graph. */
  request: Annotation<StatusInput>(),
  /** What the runtime reported about itself. */
  snapshot: Annotation<OpsSnapshot | undefined>(),
  /** ts of the reply in the thread (mentions only). */
  replyTs: Annotation<string | undefined>(),
});
export type StatusStateType = typeof StatusState.State;
