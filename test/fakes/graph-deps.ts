import type { GraphDeps } from "../../src/core/graph-deps.js";
import { silentLogger } from "../../src/core/logger.js";
import type { OpsSnapshot } from "../../src/core/ports/ops-port.js";
import { FakeChat, FakeForge, FakeModel, FakeProbe } from "./fake-ports.js";
import { MemoryEffectsLedger } from "./memory-effects-ledger.js";
import type { StartRunInput } from "../../src/core/ports/run-starter.js";
import { MemoryAuditLog, MemoryEscalationStore, MemoryIncidentStore, MemoryLinkStore, MemoryReviewStore, MemoryRunLedger } from "./memory-ledgers.js";

export const sampleSnapshot: OpsSnapshot = {
  queues: [{ name: "shopfloor-ingress", waiting: 2, active: 1, delayed: 0, failed: 0 }],
  runsInFlight: [{ graph: "status", threadId: "slack-req:T1:abc", status: "running", startedAt: "2026-01-15T10:00:00.000Z" }],
  waitingForPeople: 3,
  paused: ["build"],
  versions: { shopfloor: "0.1.0", node: "20.20.2", prompts: "abc123" },
  dryRun: false,
};

/** GraphDeps with in-memory fakes at every port, for graph scenario tests. */
export function fakeGraphDeps(overrides: Partial<Omit<GraphDeps, "forge">> & { forge?: FakeForge } = {}) {
  const chat = new FakeChat();
  // A forge given by the test serves the effects ledger too, so what a node writes is what the test reads.
  const forge = overrides.forge ?? new FakeForge();
  const model = new FakeModel();
  const started: StartRunInput[] = [];
  const probe = new FakeProbe();
  const effects = new MemoryEffectsLedger({ chat, forge, starter: { start: async (run) => void started.push(run) } });
  const runs = new MemoryRunLedger();
  const audit = new MemoryAuditLog();
  const links = new MemoryLinkStore();
  const incidents = new MemoryIncidentStore();
  const reviews = new MemoryReviewStore();
  const escalations = new MemoryEscalationStore();
  const deps: GraphDeps = {
    chat,
    forge,
    model,
    errorTracker: null,
    probe,
    workspaces: unusable("workspaces"),
    clock: { now: () => new Date("2026-01-15T10:00:00.000Z") },
    ops: { snapshot: async () => sampleSnapshot },
    effects,
    runs,
    audit,
    links,
    incidents,
    reviews,
    escalations,
    automations: unusable("automations"),
    stats: unusable("stats"),
    chart: unusable("chart"),
    // No prompt files: a graph that renders one fails loudly; the runner's refresh before each run finds nothing to do.
    prompts: {
      version: "test",
      ids: () => [],
      refresh: async () => {},
      render: () => unavailable("prompts"),
      source: () => unavailable("prompts"),
      check: () => unavailable("prompts"),
    },
    promptVersions: unusable("promptVersions"),
    proposals: unusable("proposals"),
    auditStats: unusable("auditStats"),
    settings: {
      repository: "acme/shop",
      dryRun: false,
      channels: { bugs: ["C0BUGS"] },
      approvers: { slackUsers: ["U0CAROL"], slackGroups: [], githubLogins: { U0CAROL: "carol" } },
      labels: {
        type: { bug: "type:bug", feature: "type:feature", question: "type:question", chore: "type:chore" },
        severityPrefix: "severity:",
        areaPrefix: "area:",
        riskPrefix: "risk:",
        ready: "factory:ready",
        building: "factory:building",
        needsInfo: "needs-info",
        needsHuman: "factory:needs-human",
        doNotAutomate: "factory:do-not-automate",
      },
      areas: [
        { name: "checkout", description: "cart, payment and order confirmation", paths: ["src/checkout/**"] },
        { name: "search", description: "product search and filters", paths: ["src/search/**"] },
      ],
      triage: { clarifyTimeoutHours: 24, duplicateThreshold: 0.75, markReady: true, cardActionDays: 14 },
      incidents: { minEvents: 10, minUsers: 2, p1Events: 100, p1Users: 20, p0Users: 200, spikeFactor: 2 },
      review: {
        excludeAuthors: ["dependabot[bot]"],
        maxRounds: 3,
        tokenBudget: 120_000,
        chunkTokens: 12_000,
        maxNits: 3,
        guidelines: ["AGENTS.md", "CONTRIBUTING.md"],
        architectureRules: "docs/architecture-rules.md",
        uiPaths: ["**/*.tsx", "**/*.css"],
        reviewDrafts: false,
      },
      risk: {
        autoApprove: false,
        requireHumanMerge: true,
        mergeMethod: "squash",
        deleteBranchAfterMerge: true,
        neverAutoApprove: [".github/**", "**/migrations/**"],
        highRiskPaths: ["src/payments/**"],
        mediumRiskPaths: ["src/checkout/**"],
        sizeThresholds: { medium: 200, high: 800 },
      },
      verify: { enabled: true, timeoutMinutes: 30, pollSeconds: 60 },
      recap: { timezone: "Europe/Berlin", dailyCron: "0 9 * * 1-5", weeklyCron: "0 9 * * 1", publicUpdate: { enabled: true } },
      build: {
        enabled: true,
        branchPrefix: "shopfloor/",
        testCommand: "node --test",
        allowedPaths: ["**"],
        allowWorkflowChanges: false,
        budgets: { steps: 12, tokens: 100_000, minutes: 30 },
        draftOnGiveUp: true,
        fixPullRequests: "factory",
        askTimeoutHours: 24,
        author: { name: "Shopfloor", email: "shopfloor@users.noreply.github.com" },
      },
      shepherd: { allPullRequests: false, staleHours: 24, escalationHours: 24, remedies: { updateBranch: true, rerunChecks: true, requestReview: true, removeNeedsHuman: true } },
      audit: {
        enabled: true,
        channel: "C0MAINT",
        lookbackDays: 7,
        maxProposals: 5,
        proposalDays: 7,
        pullRequests: { enabled: false, promptsPath: "prompts", configPath: "shopfloor.yml" },
      },
      planner: { maxProposals: 3 },
      sentryOrg: "acme",
      automations: ["triage", "incident", "review", "build", "verify", "merge", "explain", "shepherd"],
    },
    logger: silentLogger,
    ...overrides,
  };
  return { deps, chat, forge, model, effects, runs, audit, links, incidents, reviews, escalations, started, probe };
}

function unavailable(name: string): never {
  throw new Error(`${name} is not available in this graph test`);
}

function unusable<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: () => () => {
      throw new Error(`${name} is not available in this graph test`);
    },
  });
}
