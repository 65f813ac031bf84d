import { plainText as plain } from "./mrkdwn.js";

/**
 * The "Report a bug" modal (shortcuts and `/shopfloor bug` without text) and the readers the router uses
 * on its submission. Pure: no SDK types, so graphs may import it too. The block ids double as action ids,
 * which is what `view.state.values[blockId][actionId]` is keyed by.
 */

export interface PlainText {
  type: "plain_text";
  text: string;
  emoji?: boolean;
}

/** A Block Kit block as sent to Slack (structurally a `@slack/types` Block). */
export interface ViewBlock {
  type: string;
  block_id?: string;
  [key: string]: unknown;
}

/** A modal view definition for `views.open` (structurally a `@slack/types` ModalView). */
export interface View {
  type: "modal";
  callback_id: string;
  title: PlainText;
  submit?: PlainText;
  close?: PlainText;
  private_metadata?: string;
  blocks: ViewBlock[];
}

export const REPORT_BUG_CALLBACK_ID = "report_bug";

/** Block ids (= action ids) of the modal's inputs. */
export const REPORT_BUG_FIELDS = {
  title: "title",
  what: "what",
  expected: "expected",
  steps: "steps",
  severity: "severity",
} as const;

export const TITLE_MAX_LENGTH = 150;
/** Slack's limit for a plain_text_input (also the limit of its initial_value). */
export const TEXT_INPUT_MAX_LENGTH = 3000;
/** Slack's limit for `private_metadata`. */
export const PRIVATE_METADATA_MAX_LENGTH = 3000;

export const SEVERITIES = ["P0", "P1", "P2", "P3"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What each severity means to a reporter; the labels are Slack option texts (≤ 75 characters). */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  P0: "P0 — outage or data loss",
  P1: "P1 — a main flow is broken",
  P2: "P2 — broken, with a workaround",
  P3: "P3 — cosmetic",
};

/** Where the report came from, carried through the modal so the router knows where to answer. */
export interface ReportBugMetadata {
  source: "global" | "message";
  channel?: string;
  messageTs?: string;
  threadTs?: string;
}

export interface ReportBugSubmission {
  title: string;
  what: string;
  /** "" when left empty. */
  expected: string;
  /** "" when left empty. */
  steps: string;
  severity?: Severity;
}


export function severityOption(s: Severity): { text: PlainText; value: Severity } {
  return { text: plain(SEVERITY_LABELS[s]), value: s };
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === "string" && (SEVERITIES as readonly string[]).includes(value);
}

export function encodeReportBugMetadata(meta: ReportBugMetadata): string {
  const value = JSON.stringify({
    source: meta.source,
    ...(meta.channel ? { channel: meta.channel } : {}),
    ...(meta.messageTs ? { messageTs: meta.messageTs } : {}),
    ...(meta.threadTs ? { threadTs: meta.threadTs } : {}),
  });
  if (value.length > PRIVATE_METADATA_MAX_LENGTH) throw new Error("private_metadata longer than Slack's 3,000 characters");
  return value;
}

/** The metadata of a submitted Report a bug modal; `{ source: "global" }` when it is missing or not ours. */
export function readReportBugMetadata(view: unknown): ReportBugMetadata {
  const raw = isRecord(view) && typeof view.private_metadata === "string" ? view.private_metadata : "";
  let parsed: unknown;
  try {
    parsed = raw ? JSON.parse(raw) : {};
  } catch {
    parsed = {};
  }
  const p = isRecord(parsed) ? parsed : {};
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const channel = str(p.channel);
  const messageTs = str(p.messageTs);
  const threadTs = str(p.threadTs);
  return {
    source: p.source === "message" ? "message" : "global",
    ...(channel ? { channel } : {}),
    ...(messageTs ? { messageTs } : {}),
    ...(threadTs ? { threadTs } : {}),
  };
}

function textInput(opts: {
  id: string;
  label: string;
  optional?: boolean;
  multiline?: boolean;
  maxLength?: number;
  placeholder?: string;
  hint?: string;
  initialValue?: string;
}): ViewBlock {
  return {
    type: "input",
    block_id: opts.id,
    label: plain(opts.label),
    optional: opts.optional ?? false,
    element: {
      type: "plain_text_input",
      action_id: opts.id,
      ...(opts.multiline ? { multiline: true } : {}),
      max_length: opts.maxLength ?? TEXT_INPUT_MAX_LENGTH,
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder) } : {}),
      ...(opts.initialValue ? { initial_value: opts.initialValue } : {}),
    },
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
  };
}

/** The severity picker shared by the report modal and the triage card's "Change severity" modal. */
export function severitySelect(opts: { label: string; optional: boolean; current?: Severity; hint?: string }): ViewBlock {
  return {
    type: "input",
    block_id: REPORT_BUG_FIELDS.severity,
    label: plain(opts.label),
    optional: opts.optional,
    element: {
      type: "static_select",
      action_id: REPORT_BUG_FIELDS.severity,
      placeholder: plain("Pick one"),
      options: SEVERITIES.map(severityOption),
      ...(opts.current ? { initial_option: severityOption(opts.current) } : {}),
    },
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
  };
}

/**
 * The modal. `prefill` (the text of the message a message shortcut was used on) goes into "What happened?",
 * cut to what Slack accepts as an initial value.
 */
export function reportBugModal(opts: { prefill?: string; privateMetadata: string }): View {
  const prefill = opts.prefill?.trim().slice(0, TEXT_INPUT_MAX_LENGTH);
  return {
    type: "modal",
    callback_id: REPORT_BUG_CALLBACK_ID,
    title: plain("Report a bug"),
    submit: plain("Report"),
    close: plain("Cancel"),
    private_metadata: opts.privateMetadata,
    blocks: [
      textInput({
        id: REPORT_BUG_FIELDS.title,
        label: "Title",
        maxLength: TITLE_MAX_LENGTH,
        placeholder: "Checkout fails with a card that has a space in it",
      }),
      textInput({
        id: REPORT_BUG_FIELDS.what,
        label: "What happened?",
        multiline: true,
        placeholder: "What you did, what you saw, any error message",
        ...(prefill ? { initialValue: prefill } : {}),
      }),
      textInput({ id: REPORT_BUG_FIELDS.expected, label: "What did you expect?", optional: true, multiline: true }),
      textInput({
        id: REPORT_BUG_FIELDS.steps,
        label: "Steps to reproduce",
        optional: true,
        multiline: true,
        placeholder: "1. Open …\n2. Click …",
      }),
      severitySelect({ label: "How bad is it?", optional: true, hint: "Leave it empty if you are not sure; triage will judge." }),
    ],
  };
}

/** Reads `view.state.values` of a submitted Report a bug modal. Text is trimmed; absent fields read as "". */
export function readReportBugSubmission(view: unknown): ReportBugSubmission {
  const severity = selectedValue(view, REPORT_BUG_FIELDS.severity);
  return {
    title: inputValue(view, REPORT_BUG_FIELDS.title),
    what: inputValue(view, REPORT_BUG_FIELDS.what),
    expected: inputValue(view, REPORT_BUG_FIELDS.expected),
    steps: inputValue(view, REPORT_BUG_FIELDS.steps),
    ...(isSeverity(severity) ? { severity } : {}),
  };
}

// ── state readers, shared with the triage modals ────────────────────────────

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `view.state.values[id][id]`, where block id and action id are the same. */
function elementState(view: unknown, id: string): Record<string, unknown> | undefined {
  if (!isRecord(view) || !isRecord(view.state) || !isRecord(view.state.values)) return undefined;
  const block = view.state.values[id];
  if (!isRecord(block)) return undefined;
  const element = block[id];
  return isRecord(element) ? element : undefined;
}

/** A plain_text_input's trimmed value ("" when empty: Slack sends `value: null` for an untouched input). */
export function inputValue(view: unknown, id: string): string {
  const value = elementState(view, id)?.value;
  return typeof value === "string" ? value.trim() : "";
}

/** A static_select's selected option value (undefined when nothing is selected). */
export function selectedValue(view: unknown, id: string): string | undefined {
  const option = elementState(view, id)?.selected_option;
  return isRecord(option) && typeof option.value === "string" ? option.value : undefined;
}
