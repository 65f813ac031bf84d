import type { AllMiddlewareArgs, SlackActionMiddlewareArgs, SlackShortcutMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { ListenerDeps } from "./listener-deps.js";

type InteractionArgs = (SlackActionMiddlewareArgs | SlackShortcutMiddlewareArgs | SlackViewMiddlewareArgs) & AllMiddlewareArgs;

/**
 * Buttons, shortcuts and modal submissions: ack at once, enqueue the payload. The worker decides what it
 * resumes (a button carries the graph thread and interrupt id). Each click is its own delivery; a double
 * click collapses later, on the resume job id (one per thread and interrupt).
 */
export function enqueueInteraction(deps: ListenerDeps) {
  return async (args: InteractionArgs) => {
    const body = args.body as unknown as Record<string, unknown> & { type: string; team?: { id?: string }; user?: { id?: string } };
    const kind = body.type as "block_actions" | "view_submission" | "shortcut" | "message_action";
    const action = (body.actions as { action_id?: string; action_ts?: string; value?: string }[] | undefined)?.[0];
    const id =
      kind === "block_actions"
        ? `${action?.action_id ?? "action"}-${action?.action_ts ?? Date.now()}`
        : String((body.view as { id?: string } | undefined)?.id ?? body.trigger_id ?? body.action_ts ?? Date.now());
    try {
      await deps.enqueue({
        source: "slack",
        type: "interaction",
        teamId: body.team?.id ?? "",
        user: body.user?.id ?? "",
        kind,
        id,
        payload: body,
      });
      await args.ack();
    } catch (e) {
      deps.logger.error({ err: String(e), kind }, "interaction not enqueued");
      throw e;
    }
  };
}
