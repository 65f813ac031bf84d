import type { AllMiddlewareArgs, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import {
  REPORT_BUG_FIELDS,
  TITLE_MAX_LENGTH,
  encodeReportBugMetadata,
  readReportBugSubmission,
  reportBugModal,
  type ReportBugMetadata,
} from "../../blocks/report-bug-modal.js";
import { AppError, ErrorCode } from "../../core/errors.js";
import type { ListenerDeps } from "./listener-deps.js";
import type { ViewSubmissionRule } from "./slack-interactions.js";

type SlackClient = AllMiddlewareArgs["client"];
type RespondFn = SlackShortcutMiddlewareArgs["respond"];

/** Slack's error string from a Web API failure (`expired_trigger_id`, …), or the error's message. */
export function slackErrorCode(e: unknown): string {
  const data = (e as { data?: { error?: unknown } } | null)?.data;
  if (data && typeof data.error === "string") return data.error;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Opens the Report a bug modal. This is the one Slack call made in the edge rather than in a queued job: a
 * trigger_id expires about 3 s after the click, so the modal must open while the request is still being answered.
 * Throws what the Web API throws; callers log it and tell the person.
 */
export async function openReportBugModal(
  client: SlackClient,
  input: { triggerId: string; metadata: ReportBugMetadata; prefill?: string },
): Promise<void> {
  const view = reportBugModal({
    privateMetadata: encodeReportBugMetadata(input.metadata),
    ...(input.prefill ? { prefill: input.prefill } : {}),
  });
  await client.views.open({ trigger_id: input.triggerId, view });
}

/** What a person reads when the form did not open. */
export function modalFailedText(code: string, what: string): string {
  const why = code === "expired_trigger_id" ? "Slack's window to open it ran out" : `Slack said \`${code}\``;
  return `:warning: I couldn't open the ${what} (${why}). Please try again, or type \`/shopfloor bug <what happened>\`.`;
}

/**
 * The global and the message "Report a bug" shortcuts: ack, then open the modal at once. Shortcuts are not
 * enqueued; the modal's submission is. The message shortcut fills "What happened?" with the message and keeps
 * where it was (channel, message, thread) in private_metadata, so triage answers in that message's thread.
 */
export function reportBugShortcut(deps: ListenerDeps) {
  return async ({ shortcut, ack, client, respond }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs) => {
    // Without the message and where it is, there is nothing to report from (the web role answers 400).
    if (shortcut.type === "message_action" && (typeof shortcut.channel?.id !== "string" || typeof shortcut.message_ts !== "string" || !shortcut.message)) {
      throw new AppError(ErrorCode.BadRequest, "Slack message shortcut not taken: it needs channel.id, message_ts and message");
    }
    await ack();
    let metadata: ReportBugMetadata = { source: "global" };
    let prefill: string | undefined;
    if (shortcut.type === "message_action") {
      const threadTs = typeof shortcut.message.thread_ts === "string" ? shortcut.message.thread_ts : undefined;
      metadata = {
        source: "message",
        channel: shortcut.channel.id,
        messageTs: shortcut.message_ts,
        // A reply carries its parent's ts; a parent carries its own once it has replies, which adds nothing.
        ...(threadTs && threadTs !== shortcut.message_ts ? { threadTs } : {}),
      };
      prefill = shortcut.message.text;
    }
    try {
      await openReportBugModal(client, { triggerId: shortcut.trigger_id, metadata, ...(prefill ? { prefill } : {}) });
    } catch (e) {
      const code = slackErrorCode(e);
      deps.logger.error({ err: String(e), slackError: code, callbackId: shortcut.callback_id, user: shortcut.user.id }, "Report a bug modal did not open");
      // Only the message shortcut has a response_url; from a global shortcut there is nowhere to answer.
      if (shortcut.type === "message_action" && shortcut.response_url) {
        await tellEphemerally(deps, respond, modalFailedText(code, "bug report form"));
      }
    }
  };
}

export async function tellEphemerally(deps: ListenerDeps, respond: RespondFn | undefined, text: string): Promise<void> {
  if (!respond) return;
  try {
    await respond({ response_type: "ephemeral", replace_original: false, text });
  } catch (e) {
    deps.logger.warn({ err: String(e) }, "ephemeral reply through response_url failed");
  }
}

/** Edge validation of a Report a bug submission: a title and what happened are required. */
export const reportBugRule: ViewSubmissionRule = {
  errorBlockId: REPORT_BUG_FIELDS.title,
  validate(view) {
    const report = readReportBugSubmission(view);
    const errors: Record<string, string> = {};
    if (!report.title) errors[REPORT_BUG_FIELDS.title] = "Give the bug a short title.";
    else if (report.title.length > TITLE_MAX_LENGTH) {
      errors[REPORT_BUG_FIELDS.title] = `Keep the title to ${TITLE_MAX_LENGTH} characters; the details go below.`;
    }
    if (!report.what) errors[REPORT_BUG_FIELDS.what] = "Tell us what happened: what you did and what you saw.";
    return Object.keys(errors).length ? errors : null;
  },
};
