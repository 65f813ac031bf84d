import { ErrorCode as BoltErrorCode, type AllMiddlewareArgs, type AnyMiddlewareArgs, type App, type CodedError, type SlackActionMiddlewareArgs } from "@slack/bolt";
import { AppError, ErrorCode } from "../../core/errors.js";
import { REPORT_BUG_CALLBACK_ID } from "../../blocks/report-bug-modal.js";
import { MERGE_REQUEST_CHANGES_CALLBACK_ID, RECAP_EDIT_UPDATE_CALLBACK_ID, TRIAGE_DUPLICATE_CALLBACK_ID, TRIAGE_SEVERITY_CALLBACK_ID } from "../../blocks/card-modals.js";
import { SHORTCUTS, SLASH_COMMAND } from "../slack-surface.js";
import type { ListenerDeps } from "./listener-deps.js";
import { reportBugRule, reportBugShortcut } from "./report-bug-shortcut.js";
import { shopfloorCommand } from "./shopfloor-command.js";
import { enqueueEvent } from "./slack-events.js";
import { enqueueInteraction, enqueueViewSubmission, type ViewSubmissionRule } from "./slack-interactions.js";
import { MODAL_ACTION_IDS, editUpdateRule, registerCardModals, requestChangesRule, triageDuplicateRule, triageSeverityRule } from "./card-modals.js";

/** Bot events the listeners handle; checked against slack-surface.ts and the manifest by a test. */
export const HANDLED_EVENTS = ["app_mention", "message", "app_home_opened"] as const;

/** Modals whose submissions the edge validates before enqueueing, by callback_id. */
export const VIEW_RULES: Readonly<Record<string, ViewSubmissionRule>> = {
  [REPORT_BUG_CALLBACK_ID]: reportBugRule,
  [TRIAGE_SEVERITY_CALLBACK_ID]: triageSeverityRule,
  [TRIAGE_DUPLICATE_CALLBACK_ID]: triageDuplicateRule,
  [MERGE_REQUEST_CHANGES_CALLBACK_ID]: requestChangesRule,
  [RECAP_EDIT_UPDATE_CALLBACK_ID]: editUpdateRule,
};

/** Shortcuts open a modal in the edge (their trigger_id expires in 3 s); one without a handler here is enqueued. */
const SHORTCUT_HANDLERS: Readonly<Record<string, (deps: ListenerDeps) => ReturnType<typeof reportBugShortcut>>> = {
  report_bug_global: reportBugShortcut,
  report_bug_message: reportBugShortcut,
};

/** Lets the generic action listener pass over the buttons that open a modal (they have their own listener). */
async function skipModalActions({ action, next }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  if ("action_id" in action && MODAL_ACTION_IDS.has(action.action_id)) return;
  await next();
}

/**
 * Runs around every listener: a request none of them acknowledged (an unknown command, shortcut, callback or payload
 * type) is refused at once with 404 (the web role's error handler answers NOT_FOUND), instead of Bolt holding it until
 * its unhandled-request timeout. Acknowledging is the way to ask whether a listener did: a second ack throws. Events
 * carry no ack here; Bolt acknowledged them before any listener ran.
 */
async function refuseUnhandled(args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  await args.next();
  if (!("ack" in args) || typeof args.ack !== "function") return;
  try {
    await (args.ack as () => Promise<void>)();
  } catch (e) {
    if ((e as CodedError).code === BoltErrorCode.ReceiverMultipleAckError) return;
    throw e;
  }
  throw new AppError(ErrorCode.NotFound, "no Shopfloor listener handles this Slack request (an unknown command, shortcut, callback or payload type)");
}

/**
 * `refuseUnhandled` is for the HTTP receiver only: its ack throws on a second call, which is how the middleware tells an
 * acknowledged request; Socket Mode's ack only warns, so there every handled request would be refused after the fact.
 */
export function registerListeners(app: App, deps: ListenerDeps, opts: { refuseUnhandled?: boolean } = { refuseUnhandled: true }): void {
  if (opts.refuseUnhandled) app.use(refuseUnhandled);
  app.command(SLASH_COMMAND, shopfloorCommand(deps));
  for (const name of HANDLED_EVENTS) app.event(name, enqueueEvent(deps));
  for (const s of SHORTCUTS) {
    const handler = Object.hasOwn(SHORTCUT_HANDLERS, s.callbackId) ? SHORTCUT_HANDLERS[s.callbackId] : undefined;
    app.shortcut(s.callbackId, handler ? handler(deps) : enqueueInteraction(deps));
  }
  registerCardModals(app, deps);
  app.action(/.*/, skipModalActions, enqueueInteraction(deps));
  app.view(/.*/, enqueueViewSubmission(deps, VIEW_RULES));
}
