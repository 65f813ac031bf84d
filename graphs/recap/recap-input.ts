import { z } from "zod";

export const RECAP_PERIODS = ["daily", "weekly"] as const;
export type RecapPeriod = (typeof RECAP_PERIODS)[number];

/** What starts a recap: a schedule (posted to the recaps channel) or a person (posted where they asked). */
export const recapInput = z.object({
  period: z.enum(RECAP_PERIODS),
  via: z.enum(["schedule", "command", "mention"]),
  /**
   * End of the recap's window. A schedule passes the time it fired, so a retried or redelivered job recaps the same
   * window; without it the window ends when the run first looks at the clock (kept in the checkpoint).
   */
  until: z.iso.datetime().optional(),
  /** Where it was asked (command, mention); a scheduled recap goes to channels.recaps. */
  channel: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  /** The mention (for reactions). */
  messageTs: z.string().optional(),
  responseUrl: z.url().optional(),
});
export type RecapInput = z.infer<typeof recapInput>;

/** "weekly", "week" → weekly; anything else (or nothing) is the daily recap. Null for words that are neither. */
export function recapPeriodOf(arg: string): RecapPeriod | null {
  const word = arg.trim().toLowerCase();
  if (word === "" || word === "daily" || word === "day" || word === "today") return "daily";
  if (word === "weekly" || word === "week") return "weekly";
  return null;
}
