import { z } from "zod";

/** Who asked about which PR, and where the answer goes. */
export const explainInput = z.object({
  /** A slash command answers through its response_url; a mention answers in its thread. */
  via: z.enum(["command", "mention"]),
  number: z.number().int().positive(),
  /** owner/name when the PR was given as a GitHub link: a link to another repository is answered, not followed. */
  repository: z.string().min(1).optional(),
  user: z.string().min(1),
  channel: z.string().min(1),
  /** The mention message (for reactions) and the thread to reply in. */
  messageTs: z.string().optional(),
  threadTs: z.string().optional(),
  responseUrl: z.url().optional(),
});
export type ExplainInput = z.infer<typeof explainInput>;
