import { describe, expect, it } from "vitest";
import { SEVERITY_LABELS, type ViewBlock } from "../../../src/blocks/report-bug-modal.js";
import {
  duplicateModal,
  parseIssueReference,
  readDuplicateSubmission,
  readSeveritySubmission,
  severityModal,
} from "../../../src/blocks/card-modals.js";
import { encodeButtonValue } from "../../../src/core/button-value.js";
import { parseView } from "../../../src/sandbox/fake-slack/validation.js";
import { opsdroidViewSubmission, selectState, squarebotViewSubmission, submittedView, textState } from "./slack-samples.js";

const buttonValue = encodeButtonValue({ graph: "triage", threadId: "triage:T0SHOPFLR:C0BUGS-1.000100", interruptId: "int-7f3a", choice: "change_severity" });
const element = (blocks: ViewBlock[]) => (blocks[0] as unknown as { element: Record<string, unknown> }).element;

describe("severityModal", () => {
  it("carries the button's resume target and offers P0..P3; Slack accepts it", () => {
    const view = severityModal({ privateMetadata: buttonValue });
    expect(view).toMatchObject({ type: "modal", callback_id: "triage_severity", private_metadata: buttonValue });
    expect(view.blocks).toHaveLength(1);
    expect(view.blocks[0]).toMatchObject({ type: "input", block_id: "severity", optional: false });
    expect(element(view.blocks)).toMatchObject({ type: "static_select", action_id: "severity" });
    expect((element(view.blocks).options as { value: string }[]).map((o) => o.value)).toEqual(["P0", "P1", "P2", "P3"]);
    expect(element(view.blocks).initial_option).toBeUndefined();
    expect(() => parseView(JSON.parse(JSON.stringify(view)), "modal")).not.toThrow();
  });

  it("starts at the current severity when it is known, and ignores one that is not a severity", () => {
    expect(element(severityModal({ privateMetadata: buttonValue, current: "P2" }).blocks).initial_option).toEqual({
      text: { type: "plain_text", text: SEVERITY_LABELS.P2, emoji: true },
      value: "P2",
    });
    expect(element(severityModal({ privateMetadata: buttonValue, current: "urgent" }).blocks).initial_option).toBeUndefined();
  });

  it("refuses private_metadata longer than Slack allows", () => {
    expect(() => severityModal({ privateMetadata: "x".repeat(3001) })).toThrow(/3,000/);
  });
});

describe("duplicateModal", () => {
  it("asks for one issue by number or link; Slack accepts it", () => {
    const view = duplicateModal({ privateMetadata: buttonValue });
    expect(view).toMatchObject({ type: "modal", callback_id: "triage_duplicate", private_metadata: buttonValue });
    expect(view.blocks[0]).toMatchObject({
      type: "input",
      block_id: "issue",
      optional: false,
      label: { type: "plain_text", text: "Duplicate of issue (number or link)" },
    });
    expect(element(view.blocks)).toMatchObject({ type: "plain_text_input", action_id: "issue" });
    expect(() => parseView(JSON.parse(JSON.stringify(view)), "modal")).not.toThrow();
  });
});

describe("readSeveritySubmission", () => {
  it("reads the picked severity from a real payload shape", () => {
    for (const sample of [squarebotViewSubmission(), opsdroidViewSubmission()]) {
      const view = submittedView(sample, { callbackId: "triage_severity", privateMetadata: buttonValue, values: { severity: selectState({ value: "P1", label: SEVERITY_LABELS.P1 }) } });
      expect(readSeveritySubmission(view)).toBe("P1");
    }
  });

  it("is null when nothing (or something foreign) was picked", () => {
    expect(readSeveritySubmission(submittedView(opsdroidViewSubmission(), { callbackId: "triage_severity", values: { severity: selectState(null) } }))).toBeNull();
    expect(readSeveritySubmission(submittedView(opsdroidViewSubmission(), { callbackId: "triage_severity", values: { severity: selectState({ value: "high", label: "High" }) } }))).toBeNull();
    expect(readSeveritySubmission(squarebotViewSubmission().view)).toBeNull();
  });
});

describe("readDuplicateSubmission", () => {
  const read = (text: string | null) =>
    readDuplicateSubmission(submittedView(opsdroidViewSubmission(), { callbackId: "triage_duplicate", privateMetadata: buttonValue, values: { issue: textState(text) } }));

  it("accepts #123, 123 and GitHub issue links", () => {
    expect(read("#123")).toBe(123);
    expect(read(" 123 ")).toBe(123);
    expect(read("https://github.com/acme/shop/issues/123")).toBe(123);
    expect(read("https://github.com/acme/shop.js/issues/45/")).toBe(45);
    expect(read("https://github.com/acme/shop/issues/45#issuecomment-99")).toBe(45);
    expect(read("https://github.example.com/acme/shop/issues/7")).toBe(7);
  });

  it("refuses anything that is not one issue", () => {
    for (const text of [null, "", "#", "#0", "abc", "12 and 13", "#-4", "https://github.com/acme/shop/pull/123", "https://github.com/acme/shop/issues", "https://github.com/acme/shop/issues/12/comments", "ftp://github.com/acme/shop/issues/1", "99999999999"]) {
      expect(read(text), String(text)).toBeNull();
    }
  });

  it("parseIssueReference is the same rule on plain text", () => {
    expect(parseIssueReference("#8")).toBe(8);
    expect(parseIssueReference("issue 8")).toBeNull();
  });
});
