import { describe, expect, it } from "vitest";
import {
  SEVERITY_LABELS,
  encodeReportBugMetadata,
  readReportBugMetadata,
  readReportBugSubmission,
  reportBugModal,
  type ViewBlock,
} from "../../../src/blocks/report-bug-modal.js";
import { parseView } from "../../../src/sandbox/fake-slack/validation.js";
import { javaViewSubmission, opsdroidViewSubmission, selectState, squarebotViewSubmission, submittedView, textState } from "./slack-samples.js";

const input = (blocks: ViewBlock[], id: string) => {
  const block = blocks.find((b) => b.block_id === id);
  if (!block) throw new Error(`no block ${id}`);
  return block as ViewBlock & { optional: boolean; label: { text: string }; element: Record<string, unknown> };
};

describe("reportBugModal", () => {
  const meta = encodeReportBugMetadata({ source: "message", channel: "C0BUGS", messageTs: "1700000000.000100", threadTs: "1700000000.000001" });
  const view = reportBugModal({ privateMetadata: meta });

  it("is the Report a bug modal the router expects, and Slack accepts it", () => {
    expect(view).toMatchObject({
      type: "modal",
      callback_id: "report_bug",
      title: { type: "plain_text", text: "Report a bug" },
      submit: { type: "plain_text", text: "Report" },
      private_metadata: meta,
    });
    expect(() => parseView(JSON.parse(JSON.stringify(view)), "modal")).not.toThrow();
    expect(view.blocks.map((b) => b.block_id)).toEqual(["title", "what", "expected", "steps", "severity"]);
  });

  it("has a required one-line title of at most 150 characters", () => {
    const title = input(view.blocks, "title");
    expect(title.optional).toBe(false);
    expect(title.element).toMatchObject({ type: "plain_text_input", action_id: "title", max_length: 150 });
    expect(title.element.multiline).toBeUndefined();
  });

  it("asks what happened (required), what was expected and the steps (optional), all multiline", () => {
    expect(input(view.blocks, "what")).toMatchObject({ optional: false, label: { text: "What happened?" }, element: { type: "plain_text_input", action_id: "what", multiline: true } });
    expect(input(view.blocks, "expected")).toMatchObject({ optional: true, label: { text: "What did you expect?" }, element: { action_id: "expected", multiline: true } });
    expect(input(view.blocks, "steps")).toMatchObject({ optional: true, label: { text: "Steps to reproduce" }, element: { action_id: "steps", multiline: true } });
  });

  it("offers P0..P3 with labels a reporter understands, and no preselection", () => {
    const severity = input(view.blocks, "severity");
    expect(severity).toMatchObject({ optional: true, label: { text: "How bad is it?" }, element: { type: "static_select", action_id: "severity" } });
    const options = severity.element.options as { value: string; text: { type: string; text: string } }[];
    expect(options.map((o) => [o.value, o.text.text])).toEqual([
      ["P0", "P0 — outage or data loss"],
      ["P1", "P1 — a main flow is broken"],
      ["P2", "P2 — broken, with a workaround"],
      ["P3", "P3 — cosmetic"],
    ]);
    expect(options.every((o) => o.text.type === "plain_text" && o.text.text.length <= 75)).toBe(true);
    expect(severity.element.initial_option).toBeUndefined();
  });

  it("pre-fills What happened? with a message, cut to Slack's 3,000 characters", () => {
    expect(input(reportBugModal({ privateMetadata: meta, prefill: "  The cart is empty after login  " }).blocks, "what").element.initial_value).toBe(
      "The cart is empty after login",
    );
    const long = reportBugModal({ privateMetadata: meta, prefill: "x".repeat(5000) });
    expect(input(long.blocks, "what").element.initial_value).toHaveLength(3000);
    expect(() => parseView(JSON.parse(JSON.stringify(long)), "modal")).not.toThrow();
    expect(input(view.blocks, "what").element.initial_value).toBeUndefined();
  });
});

describe("Report a bug private_metadata", () => {
  it("round-trips where the report came from", () => {
    const meta = { source: "message" as const, channel: "C0BUGS", messageTs: "1.000100", threadTs: "1.000001" };
    expect(readReportBugMetadata({ private_metadata: encodeReportBugMetadata(meta) })).toEqual(meta);
    expect(JSON.parse(encodeReportBugMetadata({ source: "global", channel: "C1" }))).toEqual({ source: "global", channel: "C1" });
  });

  it("reads a missing or foreign private_metadata as a global report", () => {
    expect(readReportBugMetadata(opsdroidViewSubmission().view)).toEqual({ source: "global" });
    expect(readReportBugMetadata({ private_metadata: "not json" })).toEqual({ source: "global" });
    expect(readReportBugMetadata(undefined)).toEqual({ source: "global" });
  });
});

describe("readReportBugSubmission on real view_submission payloads", () => {
  const samples = { opsdroid: opsdroidViewSubmission(), "java-slack-sdk": javaViewSubmission(), squarebot: squarebotViewSubmission() };

  for (const [name, sample] of Object.entries(samples)) {
    it(`reads a filled-in form (${name} payload shape)`, () => {
      const view = submittedView(sample, {
        callbackId: "report_bug",
        values: {
          title: textState("  Cart empties after login "),
          what: textState("I add two items, log in,\nand the cart is empty."),
          expected: textState("The items stay in the cart"),
          steps: textState("1. Add items\n2. Log in"),
          severity: selectState({ value: "P1", label: SEVERITY_LABELS.P1 }),
        },
      });
      expect(readReportBugSubmission(view)).toEqual({
        title: "Cart empties after login",
        what: "I add two items, log in,\nand the cart is empty.",
        expected: "The items stay in the cart",
        steps: "1. Add items\n2. Log in",
        severity: "P1",
      });
    });
  }

  it("reads untouched optional inputs (value null, selected_option null) as empty and no severity", () => {
    const view = submittedView(opsdroidViewSubmission(), {
      callbackId: "report_bug",
      values: { title: textState("Export fails"), what: textState("CSV export spins forever"), expected: textState(null), steps: textState(null), severity: selectState(null) },
    });
    const report = readReportBugSubmission(view);
    expect(report).toEqual({ title: "Export fails", what: "CSV export spins forever", expected: "", steps: "" });
    expect("severity" in report).toBe(false);
  });

  it("finds nothing in a view that is not ours (the samples' own state), rather than misreading it", () => {
    expect(readReportBugSubmission(opsdroidViewSubmission().view)).toEqual({ title: "", what: "", expected: "", steps: "" });
    expect(readReportBugSubmission(javaViewSubmission().view)).toEqual({ title: "", what: "", expected: "", steps: "" });
  });

  it("ignores a severity that is not one of ours", () => {
    const view = submittedView(squarebotViewSubmission(), {
      callbackId: "report_bug",
      values: { title: textState("t"), what: textState("w"), severity: selectState({ value: "P9", label: "P9" }) },
    });
    expect(readReportBugSubmission(view).severity).toBeUndefined();
  });
});
