import { describe, expect, it } from "vitest";
import { editUpdateModal, readEditUpdateSubmission } from "../../../src/blocks/card-modals.js";
import { publicUpdateCard, publicUpdateMessage, readPublicUpdateText } from "../../../src/blocks/recap-update-blocks.js";
import type { ViewBlock } from "../../../src/blocks/report-bug-modal.js";
import { decodeButtonValue, encodeButtonValue } from "../../../src/core/button-value.js";
import { parseBlocks, parseView } from "../../../src/sandbox/fake-slack/validation.js";
import { opsdroidViewSubmission, submittedView, textState } from "./slack-samples.js";

const THREAD = "recap:weekly:2031-03-17T08:00:00.000Z";
const buttonValue = encodeButtonValue({ graph: "recap", threadId: THREAD, interruptId: "slot:update-2", choice: "edit" });
const element = (blocks: ViewBlock[]) => (blocks[0] as unknown as { element: Record<string, unknown> }).element;
const DRAFT = "Checkout totals are right again & search is <faster>.\n• Thanks for your reports!";
const readable = (blocks: unknown) => JSON.stringify(blocks);

describe("publicUpdateCard", () => {
  it("shows the draft with Approve, Edit and Discard for the current slot; Slack accepts it", () => {
    const card = publicUpdateCard({ text: DRAFT, status: { kind: "waiting" }, buttons: { threadId: THREAD, slot: "slot:update-0" } });
    expect(card.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Public update for the week — draft", emoji: true } });
    expect(card.blocks[1]).toMatchObject({ block_id: "recap_update_text", text: { type: "mrkdwn", text: "Checkout totals are right again &amp; search is &lt;faster&gt;.\n• Thanks for your reports!" } });
    expect(readable(card.blocks)).toContain("Nothing is published until an approver approves it.");
    const actions = card.blocks.at(-1) as { elements: { action_id: string; value: string; style?: string; text: { text: string } }[] };
    expect(actions.elements.map((e) => [e.text.text, e.style, decodeButtonValue(e.value)])).toEqual([
      ["Approve", "primary", { graph: "recap", threadId: THREAD, interruptId: "slot:update-0", choice: "approve" }],
      ["Edit", undefined, { graph: "recap", threadId: THREAD, interruptId: "slot:update-0", choice: "edit" }],
      ["Discard", undefined, { graph: "recap", threadId: THREAD, interruptId: "slot:update-0", choice: "discard" }],
    ]);
    expect(card.text).toBe("Public update for the week — draft: Checkout totals are right again &amp; search is &lt;faster&gt;.\n• Thanks for your reports!");
    expect(() => parseBlocks(JSON.parse(JSON.stringify(card.blocks)), "message")).not.toThrow();
  });

  it("says who edited it, and after a decision drops the buttons but keeps the text", () => {
    expect(readable(publicUpdateCard({ text: DRAFT, status: { kind: "waiting", editedBy: "U0CAROL" }, buttons: { threadId: THREAD, slot: "slot:update-1" } }).blocks)).toContain(
      "Edited by <@U0CAROL>",
    );
    const cases = [
      [{ kind: "approved", by: "U0CAROL", publishedIn: "C0PUBLIC" }, "Approved by <@U0CAROL> and published in <#C0PUBLIC>"],
      [{ kind: "approved", by: "U0CAROL" }, "Approved by <@U0CAROL> — ready to publish"],
      [{ kind: "discarded", by: "U0DAVE" }, "Discarded by <@U0DAVE>"],
      [{ kind: "expired" }, "Expired: nobody approved this week's update"],
    ] as const;
    for (const [status, line] of cases) {
      const card = publicUpdateCard({ text: DRAFT, status, buttons: { threadId: THREAD, slot: "slot:update-1" } });
      expect(readable(card.blocks)).toContain(line);
      expect(card.text).toContain(line);
      expect(card.blocks.some((b) => b.type === "actions")).toBe(false);
      expect(readPublicUpdateText({ blocks: card.blocks })).toBe(DRAFT);
    }
  });

  it("the draft reads back exactly from the message Slack sends with a click; other messages have none", () => {
    const card = publicUpdateCard({ text: DRAFT, status: { kind: "waiting" }, buttons: { threadId: THREAD, slot: "slot:update-0" } });
    expect(readPublicUpdateText(JSON.parse(JSON.stringify({ type: "message", ts: "1.2", blocks: card.blocks })))).toBe(DRAFT);
    expect(readPublicUpdateText({ blocks: [{ type: "section", text: { type: "mrkdwn", text: "hi" } }] })).toBeNull();
    expect(readPublicUpdateText(undefined)).toBeNull();
  });

  it("publishes the text escaped, so it can ping or link nobody", () => {
    const message = publicUpdateMessage("Shipped <!channel> & <https://evil.example|this>");
    expect(message.text).toBe("Shipped &lt;!channel&gt; &amp; &lt;https://evil.example|this&gt;");
    expect(message.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: message.text } }]);
  });
});

describe("editUpdateModal", () => {
  it("carries the button's resume target and starts from the current draft; Slack accepts it", () => {
    const view = editUpdateModal({ privateMetadata: buttonValue, text: DRAFT });
    expect(view).toMatchObject({ type: "modal", callback_id: "recap_edit_update", private_metadata: buttonValue, submit: { text: "Save draft" } });
    expect(view.blocks).toHaveLength(1);
    expect(view.blocks[0]).toMatchObject({ type: "input", block_id: "text" });
    expect(element(view.blocks)).toEqual({ type: "plain_text_input", action_id: "text", multiline: true, max_length: 1200, initial_value: DRAFT });
    expect(() => parseView(JSON.parse(JSON.stringify(view)), "modal")).not.toThrow();
  });

  it("cuts a draft longer than the input allows, leaves an empty one empty, and refuses oversized metadata", () => {
    expect(element(editUpdateModal({ privateMetadata: buttonValue, text: "x".repeat(1500) }).blocks).initial_value).toBe("x".repeat(1200));
    expect(element(editUpdateModal({ privateMetadata: buttonValue, text: "" }).blocks).initial_value).toBeUndefined();
    expect(() => editUpdateModal({ privateMetadata: "x".repeat(3001), text: DRAFT })).toThrow(/3,000/);
  });
});

describe("readEditUpdateSubmission", () => {
  const read = (text: string | null) =>
    readEditUpdateSubmission(submittedView(opsdroidViewSubmission(), { callbackId: "recap_edit_update", privateMetadata: buttonValue, values: { text: textState(text) } }));

  it("reads the typed post from a real payload shape, trimmed", () => {
    expect(read("  Faster search.\nFewer checkout errors.\n")).toBe("Faster search.\nFewer checkout errors.");
  });

  it("is empty when the person emptied the input", () => {
    expect(read(null)).toBe("");
    expect(read(" \n ")).toBe("");
  });
});
