import { z } from "zod";

/** Who or what asked for the build; the trigger id names the run, so a redelivered trigger replays it. */
const trigger = z.object({
  kind: z.enum(["schedule", "command", "mention", "review"]),
  id: z.string().min(1),
  /** The Slack user who asked, for commands and mentions. */
  user: z.string().optional(),
});

/** Where the person who asked is waiting for news, when it is not the report's own thread. */
const slackTarget = z.object({ channel: z.string().min(1), threadTs: z.string().optional() });

export const buildInput = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("build"), issue: z.number().int().positive(), trigger, slack: slackTarget.optional() }),
  z.object({ mode: z.literal("fix"), pr: z.number().int().positive(), trigger, slack: slackTarget.optional() }),
]);
export type BuildInput = z.infer<typeof buildInput>;
