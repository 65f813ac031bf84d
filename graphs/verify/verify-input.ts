import { z } from "zod";

/**
 * What the merge automation starts verification with (through `shopfloor.start-run`), right after the merge.
 * `slack` is the thread the merge was announced in: success and failure are told there, and triage announces
 * the bug it files there.
 */
export const verifyInput = z.object({
  pr: z.number().int().positive(),
  mergeSha: z.string().min(7),
  title: z.string(),
  url: z.url(),
  /** The PR author's GitHub login. */
  author: z.string().optional(),
  /** The Slack user who clicked Merge; absent when a policy merged it. */
  mergedBy: z.string().optional(),
  /** The issue the PR resolves, closed after a clean verification if GitHub has not closed it. */
  issueNumber: z.number().int().positive().nullable().optional(),
  slack: z.object({ channel: z.string().min(1), threadTs: z.string().optional() }).optional(),
});
export type VerifyInput = z.infer<typeof verifyInput>;
