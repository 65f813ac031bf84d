/** What Shopfloor decided about one Sentry issue, and the counts it decided on (for spike detection). */
export interface IncidentRecord {
  sentryIssueId: string;
  shortId: string;
  title: string;
  level: string;
  decision: "filed" | "log-only";
  severity: string | null;
  reason: string;
  eventCount: number;
  userCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  spikes: number;
}

export interface IncidentStore {
  get(sentryIssueId: string): Promise<IncidentRecord | null>;
  /** Inserts or replaces the record of a Sentry issue. */
  save(record: IncidentRecord): Promise<void>;
}
