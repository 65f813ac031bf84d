import type { EffectsLedger } from "./effects/effects-ledger.js";
import type { AuditLog } from "./ledgers/audit-log.js";
import type { AuditStats } from "./ledgers/audit-stats.js";
import type { PromptVersionStore } from "./ledgers/prompt-versions.js";
import type { ProposalStore } from "./ledgers/proposals.js";
import type { AutomationSettings } from "./ledgers/automation-settings.js";
import type { EscalationStore } from "./ledgers/escalations.js";
import type { FactoryStats } from "./ledgers/factory-stats.js";
import type { IncidentStore } from "./ledgers/incidents.js";
import type { LinkStore } from "./ledgers/links.js";
import type { ReviewStore } from "./ledgers/reviews.js";
import type { RunLedger } from "./ledgers/run-ledger.js";
import type { Logger } from "./logger.js";
import type { ChatPort, ClockPort, ErrorTrackerPort, ForgePort, ModelPort, OpsPort, ProbePort, WorkspacePort } from "./ports/index.js";
import type { ChartPort } from "./ports/chart-port.js";
import type { PromptRenderer } from "./prompts.js";

/**
 * Behaviour settings graphs may read (from shopfloor.yml). A structural copy of the parts of Config the
 * graphs need, so graphs do not import src/config.
 */
export interface GraphSettings {
  repository: string | null;
  dryRun: boolean;
  channels: { bugs: readonly string[]; merge?: string; incidents?: string; recaps?: string; maintainers?: string };
  approvers: { slackUsers: readonly string[]; slackGroups: readonly string[]; githubLogins: Readonly<Record<string, string>> };
  labels: {
    type: Readonly<Record<"bug" | "feature" | "question" | "chore", string>>;
    severityPrefix: string;
    areaPrefix: string;
    riskPrefix: string;
    ready: string;
    building: string;
    needsInfo: string;
    needsHuman: string;
    doNotAutomate: string;
  };
  areas: readonly { name: string; description: string; paths: readonly string[] }[];
  triage: { clarifyTimeoutHours: number; duplicateThreshold: number; markReady: boolean; cardActionDays: number };
  incidents: { minEvents: number; minUsers: number; p1Events: number; p1Users: number; p0Users: number; spikeFactor: number };
  review: {
    excludeAuthors: readonly string[];
    maxRounds: number;
    tokenBudget: number;
    chunkTokens: number;
    maxNits: number;
    guidelines: readonly string[];
    architectureRules?: string | undefined;
    uiPaths: readonly string[];
    reviewDrafts: boolean;
  };
  risk: {
    autoApprove: boolean;
    requireHumanMerge: boolean;
    mergeMethod: "merge" | "squash" | "rebase";
    deleteBranchAfterMerge: boolean;
    neverAutoApprove: readonly string[];
    highRiskPaths: readonly string[];
    mediumRiskPaths: readonly string[];
    sizeThresholds: { medium: number; high: number };
  };
  build: {
    enabled: boolean;
    branchPrefix: string;
    installCommand?: string | undefined;
    testCommand?: string | undefined;
    allowedPaths: readonly string[];
    allowWorkflowChanges: boolean;
    budgets: { steps: number; tokens: number; minutes: number };
    draftOnGiveUp: boolean;
    fixPullRequests: "factory" | "all" | "off";
    agentCommand?: string | undefined;
    askTimeoutHours: number;
    author: { name: string; email: string };
  };
  shepherd: {
    allPullRequests: boolean;
    staleHours: number;
    escalationHours: number;
    remedies: { updateBranch: boolean; rerunChecks: boolean; requestReview: boolean; removeNeedsHuman: boolean };
  };
  verify: {
    enabled: boolean;
    timeoutMinutes: number;
    pollSeconds: number;
    smoke?: { url: string; expectStatus: number; expectText?: string | undefined; timeoutMs: number } | undefined;
  };
  recap: {
    /** IANA time zone of the schedules: recaps count days in it. */
    timezone: string;
    /** The recaps' cron patterns: a recap covers the time since its schedule last fired. */
    dailyCron: string;
    weeklyCron: string;
    coverage?: { check: string; pattern: string } | undefined;
    publicUpdate: { enabled: boolean; channel?: string | undefined };
  };
  audit: {
    enabled: boolean;
    /** Where reports, proposal cards and breaker alerts go: audit.channel, else channels.maintainers (resolved at start). */
    channel?: string | undefined;
    lookbackDays: number;
    maxProposals: number;
    proposalDays: number;
    /** Approved prompt and config changes also become PRs against the repository. */
    pullRequests: { enabled: boolean; promptsPath: string; configPath: string };
  };
  planner: { specPath?: string | undefined; maxProposals: number };
  /** The Sentry organisation whose issues the incident automation watches, if any. */
  sentryOrg: string | null;
  /** The automations that do work (and so can be paused), by graph name; not help, status, audit-log, home or their control. */
  automations: readonly string[];
}

/** Everything a graph factory gets. Built once by the composition root; tests pass fakes. */
export interface GraphDeps {
  chat: ChatPort;
  forge: ForgePort;
  model: ModelPort;
  errorTracker: ErrorTrackerPort | null;
  /** HTTP checks of the deployed application (verify's smoke check). */
  probe: ProbePort;
  /** Working copies and the command sandbox (the build automation). */
  workspaces: WorkspacePort;
  clock: ClockPort;
  /** Draws the weekly recap's trend chart (PNG). */
  chart: ChartPort;
  ops: OpsPort;
  effects: EffectsLedger;
  runs: RunLedger;
  audit: AuditLog;
  links: LinkStore;
  incidents: IncidentStore;
  reviews: ReviewStore;
  escalations: EscalationStore;
  automations: AutomationSettings;
  /** Aggregates over the ledgers for recaps and dashboards. */
  stats: FactoryStats;
  prompts: PromptRenderer;
  /** Prompt versions approved in Slack, which take precedence over the files. */
  promptVersions: PromptVersionStore;
  /** Changes the audit and the planner proposed, and the decisions on them. */
  proposals: ProposalStore;
  /** Figures over the run ledger for the audit. */
  auditStats: AuditStats;
  settings: GraphSettings;
  logger: Logger;
}
