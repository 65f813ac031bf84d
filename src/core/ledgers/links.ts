/** One work item: the Slack thread, issue, PR, Sentry issue and graph threads that belong together. */
export interface WorkLink {
  slackChannel?: string | null;
  slackThreadTs?: string | null;
  issueNumber?: number | null;
  prNumber?: number | null;
  sentryIssueId?: string | null;
  graphThreads: string[];
}

export type LinkKey =
  | { slackChannel: string; slackThreadTs: string }
  | { issueNumber: number }
  | { prNumber: number }
  | { sentryIssueId: string }
  | { graphThread: string };

export interface LinkStore {
  /** Merge the given facts into the work item found by `key` (created when none exists). */
  record(key: LinkKey, facts: Partial<Omit<WorkLink, "graphThreads">> & { graphThread?: string }): Promise<WorkLink>;
  find(key: LinkKey): Promise<WorkLink | null>;
}
