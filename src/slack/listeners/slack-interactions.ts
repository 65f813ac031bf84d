import type { AllMiddlewareArgs, SlackActionMiddlewareArgs, SlackShortcutMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { SlackInteractionJob } from "../../jobs/job-schemas.js";
import type { ListenerDeps } from "./listener-deps.js";

type InteractionArgs = (SlackActionMiddlewareArgs | SlackShortcutMiddlewareArgs | SlackViewMiddlewareArgs) & AllMiddlewareArgs;
type InteractionBody = Record<string, unknown> & { type: string; team?: { id?: string } | null; user?: { id?: string } };

/** The ingress job for an interaction payload: the whole body, with a delivery id the router dedupes on. */
export function interactionJob(rawBody: unknown): SlackInteractionJob {
  const body = rawBody as InteractionBody;
  const kind = body.type as SlackInteractionJob["kind"];
  const action = (body.actions as { action_id?: string; action_ts?: string; value?: string }[] | undefined)?.[0];
  const id =
    kind === "block_actions"
      ? `${action?.action_id ?? "action"}-${action?.action_ts ?? Date.now()}`
      : String((body.view as { id?: string } | undefined)?.id ?? body.trigger_id ?? body.action_ts ?? Date.now());
  return {
    source: "slack",
    type: "interaction",
    teamId: body.team?.id ?? "",
    user: body.user?.id ?? "",
    kind,
    id,
    payload: body,
  };
}

/**
 * Buttons, shortcuts and modal submissions: ack at once, enqueue the payload. The worker decides what it
 * resumes (a button carries the graph thread and interrupt id). Each click is its own delivery; a double
 * click collapses later, on the resume job id (one per thread and interrupt).
 */
export function enqueueInteraction(deps: ListenerDeps) {
  return async (args: InteractionArgs) => {
    const job = interactionJob(args.body);
    try {
      await deps.enqueue(job);
      await args.ack();
    } catch (e) {
      deps.logger.error({ err: String(e), kind: job.kind }, "interaction not enqueued");
      throw e;
    }
  };
}

/** How the edge checks one kind of modal before its submission is enqueued. */
export interface ViewSubmissionRule {
  /** Messages to show under the inputs (block id → text), or null when the submission can go ahead. */
  validate(view: unknown): Record<string, string> | null;
  /** The input block that tells the person when the submission could not be taken (queue unreachable). */
  errorBlockId: string;
}

const QUEUE_DOWN =
  "Shopfloor cannot take this right now (its queue is unreachable). What you typed is still here: press the button again in a minute.";

/**
 * Modal submissions. A view with a rule is validated first: problems go back as `response_action: "errors"`
 * (the modal stays open with the person's text) and nothing is enqueued. A valid submission is enqueued with the
 * view id as delivery id (a resubmission of the same modal collapses) and acked empty, which closes the modal.
 * When the queue is unreachable a ruled view says so in the modal instead of losing the report; any other view
 * answers 500 as before, which Slack shows as a connection error on the still open modal.
 */
export function enqueueViewSubmission(deps: ListenerDeps, rules: Readonly<Record<string, ViewSubmissionRule>>) {
  return async (args: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const { view } = args;
    const rule = Object.hasOwn(rules, view.callback_id) ? rules[view.callback_id] : undefined;
    const ack = args.ack as (response?: { response_action: "errors"; errors: Record<string, string> }) => Promise<void>;
    const errors = rule?.validate(view) ?? null;
    if (errors) {
      await ack({ response_action: "errors", errors });
      return;
    }
    const job = interactionJob(args.body);
    try {
      await deps.enqueue(job);
    } catch (e) {
      deps.logger.error({ err: String(e), kind: job.kind, callbackId: view.callback_id }, "view submission not enqueued");
      if (!rule) throw e;
      await ack({ response_action: "errors", errors: { [rule.errorBlockId]: QUEUE_DOWN } });
      return;
    }
    await ack();
  };
}
