import { z } from "zod";

/** The graph's registered name. */
export const AUDIT_GRAPH = "audit";

/** What starts an audit: the weekly schedule (report to the maintainers) or `/shopfloor audit` from a person. */
export const auditInput = z.object({
  via: z.enum(["schedule", "command"]),
  /**
   * When the schedule fired: the window ends there, so a retried or redelivered job audits the same days. A command
   * leaves it out and the window ends when the run first looks at the clock (kept in the checkpoint).
   */
  firedAt: z.iso.datetime().optional(),
  user: z.string().min(1).optional(),
  /** Where the command was typed. */
  channel: z.string().min(1).optional(),
  responseUrl: z.url().optional(),
});
export type AuditInput = z.infer<typeof auditInput>;
