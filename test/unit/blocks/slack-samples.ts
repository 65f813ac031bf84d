import { readFileSync } from "node:fs";

/** Real view_submission payloads (see fixtures/SOURCES.md), and element states cloned from what Slack sent in them. */

type Json = Record<string, unknown>;
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** The opsdroid capture is URL-encoded twice: one decode gives `payload=<urlencoded JSON>`. */
export function opsdroidViewSubmission(): Json {
  const once = decodeURIComponent(fixture("opsdroid.payload_view_submission.urlencoded"));
  const payload = new URLSearchParams(once).get("payload");
  if (!payload) throw new Error("no payload= in the opsdroid sample");
  return JSON.parse(payload) as Json;
}

export function javaViewSubmission(): Json {
  return JSON.parse(fixture("java-slack-sdk.ViewSubmissionPayload.json")) as Json;
}

export function squarebotViewSubmission(): Json {
  return JSON.parse(fixture("squarebot.view_submission.json")) as Json;
}

type StateValues = Record<string, Record<string, Json>>;
const stateOf = (payload: Json) => ((payload.view as Json).state as { values: StateValues }).values;

/** A plain_text_input's state as Slack sends it (`value: null` when the person left it empty). */
export function textState(value: string | null): Json {
  const template = stateOf(opsdroidViewSubmission())["1=zGH"]?.sl_input;
  if (!template) throw new Error("opsdroid sample changed");
  return { ...structuredClone(template), value };
}

/** A static_select's state as Slack sends it: the whole option, or `selected_option: null`. */
export function selectState(option: { value: string; label: string } | null): Json {
  if (!option) {
    const unset = stateOf(opsdroidViewSubmission()).cbQh?.["actionId-3"];
    if (!unset) throw new Error("opsdroid sample changed");
    return structuredClone(unset);
  }
  const template = structuredClone(stateOf(squarebotViewSubmission()).license?.select_license) as
    | { selected_option: { text: Json; value: string } }
    | undefined;
  if (!template) throw new Error("squarebot sample changed");
  template.selected_option.value = option.value;
  template.selected_option.text = { ...template.selected_option.text, text: option.label };
  return template as unknown as Json;
}

/**
 * The `view` of a sample payload with our callback id, private_metadata and state: inputs keyed by block id,
 * each with one element whose action id equals the block id (as our modals are built).
 */
export function submittedView(
  sample: Json,
  opts: { callbackId: string; privateMetadata?: string; values: Record<string, Json> },
): Json {
  const view = structuredClone(sample.view as Json);
  view.callback_id = opts.callbackId;
  view.private_metadata = opts.privateMetadata ?? "";
  view.state = { values: Object.fromEntries(Object.entries(opts.values).map(([id, state]) => [id, { [id]: state }])) };
  return view;
}
