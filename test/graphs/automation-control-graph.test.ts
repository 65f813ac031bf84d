import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { automationControlGraph } from "../../graphs/automation-control/index.js";
import type { AutomationControlInput } from "../../graphs/automation-control/automation-control-input.js";
import { homeGraph } from "../../graphs/home/index.js";
import { createPostgresAutomationSettings } from "../../src/adapters/postgres/postgres-automation-settings.js";
import { createPostgresFactoryStats } from "../../src/adapters/postgres/postgres-factory-stats.js";
import type { OpsSnapshot } from "../../src/core/ports/ops-port.js";
import type { IngressJob } from "../../src/jobs/job-schemas.js";
import { routeIngress } from "../../src/jobs/route-ingress.js";
import migrateTestDatabase from "../setup/global-db.js";
import { fakeGraphDeps, sampleSnapshot } from "../fakes/graph-deps.js";
import { testPool, uniqueId } from "../support/db.js";
import { graphHarness } from "../support/graph-harness.js";

const pool = testPool();
const automations = createPostgresAutomationSettings(pool);
const stats = createPostgresFactoryStats(pool);
const names: string[] = [];
const RESPONSE_URL = "https://hooks.slack.com/commands/T1/1/x";

/** automation_settings is one global table: every test pauses an automation of its own. */
function automation(): string {
  const name = uniqueId("build");
  names.push(name);
  return name;
}

function world(known: string[], snapshot: OpsSnapshot = sampleSnapshot) {
  const f = fakeGraphDeps({ automations, stats, clock: { now: () => new Date() }, ops: { snapshot: async () => snapshot } });
  f.deps.settings = { ...f.deps.settings, automations: known, channels: { ...f.deps.settings.channels, maintainers: "C0MAINT" } };
  return f;
}

type World = ReturnType<typeof world>;

async function control(f: World, input: AutomationControlInput) {
  await graphHarness(automationControlGraph, f.deps, uniqueId("slack-req:T1:control")).start(input);
}

const command = (action: "pause" | "resume", automation: string, user: string, reason?: string): AutomationControlInput => ({
  action,
  automation,
  user,
  via: "command",
  channel: "C0GEN",
  responseUrl: RESPONSE_URL,
  ...(reason ? { reason } : {}),
});

beforeAll(() => migrateTestDatabase(), 60_000);

afterAll(async () => {
  await pool.query(`DELETE FROM automation_settings WHERE automation = ANY($1)`, [names]);
  await pool.end();
});

describe("pausing and resuming an automation", () => {
  it("refuses a non-approver privately, audits the refusal and pauses nothing", async () => {
    const build = automation();
    const f = world([build]);
    await control(f, command("pause", build, "U0BOB", "too noisy"));

    expect(f.chat.responses).toEqual([
      expect.objectContaining({ responseUrl: RESPONSE_URL, responseType: "ephemeral", text: `Only approvers can pause *${build}*. Ask one of them, or an admin to add you to \`approvers\` in shopfloor.yml.` }),
    ]);
    expect(f.audit.entries).toEqual([expect.objectContaining({ actor: "U0BOB", action: "automation.pause", subject: `automation:${build}`, outcome: "refused" })]);
    expect(await automations.isPaused(build)).toBe(false);
    expect(f.chat.botMessages("C0MAINT")).toEqual([]);
  });

  it("pauses for an approver: stored in PostgreSQL, audited, answered and announced to the maintainers", async () => {
    const build = automation();
    const f = world([build]);
    await control(f, command("pause", build, "U0CAROL", "release freeze until Friday"));

    expect(await automations.isPaused(build)).toBe(true);
    expect((await automations.list()).find((s) => s.automation === build)).toMatchObject({ changedBy: "U0CAROL", reason: "release freeze until Friday" });
    expect(f.audit.entries).toEqual([
      expect.objectContaining({ actor: "U0CAROL", action: "automation.pause", subject: `automation:${build}`, outcome: "done", detail: expect.objectContaining({ reason: "release freeze until Friday" }) }),
    ]);
    expect(f.chat.responses.map((r) => r.text)).toEqual([`Paused *${build}*. Work that arrives waits and runs after \`/shopfloor resume ${build}\`.`]);
    expect(f.chat.botMessages("C0MAINT").map((m) => m.text)).toEqual([`:double_vertical_bar: <@U0CAROL> paused *${build}* — release freeze until Friday`]);
  });

  it("says so when the automation is already paused, and changes nothing", async () => {
    const build = automation();
    await automations.setPaused(build, true, "U0CAROL", "release freeze");
    const f = world([build]);
    await control(f, command("pause", build, "U0CAROL", "another reason"));

    expect(f.chat.responses.map((r) => r.text)).toEqual([`*${build}* is already paused by <@U0CAROL> — release freeze. Nothing changed; \`/shopfloor resume ${build}\` resumes it.`]);
    expect((await automations.list()).find((s) => s.automation === build)).toMatchObject({ paused: true, reason: "release freeze" });
    expect(f.audit.entries).toEqual([]);
    expect(f.chat.botMessages("C0MAINT")).toEqual([]);
  });

  it("resumes, counting the jobs that waited in the automation's queue", async () => {
    const build = automation();
    await automations.setPaused(build, true, "U0CAROL");
    const f = world([build], { ...sampleSnapshot, queues: [{ name: `shopfloor-graph-${build}`, waiting: 1, active: 0, delayed: 2, failed: 0 }] });
    await control(f, command("resume", build, "U0CAROL"));

    expect(await automations.isPaused(build)).toBe(false);
    expect(f.chat.responses.map((r) => r.text)).toEqual([`Resumed *${build}*: 3 jobs that waited run now.`]);
    expect(f.audit.entries).toEqual([expect.objectContaining({ action: "automation.resume", outcome: "done", subject: `automation:${build}` })]);
    expect(f.chat.botMessages("C0MAINT").map((m) => m.text)).toEqual([`:arrow_forward: <@U0CAROL> resumed *${build}*`]);
  });

  it("answers an unknown name with the automations there are", async () => {
    const build = automation();
    const f = world([build, "review"]);
    await control(f, command("pause", "buidl", "U0CAROL"));
    expect(f.chat.responses.map((r) => r.text)).toEqual([`There is no automation called \`buidl\`. Automations: \`${build}\`, \`review\`. Usage: \`/shopfloor pause <automation> [reason]\`.`]);
    expect(f.audit.entries).toEqual([]);
    expect(await automations.isPaused("buidl")).toBe(false);
  });
});

describe("the Pause and Resume buttons on the Home tab", () => {
  const click = (actionId: string, value: string, user: string, id: string): IngressJob => ({
    source: "slack",
    type: "interaction",
    teamId: "T1",
    user,
    kind: "block_actions",
    id,
    payload: { type: "block_actions", view: { type: "home" }, actions: [{ action_id: actionId, value }] },
  });
  const ctx = { botUserId: "U0SHOPFLOOR", bugChannels: [], typeLabels: [], triageGithubIssues: false };

  /** Routes the click as the worker does, runs the control graph, then the Home run it asked for. */
  async function clickThrough(f: World, job: IngressJob) {
    const route = routeIngress(job, ctx);
    if (route.kind !== "graph" || route.job.type !== "start") throw new Error("the click started nothing");
    await graphHarness(automationControlGraph, f.deps, route.job.threadId).start(route.job.input as AutomationControlInput);
    const home = f.started.find((s) => s.graph === "home");
    if (!home) throw new Error("the Home tab was not drawn again");
    await graphHarness(homeGraph, f.deps, home.threadId).start(home.input as { user: string; notice?: string });
    return route;
  }

  it("an approver's Pause pauses and flips the button on their republished Home tab", async () => {
    const build = automation();
    const f = world([build]);
    const route = await clickThrough(f, click("automation_pause", build, "U0CAROL", "automation_pause-1700000000.1"));
    expect(route).toMatchObject({ jobId: "run-automation-control-automation_pause-1700000000.1", job: { input: { action: "pause", automation: build, via: "home" } } });

    expect(await automations.isPaused(build)).toBe(true);
    const home = f.chat.homeViews.get("U0CAROL")!;
    expect(JSON.stringify(home[1])).toContain(`Paused *${build}*.`);
    expect(home.find((b) => b.block_id === `automation-${build}`)!.accessory).toMatchObject({ action_id: "automation_resume", value: build });
    expect(f.chat.responses).toEqual([]);
    expect(f.chat.ephemerals).toEqual([]);
    expect(f.chat.botMessages("C0MAINT")).toHaveLength(1);
  });

  it("a non-approver's click is refused at the top of their Home tab and audited", async () => {
    const build = automation();
    const f = world([build]);
    await clickThrough(f, click("automation_pause", build, "U0BOB", "automation_pause-1700000000.2"));

    expect(await automations.isPaused(build)).toBe(false);
    expect(JSON.stringify(f.chat.homeViews.get("U0BOB")![1])).toContain(`Only approvers can pause *${build}*.`);
    expect(f.audit.entries).toEqual([expect.objectContaining({ actor: "U0BOB", action: "automation.pause", outcome: "refused" })]);
    expect(f.chat.botMessages("C0MAINT")).toEqual([]);
  });
});
