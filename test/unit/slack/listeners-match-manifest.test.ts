import { App } from "@slack/bolt";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/core/logger.js";
import { HANDLED_EVENTS, registerListeners } from "../../../src/slack/listeners/register-listeners.js";
import { ROUTED_SUBCOMMANDS } from "../../../src/slack/listeners/shopfloor-command.js";
import { BOT_EVENTS, SHORTCUTS, SLASH_COMMAND, SUBCOMMANDS } from "../../../src/slack/slack-surface.js";

const manifest = parse(readFileSync(new URL("../../../slack-manifest.yml", import.meta.url), "utf8")) as {
  features: { slash_commands: { command: string }[]; shortcuts: { callback_id: string }[] };
  settings: { event_subscriptions: { bot_events: string[] } };
};

/** Registers the real listeners on a Bolt app that records what was registered. */
function registered() {
  const calls = { commands: [] as string[], events: [] as string[], shortcuts: [] as string[] };
  const app = new App({ token: "xoxb-test", signingSecret: "s", tokenVerificationEnabled: false, receiver: { init: () => {}, start: async () => {}, stop: async () => {} } as never });
  const spy = app as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const [method, list] of [["command", calls.commands], ["event", calls.events], ["shortcut", calls.shortcuts]] as const) {
    const original = spy[method]!.bind(app);
    spy[method] = (name: unknown, ...rest: unknown[]) => {
      list.push(String(name));
      return original(name, ...rest);
    };
  }
  registerListeners(app, { enqueue: async () => {}, logger: silentLogger });
  return calls;
}

describe("slack-manifest.yml and the Bolt listeners agree", () => {
  const calls = registered();

  it("handles the slash command the manifest declares", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(calls.commands).toEqual([SLASH_COMMAND]);
  });

  it("listens to every bot event the manifest subscribes to, and to nothing else", () => {
    const expected = new Set(manifest.settings.event_subscriptions.bot_events.map((e) => e.split(".")[0]));
    expect(new Set(calls.events)).toEqual(expected);
    expect(new Set(HANDLED_EVENTS)).toEqual(new Set(BOT_EVENTS.map((e) => e.split(".")[0])));
  });

  it("handles every shortcut the manifest declares", () => {
    expect(calls.shortcuts.sort()).toEqual(manifest.features.shortcuts.map((s) => s.callback_id).sort());
    expect(calls.shortcuts.sort()).toEqual(SHORTCUTS.map((s) => s.callbackId).sort());
  });

  it("routes only subcommands the surface declares", () => {
    for (const name of ROUTED_SUBCOMMANDS) expect(SUBCOMMANDS.map((s) => s.name)).toContain(name);
  });
});
