import { describe, expect, it } from "vitest";
import { auditLogGraph } from "../../graphs/audit-log/index.js";
import { routeIngress } from "../../src/jobs/route-ingress.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "../support/graph-harness.js";

const command = (args: string) =>
  ({ source: "slack", type: "command", teamId: "T1", channel: "C0GEN", user: "U0BOB", command: "/shopfloor", subcommand: "audit", args, responseUrl: "https://hooks.slack.com/commands/T1/1/x", triggerId: `tr-${args}` }) as const;

describe("/shopfloor audit log", () => {
  it("routes `audit log 12` to the audit log of #12, and a bare `audit` to the audit of recent runs", () => {
    const ctx = { botUserId: null, bugChannels: [], typeLabels: [], triageGithubIssues: false };
    expect(routeIngress(command("log #12"), ctx)).toMatchObject({ kind: "graph", job: { graph: "audit-log", input: { pr: 12, user: "U0BOB" } } });
    expect(routeIngress(command("log"), ctx)).toMatchObject({ kind: "graph", job: { graph: "audit-log", input: { user: "U0BOB" } } });
    expect(routeIngress(command(""), ctx)).toMatchObject({ kind: "graph", job: { graph: "audit", input: { via: "command", user: "U0BOB" } } });
  });

  it("answers privately with the PR's entries, newest first, naming who, what, the SHA and the policy", async () => {
    const f = fakeGraphDeps();
    await f.audit.append({ actor: "U0MALLORY", action: "merge.approve", subject: "pr#12", outcome: "refused", detail: { reason: "not an approver" } });
    await f.audit.append({ actor: "U0CAROL", actorGithub: "carol", action: "merge.merge", subject: "pr#12", outcome: "done", detail: { sha: "abcdef1234", risk: "low", policy: "approver click" } });
    await f.audit.append({ actor: "U0CAROL", action: "merge.merge", subject: "pr#13", outcome: "done" });
    await graphHarness(auditLogGraph, f.deps).start({ user: "U0BOB", responseUrl: "https://hooks.slack.com/commands/T1/1/x", pr: 12 });
    const [reply] = f.chat.responses;
    expect(reply).toMatchObject({ responseType: "ephemeral", text: "Audit log of #12: 2 entries, newest first." });
    const lines = JSON.stringify(reply!.blocks).split("\\n");
    expect(lines[0]).toContain("<@U0CAROL> (@carol) · `merge.merge` done · pr#12 · `abcdef1` · low risk · policy: approver click");
    expect(lines[1]).toContain("<@U0MALLORY> · `merge.approve` refused");
    expect(JSON.stringify(reply!.blocks)).not.toContain("pr#13");
  });
});
