import type { AllMiddlewareArgs, SlackActionMiddlewareArgs, SlackShortcutMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { AppError, ErrorCode } from "../../core/errors.js";
import { hash } from "../../core/ids.js";
import { ingressJobProblem, type SlackInteractionJob } from "../../jobs/job-schemas.js";
import type { ListenerDeps } from "./listener-deps.js";

type InteractionArgs = (SlackActionMiddlewareArgs | SlackShortcutMiddlewareArgs | SlackViewMiddlewareArgs) & AllMiddlewareArgs;
type InteractionBody = Record<string, unknown> & { type: string; team?: { id?: string } | null; user?: { id?: string } };

/**
 * The ingress job for an interaction payload: the whole body, with a delivery id the router dedupes on. A payload
 * without Slack's ids (action_ts, view id, trigger_id) is named by its content, so its redelivery collapses too.
 */
export function interactionJob(rawBody: unknown): SlackInteractionJob {
  const body = rawBody as InteractionBody;
  const kind = body.type as SlackInteractionJob["kind"];
  const action = (body.actions as { action_id?: unknown; action_ts?: unknown }[] | undefined)?.[0];
  const named = () => hash(JSON.stringify(body));
  const id =
    kind === "block_actions"
      ? `${idText(action?.action_id) ?? "action"}-${idText(action?.action_ts) ?? named()}`
      : (idText((body.view as { id?: unknown } | undefined)?.id) ?? idText(body.trigger_id) ?? idText(body.action_ts) ?? named());
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

/** The interaction's job, or a BAD_REQUEST naming what the payload lacks (the web role answers it with 400). */
function validInteractionJob(rawBody: unknown): SlackInteractionJob {
  const job = interactionJob(rawBody);
  const problem = ingressJobProblem(job, { teamId: "team.id", user: "user.id", kind: "type" });
  if (problem) throw new AppError(ErrorCode.BadRequest, `Slack interaction not taken: ${problem}`);
  return job;
}

/** An id field as text; anything else (an object, whose conversion to text may even throw) is no id. */
function idText(v: unknown): string | undefined {
  return typeof v === "string" || typeof v === "number" ? String(v) : undefined;
}

/**
 * Buttons, shortcuts and modal submissions: ack at once, enqueue the payload. The worker decides what it
 * resumes (a button carries the graph thread and interrupt id). Each click is its own delivery; a double
 * click collapses later, on the resume job id (one per thread and interrupt).
 */
export function enqueueInteraction(deps: ListenerDeps) {
  return async (args: InteractionArgs) => {
    const job = validInteractionJob(args.body);
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
    const job = validInteractionJob(args.body);
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
