import type { App } from "@slack/bolt";
import { SHORTCUTS, SLASH_COMMAND } from "../slack-surface.js";
import type { ListenerDeps } from "./listener-deps.js";
import { shopfloorCommand } from "./shopfloor-command.js";
import { enqueueEvent } from "./slack-events.js";
import { enqueueInteraction } from "./slack-interactions.js";

/** Bot events the listeners handle; checked against slack-surface.ts and the manifest by a test. */
export const HANDLED_EVENTS = ["app_mention", "message", "app_home_opened"] as const;

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMAND, shopfloorCommand(deps));
  for (const name of HANDLED_EVENTS) app.event(name, enqueueEvent(deps));
  for (const s of SHORTCUTS) app.shortcut(s.callbackId, enqueueInteraction(deps));
  app.action(/.*/, enqueueInteraction(deps));
  app.view(/.*/, enqueueInteraction(deps));
}
