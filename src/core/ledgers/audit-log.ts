export interface AuditEntry {
  actor: string;
  actorGithub?: string | null;
  action: string;
  subject: string;
  outcome: "allowed" | "refused" | "done" | "failed";
  detail?: Record<string, unknown>;
}

/** Append-only record of decisions: approvals, merges, refusals, pauses, policy changes. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  forSubject(subject: string): Promise<(AuditEntry & { at: string })[]>;
}
