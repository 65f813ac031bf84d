import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { homeGraph } from "../../graphs/home/index.js";
import { createPostgresAutomationSettings } from "../../src/adapters/postgres/postgres-automation-settings.js";
import { createPostgresFactoryStats } from "../../src/adapters/postgres/postgres-factory-stats.js";
import { createPostgresRunLedger } from "../../src/adapters/postgres/postgres-run-ledger.js";
import type { Block } from "../../src/core/ports/chat-port.js";
import type { OpsSnapshot } from "../../src/core/ports/ops-port.js";
import type { IngressJob } from "../../src/jobs/job-schemas.js";
import { routeIngress } from "../../src/jobs/route-ingress.js";
import migrateTestDatabase from "../setup/global-db.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { testPool, uniqueId } from "../support/db.js";
import { graphHarness } from "../support/graph-harness.js";

const pool = testPool();
const stats = createPostgresFactoryStats(pool);
const automations = createPostgresAutomationSettings(pool);
const runs = createPostgresRunLedger(pool);

// Runs and automation settings are global tables: names of our own keep other tests' rows out of this Home tab.
const build = uniqueId("build");
const review = uniqueId("review");
const idle = uniqueId("idle");

const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR).toISOString();

/** A finished run of `graph`, started `h` hours ago. */
async function seedRun(graph: string, h: number, status: "succeeded" | "failed", errorCode?: string) {
  const id = await runs.startRun({ graph, threadId: uniqueId(`home-test:${graph}`), kind: "start" });
  await runs.finishRun(id, { status, ...(errorCode ? { errorCode } : {}) });
  await pool.query(`UPDATE runs SET started_at = $2 WHERE id = $1`, [id, hoursAgo(h)]);
}

const snapshot: OpsSnapshot = {
  queues: [
    { name: `shopfloor-graph-${build}`, waiting: 0, active: 0, delayed: 2, failed: 0 },
    { name: "shopfloor-ingress", waiting: 0, active: 0, delayed: 0, failed: 0 },
  ],
  runsInFlight: [
    { graph: "merge", threadId: "gh-pr:acme/shop#12:merge:abcdef123456", status: "waiting", startedAt: hoursAgo(3) },
    { graph: "review", threadId: "gh-pr:acme/shop#14", status: "running", startedAt: hoursAgo(1) },
  ],
  waitingForPeople: 1,
  paused: [],
  versions: { shopfloor: "0.1.0", node: "20.20.2", prompts: "abc123" },
  dryRun: false,
};

function world() {
  const f = fakeGraphDeps({ stats, automations, clock: { now: () => new Date() }, ops: { snapshot: async () => snapshot } });
  f.deps.settings = { ...f.deps.settings, automations: [build, review, idle] };
  return f;
}

type World = ReturnType<typeof world>;

async function openHome(f: World, user: string, notice?: string): Promise<Block[]> {
  await graphHarness(homeGraph, f.deps, uniqueId("slack-req:T1:home")).start({ user, ...(notice ? { notice } : {}) });
  const view = f.chat.homeViews.get(user);
  if (!view) throw new Error(`no Home tab published for ${user}`);
  return view;
}

const text = (b: Block) => ((b.text as { text?: string } | undefined)?.text ?? "") + (b.elements ? JSON.stringify(b.elements) : "");
const rowOf = (blocks: Block[], name: string) => blocks.find((b) => b.block_id === `automation-${name}`);

beforeAll(async () => {
  await migrateTestDatabase();
  for (const h of [70, 50, 30]) await seedRun(build, h, "succeeded");
  await seedRun(build, 2, "failed", "GITHUB_API");
  // Outside the seven days: neither counted nor shown as the latest.
  await seedRun(build, 24 * 10, "failed", "MODEL_TIMEOUT");
  await seedRun(review, 5, "succeeded");
  await automations.setPaused(review, true, "U0CAROL", "waiting for the release");
}, 60_000);

afterAll(async () => {
  await pool.query(`DELETE FROM runs WHERE graph = ANY($1)`, [[build, review, idle]]);
  await pool.query(`DELETE FROM automation_settings WHERE automation = ANY($1)`, [[build, review, idle]]);
  await pool.end();
});

describe("the App Home tab", () => {
  it("opens on app_home_opened (Home tab only) and shows each automation's state, failure rate and last error", async () => {
    const f = world();
    f.escalations.all.push({
      id: 1,
      repository: "acme/shop",
      prNumber: 31,
      headSha: "a".repeat(40),
      reasons: ["checks failing since Monday"],
      owner: "@carol",
      deadline: hoursAgo(-4),
      resumeOn: "a push that fixes the checks",
      status: "open",
      pings: 0,
      slackChannel: null,
      slackTs: null,
      closedReason: null,
      createdAt: hoursAgo(50),
    });
    const opened = (tab: string): IngressJob => ({ source: "slack", type: "event", teamId: "T1", eventId: `Ev-${tab}`, retryNum: 0, event: { type: "app_home_opened", user: "U0CAROL", channel: "D0CAROL", tab } });
    const ctx = { botUserId: "U0SHOPFLOOR", bugChannels: [], typeLabels: [], triageGithubIssues: false };
    expect(routeIngress(opened("messages"), ctx).kind).toBe("ignore");
    const route = routeIngress(opened("home"), ctx);
    if (route.kind !== "graph" || route.job.type !== "start") throw new Error("app_home_opened on the Home tab starts nothing");
    expect(route).toMatchObject({ jobId: "run-home-Ev-home", job: { graph: "home", threadId: "slack-req:T1:Ev-home" } });

    await graphHarness(homeGraph, f.deps, route.job.threadId).start(route.job.input as { user: string });
    const blocks = f.chat.homeViews.get("U0CAROL")!;
    expect(blocks.length).toBeLessThanOrEqual(100);
    const all = blocks.map(text).join("\n");

    expect(all).toContain("Shopfloor · acme/shop");
    expect(all).toContain(`:red_circle: *Needs attention*\n1 of 3 automations paused · last run failed: ${build} · 1 open escalation`);

    expect(text(rowOf(blocks, build)!)).toContain(`*${build}* · :large_green_circle: running`);
    expect(text(rowOf(blocks, build)!)).toContain("last run 2 h ago failed with `GITHUB_API`");
    expect(text(rowOf(blocks, build)!)).toContain("1 of 4 runs failed in the last 7 days (25%)");
    expect(text(rowOf(blocks, review)!)).toContain(`*${review}* · :double_vertical_bar: paused by <@U0CAROL> — waiting for the release`);
    expect(text(rowOf(blocks, review)!)).toContain("last run 5 h ago · 1 run in the last 7 days, none failed");
    expect(text(rowOf(blocks, idle)!)).toContain("never run · no runs in the last 7 days");

    expect(all).toContain(`\`shopfloor-graph-${build}\` waiting 0 · active 0 · delayed 2 · failed 0`);
    expect(all).not.toContain("shopfloor-ingress");
    expect(all).toContain("*merge* 1 (waiting for people), oldest started 3 h ago\n• *review* 1 (running), oldest started 1 h ago");
    expect(all).toContain("• <https://github.com/acme/shop/pull/12|#12> merge card waiting since 3 h ago");
    expect(all).toContain("• <https://github.com/acme/shop/pull/31|#31> over to <@U0CAROL> since 2 days ago: checks failing since Monday");
    expect(all).toContain("Updated <!date^");
  });

  it("gives approvers Pause (with a confirmation) and Resume buttons, and everyone else none", async () => {
    const approverView = await openHome(world(), "U0CAROL");
    expect(rowOf(approverView, build)!.accessory).toMatchObject({
      action_id: "automation_pause",
      value: build,
      confirm: { confirm: { text: "Pause" }, deny: { text: "Cancel" } },
    });
    expect(rowOf(approverView, review)!.accessory).toMatchObject({ action_id: "automation_resume", value: review, style: "primary" });

    const bobView = await openHome(world(), "U0BOB");
    expect(bobView.some((b) => "accessory" in b)).toBe(false);
    expect(JSON.stringify(bobView)).not.toMatch(/automation_(pause|resume)/);
    expect(text(rowOf(bobView, review)!)).toContain("paused by <@U0CAROL>");
  });

  it("puts the answer to the viewer's last click at the top", async () => {
    const blocks = await openHome(world(), "U0BOB", `Only approvers can pause *${build}*.`);
    expect(blocks[0]).toMatchObject({ type: "header" });
    expect(text(blocks[1]!)).toBe(`Only approvers can pause *${build}*.`);
  });

  it("says when everything is quiet", async () => {
    const f = world();
    f.deps.settings = { ...f.deps.settings, automations: [idle] };
    f.deps.ops = { snapshot: async () => ({ ...snapshot, queues: [{ name: "shopfloor-ingress", waiting: 0, active: 0, delayed: 0, failed: 0 }], runsInFlight: [] }) };
    const all = (await openHome(f, "U0BOB")).map(text).join("\n");
    expect(all).toContain("*Queues*\nall queues empty");
    expect(all).toContain("*Runs in flight*\nnothing running");
    expect(all).toContain("*Waiting for approval*\nno merge cards waiting");
    expect(all).toContain("*Open escalations*\nnone");
    expect(all).toContain(":large_green_circle: *Healthy*\nall automations running");
  });
});
