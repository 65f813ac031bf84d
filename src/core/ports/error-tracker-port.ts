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

/** One frame of a stack trace, innermost last as Sentry sends them. */
export interface StackFrame {
  filename: string;
  function: string;
  lineNo: number | null;
  inApp: boolean;
  context?: string;
}

/** The latest event of an issue: what a developer needs to start (stack, release, environment). */
export interface TrackedEvent {
  eventId: string;
  message: string;
  exceptionType?: string;
  exceptionValue?: string;
  release?: string;
  environment?: string;
  /** In-app frames first (innermost first), at most a handful. */
  frames: StackFrame[];
}

export interface ErrorTrackerPort {
  listUnresolvedIssues(query: { cursor?: string; query?: string; limit?: number }): Promise<TrackedIssuePage>;
  getIssue(id: string): Promise<TrackedIssue>;
  /** The issue's latest event, or null when Sentry has none to show. */
  getLatestEvent(issueId: string): Promise<TrackedEvent | null>;
  /** For doctor: can the token read the organisation's issues? */
  ping(): Promise<{ organization: string }>;
}
