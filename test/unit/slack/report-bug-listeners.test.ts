import { App, ReceiverMultipleAckError } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/core/logger.js";
import { encodeButtonValue } from "../../../src/core/button-value.js";
import type { IngressJob } from "../../../src/jobs/job-schemas.js";
import { VIEW_RULES, registerListeners } from "../../../src/slack/listeners/register-listeners.js";
import { reportBugRule, slackErrorCode } from "../../../src/slack/listeners/report-bug-shortcut.js";
import { ROUTED_SUBCOMMANDS } from "../../../src/slack/listeners/shopfloor-command.js";
import { MODAL_ACTION_IDS, triageDuplicateRule, triageSeverityRule } from "../../../src/slack/listeners/card-modals.js";
import { opsdroidViewSubmission, selectState, submittedView, textState } from "../blocks/slack-samples.js";

const report = (values: Record<string, string | null>) =>
  submittedView(opsdroidViewSubmission(), {
    callbackId: "report_bug",
    values: Object.fromEntries(Object.entries(values).map(([id, v]) => [id, textState(v)])),
  });

describe("edge validation of modal submissions", () => {
  it("Report a bug needs a title of at most 150 characters and a description", () => {
    expect(reportBugRule.validate(report({ title: "Cart empties", what: "After login the cart is empty" }))).toBeNull();
    expect(reportBugRule.validate(report({ title: null, what: null }))).toEqual({ title: expect.any(String), what: expect.any(String) });
    expect(Object.keys(reportBugRule.validate(report({ title: "  ", what: "x" })) ?? {})).toEqual(["title"]);
    expect(reportBugRule.validate(report({ title: "t".repeat(151), what: "x" }))?.title).toMatch(/150/);
    expect(Object.keys(reportBugRule.validate(report({ title: "Cart", what: " \n " })) ?? {})).toEqual(["what"]);
  });

  it("Change severity needs a pick; Duplicate needs an issue number or link", () => {
    const severity = (v: string | null) =>
      submittedView(opsdroidViewSubmission(), { callbackId: "triage_severity", values: { severity: selectState(v ? { value: v, label: v } : null) } });
    expect(triageSeverityRule.validate(severity("P0"))).toBeNull();
    expect(triageSeverityRule.validate(severity(null))).toEqual({ severity: "Pick a severity." });
    const duplicate = (v: string | null) => submittedView(opsdroidViewSubmission(), { callbackId: "triage_duplicate", values: { issue: textState(v) } });
    expect(triageDuplicateRule.validate(duplicate("https://github.com/acme/shop/issues/9"))).toBeNull();
    expect(Object.keys(triageDuplicateRule.validate(duplicate("the login one")) ?? {})).toEqual(["issue"]);
  });

  it("validates exactly the five modals the router reads, each pointing its queue error at one of its inputs", () => {
    expect(Object.keys(VIEW_RULES).sort()).toEqual(["merge_request_changes", "recap_edit_update", "report_bug", "triage_duplicate", "triage_severity"]);
    expect(Object.values(VIEW_RULES).map((r) => r.errorBlockId)).toEqual(["title", "severity", "issue", "reason", "text"]);
  });
});

/** Feeds a payload to the real listeners through Bolt's own dispatch, recording acks and jobs. */
async function dispatch(body: Record<string, unknown>) {
  const jobs: IngressJob[] = [];
  const acks: unknown[] = [];
  const app = new App({
    // An authorize function instead of a token: no auth.test call on the first event.
    authorize: async () => ({ botToken: "xoxb-test", botId: "B0SHOPBOT", botUserId: "U0SHOPBOT" }),
    signingSecret: "s",
    receiver: { init: () => {}, start: async () => {}, stop: async () => {} } as never,
    // views.open has nowhere to go here; a failing client call must not stop the ack.
    clientOptions: { slackApiUrl: "http://127.0.0.1:9/api/", retryConfig: { retries: 0 } },
  });
  registerListeners(app, { enqueue: async (job) => void jobs.push(job), logger: silentLogger });
  await app.processEvent({ body, ack: onceOnlyAck(acks) });
  return { jobs, acks };
}

const click = (actionId: string) => ({
  type: "block_actions",
  user: { id: "U0ALICE", username: "alice", name: "alice", team_id: "T0SHOPFLR" },
  team: { id: "T0SHOPFLR", domain: "shopfloor-sandbox" },
  api_app_id: "A0SHOPFLR",
  token: "t",
  trigger_id: "1.2.abc",
  container: { type: "message", message_ts: "1.000100", channel_id: "C0BUGS", is_ephemeral: false },
  channel: { id: "C0BUGS", name: "bugs" },
  actions: [
    {
      action_id: actionId,
      block_id: "triage_card",
      type: "button",
      text: { type: "plain_text", text: actionId },
      value: encodeButtonValue({ graph: "triage", threadId: "t-1", interruptId: "i-1", choice: "x" }),
      action_ts: "1.000200",
    },
  ],
});

describe("which listener takes a triage card click", () => {
  it("the modal buttons are acked once and not enqueued", async () => {
    expect([...MODAL_ACTION_IDS].sort()).toEqual(["merge_request_changes", "recap_update_edit", "triage_change_severity", "triage_duplicate_of"]);
    for (const id of MODAL_ACTION_IDS) {
      const { jobs, acks } = await dispatch(click(id));
      expect(acks).toHaveLength(1);
      expect(jobs).toEqual([]);
    }
  });

  it("the Not a bug button is enqueued by the generic listener", async () => {
    const { jobs, acks } = await dispatch(click("triage_not_bug"));
    expect(acks).toHaveLength(1);
    expect(jobs).toEqual([expect.objectContaining({ type: "interaction", kind: "block_actions", id: "triage_not_bug-1.000200" })]);
  });
});

describe("/shopfloor bug", () => {
  it("is routed", () => expect(ROUTED_SUBCOMMANDS.has("bug")).toBe(true));
});

describe("slackErrorCode", () => {
  it("takes Slack's error string from a Web API error, or the message", () => {
    expect(slackErrorCode(Object.assign(new Error("An API error occurred: expired_trigger_id"), { data: { ok: false, error: "expired_trigger_id" } }))).toBe("expired_trigger_id");
    expect(slackErrorCode(new Error("socket hang up"))).toBe("socket hang up");
  });
});

/** Records the acknowledgement; like Bolt's receivers, a second ack of the same request throws. */
function onceOnlyAck(acks: unknown[]) {
  return async (response?: unknown) => {
    if (acks.length > 0) throw new ReceiverMultipleAckError();
    acks.push(response);
  };
}
