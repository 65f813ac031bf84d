import { describe, expect, it } from "vitest";
import { decodeButtonValue, encodeButtonValue } from "../../../src/core/button-value.js";
import type { IngressJob } from "../../../src/jobs/job-schemas.js";
import { ingressJobId, resumeJobId, routeIngress } from "../../../src/jobs/route-ingress.js";

const ctx = { botUserId: "U0BOT", bugChannels: ["C0BUGS"], typeLabels: ["type:bug"], triageGithubIssues: true };
const event = (e: Record<string, unknown>, eventId = "Ev1"): IngressJob => ({
  source: "slack",
  type: "event",
  teamId: "T1",
  eventId,
  retryNum: 0,
  event: { type: "app_mention", channel: "C0GEN", user: "U0ALICE", ts: "100.1", ...e },
});

describe("routing deliveries to automations", () => {
  it("sends '@Shopfloor status' to the status graph, with a job id from the event id", () => {
    const route = routeIngress(event({ text: "<@U0BOT> Status please" }), ctx);
    expect(route).toMatchObject({ kind: "graph", jobId: "run-status-Ev1", job: { graph: "status", input: { via: "mention", messageTs: "100.1" } } });
  });

  it("answers any other short mention with help, quoting what was asked", () => {
    const route = routeIngress(event({ text: "<@U0BOT> deploy?" }), ctx);
    expect(route).toMatchObject({ kind: "graph", job: { graph: "help", input: { unknown: "deploy?" } } });
    expect(routeIngress(event({ text: "<@U0BOT>" }), ctx)).toMatchObject({ job: { graph: "help", input: {} } });
  });

  it("ignores its own messages and other bots", () => {
    expect(routeIngress(event({ user: "U0BOT", text: "status" }), ctx).kind).toBe("ignore");
    expect(routeIngress(event({ bot_id: "B9", text: "<@U0BOT> status" }), ctx).kind).toBe("ignore");
  });

  it("gives the same thread to a redelivered mention and the same ingress job id", () => {
    const a = routeIngress(event({ text: "<@U0BOT> status" }), ctx);
    const b = routeIngress(event({ text: "<@U0BOT> status" }), ctx);
    expect(a).toEqual(b);
    expect(ingressJobId(event({}))).toBe("slack-ev-Ev1");
  });

  it("turns a button click that carries a resume target into one resume job per interrupt", () => {
    const value = encodeButtonValue({ graph: "merge", threadId: "gh:acme/shop#12", interruptId: "abc", choice: "approve" });
    expect(decodeButtonValue(value)).toEqual({ graph: "merge", threadId: "gh:acme/shop#12", interruptId: "abc", choice: "approve" });
    const click = (id: string): IngressJob => ({
      source: "slack",
      type: "interaction",
      teamId: "T1",
      user: "U0CAROL",
      kind: "block_actions",
      id,
      payload: { actions: [{ action_id: "merge_approve", value }], channel: { id: "C0GEN" }, container: { message_ts: "200.2" } },
    });
    const first = routeIngress(click("1"), ctx);
    const second = routeIngress(click("2"), ctx);
    expect(first).toMatchObject({
      kind: "graph",
      jobId: resumeJobId("gh:acme/shop#12", "abc"),
      job: { type: "resume", graph: "merge", interruptId: "abc", value: { choice: "approve", user: "U0CAROL", messageTs: "200.2" } },
    });
    expect(second).toEqual(first);
    expect(resumeJobId("gh:acme/shop#12", "abc")).not.toContain(":");
  });

  it("ignores buttons that do not resume anything, and says so", () => {
    const route = routeIngress(
      { source: "slack", type: "interaction", teamId: "T1", user: "U1", kind: "block_actions", id: "x", payload: { actions: [{ action_id: "open_pr", value: "https://github.com" }] } },
      ctx,
    );
    expect(route).toEqual({ kind: "ignore", reason: "button open_pr does not resume a run" });
    expect(decodeButtonValue("{not json")).toBeNull();
  });
});

describe("a message in a bug channel that mentions Shopfloor", () => {
  const ctx = { botUserId: "U0BOT", bugChannels: ["C0BUGS"], typeLabels: ["type:bug"], triageGithubIssues: true };
  const inBugs = (type: "message" | "app_mention", text: string): IngressJob => ({
    source: "slack",
    type: "event",
    teamId: "T1",
    eventId: `Ev-${type}`,
    retryNum: 0,
    event: { type, channel: "C0BUGS", user: "U0ALICE", ts: "300.1", text },
  });

  it("is read once, as a mention: a question is not filed as a bug, a report still is", () => {
    expect(routeIngress(inBugs("message", "<@U0BOT> why is #4 stuck?"), ctx).kind).toBe("ignore");
    expect(routeIngress(inBugs("app_mention", "<@U0BOT> why is #4 stuck?"), ctx)).toMatchObject({ kind: "graph", job: { graph: "explain" } });
    expect(routeIngress(inBugs("app_mention", "<@U0BOT> the cart crashes on Safari since this morning"), ctx)).toMatchObject({ kind: "graph", job: { graph: "triage", threadId: "slack:T1:C0BUGS:300.1" } });
    expect(routeIngress(inBugs("message", "the cart crashes on Safari since this morning"), ctx)).toMatchObject({ kind: "graph", job: { graph: "triage", threadId: "slack:T1:C0BUGS:300.1" } });
  });
});
