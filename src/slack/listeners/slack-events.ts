import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { ingressJobProblem, type IngressJob } from "../../jobs/job-schemas.js";
import type { ListenerDeps } from "./listener-deps.js";

type EventArgs = SlackEventMiddlewareArgs & AllMiddlewareArgs;

/**
 * Events are enqueued with the envelope's event_id as job id, so Slack's retries (x-slack-retry-num)
 * collapse onto the first delivery. A failed enqueue throws: with processBeforeResponse the request
 * then answers 500 and Slack delivers the event again, so nothing is lost.
 */
export function enqueueEvent(deps: ListenerDeps) {
  return async ({ event, body, context }: EventArgs) => {
    const envelope = body as { event_id?: string; team_id?: string };
    const e = event as unknown as Record<string, unknown>;
    if (!envelope.event_id) {
      deps.logger.warn({ type: e.type }, "Slack event without event_id ignored");
      return;
    }
    if (e.type === "message" && (e.bot_id || e.subtype === "bot_message")) return;
    const job: IngressJob = {
      source: "slack",
      type: "event",
      teamId: envelope.team_id ?? (typeof context.teamId === "string" ? context.teamId : ""),
      eventId: envelope.event_id,
      retryNum: context.retryNum ?? 0,
      event: e as never,
    };
    // Slack wants 200 for every event it delivers; one we cannot read is logged and dropped, not redelivered.
    const problem = ingressJobProblem(job, EVENT_FIELDS);
    if (problem) {
      deps.logger.warn({ type: e.type, problem }, "Slack event ignored: malformed");
      return;
    }
    await deps.enqueue(job);
  };
}

const EVENT_FIELDS = { teamId: "team_id", eventId: "event_id", retryNum: "x-slack-retry-num" };
