/** A stalled PR handed to people by the shepherd (table escalations). */
export interface Escalation {
  id: number;
  repository: string;
  prNumber: number;
  /** The head when it was opened: a new head means the PR moved, which closes it. */
  headSha: string;
  /** The reasons' summaries, as posted. */
  reasons: string[];
  owner: string;
  deadline: string;
  /** What ends it, in words ("a push that fixes the checks, or an approver's click"). */
  resumeOn: string;
  status: "open" | "closed";
  pings: number;
  slackChannel: string | null;
  slackTs: string | null;
  closedReason: string | null;
  createdAt: string;
}

export interface EscalationStore {
  /** The open escalation of a PR, if any. */
  open(repository: string, prNumber: number): Promise<Escalation | null>;
  /** Opens one; a second open escalation of the same PR is refused by the database (one per PR). */
  create(input: Omit<Escalation, "id" | "status" | "pings" | "closedReason" | "createdAt">): Promise<Escalation>;
  /** After a ping: the new deadline and one more ping. */
  pinged(id: number, deadline: string): Promise<void>;
  close(id: number, reason: string): Promise<void>;
  /** Every open escalation, oldest first (for status and recaps). */
  listOpen(): Promise<Escalation[]>;
}
