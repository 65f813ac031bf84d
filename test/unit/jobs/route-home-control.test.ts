import { describe, expect, it } from "vitest";
import { controlArgs } from "../../../graphs/automation-control/automation-control-input.js";
import type { IngressJob } from "../../../src/jobs/job-schemas.js";
import { routeIngress } from "../../../src/jobs/route-ingress.js";

const ctx = { botUserId: "U0BOT", bugChannels: ["C0BUGS"], typeLabels: ["type:bug"], triageGithubIssues: true };
const RESPONSE_URL = "https://hooks.slack.com/commands/T1/1/x";
const command = (subcommand: string, args: string): IngressJob => ({
  source: "slack",
  type: "command",
  teamId: "T1",
  channel: "C0GEN",
  user: "U0CAROL",
  command: "/shopfloor",
  subcommand,
  args,
  responseUrl: RESPONSE_URL,
  triggerId: "trig.1",
});
const homeOpened = (tab: string): IngressJob => ({
  source: "slack",
  type: "event",
  teamId: "T1",
  eventId: "Ev9",
  retryNum: 0,
  event: { type: "app_home_opened", user: "U0ALICE", channel: "D0ALICE", tab },
});
const click = (actionId: string, value: string | undefined): IngressJob => ({
  source: "slack",
  type: "interaction",
  teamId: "T1",
  user: "U0CAROL",
  kind: "block_actions",
  id: `${actionId}-1700000000.5`,
  payload: { type: "block_actions", view: { type: "home" }, actions: [{ action_id: actionId, ...(value !== undefined ? { value } : {}) }] },
});
const mention = (text: string): IngressJob => ({
  source: "slack",
  type: "event",
  teamId: "T1",
  eventId: "Ev3",
  retryNum: 0,
  event: { type: "app_mention", channel: "C0GEN", user: "U0ALICE", ts: "100.1", text },
});

describe("routing the App Home", () => {
  it("draws the Home tab of whoever opened it, once per event, and ignores the Messages tab", () => {
    expect(routeIngress(homeOpened("home"), ctx)).toEqual({
      kind: "graph",
      jobId: "run-home-Ev9",
      job: { type: "start", graph: "home", threadId: "slack-req:T1:Ev9", input: { user: "U0ALICE" }, notify: { user: "U0ALICE" } },
    });
    expect(routeIngress(homeOpened("messages"), ctx)).toMatchObject({ kind: "ignore" });
  });

  it("sends the Home tab's Pause and Resume clicks to the control graph, one run per click", () => {
    expect(routeIngress(click("automation_pause", "build"), ctx)).toEqual({
      kind: "graph",
      jobId: "run-automation-control-automation_pause-1700000000.5",
      job: {
        type: "start",
        graph: "automation-control",
        threadId: "slack-req:T1:automation_pause-1700000000.5",
        input: { action: "pause", automation: "build", user: "U0CAROL", via: "home" },
        notify: { user: "U0CAROL" },
      },
    });
    expect(routeIngress(click("automation_resume", "build"), ctx)).toMatchObject({ job: { input: { action: "resume", automation: "build", via: "home" } } });
    expect(routeIngress(click("automation_pause", undefined), ctx).kind).toBe("ignore");
  });
});

describe("routing /shopfloor pause and resume", () => {
  it("pauses with the reason as typed and answers through the response_url", () => {
    expect(routeIngress(command("pause", "Build  waiting for the release, see #ops"), ctx)).toEqual({
      kind: "graph",
      jobId: "run-automation-control-trig.1",
      job: {
        type: "start",
        graph: "automation-control",
        threadId: "slack-req:T1:trig.1",
        input: { action: "pause", automation: "build", reason: "waiting for the release, see #ops", user: "U0CAROL", via: "command", channel: "C0GEN", responseUrl: RESPONSE_URL },
        notify: { responseUrl: RESPONSE_URL, user: "U0CAROL" },
      },
    });
    expect(routeIngress(command("resume", "build"), ctx)).toMatchObject({ job: { input: { action: "resume", automation: "build", via: "command" } } });
    expect(routeIngress(command("resume", "build"), ctx)).not.toMatchObject({ job: { input: { reason: expect.anything() } } });
    expect(routeIngress(command("pause", "  "), ctx).kind).toBe("ignore");
  });

  it("reads the name as people write it", () => {
    expect(controlArgs("*build*")).toEqual({ automation: "build" });
    expect(controlArgs("`review`, flaky model")).toEqual({ automation: "review", reason: "flaky model" });
    expect(controlArgs("")).toBeNull();
  });
});

describe("routing recaps", () => {
  it("sends /shopfloor recap [daily|weekly] to the recap graph, posted in the channel it was asked in", () => {
    expect(routeIngress(command("recap", ""), ctx)).toMatchObject({
      kind: "graph",
      jobId: "run-recap-trig.1",
      job: { graph: "recap", input: { period: "daily", via: "command", channel: "C0GEN", user: "U0CAROL", responseUrl: RESPONSE_URL } },
    });
    expect(routeIngress(command("recap", "weekly"), ctx)).toMatchObject({ job: { graph: "recap", input: { period: "weekly" } } });
    expect(routeIngress(command("recap", "monthly"), ctx).kind).toBe("ignore");
  });

  it("sends an @Shopfloor recap to the recap graph instead of help", () => {
    expect(routeIngress(mention("<@U0BOT> recap weekly"), ctx)).toMatchObject({
      kind: "graph",
      jobId: "run-recap-Ev3",
      job: { graph: "recap", input: { period: "weekly", via: "mention", channel: "C0GEN", user: "U0ALICE", messageTs: "100.1" } },
    });
    expect(routeIngress(mention("<@U0BOT> recap"), ctx)).toMatchObject({ job: { graph: "recap", input: { period: "daily" } } });
  });
});
