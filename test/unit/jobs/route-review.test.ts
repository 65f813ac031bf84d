import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { reviewInput } from "../../../graphs/review/review-input.js";
import type { IngressJob } from "../../../src/jobs/job-schemas.js";
import { routeIngress } from "../../../src/jobs/route-ingress.js";

const ctx = { botUserId: "U0BOT", bugChannels: ["C0BUGS"], typeLabels: ["type:bug"], triageGithubIssues: true, repository: "acme/shop", reviewPullRequests: true };
const fixture = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, "../../fixtures/github", `${name}.json`), "utf8")) as Record<string, unknown>;
const github = (event: string, payload: Record<string, unknown>, deliveryId = "d-1"): IngressJob => ({
  source: "github",
  deliveryId,
  event,
  action: payload.action as string,
  payload,
});

describe("routing pull request deliveries to the review automation", () => {
  it.each(["opened", "synchronize", "ready_for_review", "reopened"])("starts a review on pull_request.%s, on the PR's own thread", (action) => {
    const payload = fixture(`pull_request.${action}`);
    const pr = payload.pull_request as { number: number };
    const repo = (payload.repository as { full_name: string }).full_name;
    const route = routeIngress(github("pull_request", payload), ctx);
    expect(route).toMatchObject({ kind: "graph", job: { type: "start", graph: "review", threadId: `gh-pr:${repo}#${pr.number}`, input: { pr: pr.number, trigger: { kind: action, id: "d-1" } } } });
    // What the router starts is what the graph accepts.
    expect(reviewInput.safeParse(route.kind === "graph" && route.job.type === "start" ? route.job.input : null).success).toBe(true);
  });

  it("gives each delivery its own job (a redelivery collapses, a new push does not)", () => {
    const payload = fixture("pull_request.synchronize");
    const a = routeIngress(github("pull_request", payload, "d-1"), ctx);
    const again = routeIngress(github("pull_request", payload, "d-1"), ctx);
    const next = routeIngress(github("pull_request", payload, "d-2"), ctx);
    expect(a.kind === "graph" && again.kind === "graph" && a.jobId === again.jobId).toBe(true);
    expect(a.kind === "graph" && next.kind === "graph" && a.jobId !== next.jobId).toBe(true);
  });

  it("ignores closed and labelled PRs, and everything when review is turned off", () => {
    expect(routeIngress(github("pull_request", fixture("pull_request.closed")), ctx).kind).toBe("ignore");
    expect(routeIngress(github("pull_request", fixture("pull_request.labeled")), ctx).kind).toBe("ignore");
    expect(routeIngress(github("pull_request", fixture("pull_request.opened")), { ...ctx, reviewPullRequests: false }).kind).toBe("ignore");
  });

  it("starts a full review for '@shopfloor review' in a PR comment, naming who asked; other comments and issue comments start nothing", () => {
    const onIssue = fixture("issue_comment.created");
    const issue = onIssue.issue as Record<string, unknown>;
    const comment = onIssue.comment as Record<string, unknown>;
    // The published sample is a comment on an issue; the same payload on a PR carries issue.pull_request.
    const onPr = { ...onIssue, issue: { ...issue, pull_request: { url: "https://api.github.com/repos/x/y/pulls/1" } }, comment: { ...comment, body: "Pushed a fix.\n@Shopfloor review" } };
    const route = routeIngress(github("issue_comment", onPr), ctx);
    expect(route).toMatchObject({ kind: "graph", job: { graph: "review", input: { pr: issue.number, full: true, trigger: { kind: "comment", by: (comment.user as { login: string }).login } } } });

    expect(routeIngress(github("issue_comment", { ...onPr, comment: { ...comment, body: "looks good" } }), ctx).kind).toBe("ignore");
    expect(routeIngress(github("issue_comment", { ...onIssue, comment: { ...comment, body: "@shopfloor review" } }), ctx)).toMatchObject({ kind: "ignore", reason: expect.stringContaining("not a pull request") });
    expect(routeIngress(github("issue_comment", { ...onPr, comment: { ...onPr.comment, user: { login: "ci", type: "Bot" } } }), ctx).kind).toBe("ignore");
  });

  it("starts a full review for /shopfloor review 123, answering where it was typed", () => {
    const job: IngressJob = {
      source: "slack",
      type: "command",
      teamId: "T1",
      channel: "C0GEN",
      user: "U0ALICE",
      command: "/shopfloor",
      subcommand: "review",
      args: "#123",
      responseUrl: "https://hooks.slack.com/commands/T1/1/abc",
      triggerId: "tr-1",
    };
    expect(routeIngress(job, ctx)).toMatchObject({
      kind: "graph",
      job: { graph: "review", threadId: "gh-pr:acme/shop#123", input: { pr: 123, full: true, slack: { channel: "C0GEN", user: "U0ALICE" } }, notify: { user: "U0ALICE" } },
    });
    expect(routeIngress({ ...job, args: "soon" }, ctx).kind).toBe("ignore");
  });
});
