import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { incidentGraph } from "../../graphs/incident/index.js";
import { triageGraph } from "../../graphs/triage/index.js";
import { loadPrompts, type PromptRegistry } from "../../src/prompts/load-prompts.js";
import { FakeErrorTracker, trackedIssue } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "../support/graph-harness.js";

let prompts: PromptRegistry;
beforeAll(async () => {
  prompts = await loadPrompts(resolve(import.meta.dirname, "../../prompts"));
});

const event = {
  eventId: "e1",
  message: "TypeError: cart is undefined",
  exceptionType: "TypeError",
  exceptionValue: "cart is undefined",
  release: "shop@2.3.1",
  frames: [
    { filename: "src/cart.ts", function: "total", lineNo: 12, inApp: true, context: "return cart.items.reduce(…)" },
    { filename: "node_modules/express/lib/router.js", function: "handle", lineNo: 44, inApp: false },
  ],
};

function world(issue = trackedIssue({ id: "4242", title: "TypeError: cart is undefined", count: 150, userCount: 30, level: "error" })) {
  const f = fakeGraphDeps();
  f.deps.prompts = prompts;
  const tracker = new FakeErrorTracker({ issues: [issue], events: { [issue.id]: event } });
  f.deps.errorTracker = tracker;
  f.deps.settings = { ...f.deps.settings, channels: { ...f.deps.settings.channels, incidents: "C0INCIDENTS" } };
  const run = () => graphHarness(incidentGraph, f.deps, `sentry:acme:${issue.id}`);
  return { ...f, tracker, issue, run };
}

describe("incident graph", () => {
  it("feeds triage with the stack, the counts and the Sentry link, and announces a P1 in the incident channel", async () => {
    const w = world();
    w.model.answer("incident.assess", { severity: "P1", reason: "checkout total crashes for 30 users" });
    await w.run().start({ source: "poll", issue: w.issue });

    expect(w.started).toHaveLength(1);
    const [start] = w.started;
    expect(start).toMatchObject({ graph: "triage", threadId: "sentry:acme:4242:triage", input: { source: "sentry", severityHint: "P1", sentryIssueId: "4242", link: w.issue.permalink, announce: { channel: "C0INCIDENTS" } } });
    const text = String(start!.input.text);
    expect(text).toContain("150 events, 30 users affected");
    expect(text).toContain("at total (src/cart.ts:12)");
    expect(text).toContain("Release shop@2.3.1");
    expect(w.incidents.records.get("4242")).toMatchObject({ decision: "filed", severity: "P1", eventCount: 150 });

    // The triage run it starts files the issue with those facts and links it to the Sentry issue.
    w.model.answer("triage.classify", { type: "bug", severity: "P1", severityReason: "from Sentry", area: "checkout", actionable: true, missing: [], title: "Cart total crashes: cart is undefined", summary: "See Sentry", steps: [], expected: "", actual: "TypeError", environment: "shop@2.3.1" });
    await graphHarness(triageGraph, w.deps, start!.threadId).start(start!.input as never);
    const [filed] = [...w.forge.issues.values()];
    expect(filed?.body).toContain("at total (src/cart.ts:12)");
    expect(filed?.body).toContain("[source](https://sentry.io/organizations/acme/issues/4242/)");
    expect((await w.links.find({ sentryIssueId: "4242" }))?.issueNumber).toBe(filed?.number);
    expect(w.chat.botMessages("C0INCIDENTS")).toHaveLength(1);
  });

  it("only logs an error below the thresholds", async () => {
    const w = world(trackedIssue({ id: "7", title: "Warning: slow query", count: 3, userCount: 1, level: "warning" }));
    await w.run().start({ source: "webhook", issue: w.issue });
    expect(w.started).toHaveLength(0);
    expect(w.incidents.records.get("7")).toMatchObject({ decision: "log-only", severity: "P3" });
  });

  it("comments with new counts on a spike of an error already filed, instead of filing again", async () => {
    const w = world();
    w.model.answer("incident.assess", { severity: "P2", reason: "x" });
    const run = w.run();
    await run.start({ source: "poll", issue: w.issue });
    const filed = w.forge.addIssue({ title: "Cart total crashes", body: "from Sentry" });
    await w.links.record({ sentryIssueId: "4242" }, { issueNumber: filed.number });

    // Seen again by webhook with a few more events: the same work item, nothing new.
    w.tracker.issues[0] = { ...w.issue, count: 160 };
    await run.start({ source: "webhook", issue: w.tracker.issues[0] });
    expect(await w.forge.listComments(filed.number)).toHaveLength(0);

    // A spike: a comment with the new counts; still one Slack-less triage start.
    w.tracker.issues[0] = { ...w.issue, count: 400, userCount: 90, lastSeen: "2026-01-15T11:00:00.000Z" };
    await run.start({ source: "poll", issue: w.tracker.issues[0] });
    const comments = await w.forge.listComments(filed.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("**400 events** (was 150)");
    expect(w.started).toHaveLength(1);
    expect(w.incidents.records.get("4242")).toMatchObject({ eventCount: 400, spikes: 1 });
  });

  it("decides on Sentry's current counts, not the delivered copy, and falls back to rules without a model", async () => {
    const w = world(trackedIssue({ id: "9", title: "Database timeout", count: 5000, userCount: 400, level: "error" }));
    // A stale webhook copy that would be log-only on its own.
    await w.run().start({ source: "webhook", issue: { ...w.issue, count: 2, userCount: 1 } });
    expect(w.started[0]?.input).toMatchObject({ severityHint: "P0" });
    expect(w.runs.modelCalls.map((c) => [c.task, c.outcome])).toEqual([["incident.assess", "error"]]);
  });
});
