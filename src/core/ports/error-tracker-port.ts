/** The monitored application's error tracker (Sentry): issues to turn into bugs. */
export interface TrackedIssue {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  status: string;
  substatus?: string;
  count: number;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  permalink: string;
  project: string;
}

export interface TrackedIssuePage {
  issues: TrackedIssue[];
  /** Cursor for the next page, or null when there are no more results. */
  nextCursor: string | null;
}

export interface ErrorTrackerPort {
  listUnresolvedIssues(query: { cursor?: string; query?: string; limit?: number }): Promise<TrackedIssuePage>;
  getIssue(id: string): Promise<TrackedIssue>;
  /** For doctor: can the token read the organisation's issues? */
  ping(): Promise<{ organization: string }>;
}
