import { Annotation } from "@langchain/langgraph";
import { z } from "zod";
import type { AuditEntry } from "../../src/core/ledgers/audit-log.js";

/** `/shopfloor audit log [PR]`: who asked, and the PR whose entries they want (all recent ones without). */
export const auditLogInput = z.object({
  user: z.string().min(1),
  responseUrl: z.url(),
  pr: z.number().int().positive().optional(),
});
export type AuditLogInput = z.infer<typeof auditLogInput>;

export const AuditLogState = Annotation.Root({
  request: Annotation<AuditLogInput>(),
  entries: Annotation<(AuditEntry & { at: string })[]>({ reducer: (_a, b) => b, default: () => [] }),
});
export type AuditLogStateType = typeof AuditLogState.State;
