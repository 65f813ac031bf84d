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
  /** Entries about one subject (e.g. `pr#12`), oldest first. */
  forSubject(subject: string): Promise<(AuditEntry & { at: string })[]>;
  /** The latest entries about anything, newest first. */
  recent(limit: number): Promise<(AuditEntry & { at: string })[]>;
}
