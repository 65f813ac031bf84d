import { z } from "zod";

/** What the review automation hands over when a PR passes review: the SHA it reviewed and what it concluded. */
export const mergeInput = z.object({
  pr: z.number().int().positive(),
  /** The head the review passed. A merge happens at exactly this commit or not at all. */
  reviewedSha: z.string().min(7),
  risk: z.enum(["low", "medium", "high"]),
  riskReasons: z.array(z.string()).default([]),
  /** The review's bottom line (what changed, what it affects), for the card. */
  bottomLine: z.string().default(""),
  /** The review approved the PR by policy (risk.autoApprove). */
  approvedByPolicy: z.boolean().default(false),
});
export type MergeInput = z.infer<typeof mergeInput>;
