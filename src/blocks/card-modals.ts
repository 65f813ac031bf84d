import {
  PRIVATE_METADATA_MAX_LENGTH,
  REPORT_BUG_FIELDS,
  inputValue,
  isSeverity,
  selectedValue,
  severitySelect,
  type Severity,
  type View,
} from "./report-bug-modal.js";
import { PUBLIC_UPDATE_MAX } from "./recap-update-blocks.js";
import { plainText as plain } from "./mrkdwn.js";

/**
 * The modals behind card buttons that need input: the triage result card's "Change severity" and "Duplicate of…",
 * the merge card's "Request changes", the public update card's "Edit". Their `private_metadata` is the clicked
 * button's value (an encoded resume target, src/core/button-value.ts), so a submission resumes the run that posted
 * the card. Pure.
 */

export const TRIAGE_SEVERITY_CALLBACK_ID = "triage_severity";
export const TRIAGE_DUPLICATE_CALLBACK_ID = "triage_duplicate";
/** Block id (= action id) of the duplicate modal's input. */
export const DUPLICATE_ISSUE_FIELD = "issue";


function checkMetadata(privateMetadata: string): string {
  if (privateMetadata.length > PRIVATE_METADATA_MAX_LENGTH) throw new Error("private_metadata longer than Slack's 3,000 characters");
  return privateMetadata;
}

export function severityModal(opts: { privateMetadata: string; current?: string }): View {
  const current = isSeverity(opts.current) ? opts.current : undefined;
  return {
    type: "modal",
    callback_id: TRIAGE_SEVERITY_CALLBACK_ID,
    title: plain("Change severity"),
    submit: plain("Change"),
    close: plain("Cancel"),
    private_metadata: checkMetadata(opts.privateMetadata),
    blocks: [
      severitySelect({
        label: "Severity",
        optional: false,
        ...(current ? { current } : {}),
        hint: "The issue's severity label changes to this; triage records who changed it.",
      }),
    ],
  };
}

export function duplicateModal(opts: { privateMetadata: string }): View {
  return {
    type: "modal",
    callback_id: TRIAGE_DUPLICATE_CALLBACK_ID,
    title: plain("Mark as duplicate"),
    submit: plain("Mark duplicate"),
    close: plain("Cancel"),
    private_metadata: checkMetadata(opts.privateMetadata),
    blocks: [
      {
        type: "input",
        block_id: DUPLICATE_ISSUE_FIELD,
        label: plain("Duplicate of issue (number or link)"),
        optional: false,
        element: {
          type: "plain_text_input",
          action_id: DUPLICATE_ISSUE_FIELD,
          max_length: 300,
          placeholder: plain("#123 or https://github.com/owner/repo/issues/123"),
        },
        hint: plain("The report is closed as a duplicate of this issue and the thread gets its link."),
      },
    ],
  };
}

/** The severity picked in a submitted "Change severity" modal, or null when none was picked. */
export function readSeveritySubmission(view: unknown): Severity | null {
  const value = selectedValue(view, REPORT_BUG_FIELDS.severity);
  return isSeverity(value) ? value : null;
}

/** The issue number typed into a submitted "Mark as duplicate" modal, or null when it is not one. */
export function readDuplicateSubmission(view: unknown): number | null {
  return parseIssueReference(inputValue(view, DUPLICATE_ISSUE_FIELD));
}

const ISSUE_NUMBER = /^#?(\d{1,9})$/;
/** `/<owner>/<repo>/issues/<n>`, optionally followed by a slash, a query or a fragment (a comment link). */
const ISSUE_PATH = /^\/[A-Za-z0-9-]+\/[A-Za-z0-9._-]+\/issues\/(\d{1,9})\/?$/;

/**
 * "#123", "123" or an issue link (`https://github.com/o/r/issues/123`, also on a GitHub Enterprise host, with
 * or without `#issuecomment-…`) → 123. Pull request links and anything else → null.
 */
export function parseIssueReference(text: string): number | null {
  const input = text.trim();
  const plainNumber = ISSUE_NUMBER.exec(input);
  if (plainNumber) return positive(plainNumber[1]);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const path = ISSUE_PATH.exec(url.pathname);
  return path ? positive(path[1]) : null;
}

function positive(digits: string | undefined): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export const MERGE_REQUEST_CHANGES_CALLBACK_ID = "merge_request_changes";
/** Block id (= action id) of the request-changes modal's input. */
export const REQUEST_CHANGES_REASON_FIELD = "reason";

/** Behind the merge card's "Request changes": the reason is posted on the PR as a review asking for changes. */
export function requestChangesModal(opts: { privateMetadata: string }): View {
  return {
    type: "modal",
    callback_id: MERGE_REQUEST_CHANGES_CALLBACK_ID,
    title: plain("Request changes"),
    submit: plain("Request changes"),
    close: plain("Cancel"),
    private_metadata: checkMetadata(opts.privateMetadata),
    blocks: [
      {
        type: "input",
        block_id: REQUEST_CHANGES_REASON_FIELD,
        label: plain("What should change?"),
        hint: plain("Posted on the pull request as a review asking for changes; the author (or the fix automation) takes it from there."),
        element: { type: "plain_text_input", action_id: REQUEST_CHANGES_REASON_FIELD, multiline: true, max_length: 2000 },
      },
    ],
  };
}

export function readRequestChangesSubmission(view: unknown): string {
  return inputValue(view, REQUEST_CHANGES_REASON_FIELD).trim();
}

export const RECAP_EDIT_UPDATE_CALLBACK_ID = "recap_edit_update";
/** Block id (= action id) of the edit-update modal's input. */
export const EDIT_UPDATE_TEXT_FIELD = "text";

/**
 * Behind the public update card's "Edit": the current draft, to rewrite. The submission replaces the draft on the card,
 * which still waits for an approver's Approve.
 */
export function editUpdateModal(opts: { privateMetadata: string; text: string }): View {
  const initial = opts.text.slice(0, PUBLIC_UPDATE_MAX);
  return {
    type: "modal",
    callback_id: RECAP_EDIT_UPDATE_CALLBACK_ID,
    title: plain("Edit the public update"),
    submit: plain("Save draft"),
    close: plain("Cancel"),
    private_metadata: checkMetadata(opts.privateMetadata),
    blocks: [
      {
        type: "input",
        block_id: EDIT_UPDATE_TEXT_FIELD,
        label: plain("The post"),
        hint: plain("Replaces the draft on the card. Nothing is published until an approver approves it."),
        element: {
          type: "plain_text_input",
          action_id: EDIT_UPDATE_TEXT_FIELD,
          multiline: true,
          max_length: PUBLIC_UPDATE_MAX,
          ...(initial ? { initial_value: initial } : {}),
        },
      },
    ],
  };
}

/** The text of a submitted "Edit the public update" modal, trimmed ("" when it was emptied). */
export function readEditUpdateSubmission(view: unknown): string {
  return inputValue(view, EDIT_UPDATE_TEXT_FIELD).trim();
}
