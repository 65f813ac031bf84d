import { readFileSync } from "node:fs";
import examples from "@octokit/webhooks-examples" with { type: "json" };
import { describe, expect, it } from "vitest";
import { encodeButtonValue } from "../../../src/core/button-value.js";
import type { IngressJob } from "../../../src/jobs/job-schemas.js";
import { routeIngress } from "../../../src/jobs/route-ingress.js";

/** Real payloads Slack sent (test/fixtures/slack/SOURCES.md). */
const sample = (path: string) => JSON.parse(readFileSync(new URL(`../../fixtures/slack/${path.split("/").pop()}`, import.meta.url), "utf8")) as Record<string, unknown>;
const fromEnvelope = (envelope: Record<string, unknown>, patch: Record<string, unknown> = {}): IngressJob => ({
  source: "slack",
  type: "event",
  teamId: String(envelope.team_id),
  eventId: String(envelope.event_id ?? "Ev0SAMPLE"),
  retryNum: 0,
  event: { ...(envelope.event as Record<string, unknown>), ...patch } as never,
});

const message = sample("squarebot/message.channels.json");
const channel = (message.event as { channel: string }).channel;
const ctx = { botUserId: "U0LAN0Z89", bugChannels: [channel], typeLabels: ["type:bug", "type:feature"], triageGithubIssues: true };

describe("routing bug reports to triage", () => {
  it("starts triage for a top-level message in a bug channel, keyed by its Slack thread", () => {
    const route = routeIngress(fromEnvelope(message), ctx);
    expect(route).toMatchObject({
      kind: "graph",
      job: { type: "start", graph: "triage", threadId: `slack:T061EG9R6:${channel}:1355517523.000005`, input: { source: "slack", via: "message", text: "Live long and prospect." } },
    });
    // The same message as an app_mention (Slack sends both) lands on the same run.
    const mention = routeIngress(fromEnvelope(message, { type: "app_mention", text: "<@U0LAN0Z89> the cart crashes when I pay" }), ctx);
    expect(mention.kind === "graph" && route.kind === "graph" && mention.jobId === route.jobId).toBe(true);
  });

  it("ignores messages outside the bug channels, bot messages, and short mentions (help)", () => {
    expect(routeIngress(fromEnvelope(message, { channel: "C0OTHER" }), ctx)).toMatchObject({ kind: "ignore" });
    expect(routeIngress(fromEnvelope(sample("squarebot/bot_message.json")), ctx)).toMatchObject({ kind: "ignore" });
    const mention = sample("squarebot/app_mention.json");
    expect(routeIngress(fromEnvelope(mention), ctx)).toMatchObject({ kind: "graph", job: { graph: "triage", input: { via: "mention", text: "What is the hour of the pearl, ?" } } });
    expect(routeIngress(fromEnvelope(mention, { text: "<@U0LAN0Z89> help" }), ctx)).toMatchObject({ job: { graph: "help" } });
  });

  it("sends an edit of the report to the run waiting in its thread", () => {
    const changed = sample("opsdroid/payload_message_message_changed.json");
    const route = routeIngress(fromEnvelope(changed), ctx);
    expect(route).toMatchObject({
      kind: "graph",
      job: { type: "signal", graph: "triage", threadId: "slack:T01ND2P8N91:C01N9PM1D53:1613632675.006300", value: { kind: "edited", text: "this is an edited message" } },
    });
  });

  it("sends a thread reply and a deletion to the run of that thread", () => {
    const reply = routeIngress(fromEnvelope(message, { ts: "1355517600.000001", thread_ts: "1355517523.000005", text: "it happens on Safari" }), ctx);
    expect(reply).toMatchObject({ job: { type: "signal", value: { kind: "reply", text: "it happens on Safari" }, threadId: `slack:T061EG9R6:${channel}:1355517523.000005` } });
    const deleted = routeIngress(fromEnvelope(message, { subtype: "message_deleted", deleted_ts: "1355517523.000005", user: undefined }), ctx);
    expect(deleted).toMatchObject({ job: { type: "signal", value: { kind: "deleted" } } });
  });

  it("starts triage from /shopfloor bug, posting the report in the first bug channel", () => {
    const route = routeIngress(
      { source: "slack", type: "command", teamId: "T1", channel: "C0GEN", user: "U0ALICE", command: "/shopfloor", subcommand: "bug", args: "cart is empty after login", responseUrl: "https://hooks.slack.com/commands/1/2/3", triggerId: "13345224609.738474920.8088930838d88f008e0" },
      ctx,
    );
    expect(route).toMatchObject({ job: { graph: "triage", input: { via: "command", postIn: channel, text: "cart is empty after login" } } });
  });

  it("starts triage from the Report a bug modal, and signals the run from the card's modals", () => {
    const view = (callbackId: string, privateMetadata: string, values: Record<string, Record<string, unknown>>) => ({
      source: "slack" as const,
      type: "interaction" as const,
      teamId: "T1",
      user: "U0BOB",
      kind: "view_submission" as const,
      id: "V123",
      payload: { type: "view_submission", view: { id: "V123", callback_id: callbackId, private_metadata: privateMetadata, state: { values } } },
    });
    const report = routeIngress(
      view("report_bug", JSON.stringify({ source: "global" }), {
        title: { title: { type: "plain_text_input", value: "Cart empties" } },
        what: { what: { type: "plain_text_input", value: "After login the cart is empty" } },
        expected: { expected: { type: "plain_text_input", value: null } },
        steps: { steps: { type: "plain_text_input", value: null } },
        severity: { severity: { type: "static_select", selected_option: { value: "P1" } } },
      }),
      ctx,
    );
    expect(report).toMatchObject({ job: { graph: "triage", input: { via: "shortcut", postIn: channel, form: { title: "Cart empties", what: "After login the cart is empty", severity: "P1" } } } });

    const target = encodeButtonValue({ graph: "triage", threadId: "slack:T1:C0BUGS:1.1", interruptId: "slot:card-0", choice: "severity" });
    const severity = routeIngress(view("triage_severity", target, { severity: { severity: { type: "static_select", selected_option: { value: "P3" } } } }), ctx);
    expect(severity).toMatchObject({ job: { type: "signal", threadId: "slack:T1:C0BUGS:1.1", value: { choice: "severity", severity: "P3", slot: "slot:card-0", user: "U0BOB" } } });
  });

  it("triages GitHub issues people open without a type label, and leaves the others alone", () => {
    const opened = (examples as unknown as { name: string; examples: Record<string, unknown>[] }[]).find((e) => e.name === "issues")!.examples.find((x) => x.action === "opened")!;
    const job = (payload: Record<string, unknown>): IngressJob => ({ source: "github", deliveryId: "d1", event: "issues", action: "opened", payload });
    expect(routeIngress(job(opened), ctx)).toMatchObject({ job: { graph: "triage", threadId: "gh-issue:Codertocat/Hello-World#1", input: { source: "github", issueNumber: 1 } } });
    const issue = opened.issue as Record<string, unknown>;
    expect(routeIngress(job({ ...opened, issue: { ...issue, labels: [{ name: "type:bug" }] } }), ctx)).toMatchObject({ kind: "ignore" });
    expect(routeIngress(job({ ...opened, issue: { ...issue, user: { login: "shopfloor[bot]", type: "Bot" } } }), ctx)).toMatchObject({ kind: "ignore" });
    expect(routeIngress(job(opened), { ...ctx, triageGithubIssues: false })).toMatchObject({ kind: "ignore" });
  });
});
