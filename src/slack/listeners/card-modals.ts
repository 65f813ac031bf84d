import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { REPORT_BUG_FIELDS, isSeverity } from "../../blocks/report-bug-modal.js";
import {
  DUPLICATE_ISSUE_FIELD,
  EDIT_UPDATE_TEXT_FIELD,
  REQUEST_CHANGES_REASON_FIELD,
  duplicateModal,
  editUpdateModal,
  readDuplicateSubmission,
  readEditUpdateSubmission,
  readRequestChangesSubmission,
  readSeveritySubmission,
  requestChangesModal,
  severityModal,
} from "../../blocks/card-modals.js";
import { MERGE_REQUEST_CHANGES_ACTION } from "../../blocks/merge-blocks.js";
import { PUBLIC_UPDATE_MAX, RECAP_UPDATE_EDIT_ACTION, readPublicUpdateText } from "../../blocks/recap-update-blocks.js";
import { decodeButtonValue } from "../../core/button-value.js";
import type { ListenerDeps } from "./listener-deps.js";
import { slackErrorCode, tellEphemerally } from "./report-bug-shortcut.js";
import type { ViewSubmissionRule } from "./slack-interactions.js";

export const TRIAGE_CHANGE_SEVERITY_ACTION = "triage_change_severity";
export const TRIAGE_DUPLICATE_OF_ACTION = "triage_duplicate_of";

/**
 * Card buttons (triage result, merge request, public update) that open a modal instead of resuming the run directly.
 * The generic action listener skips them: Bolt runs every matching listener, and a second ack of the same request
 * would fail.
 */
export const MODAL_ACTION_IDS: ReadonlySet<string> = new Set([
  TRIAGE_CHANGE_SEVERITY_ACTION,
  TRIAGE_DUPLICATE_OF_ACTION,
  MERGE_REQUEST_CHANGES_ACTION,
  RECAP_UPDATE_EDIT_ACTION,
]);

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * A click on "Change severity", "Duplicate of…", "Request changes" or the public update's "Edit": ack, then open the
 * modal with the button's value (the run's resume target) as private_metadata, so its submission resumes that run.
 * The modal opens here, in the edge, because the click's trigger_id expires about 3 s later. Nothing is enqueued until
 * the submission. "Edit" starts from the draft the clicked card shows, read from the message Slack sends with the click.
 */
export function openTriageCardModal(deps: ListenerDeps) {
  return async ({ action, ack, body, client, respond }: ActionArgs) => {
    await ack();
    const value = action.type === "button" ? action.value : undefined;
    const target = decodeButtonValue(value);
    if (!value || !target) {
      deps.logger.warn({ actionId: action.action_id, user: body.user.id }, "card button without a resume target");
      await tellEphemerally(deps, body.response_url ? respond : undefined, ":warning: This button does not belong to a run I can change.");
      return;
    }
    // The card may name the current severity in the button's choice ("P2"); the picker then starts there.
    const view =
      action.action_id === TRIAGE_CHANGE_SEVERITY_ACTION
        ? severityModal({ privateMetadata: value, ...(isSeverity(target.choice) ? { current: target.choice } : {}) })
        : action.action_id === MERGE_REQUEST_CHANGES_ACTION
          ? requestChangesModal({ privateMetadata: value })
          : action.action_id === RECAP_UPDATE_EDIT_ACTION
            ? editUpdateModal({ privateMetadata: value, text: readPublicUpdateText(body.message) ?? "" })
            : duplicateModal({ privateMetadata: value });
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (e) {
      const code = slackErrorCode(e);
      deps.logger.error({ err: String(e), slackError: code, actionId: action.action_id, thread: target.threadId }, "card modal did not open");
      const why = code === "expired_trigger_id" ? "Slack's window to open it ran out" : `Slack said \`${code}\``;
      await tellEphemerally(deps, body.response_url ? respond : undefined, `:warning: I couldn't open that form (${why}). Please click the button again.`);
    }
  };
}

export function registerCardModals(app: App, deps: ListenerDeps): void {
  for (const actionId of MODAL_ACTION_IDS) app.action<BlockAction>({ type: "block_actions", action_id: actionId }, openTriageCardModal(deps));
}

export const triageSeverityRule: ViewSubmissionRule = {
  errorBlockId: REPORT_BUG_FIELDS.severity,
  validate: (view) => (readSeveritySubmission(view) ? null : { [REPORT_BUG_FIELDS.severity]: "Pick a severity." }),
};

export const triageDuplicateRule: ViewSubmissionRule = {
  errorBlockId: DUPLICATE_ISSUE_FIELD,
  validate: (view) =>
    readDuplicateSubmission(view) !== null
      ? null
      : { [DUPLICATE_ISSUE_FIELD]: "Enter an issue number such as #123, or paste the issue's GitHub link." },
};

export const requestChangesRule: ViewSubmissionRule = {
  errorBlockId: REQUEST_CHANGES_REASON_FIELD,
  validate: (view) => (readRequestChangesSubmission(view) ? null : { [REQUEST_CHANGES_REASON_FIELD]: "Say what should change: it is posted on the pull request." }),
};

export const editUpdateRule: ViewSubmissionRule = {
  errorBlockId: EDIT_UPDATE_TEXT_FIELD,
  validate: (view) => {
    const text = readEditUpdateSubmission(view);
    if (!text) return { [EDIT_UPDATE_TEXT_FIELD]: "Write the post: an empty update cannot be approved. To drop it, use Discard on the card." };
    if (text.length > PUBLIC_UPDATE_MAX) return { [EDIT_UPDATE_TEXT_FIELD]: `Keep it under ${PUBLIC_UPDATE_MAX.toLocaleString("en-US")} characters.` };
    return null;
  },
};
