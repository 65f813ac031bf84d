import { readFileSync } from "node:fs";
import fc from "fast-check";
import { MERGE_REQUEST_CHANGES_CALLBACK_ID, RECAP_EDIT_UPDATE_CALLBACK_ID, TRIAGE_DUPLICATE_CALLBACK_ID, TRIAGE_SEVERITY_CALLBACK_ID } from "../../../src/blocks/card-modals.js";
import { AUTOMATION_PAUSE_ACTION, AUTOMATION_RESUME_ACTION } from "../../../src/blocks/home-blocks.js";
import { MERGE_APPROVE_ACTION, MERGE_REQUEST_CHANGES_ACTION } from "../../../src/blocks/merge-blocks.js";
import { RECAP_UPDATE_EDIT_ACTION } from "../../../src/blocks/recap-update-blocks.js";
import { REPORT_BUG_CALLBACK_ID, REPORT_BUG_FIELDS, encodeReportBugMetadata } from "../../../src/blocks/report-bug-modal.js";
import { encodeButtonValue } from "../../../src/core/button-value.js";
import { jobId } from "../../../src/core/ids.js";
import { SHORTCUTS, SLASH_COMMAND, SUBCOMMANDS } from "../../../src/slack/slack-surface.js";
import { TRIAGE_CHANGE_SEVERITY_ACTION, TRIAGE_DUPLICATE_OF_ACTION } from "../../../src/slack/listeners/card-modals.js";
import { mutate, mutations, oddText, type Mutation } from "./arbitraries.js";

/**
 * Slack deliveries to fuzz, grown from real request bodies (test/fixtures/slack, test/fuzz/fixtures): Events API
 * envelopes, slash-command forms and interactivity `payload=` forms, aimed at what Shopfloor listens to (its
 * command, events, shortcuts, card buttons and modals) and then mutated.
 */

const fixture = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const json = (path: string) => JSON.parse(fixture(path)) as Record<string, unknown>;
const formPayload = (path: string) => JSON.parse(new URLSearchParams(fixture(path)).get("payload")!) as Record<string, unknown>;

/** Where an answer through response_url would go: a closed local port, so nothing leaves the machine. */
export const NOWHERE = "http://127.0.0.1:9/response";

export interface SlackDelivery {
  contentType: "application/json" | "application/x-www-form-urlencoded";
  body: string;
  /** The job id the web role gives this delivery when it enqueues it; null for one it never enqueues. */
  jobId: string | null;
  /** No mutation was applied: a delivery Slack itself could send. */
  pristine: boolean;
}

const EVENT_SEEDS = [
  json("fixtures/slack/app_mention.json"),
  json("fixtures/slack/message.channels.json"),
  json("fixtures/slack/bot_message.json"),
  json("fixtures/slack/payload_message_message_changed.json"),
];

const COMMAND_SEED: Array<[string, string]> = [...new URLSearchParams(fixture("fuzz/fixtures/payload_slash_command.urlencoded")).entries()].map(([k, v]) => [
  k,
  k === "command" ? SLASH_COMMAND : k === "response_url" ? NOWHERE : v,
]);

const BUTTON_SEEDS = [formPayload("fuzz/fixtures/payload_block_action_button.urlencoded"), json("fuzz/fixtures/block_actions.static_select.json")];
const MESSAGE_SHORTCUT_SEED: Record<string, unknown> = { ...formPayload("fuzz/fixtures/payload_message_action.urlencoded"), response_url: NOWHERE };
const VIEW_SEED = json("fuzz/fixtures/view_submission.json");

const resumeValue = encodeButtonValue({ graph: "triage", threadId: "slack:T0FUZZ:C0BUGS:1700000000.000100", interruptId: "ask-1", choice: "P2" });
const slotValue = encodeButtonValue({ graph: "triage", threadId: "slack:T0FUZZ:C0BUGS:1700000000.000100", interruptId: "slot:card-1", choice: "close" });

/** A view's state with every Report a bug input filled, so a submission passes the edge's own check. */
const reportBugState = (title: string, what: string) => ({
  values: {
    [REPORT_BUG_FIELDS.title]: { [REPORT_BUG_FIELDS.title]: { type: "plain_text_input", value: title } },
    [REPORT_BUG_FIELDS.what]: { [REPORT_BUG_FIELDS.what]: { type: "plain_text_input", value: what } },
    [REPORT_BUG_FIELDS.severity]: { [REPORT_BUG_FIELDS.severity]: { type: "static_select", selected_option: { value: "P2" } } },
  },
});

const subcommand = fc.constantFrom("", ...SUBCOMMANDS.map((s) => s.name), "frobnicate", "BUG", "why");
const argument = fc.oneof(oddText(), fc.constantFrom("123", "#42", "weekly", "build", "log 7", "https://github.com/acme/shop/pull/9"));

export interface SlackCase {
  delivery: (n: number) => SlackDelivery;
  /** What the case is, for the counter-example. */
  label: string;
}

/** A case whose counter-example prints what was generated (long texts cut), not the function that builds it. */
export function described(label: string, params: unknown, delivery: (n: number) => SlackDelivery): SlackCase {
  const shown = fc.stringify(params).replace(/(.)\1{40,}/gu, (run, ch: string) => `${ch}…×${run.length}`);
  return { label, delivery, [fc.toStringMethod]: () => `${label} ${shown.slice(0, 4000)}` } as SlackCase;
}

const maybeMutate = fc.option(mutations, { freq: 4, nil: null });

function jsonCase(doc: Record<string, unknown>, changes: Mutation[] | null, jobId: string): SlackDelivery {
  const body = changes ? mutate(doc, changes) : doc;
  return { contentType: "application/json", body: JSON.stringify(body), jobId, pristine: changes === null };
}

function payloadCase(doc: Record<string, unknown>, changes: Mutation[] | null, jobId: string | null): SlackDelivery {
  const payload = changes ? mutate(doc, changes) : doc;
  return { contentType: "application/x-www-form-urlencoded", body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), jobId, pristine: changes === null };
}

/** An Events API envelope Shopfloor subscribes to (or a bot's message it ignores), with its text and type varied. */
const eventCase = fc
  .record({ seed: fc.constantFrom(...EVENT_SEEDS), type: fc.constantFrom("app_mention", "message", "app_home_opened", null), text: oddText(), changes: maybeMutate })
  .map((p) =>
    described(`event ${p.type ?? "as captured"}`, { ...p, seed: p.seed.event_id }, (n) => {
      const { seed, type, text, changes } = p;
      const event = { ...(seed.event as Record<string, unknown>), text, ...(type ? { type } : {}), ...(type === "app_home_opened" ? { tab: "home" } : {}) };
      return jsonCase({ ...seed, event_id: `EvFUZZ${n}`, event }, changes, jobId("slack-ev", `EvFUZZ${n}`));
    }),
  );

/** Form-field changes of a slash command: drop a field, change its text, send it twice, add one, blow a value up. */
type FormChange = { kind: "delete" | "set" | "repeat" | "extra" | "huge"; at: number; text: string };
const formChanges = fc.array(
  fc.record({ kind: fc.constantFrom("delete" as const, "set" as const, "repeat" as const, "extra" as const, "huge" as const), at: fc.nat(), text: oddText() }),
  { minLength: 1, maxLength: 3 },
);

function changeForm(fields: Array<[string, string]>, changes: FormChange[]): Array<[string, string]> {
  const out = fields.map(([k, v]) => [k, v] as [string, string]);
  for (const c of changes) {
    const i = c.at % Math.max(1, out.length);
    if (c.kind === "delete") out.splice(i, 1);
    else if (c.kind === "set" && out[i]) out[i]![1] = c.text;
    else if (c.kind === "repeat" && out[i]) out.push([out[i]![0], c.text]);
    else if (c.kind === "extra") out.push([c.text, c.text]);
    else if (c.kind === "huge" && out[i]) out[i]![1] = "a".repeat(1_100_000);
  }
  return out;
}

/** `/shopfloor <subcommand> <anything>`, as the form Slack posts. */
const commandCase = fc
  .record({ sub: subcommand, arg: argument, changes: fc.option(formChanges, { freq: 4, nil: null }) })
  .map((p) =>
    described(`/shopfloor ${p.sub}`, p, (n) => {
      const { sub, arg, changes } = p;
      const fields = COMMAND_SEED.map(([k, v]): [string, string] => [k, k === "text" ? `${sub} ${arg}` : k === "trigger_id" ? `fuzz-trigger-${n}` : v]);
      const sent = changes ? changeForm(fields, changes) : fields;
      const body = new URLSearchParams(sent).toString();
      return { contentType: "application/x-www-form-urlencoded", body, jobId: jobId("slack-cmd", `fuzz-trigger-${n}`), pristine: changes === null };
    }),
  );

/** A click on a card button (resume targets, slots, the modal buttons, App Home's pause and resume, foreign buttons). */
const buttonCase = fc
  .record({
    seed: fc.constantFrom(...BUTTON_SEEDS),
    actionId: fc.constantFrom(
      "button-action",
      MERGE_APPROVE_ACTION,
      MERGE_REQUEST_CHANGES_ACTION,
      TRIAGE_CHANGE_SEVERITY_ACTION,
      TRIAGE_DUPLICATE_OF_ACTION,
      RECAP_UPDATE_EDIT_ACTION,
      AUTOMATION_PAUSE_ACTION,
      AUTOMATION_RESUME_ACTION,
    ),
    value: fc.oneof(fc.constantFrom(resumeValue, slotValue, "build", "not a resume target"), oddText()),
    changes: maybeMutate,
  })
  .map((p) =>
    described(`block_actions ${p.actionId}`, { ...p, seed: p.seed.api_app_id }, (n) => {
      const { seed, actionId, value, changes } = p;
      const actionTs = `1700000000.${String(n).padStart(6, "0")}`;
      const action = { type: "button", block_id: "fuzz", action_id: actionId, value, action_ts: actionTs };
      return payloadCase({ ...seed, response_url: NOWHERE, actions: [action] }, changes, jobId("slack-int", `${actionId}-${actionTs}`));
    }),
  );

/** The Report a bug shortcuts (global and on a message) and a shortcut Shopfloor does not have. */
const shortcutCase = fc
  .record({ callbackId: fc.constantFrom(...SHORTCUTS.map((s) => s.callbackId)), text: oddText(), changes: maybeMutate })
  .map((p) =>
    described(`shortcut ${p.callbackId}`, p, (n) => {
      const { callbackId, text, changes } = p;
      const global = SHORTCUTS.find((s) => s.callbackId === callbackId)?.type === "global";
      const seed = global
        ? { type: "shortcut", token: "x", action_ts: `1700000000.${n}`, team: MESSAGE_SHORTCUT_SEED.team, user: MESSAGE_SHORTCUT_SEED.user, callback_id: callbackId, trigger_id: `fuzz-trigger-${n}` }
        : { ...MESSAGE_SHORTCUT_SEED, callback_id: callbackId, trigger_id: `fuzz-trigger-${n}`, message: { ...(MESSAGE_SHORTCUT_SEED.message as object), text } };
      // Shortcuts open a modal in the edge and enqueue nothing.
      return payloadCase(seed, changes, null);
    }),
  );

/** A modal submitted: Report a bug (filled in or not) and the triage, merge and public-update card modals. */
const viewCase = fc
  .record({
    callbackId: fc.constantFrom(REPORT_BUG_CALLBACK_ID, TRIAGE_SEVERITY_CALLBACK_ID, TRIAGE_DUPLICATE_CALLBACK_ID, MERGE_REQUEST_CHANGES_CALLBACK_ID, RECAP_EDIT_UPDATE_CALLBACK_ID, "squarebot_create_project"),
    metadata: fc.constantFrom(resumeValue, slotValue, encodeReportBugMetadata({ source: "global" }), encodeReportBugMetadata({ source: "message", channel: "C0BUGS", messageTs: "1700000000.000100" }), ""),
    title: oddText(),
    what: oddText(),
    changes: maybeMutate,
  })
  .map((p) =>
    described(`view_submission ${p.callbackId}`, p, (n) => {
      const { callbackId, metadata, title, what, changes } = p;
      const view = { ...(VIEW_SEED.view as Record<string, unknown>), id: `VFUZZ${n}`, callback_id: callbackId, private_metadata: metadata, state: reportBugState(title, what) };
      return payloadCase({ ...VIEW_SEED, trigger_id: `fuzz-trigger-${n}`, view }, changes, jobId("slack-int", `VFUZZ${n}`));
    }),
  );

/** Any Slack delivery Shopfloor listens for, mutated in three cases out of four. */
export const slackCase: fc.Arbitrary<SlackCase> = fc.oneof(eventCase, commandCase, buttonCase, shortcutCase, viewCase);
