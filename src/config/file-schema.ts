import { z } from "zod";

/**
 * shopfloor.yml: what the factory does and for whom. Every key has a default except the ones a team
 * must decide (repository may also come from GITHUB_REPOSITORY). `.describe()` texts end up in the
 * JSON Schema that editors use, so they are written for the person editing the file.
 */
const slackChannelId = z
  .string()
  .regex(/^[CGD][A-Z0-9]{2,}$/, "must be a Slack channel id such as C0123456789 (channel details → About → Channel ID)");
const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, "must be a Slack user id such as U0123456789");
const slackGroupId = z.string().regex(/^S[A-Z0-9]{2,}$/, "must be a Slack user group id such as S0123456789");
const cron = z
  .string()
  .regex(/^(\S+\s+){4}\S+$/, "must be a five-field cron expression such as '0 9 * * 1-5'");

export const channelsSchema = z
  .object({
    bugs: z.array(slackChannelId).default([]).describe("Channels whose top-level messages are bug reports."),
    merge: slackChannelId.optional().describe("Where merge request cards go when a PR did not come from a report."),
    incidents: slackChannelId.optional().describe("Where P0/P1 incidents are announced."),
    recaps: slackChannelId.optional().describe("Where daily and weekly recaps are posted."),
    maintainers: slackChannelId.optional().describe("Alerts about Shopfloor itself (paused and resumed automations, the circuit breaker), the weekly audit and its proposals, and the weekly public update's draft."),
  })
  .strict()
  .default({ bugs: [] });

export const approversSchema = z
  .object({
    slackUsers: z.array(slackUserId).default([]).describe("Slack users who may merge, approve proposals, pause and resume."),
    slackGroups: z.array(slackGroupId).default([]).describe("Slack user groups whose members are approvers."),
    githubLogins: z
      .record(slackUserId, z.string().min(1))
      .default({})
      .describe("Slack user id → GitHub login, recorded in the audit log for merges."),
  })
  .strict()
  .default({ slackUsers: [], slackGroups: [], githubLogins: {} });

export const labelsSchema = z
  .object({
    type: z
      .object({
        bug: z.string().default("type:bug"),
        feature: z.string().default("type:feature"),
        question: z.string().default("type:question"),
        chore: z.string().default("type:chore"),
      })
      .strict()
      .default({ bug: "type:bug", feature: "type:feature", question: "type:question", chore: "type:chore" }),
    severityPrefix: z.string().default("severity:").describe("Severity labels are <prefix>P0 … <prefix>P3."),
    areaPrefix: z.string().default("area:"),
    riskPrefix: z.string().default("risk:"),
    ready: z.string().default("factory:ready"),
    building: z.string().default("factory:building"),
    needsHuman: z.string().default("factory:needs-human"),
    needsInfo: z.string().default("needs-info").describe("Put on issues filed without the details the reporter was asked for."),
    doNotAutomate: z.string().default("factory:do-not-automate"),
  })
  .strict()
  .default({
    type: { bug: "type:bug", feature: "type:feature", question: "type:question", chore: "type:chore" },
    severityPrefix: "severity:",
    areaPrefix: "area:",
    riskPrefix: "risk:",
    ready: "factory:ready",
    building: "factory:building",
    needsHuman: "factory:needs-human",
    needsInfo: "needs-info",
    doNotAutomate: "factory:do-not-automate",
  });

export const areaSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and dashes"),
    description: z.string().default(""),
    paths: z.array(z.string()).default([]).describe("Glob patterns of the files that belong to this area."),
  })
  .strict();

export const triageSchema = z
  .object({
    clarifyTimeoutHours: z
      .number()
      .positive()
      .default(24)
      .describe("How long to wait for the reporter's answer to a question before filing the issue labelled needs-info."),
    duplicateThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.75)
      .describe("Text similarity (0–1) above which an open issue is offered as a likely duplicate."),
    markReady: z
      .boolean()
      .default(true)
      .describe("Label buildable bugs factory:ready so the build automation picks them up."),
    cardActionDays: z.number().positive().default(14).describe("How long the result card's buttons keep working."),
    triageGithubIssues: z.boolean().default(true).describe("Triage issues people open on GitHub without triage labels."),
  })
  .strict()
  .default({ clarifyTimeoutHours: 24, duplicateThreshold: 0.75, markReady: true, cardActionDays: 14, triageGithubIssues: true });

export const incidentsSchema = z
  .object({
    minEvents: z.number().int().min(1).default(10).describe("Below this many events and minUsers users, a Sentry issue is only logged."),
    minUsers: z.number().int().min(0).default(2),
    p1Events: z.number().int().min(1).default(100).describe("From this many events (or p1Users users) an error is at least P1."),
    p1Users: z.number().int().min(1).default(20),
    p0Users: z.number().int().min(1).default(200).describe("From this many users affected an error is P0."),
    spikeFactor: z.number().min(1.1).default(2).describe("A filed Sentry issue whose event count grows by this factor gets a comment with the new counts."),
    query: z.string().default("is:unresolved").describe("Sentry search query for the 15-minute poll."),
  })
  .strict()
  .default({ minEvents: 10, minUsers: 2, p1Events: 100, p1Users: 20, p0Users: 200, spikeFactor: 2, query: "is:unresolved" });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const schedulesSchema = z
  .object({
    timezone: z
      .string()
      .refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin or America/New_York")
      .default("UTC")
      .describe("IANA time zone for every schedule and for the days of the recaps, e.g. Europe/Berlin."),
    build: cron.default("0 * * * *"),
    shepherd: cron.default("30 * * * *"),
    incidentPoll: cron.default("*/15 * * * *"),
    dailyRecap: cron.default("0 9 * * 1-5"),
    weeklyRecap: cron.default("0 9 * * 1"),
    audit: cron.default("0 7 * * 1").describe("The weekly audit of Shopfloor's own automations (audit.enabled)."),
    planner: cron.default("0 8 * * 1").describe("The weekly grading of the repository against planner.specPath, when it is set."),
  })
  .strict()
  .default({
    timezone: "UTC",
    build: "0 * * * *",
    shepherd: "30 * * * *",
    incidentPoll: "*/15 * * * *",
    dailyRecap: "0 9 * * 1-5",
    weeklyRecap: "0 9 * * 1",
    audit: "0 7 * * 1",
    planner: "0 8 * * 1",
  });

const riskDefaults = {
  autoApprove: false,
  requireHumanMerge: true,
  neverAutoApprove: [".github/**", "**/migrations/**", "**/*.lock", "package.json"],
  highRiskPaths: [] as string[],
  mediumRiskPaths: [] as string[],
  sizeThresholds: { medium: 200, high: 800 },
  mergeMethod: "squash" as const,
  deleteBranchAfterMerge: true,
};

export const riskSchema = z
  .object({
    autoApprove: z.boolean().default(false).describe("Allow low-risk PRs to be approved without a person. Off by default."),
    requireHumanMerge: z.boolean().default(true).describe("A merge always needs an approver's click."),
    neverAutoApprove: z
      .array(z.string())
      .default(riskDefaults.neverAutoApprove)
      .describe("Paths that are never auto-approved, whatever the risk score."),
    highRiskPaths: z.array(z.string()).default([]).describe("Globs of paths whose change makes a PR high risk, e.g. src/payments/**."),
    mediumRiskPaths: z.array(z.string()).default([]).describe("Globs of paths whose change makes a PR at least medium risk."),
    sizeThresholds: z
      .object({
        medium: z.number().int().min(1).default(200).describe("Lines changed (added + removed) from which a PR is at least medium risk."),
        high: z.number().int().min(1).default(800).describe("Lines changed from which a PR is high risk."),
      })
      .strict()
      .refine((t) => t.high >= t.medium, "high must be at least medium")
      .default(riskDefaults.sizeThresholds),
    mergeMethod: z.enum(["merge", "squash", "rebase"]).default("squash"),
    deleteBranchAfterMerge: z.boolean().default(true),
  })
  .strict()
  .default(riskDefaults);

const reviewDefaults = {
  enabled: true,
  reviewDrafts: false,
  excludeAuthors: ["dependabot[bot]", "renovate[bot]"],
  maxRounds: 3,
  tokenBudget: 120_000,
  chunkTokens: 12_000,
  maxNits: 3,
  guidelines: ["AGENTS.md", "CONTRIBUTING.md"],
  uiPaths: ["**/*.tsx", "**/*.jsx", "**/*.vue", "**/*.svelte", "**/*.css", "**/*.scss", "**/*.html"],
};

export const reviewSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Review pull requests when they are opened, pushed to or marked ready."),
    excludeAuthors: z
      .array(z.string().min(1))
      .default(reviewDefaults.excludeAuthors)
      .describe("GitHub logins whose PRs are never reviewed automatically."),
    maxRounds: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe("Reviews that request changes before the PR is labelled factory:needs-human and handed to people."),
    tokenBudget: z
      .number()
      .int()
      .min(1_000)
      .default(120_000)
      .describe("Prompt tokens one review may spend over all its model calls; files beyond it are listed as not reviewed."),
    chunkTokens: z.number().int().min(500).default(12_000).describe("Diff tokens per model call: larger diffs are split by file groups."),
    maxNits: z.number().int().min(0).default(3).describe("Nit-level findings posted per review at most."),
    guidelines: z
      .array(z.string().min(1))
      .default(reviewDefaults.guidelines)
      .describe("Files of the repository the reviewers read as its guidelines."),
    architectureRules: z
      .string()
      .min(1)
      .optional()
      .describe("A file naming domain boundaries that must not be crossed, e.g. docs/architecture-rules.md."),
    uiPaths: z.array(z.string()).default(reviewDefaults.uiPaths).describe("Globs of UI files: the UI/UX review runs only when one changes."),
    reviewDrafts: z.boolean().default(false).describe("Also review draft PRs."),
  })
  .strict()
  .default(reviewDefaults);

const buildDefaults = {
  enabled: true,
  maxPerRun: 3,
  branchPrefix: "shopfloor/",
  installTimeoutSeconds: 900,
  allowedPaths: ["**"],
  allowWorkflowChanges: false,
  budgets: { steps: 40, tokens: 400_000, minutes: 30 },
  commandLimits: { timeoutSeconds: 300, memoryMb: 2_048, maxProcesses: 256, maxOutputKb: 64 },
  draftOnGiveUp: true,
  fixPullRequests: "factory" as const,
  askTimeoutHours: 24,
  readOnlyPaths: [] as string[],
  author: { name: "Shopfloor", email: "shopfloor@users.noreply.github.com" },
};

export const buildSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Build issues labelled factory:ready into pull requests (hourly, and on /shopfloor build)."),
    maxPerRun: z.number().int().min(0).default(3).describe("Issues the hourly run takes at most (highest severity, then oldest)."),
    branchPrefix: z
      .string()
      .regex(/^[\w./-]+\/$/, "must end with a slash, e.g. shopfloor/")
      .default("shopfloor/")
      .describe("Branches Shopfloor builds on are named <prefix><issue>-<slug>."),
    installCommand: z.string().min(1).optional().describe("Installs dependencies with the network on, before the sandbox cuts it, e.g. npm ci."),
    installTimeoutSeconds: z.number().int().min(10).default(900).describe("Time the install command may take."),
    testCommand: z.string().min(1).optional().describe("Runs the tests in the sandbox, e.g. npm test; its result goes into the PR."),
    allowedPaths: z.array(z.string().min(1)).default(["**"]).describe("Globs of files a build may change; a change outside them is refused."),
    allowWorkflowChanges: z.boolean().default(false).describe("Let builds change CI workflow files (.github/workflows/**)."),
    budgets: z
      .object({
        steps: z.number().int().min(1).default(40).describe("Model turns one build may take."),
        tokens: z.number().int().min(1_000).default(400_000).describe("Model tokens (prompt + completion) one build may spend."),
        minutes: z.number().positive().default(30).describe("Wall-clock minutes one build may take."),
      })
      .strict()
      .default(buildDefaults.budgets),
    commandLimits: z
      .object({
        timeoutSeconds: z.number().int().min(1).default(300).describe("Time one sandboxed command may take before it is killed with all it started."),
        memoryMb: z.number().int().min(64).default(2_048).describe("Memory per process in the sandbox."),
        maxProcesses: z.number().int().min(8).default(256).describe("Processes a command may run at once."),
        maxOutputKb: z.number().int().min(1).default(64).describe("Output kept per command and stream; the middle of longer output is cut."),
      })
      .strict()
      .default(buildDefaults.commandLimits),
    draftOnGiveUp: z.boolean().default(true).describe("When a budget runs out, push the work so far as a draft PR."),
    fixPullRequests: z
      .enum(["factory", "all", "off"])
      .default("factory")
      .describe("Which PRs a review's change request sends to fix mode: factory (Shopfloor's own branches), all, or off."),
    agentCommand: z
      .string()
      .min(1)
      .optional()
      .describe("An external coding agent instead of the built-in one: a command run in the sandbox with the task on standard input."),
    askTimeoutHours: z.number().positive().default(24).describe("How long a build waits for an answer to its question before it gives up."),
    workspaceRoot: z.string().min(1).optional().describe("Directory for the builds' workspaces (default: the system's temporary directory)."),
    readOnlyPaths: z.array(z.string().min(1)).default([]).describe("Extra host directories the sandbox may read, e.g. a toolchain under /opt."),
    author: z
      .object({ name: z.string().min(1).default("Shopfloor"), email: z.string().min(3).default("shopfloor@users.noreply.github.com") })
      .strict()
      .default(buildDefaults.author)
      .describe("Author of the commits Shopfloor makes."),
  })
  .strict()
  .default(buildDefaults);

const shepherdDefaults = {
  enabled: true,
  allPullRequests: false,
  staleHours: 24,
  escalationHours: 24,
  remedies: { updateBranch: true, rerunChecks: true, requestReview: true, removeNeedsHuman: true },
};

export const shepherdSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Look after stalled pull requests every hour (schedules.shepherd)."),
    allPullRequests: z.boolean().default(false).describe("Every open PR, not only the factory's (its branches, and PRs Shopfloor reviewed)."),
    staleHours: z.number().positive().default(24).describe("A PR without activity for this long is stalled."),
    escalationHours: z.number().positive().default(24).describe("How long the owner of an escalation has before it is pinged again."),
    remedies: z
      .object({
        updateBranch: z.boolean().default(true).describe("Merge the base into a PR that is behind (with the expected head SHA)."),
        rerunChecks: z.boolean().default(true).describe("Re-run failed checks once per head SHA (flaky tests)."),
        requestReview: z.boolean().default(true).describe("Ask the review automation again when the head has no review."),
        removeNeedsHuman: z.boolean().default(true).describe("Take factory:needs-human off when its reason no longer holds, saying why."),
      })
      .strict()
      .default(shepherdDefaults.remedies),
  })
  .strict()
  .default(shepherdDefaults);

const verifyDefaults = { enabled: true, timeoutMinutes: 30, pollSeconds: 60 };

export const verifySchema = z
  .object({
    enabled: z.boolean().default(true).describe("Verify every merge: wait for the merge commit's checks and run the smoke check."),
    timeoutMinutes: z
      .number()
      .min(1)
      .default(30)
      .describe("How long to wait for the merge commit's checks and statuses before calling the verification failed."),
    pollSeconds: z.number().int().min(5).default(60).describe("How often to look at the checks while waiting."),
    smoke: z
      .object({
        url: z.url().describe("Requested with GET after the checks pass, e.g. https://staging.example.com/healthz."),
        expectStatus: z.number().int().min(100).max(599).default(200),
        expectText: z.string().optional().describe("Text the response body must contain."),
        timeoutMs: z.number().int().positive().default(10_000),
      })
      .strict()
      .optional()
      .describe("An HTTP check of the deployed application after a merge."),
  })
  .strict()
  .default(verifyDefaults);

const recapDefaults = { enabled: true, publicUpdate: { enabled: true } };

export const recapSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe("Post the daily and weekly recaps to channels.recaps on schedules.dailyRecap and schedules.weeklyRecap."),
    coverage: z
      .object({
        check: z.string().min(1).describe("Name of the check run or commit status that reports coverage, e.g. 'coverage'."),
        pattern: z
          .string()
          .min(1)
          .default("(\\d+(?:\\.\\d+)?)\\s*%")
          .describe("Regular expression over the check's title and summary; its first group is the percentage."),
      })
      .strict()
      .optional()
      .describe("Where the recap reads test coverage: a check on the default branch's head commit."),
    publicUpdate: z
      .object({
        enabled: z.boolean().default(true).describe("Draft a short public progress post with each weekly recap, for the maintainers to approve or edit."),
        channel: slackChannelId
          .optional()
          .describe("Where an approved post is published. Without it the approved text stays on the card, to copy."),
      })
      .strict()
      .default(recapDefaults.publicUpdate),
  })
  .strict()
  .default(recapDefaults);

const auditDefaults = {
  enabled: true,
  lookbackDays: 7,
  maxProposals: 5,
  proposalDays: 7,
  breaker: { failuresInARow: 5 },
  pullRequests: { enabled: false, promptsPath: "prompts", configPath: "shopfloor.yml" },
};

export const auditSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Audit Shopfloor's own automations every week (schedules.audit); /shopfloor audit runs one at any time."),
    channel: slackChannelId.optional().describe("Where the audit report and its proposals go (default: channels.maintainers)."),
    lookbackDays: z.number().int().min(1).max(90).default(7).describe("How many days of the run ledger one audit reads."),
    maxProposals: z.number().int().min(0).max(20).default(5).describe("At most this many proposals per audit, the most important first."),
    proposalDays: z.number().int().min(1).max(60).default(7).describe("A proposal nobody decided on expires after this many days."),
    breaker: z
      .object({
        failuresInARow: z
          .number()
          .int()
          .min(1)
          .default(5)
          .describe("Pause an automation after this many runs in a row failed for good; the maintainers get a Resume button."),
      })
      .strict()
      .default(auditDefaults.breaker),
    pullRequests: z
      .object({
        enabled: z
          .boolean()
          .default(false)
          .describe("Also open a PR against the repository with each approved prompt or config change, for teams that keep Shopfloor's prompts and shopfloor.yml there."),
        promptsPath: z.string().min(1).default("prompts").describe("Folder of the prompt files in the repository."),
        configPath: z.string().min(1).default("shopfloor.yml").describe("Path of shopfloor.yml in the repository."),
      })
      .strict()
      .default(auditDefaults.pullRequests),
  })
  .strict()
  .default(auditDefaults);

export const plannerSchema = z
  .object({
    specPath: z
      .string()
      .min(1)
      .optional()
      .describe("A product specification in the repository, e.g. docs/spec.md. With it, the planner grades the code against it every week."),
    maxProposals: z.number().int().min(1).max(10).default(3).describe("The largest gaps proposed as issues per run."),
  })
  .strict()
  .default({ maxProposals: 3 });

export const modelsSchema = z
  .object({
    default: z.string().optional().describe("Model for every task without its own; SHOPFLOOR_MODEL overrides it."),
    tasks: z
      .record(z.string(), z.string())
      .default({})
      .describe("Task → model, e.g. 'review.security: gpt-4.1'. Tasks are named <graph>.<node>."),
    fallback: z.record(z.string(), z.string()).default({}).describe("Task → model to try when the first one fails."),
    pricing: z
      .record(z.string(), z.object({ inputPerMillion: z.number().min(0), outputPerMillion: z.number().min(0) }).strict())
      .default({})
      .describe("USD per million tokens, for cost accounting. Unknown models cost 0."),
    timeoutMs: z.number().int().positive().default(60_000),
  })
  .strict()
  .default({ tasks: {}, fallback: {}, pricing: {}, timeoutMs: 60_000 });

export const limitsSchema = z
  .object({
    workerConcurrency: z.number().int().min(1).max(500).default(8).describe("Jobs one worker process runs at once."),
    maxConcurrentBuilds: z.number().int().min(1).default(2).describe("Builds (and fixes) running at once in one worker process; more wait in the build queue."),
    jobAttempts: z.number().int().min(1).max(50).default(6).describe("Tries for a job that fails with a retryable error."),
    jobBackoffMs: z.number().int().min(10).default(2_000).describe("First retry delay; doubles each time."),
    jobLockMs: z
      .number()
      .int()
      .min(1_000)
      .default(30_000)
      .describe("How long a worker may be silent before its job is taken over by another worker."),
    shutdownGraceMs: z.number().int().min(0).default(25_000).describe("Time running jobs get to finish on SIGTERM."),
    githubWriteThrottle: z
      .boolean()
      .default(true)
      .describe("Space GitHub writes at least a second apart, as GitHub asks of integrations. Turn off only against a local fake GitHub."),
    keepCompletedJobs: z.number().int().min(0).default(5_000),
    keepFailedJobs: z.number().int().min(0).default(10_000),
  })
  .strict()
  .default({
    workerConcurrency: 8,
    maxConcurrentBuilds: 2,
    jobAttempts: 6,
    jobBackoffMs: 2_000,
    jobLockMs: 30_000,
    shutdownGraceMs: 25_000,
    githubWriteThrottle: true,
    keepCompletedJobs: 5_000,
    keepFailedJobs: 10_000,
  });

export const adminSchema = z
  .object({
    queuesReadOnly: z
      .boolean()
      .default(true)
      .describe("Show the queue board at /admin/queues without its retry, clean, promote and remove actions. The board is on only when SHOPFLOOR_ADMIN_PASSWORD is set."),
  })
  .strict()
  .default({ queuesReadOnly: true });

export const fileSchema = z
  .object({
    repository: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name, e.g. acme/shop")
      .optional()
      .describe("The GitHub repository the factory works on (GITHUB_REPOSITORY overrides it)."),
    dryRun: z.boolean().default(false).describe("Record planned effects in the ledger and perform none; builds commit in their workspace and push nothing."),
    channels: channelsSchema,
    approvers: approversSchema,
    labels: labelsSchema,
    areas: z.array(areaSchema).default([]),
    triage: triageSchema,
    incidents: incidentsSchema,
    schedules: schedulesSchema,
    recap: recapSchema,
    audit: auditSchema,
    planner: plannerSchema,
    review: reviewSchema,
    build: buildSchema,
    risk: riskSchema,
    verify: verifySchema,
    shepherd: shepherdSchema,
    models: modelsSchema,
    limits: limitsSchema,
    admin: adminSchema,
  })
  .strict();

export type FileConfig = z.output<typeof fileSchema>;
