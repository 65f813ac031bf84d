import { z } from "zod";

/**
 * What starts a review. The thread is per PR, so `trigger.id` (the delivery or request id) is what names this
 * review's effects: a retried job replays them, a new push or request acts anew.
 */
export const reviewInput = z.object({
  pr: z.number().int().positive(),
  trigger: z.object({
    kind: z.enum(["opened", "reopened", "ready_for_review", "synchronize", "command", "comment", "shepherd"]),
    id: z.string().min(1),
    /** Who asked: the GitHub login of a `@shopfloor review` comment, the Slack user of the command. */
    by: z.string().optional(),
  }),
  /** A person asked for it: review everything again instead of only the new commits. */
  full: z.boolean().default(false),
  /** Where the command was typed, to answer there. */
  slack: z.object({ channel: z.string().min(1), user: z.string().min(1) }).optional(),
});
export type ReviewInput = z.infer<typeof reviewInput>;
