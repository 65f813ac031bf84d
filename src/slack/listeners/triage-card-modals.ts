import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { REPORT_BUG_FIELDS, isSeverity } from "../../blocks/report-bug-modal.js";
import {
  DUPLICATE_ISSUE_FIELD,
  duplicateModal,
  readDuplicateSubmission,
  readSeveritySubmission,
  severityModal,
} from "../../blocks/triage-modals.js";
import { decodeButtonValue } from "../../core/button-value.js";
import type { ListenerDeps } from "./listener-deps.js";
import { slackErrorCode, tellEphemerally } from "./report-bug-shortcut.js";
import type { ViewSubmissionRule } from "./slack-interactions.js";

export const TRIAGE_CHANGE_SEVERITY_ACTION = "triage_change_severity";
export const TRIAGE_DUPLICATE_OF_ACTION = "triage_duplicate_of";

/**
 * Triage card buttons that open a modal instead of resuming the run directly. The generic action listener
 * skips them: Bolt runs every matching listener, and a second ack of the same request would fail.
 */
export const MODAL_ACTION_IDS: ReadonlySet<string> = new Set([TRIAGE_CHANGE_SEVERITY_ACTION, TRIAGE_DUPLICATE_OF_ACTION]);

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * A click on "Change severity" or "Duplicate of…": ack, then open the modal with the button's value (the
 * triage run's resume target) as private_metadata, so its submission resumes that run. The modal opens here, in
 * the edge, because the click's trigger_id expires about 3 s later. Nothing is enqueued until the submission.
 */
export function openTriageCardModal(deps: ListenerDeps) {
  return async ({ action, ack, body, client, respond }: ActionArgs) => {
    await ack();
    const value = action.type === "button" ? action.value : undefined;
    const target = decodeButtonValue(value);
    if (!value || !target) {
      deps.logger.warn({ actionId: action.action_id, user: body.user.id }, "triage card button without a resume target");
      await tellEphemerally(deps, body.response_url ? respond : undefined, ":warning: This button does not belong to a triage run I can change.");
      return;
    }
    // The card may name the current severity in the button's choice ("P2"); the picker then starts there.
    const view =
      action.action_id === TRIAGE_CHANGE_SEVERITY_ACTION
        ? severityModal({ privateMetadata: value, ...(isSeverity(target.choice) ? { current: target.choice } : {}) })
        : duplicateModal({ privateMetadata: value });
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (e) {
      const code = slackErrorCode(e);
      deps.logger.error({ err: String(e), slackError: code, actionId: action.action_id, thread: target.threadId }, "triage modal did not open");
      const why = code === "expired_trigger_id" ? "Slack's window to open it ran out" : `Slack said \`${code}\``;
      await tellEphemerally(deps, body.response_url ? respond : undefined, `:warning: I couldn't open that form (${why}). Please click the button again.`);
    }
  };
}

export function registerTriageCardModals(app: App, deps: ListenerDeps): void {
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
