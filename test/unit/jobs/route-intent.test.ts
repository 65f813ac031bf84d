import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/core/logger.js";
import type { IngressJob } from "../../../src/jobs/job-schemas.js";
import { routeIngress } from "../../../src/jobs/route-ingress.js";
import { mentionIntent, whyTarget } from "../../../src/jobs/route-intent.js";
import { shopfloorCommand } from "../../../src/slack/listeners/shopfloor-command.js";

describe("what a mention asks for", () => {
  it("reads a question about a stuck PR, by #number, bare number or GitHub link", () => {
    expect(mentionIntent("@Shopfloor why is #123 stuck?")).toEqual({ intent: "why", number: 123 });
    expect(mentionIntent("<@U0BOT> why is #123 stuck?")).toEqual({ intent: "why", number: 123 });
    expect(mentionIntent("why 123")).toEqual({ intent: "why", number: 123 });
    expect(mentionIntent("is 77 blocked?")).toEqual({ intent: "why", number: 77 });
    expect(mentionIntent("what is PR 45 waiting for, it has been a week and nobody has said anything")).toEqual({ intent: "why", number: 45 });
    expect(mentionIntent("can you look at <https://github.com/acme/shop/pull/321|this one>")).toEqual({ intent: "why", number: 321, repository: "acme/shop" });
    expect(mentionIntent("https://github.com/acme/shop/issues/9")).toEqual({ intent: "why", number: 9, repository: "acme/shop" });
  });

  it("does not take a number in a bug report for a PR", () => {
    expect(mentionIntent("why is checkout slow")).toEqual({ intent: "report" });
    expect(mentionIntent("why does checkout take 30 seconds")).toEqual({ intent: "report" });
    expect(mentionIntent("checkout has been stuck for a while now on order 9981 for every customer")).toEqual({ intent: "report" });
    expect(mentionIntent("the cart crashes when I pay")).toEqual({ intent: "report" });
  });

  it("reads commands from the first word", () => {
    expect(mentionIntent("status")).toEqual({ intent: "status" });
    expect(mentionIntent("Status please")).toEqual({ intent: "status" });
    expect(mentionIntent("recap weekly")).toEqual({ intent: "recap" });
    expect(mentionIntent("build 12")).toEqual({ intent: "build", number: 12 });
    expect(mentionIntent("build #12")).toEqual({ intent: "build", number: 12 });
    expect(mentionIntent("build")).toEqual({ intent: "build" });
    expect(mentionIntent("help")).toEqual({ intent: "help" });
    expect(mentionIntent("help why is #5 stuck")).toEqual({ intent: "help" });
    // A report that happens to start with "build" is still a report.
    expect(mentionIntent("build fails on main since this morning")).toEqual({ intent: "report" });
  });

  it("leaves short mentions it does not understand to help", () => {
    expect(mentionIntent("deploy?")).toEqual({ intent: "unknown" });
    expect(mentionIntent("why?")).toEqual({ intent: "unknown" });
    expect(mentionIntent("<@U0BOT>")).toEqual({ intent: "unknown" });
  });

  it("reads a question about a failed run of a named automation", () => {
    const run = (number: number, automation: string) => ({ intent: "why", number, about: "run", automation });
    expect(mentionIntent("<@U0BOT> why did the review of #123 fail?")).toEqual(run(123, "review"));
    expect(mentionIntent("@Shopfloor why did the build of issue 45 fail")).toEqual(run(45, "build"));
    expect(mentionIntent("what went wrong with the triage of #12")).toEqual(run(12, "triage"));
    expect(mentionIntent("why did verify fail on #7")).toEqual(run(7, "verify"));
    expect(mentionIntent("why did reviewing PR 123 break?")).toEqual(run(123, "review"));
    expect(mentionIntent("why do the reviews of #9 keep failing")).toEqual(run(9, "review"));
    expect(mentionIntent("how come #31's merge errored?")).toEqual(run(31, "merge"));
    expect(mentionIntent("why did the build of 45 fail")).toEqual(run(45, "build"));
    expect(mentionIntent("why did review 123 error?")).toEqual(run(123, "review"));
    expect(mentionIntent("what's wrong with the shepherd run of #8?")).toEqual(run(8, "shepherd"));
    expect(mentionIntent("why did the verification of https://github.com/acme/shop/pull/77 fail")).toEqual({ ...run(77, "verify"), repository: "acme/shop" });
  });

  it("keeps near misses what they were: a stuck PR is about the PR, a report stays a report", () => {
    // No failure: a question about the PR, as before.
    expect(mentionIntent("why is #12 stuck?")).toEqual({ intent: "why", number: 12 });
    expect(mentionIntent("why is the review of #12 stuck?")).toEqual({ intent: "why", number: 12 });
    // No automation named: about the PR.
    expect(mentionIntent("why did #12 fail?")).toEqual({ intent: "why", number: 12 });
    // "merged" describes the PR; it does not name the merge automation.
    expect(mentionIntent("why did #12 fail after it was merged?")).toEqual({ intent: "why", number: 12 });
    // An automation's name used for something else is not the automation.
    expect(mentionIntent("why does the review page error when I open PR 12")).toEqual({ intent: "why", number: 12 });
    // Not a question: someone telling, which is a report.
    expect(mentionIntent("the build of #45 failed")).toEqual({ intent: "report" });
    // Bug reports with counts, versions and timings stay reports.
    expect(mentionIntent("why did the build fail 3 times")).toEqual({ intent: "report" });
    expect(mentionIntent("why does the checkout build script fail with error 500 on node 18")).toEqual({ intent: "report" });
    expect(mentionIntent("why does the review of the checkout page fail for 30 users")).toEqual({ intent: "report" });
    expect(mentionIntent("build fails on main since this morning")).toEqual({ intent: "report" });
    // Commands win.
    expect(mentionIntent("build #12")).toEqual({ intent: "build", number: 12 });
    expect(mentionIntent("help why did the review of #5 fail")).toEqual({ intent: "help" });
  });

  it("reads the argument of /shopfloor why without needing a question word", () => {
    expect(whyTarget("123")).toEqual({ number: 123 });
    expect(whyTarget("#123")).toEqual({ number: 123 });
    expect(whyTarget("https://github.com/acme/shop/pull/8")).toEqual({ number: 8, repository: "acme/shop" });
    expect(whyTarget("")).toBeNull();
    expect(whyTarget("the flaky one")).toBeNull();
    expect(whyTarget("0")).toBeNull();
  });

  it("reads `/shopfloor why review 123` as a question about the review's run: the subcommand already asks why", () => {
    expect(whyTarget("review 123")).toEqual({ number: 123, about: "run", automation: "review" });
    expect(whyTarget("the build of #45")).toEqual({ number: 45, about: "run", automation: "build" });
    expect(whyTarget("#7 verify")).toEqual({ number: 7, about: "run", automation: "verify" });
    expect(whyTarget("review")).toBeNull();
  });
});

const ctx = { botUserId: "U0BOT", bugChannels: ["C0BUGS"], typeLabels: ["type:bug"], triageGithubIssues: true, repository: "acme/shop" };
const mention = (text: string, e: Record<string, unknown> = {}): IngressJob => ({
  source: "slack",
  type: "event",
  teamId: "T1",
  eventId: "Ev9",
  retryNum: 0,
  event: { type: "app_mention", channel: "C0GEN", user: "U0ALICE", ts: "100.1", text, ...e },
});

describe("routing mentions by intent", () => {
  it("starts explain for '@Shopfloor why is #123 stuck?', answering in the mention's thread", () => {
    expect(routeIngress(mention("<@U0BOT> why is #123 stuck?"), ctx)).toEqual({
      kind: "graph",
      jobId: "run-explain-Ev9",
      job: {
        type: "start",
        graph: "explain",
        threadId: "slack-req:T1:C0GEN-100.1",
        input: { via: "mention", number: 123, channel: "C0GEN", user: "U0ALICE", messageTs: "100.1" },
        notify: { channel: "C0GEN", threadTs: "100.1", user: "U0ALICE" },
      },
    });
  });

  it("passes a question about a failed run on to explain with its automation", () => {
    expect(routeIngress(mention("<@U0BOT> why did the review of #123 fail?"), ctx)).toMatchObject({
      kind: "graph",
      job: { graph: "explain", input: { via: "mention", number: 123, about: "run", automation: "review", channel: "C0GEN", messageTs: "100.1" } },
    });
    const command: IngressJob = {
      source: "slack",
      type: "command",
      teamId: "T1",
      channel: "C0GEN",
      user: "U0ALICE",
      command: "/shopfloor",
      subcommand: "why",
      args: "review 123",
      responseUrl: "https://hooks.slack.test/cmd/8",
      triggerId: "trig.8",
    };
    expect(routeIngress(command, ctx)).toMatchObject({ job: { graph: "explain", input: { via: "command", number: 123, about: "run", automation: "review" } } });
  });

  it("passes the repository of a PR link on, so explain can say when it is not the one it looks after", () => {
    const route = routeIngress(mention("<@U0BOT> <https://github.com/other/repo/pull/5>"), ctx);
    expect(route).toMatchObject({ job: { graph: "explain", input: { number: 5, repository: "other/repo" } } });
  });

  it("starts a build from `build 12` and a recap from `recap weekly`, answers a bare build with help, and keeps long mentions as reports", () => {
    expect(routeIngress(mention("<@U0BOT> recap weekly"), ctx)).toMatchObject({ job: { graph: "recap", input: { period: "weekly", via: "mention" } } });
    expect(routeIngress(mention("<@U0BOT> build 12"), ctx)).toMatchObject({
      job: { graph: "build", threadId: "gh-issue:acme/shop#12:build", input: { mode: "build", issue: 12, trigger: { kind: "mention" }, slack: { channel: "C0GEN", threadTs: expect.any(String) } } },
    });
    expect(routeIngress(mention("<@U0BOT> build"), ctx)).toMatchObject({ job: { graph: "help", input: { unknown: "build" } } });
    expect(routeIngress(mention("<@U0BOT> help"), ctx)).toMatchObject({ job: { graph: "help", input: { channel: "C0GEN" } } });
    expect(routeIngress(mention("<@U0BOT> help"), ctx)).not.toMatchObject({ job: { input: { unknown: expect.anything() } } });
    expect(routeIngress(mention("<@U0BOT> why is checkout slow"), ctx)).toMatchObject({ job: { graph: "triage", input: { via: "mention", text: "why is checkout slow" } } });
    expect(routeIngress(mention("<@U0BOT> status"), ctx)).toMatchObject({ job: { graph: "status", input: { via: "mention" } } });
  });

  it("keeps a mention in a thread a reply to that thread's run", () => {
    const route = routeIngress(mention("<@U0BOT> why is #123 stuck?", { ts: "100.5", thread_ts: "100.1" }), ctx);
    expect(route).toMatchObject({ job: { type: "signal", value: { kind: "reply" } } });
  });

  it("starts explain for /shopfloor why 123, answering through the command's response_url", () => {
    const command: IngressJob = {
      source: "slack",
      type: "command",
      teamId: "T1",
      channel: "C0GEN",
      user: "U0ALICE",
      command: "/shopfloor",
      subcommand: "why",
      args: "#123",
      responseUrl: "https://hooks.slack.test/cmd/7",
      triggerId: "trig.7",
    };
    expect(routeIngress(command, ctx)).toEqual({
      kind: "graph",
      jobId: "run-explain-trig.7",
      job: {
        type: "start",
        graph: "explain",
        threadId: "slack-req:T1:trig.7",
        input: { via: "command", number: 123, channel: "C0GEN", user: "U0ALICE", responseUrl: "https://hooks.slack.test/cmd/7" },
        notify: { responseUrl: "https://hooks.slack.test/cmd/7", user: "U0ALICE" },
      },
    });
    expect(routeIngress({ ...command, args: "" }, ctx)).toMatchObject({ kind: "ignore" });
  });
});

describe("/shopfloor why at the edge", () => {
  async function command(text: string) {
    const enqueued: IngressJob[] = [];
    const acks: unknown[] = [];
    const listener = shopfloorCommand({ enqueue: async (job) => void enqueued.push(job), logger: silentLogger });
    await listener({
      command: { text, team_id: "T1", channel_id: "C0GEN", user_id: "U0ALICE", command: "/shopfloor", response_url: "https://hooks.slack.test/cmd/1", trigger_id: "trig.1" },
      body: { team_id: "T1" },
      ack: async (a?: unknown) => void acks.push(a),
    } as never);
    return { enqueued, ack: acks[0] as { response_type?: string; text?: string } | undefined };
  }

  it("with a PR number: enqueues the command and says the answer comes in the channel", async () => {
    const { enqueued, ack } = await command("why #123");
    expect(enqueued).toEqual([expect.objectContaining({ subcommand: "why", args: "#123", responseUrl: "https://hooks.slack.test/cmd/1" })]);
    expect(ack).toMatchObject({ response_type: "ephemeral", text: "Looking into #123 — the answer will be posted in this channel." });
  });

  it("without one: explains the usage and enqueues nothing", async () => {
    const { enqueued, ack } = await command("why the login PR");
    expect(enqueued).toEqual([]);
    expect(ack?.text).toContain("Usage: `/shopfloor why <PR number>`");
  });
});
