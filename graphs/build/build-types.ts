/** The agent's plan, from the plan prompt. */
export interface BuildPlan {
  summary: string;
  steps: string[];
  filesToRead: string[];
  testStrategy: string;
}

/** One command the agent ran, kept for the PR body. */
export interface CommandRecord {
  command: string;
  exitCode: number | null;
  timedOut: boolean;
  /** Is this the configured test command? */
  tests: boolean;
}

/** How the agent said it was done. */
export interface AgentFinish {
  summary: string;
  testing: string;
  risk: string;
  /** Fix mode: what was done about each review thread. */
  threadReplies: Array<{ threadId: string; reply: string }>;
}

/** A review thread fix mode addresses. */
export interface ThreadToFix {
  id: string;
  path: string;
  line: number | null;
  /** The first comment's id, to reply to. */
  commentId: number;
  /** The conversation, oldest first. */
  comments: Array<{ author: string; body: string }>;
}

/** Why a build stopped without a PR ready for review. */
export interface StopReason {
  code: "budget-steps" | "budget-tokens" | "budget-time" | "no-change" | "refused-paths" | "tests-failing" | "no-answer" | "agent-failed" | "install-failed";
  message: string;
}

/** Spending so far; the budgets of `build.budgets` are checked against it before every model turn. */
export interface BuildSpend {
  steps: number;
  tokens: number;
  startedAt: string;
}
