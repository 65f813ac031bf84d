import { automationControlGraph } from "../../../graphs/automation-control/index.js";
import { homeGraph } from "../../../graphs/home/index.js";
import { mergeGraph } from "../../../graphs/merge/index.js";
import { promptsGraph } from "../../../graphs/prompts/index.js";
import { proposalGraph } from "../../../graphs/proposal/index.js";
import { recapGraph } from "../../../graphs/recap/index.js";
import type { GraphDefinition } from "../../../graphs/shared/graph-definition.js";
import { createPostgresEffectsLedger } from "../../../src/adapters/postgres/postgres-effects-ledger.js";
import { parseConfig } from "../../../src/config/load-config.js";
import { createContainer } from "../../../src/container.js";
import { createExecutors } from "../../../src/core/effects/create-executors.js";
import type { AuditEntry } from "../../../src/core/ledgers/audit-log.js";
import type { NewProposal } from "../../../src/core/ledgers/proposals.js";
import { silentLogger, type Logger } from "../../../src/core/logger.js";
import { startWebServer } from "../../../src/http/create-web-server.js";
import type { IngressJob } from "../../../src/jobs/job-schemas.js";
import { ingressJobId } from "../../../src/jobs/route-ingress.js";
import { createMetrics } from "../../../src/observability/metrics.js";
import { compilePromptFile, createPromptRegistry } from "../../../src/prompts/load-prompts.js";
import { createVersionedPrompts } from "../../../src/prompts/versioned-prompts.js";
import { startSandbox } from "../../../src/sandbox/start-sandbox.js";
import { MemoryLinkStore } from "../../fakes/memory-ledgers.js";
import { TEST_DATABASE_URL, uniqueId } from "../../support/db.js";
import { testPipeline } from "../../support/pipeline.js";

/** Where each card goes. */
export const CHANNELS = { merge: "C0GENERAL", maintainers: "C0MAINT", recaps: "C0RECAPS", public: "C0PUBLIC" } as const;

/**
 * The people. Carol is an approver by id, Dave through the approvers' user group; Mallory is nobody in particular, and
 * Karol shows as "carol" (same handle and real name as Carol) under another user id.
 */
export const PEOPLE = { carol: "U0CAROL", dave: "U0DAVE", mallory: "U0MALLORY", lookalike: "U0KAROL" } as const;
const APPROVER_GROUP = "S0RELEASEMANAGERS";

export const PROMPT_FILE = `name: Review the tests of a change
messages:
  - role: system
    content: |
      You review whether the changed logic of {{repository}} is tested.
  - role: user
    content: |
      {{diff}}
untrusted: [diff]
`;

/**
 * Shopfloor as people reach it, in one process: the Slack edge of `shopfloor web` (the real Bolt app), the ingress
 * router and the graph workers of test/support/pipeline.ts, and the production adapters from the container talking to
 * the sandbox's Slack and GitHub. A person clicks or types in the fake Slack workspace; what they are told, what is
 * merged and what the ledgers hold is what the tests read.
 *
 * What is global in the shared test database is kept to this world: the pausable automation and the prompts are named
 * uniquely, and links stay in memory (a PR number means another PR in another test's fake GitHub).
 */
export async function approverWorld(logger: Logger = silentLogger) {
  const sandbox = await startSandbox({
    channels: [
      { id: CHANNELS.merge, name: "general" },
      { id: "C0BUGS", name: "bugs" },
      { id: CHANNELS.maintainers, name: "maintainers" },
      { id: CHANNELS.recaps, name: "recaps" },
      { id: CHANNELS.public, name: "public" },
    ],
  });
  const ws = sandbox.slack.workspace;
  ws.addUser({ id: PEOPLE.mallory, name: "mallory", realName: "Mallory Moss" });
  ws.addUser({ id: PEOPLE.dave, name: "dave", realName: "Dave Diaz" });
  ws.addUser({ id: PEOPLE.lookalike, name: "carol", realName: "Carol Chen" });
  ws.addUserGroup({ id: APPROVER_GROUP, handle: "release-managers", users: [PEOPLE.dave] });

  const config = parseConfig({
    // The container's own queues stay unused (the pipeline's carry the jobs); its Redis is this suite's DB 13.
    env: { ...sandbox.env, DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: "redis://127.0.0.1:6379/13", PORT: "0" },
    fileText: `repository: acme/shop
channels: { bugs: [C0BUGS], merge: ${CHANNELS.merge}, maintainers: ${CHANNELS.maintainers}, recaps: ${CHANNELS.recaps} }
approvers: { slackUsers: [${PEOPLE.carol}], slackGroups: [${APPROVER_GROUP}], githubLogins: { ${PEOPLE.carol}: carol } }
recap: { publicUpdate: { enabled: true, channel: ${CHANNELS.public} } }
`,
  });
  const c = await createContainer(config, { logger, metrics: createMetrics() });

  const pausable = uniqueId("sec-pausable");
  const promptIds = { proposal: `${uniqueId("sec")}/tests`, rollback: `${uniqueId("sec")}/tests` };
  const compiled = Object.values(promptIds).map((id) => compilePromptFile(`prompts/${id}.prompt.yml`, id, PROMPT_FILE).prompt!);
  const files = createPromptRegistry([...c.prompts.list().map((p) => c.prompts.get(p.id)), ...compiled]);
  const prompts = createVersionedPrompts(files, c.graphDeps.promptVersions, silentLogger);

  /** What the Slack edge enqueued, in order. */
  const enqueued: IngressJob[] = [];
  const p = testPipeline("sf-sec-approvers", [mergeGraph, automationControlGraph, homeGraph, proposalGraph, promptsGraph, recapGraph] as GraphDefinition<unknown>[]);
  // The container's ledger starts runs in its own queues; here a run one graph starts (a Home redrawn) is this pipeline's.
  const effects = createPostgresEffectsLedger({
    pool: p.pool,
    executors: createExecutors({ ...c.ports, starter: { start: (run) => p.queues.enqueueGraph({ type: "start", graph: run.graph, threadId: run.threadId, input: run.input }, run.jobId) } }),
    dryRun: false,
  });
  const deps = p.controlDeps({ ...c.graphDeps, effects, prompts, links: new MemoryLinkStore() }, [pausable]);
  p.start(deps, effects);
  const web = await startWebServer({
    config,
    routes: [],
    logger,
    listeners: {
      enqueue: async (job) => {
        await p.queues.enqueueIngress(job, ingressJobId(job));
        enqueued.push(job);
      },
      logger,
      automations: deps.settings.automations,
    },
  });
  const driver = sandbox.slack.driver(`http://127.0.0.1:${web.port}/slack/events`);
  const started = new Date();
  const proposed: number[] = [];

  return {
    sandbox,
    ws,
    driver,
    deps,
    enqueued,
    pipeline: p,
    pool: p.pool,
    pausable,
    promptIds,
    compiled: Object.fromEntries(compiled.map((x) => [x.id, x])),
    /** A proposal as the audit stores it, with its run started as the audit starts it; returns its id. */
    async propose(input: Omit<NewProposal, "source" | "batch" | "fingerprint">): Promise<number> {
      const { proposal } = await c.graphDeps.proposals.create({ source: "audit", batch: uniqueId("audit:batch"), fingerprint: uniqueId("fp"), ...input });
      proposed.push(proposal.id);
      await p.queues.enqueueGraph({ type: "start", graph: "proposal", threadId: `proposal:${proposal.id}`, input: { proposalId: proposal.id } }, uniqueId("sec-proposal"));
      return proposal.id;
    },
    /** Starts a graph run as the automation before it would: the review hands a PR to merge, the scheduler starts a recap. */
    start: (graph: string, threadId: string, input: unknown) => p.queues.enqueueGraph({ type: "start", graph, threadId, input }, uniqueId(`sec-${graph}`)),
    /** What `user`'s App Home shows now, as text. */
    home: (user: string) => JSON.stringify(ws.homeView(user)?.definition ?? null),
    /** What `user` was told privately in `channel`, oldest first. */
    toldPrivately: (user: string, channel: string) => ws.ephemerals(channel).filter((e) => e.visibleTo === user).map((e) => e.text),
    /** Every message anyone can read in `channel`, threads included. */
    publicTexts: (channel: string) => ws.allMessages(channel).map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`),
    /** The audit log about `subject` written since this world started, oldest first. */
    async audit(subject: string): Promise<Pick<AuditEntry, "actor" | "action" | "outcome" | "detail">[]> {
      const { rows } = await p.pool.query<{ actor: string; action: string; outcome: AuditEntry["outcome"]; detail: Record<string, unknown> }>(
        `SELECT actor, action, outcome, detail FROM audit_log WHERE subject = $1 AND at >= $2 ORDER BY id`,
        [subject, started],
      );
      return rows;
    },
    /** The effects the ledger holds for a graph thread, by kind. */
    async effects(threadId: string, kind: string): Promise<number> {
      const { rows } = await p.pool.query<{ n: string }>(`SELECT count(*) AS n FROM effects WHERE thread_id = $1 AND kind = $2`, [threadId, kind]);
      return Number(rows[0]!.n);
    },
    async close(): Promise<void> {
      await web.stop();
      await p.pool.query(`DELETE FROM automation_settings WHERE automation = $1`, [pausable]);
      // Another test's audit lists the open proposals: none of these stays open.
      for (const id of proposed) await c.graphDeps.proposals.decide(id, { status: "rejected", by: "test-cleanup" });
      await p.stop();
      await c.close();
      await sandbox.close();
    },
  };
}

export type ApproverWorld = Awaited<ReturnType<typeof approverWorld>>;
