import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { helpBlocks, notAvailableBlocks } from "../../blocks/help-blocks.js";
import { SUBCOMMANDS } from "../slack-surface.js";
import type { ListenerDeps } from "./listener-deps.js";

/** Subcommands whose automation runs in this version; the rest answer that they are not installed yet. */
export const ROUTED_SUBCOMMANDS = new Set(["status"]);

/** `/shopfloor <subcommand> [args]`: help is answered in the ack; everything else is enqueued. */
export function shopfloorCommand(deps: ListenerDeps) {
  return async ({ command, ack, body }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const [first = "", ...rest] = command.text.trim().split(/\s+/);
    const subcommand = first.toLowerCase();
    if (subcommand === "" || subcommand === "help") {
      await ack({ response_type: "ephemeral", ...helpBlocks() });
      return;
    }
    if (!SUBCOMMANDS.some((s) => s.name === subcommand)) {
      await ack({ response_type: "ephemeral", ...helpBlocks({ unknown: command.text.trim() }) });
      return;
    }
    if (!ROUTED_SUBCOMMANDS.has(subcommand)) {
      await ack({ response_type: "ephemeral", ...notAvailableBlocks(subcommand) });
      return;
    }
    try {
      await deps.enqueue({
        source: "slack",
        type: "command",
        teamId: command.team_id ?? body.team_id,
        channel: command.channel_id,
        user: command.user_id,
        command: command.command,
        subcommand,
        args: rest.join(" "),
        responseUrl: command.response_url,
        triggerId: command.trigger_id,
      });
      await ack();
    } catch (e) {
      deps.logger.error({ err: String(e), subcommand }, "slash command not enqueued");
      await ack({
        response_type: "ephemeral",
        text: ":warning: Shopfloor cannot take requests right now (its queue is unreachable). Nothing was started; please try again in a minute.",
      });
    }
  };
}
