import { App, ReceiverMultipleAckError } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { publicUpdateCard } from "../../../src/blocks/recap-update-blocks.js";
import { decodeButtonValue } from "../../../src/core/button-value.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { IngressJob } from "../../../src/jobs/job-schemas.js";
import { MODAL_ACTION_IDS, editUpdateRule, openTriageCardModal } from "../../../src/slack/listeners/card-modals.js";
import { VIEW_RULES, registerListeners } from "../../../src/slack/listeners/register-listeners.js";
import { opsdroidViewSubmission, submittedView, textState } from "../blocks/slack-samples.js";

const THREAD = "recap:weekly:2031-03-17T08:00:00.000Z";
const DRAFT = "Checkout totals are right again & search is <faster>.\n• Thanks for your reports!";
const card = publicUpdateCard({ text: DRAFT, status: { kind: "waiting" }, buttons: { threadId: THREAD, slot: "slot:update-0" } });
const editButton = (card.blocks.at(-1) as { elements: { action_id: string; value: string }[] }).elements.find((e) => e.action_id === "recap_update_edit")!;

/** A click on the card's Edit as Slack sends it: the button, and the message it sits on. */
const click = {
  type: "block_actions",
  user: { id: "U0CAROL", username: "carol", name: "carol", team_id: "T0SHOPFLR" },
  team: { id: "T0SHOPFLR", domain: "shopfloor-sandbox" },
  api_app_id: "A0SHOPFLR",
  token: "t",
  trigger_id: "1.2.abc",
  response_url: "https://hooks.slack.test/actions/1",
  container: { type: "message", message_ts: "1.000100", channel_id: "C0MAINT", is_ephemeral: false },
  channel: { id: "C0MAINT", name: "maintainers" },
  message: { type: "message", ts: "1.000100", bot_id: "B0SHOPBOT", text: card.text, blocks: JSON.parse(JSON.stringify(card.blocks)) },
  actions: [{ ...editButton, block_id: "recap_update_actions", type: "button", text: { type: "plain_text", text: "Edit" }, action_ts: "1.000200" }],
};

describe("the public update card's Edit", () => {
  it("opens the edit form on the draft the clicked card shows, carrying the button's resume target", async () => {
    const opened: { trigger_id: string; view: Record<string, unknown> }[] = [];
    let acks = 0;
    const client = { views: { open: async (args: { trigger_id: string; view: Record<string, unknown> }) => void opened.push(args) } };
    const listener = openTriageCardModal({ enqueue: async () => {}, logger: silentLogger });
    await listener({ action: click.actions[0], ack: async () => void acks++, body: click, client, respond: async () => {} } as never);
    expect(acks).toBe(1);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.trigger_id).toBe("1.2.abc");
    expect(opened[0]!.view).toMatchObject({ callback_id: "recap_edit_update", private_metadata: editButton.value });
    expect(decodeButtonValue(String(opened[0]!.view.private_metadata))).toEqual({ graph: "recap", threadId: THREAD, interruptId: "slot:update-0", choice: "edit" });
    expect((opened[0]!.view.blocks as { element: { initial_value?: string } }[])[0]!.element.initial_value).toBe(DRAFT);
  });

  it("is acked once by the modal listener and not enqueued", async () => {
    expect(MODAL_ACTION_IDS.has("recap_update_edit")).toBe(true);
    const jobs: IngressJob[] = [];
    const acks: unknown[] = [];
    const app = new App({
      authorize: async () => ({ botToken: "xoxb-test", botId: "B0SHOPBOT", botUserId: "U0SHOPBOT" }),
      signingSecret: "s",
      receiver: { init: () => {}, start: async () => {}, stop: async () => {} } as never,
      // views.open has nowhere to go here; a failing client call must not stop the ack.
      clientOptions: { slackApiUrl: "http://127.0.0.1:9/api/", retryConfig: { retries: 0 } },
    });
    registerListeners(app, { enqueue: async (job) => void jobs.push(job), logger: silentLogger });
    await app.processEvent({ body: click, ack: onceOnlyAck(acks) });
    expect(acks).toHaveLength(1);
    expect(jobs).toEqual([]);
  });

  it("the form's submission needs a post of at most 1,200 characters", () => {
    const view = (text: string | null) => submittedView(opsdroidViewSubmission(), { callbackId: "recap_edit_update", values: { text: textState(text) } });
    expect(VIEW_RULES.recap_edit_update).toBe(editUpdateRule);
    expect(editUpdateRule.errorBlockId).toBe("text");
    expect(editUpdateRule.validate(view("Faster search this week."))).toBeNull();
    expect(Object.keys(editUpdateRule.validate(view(null)) ?? {})).toEqual(["text"]);
    expect(Object.keys(editUpdateRule.validate(view("  \n ")) ?? {})).toEqual(["text"]);
    expect(editUpdateRule.validate(view("x".repeat(1201)))?.text).toMatch(/1,200/);
  });
});

/** Records the acknowledgement; like Bolt's receivers, a second ack of the same request throws. */
function onceOnlyAck(acks: unknown[]) {
  return async (response?: unknown) => {
    if (acks.length > 0) throw new ReceiverMultipleAckError();
    acks.push(response);
  };
}
