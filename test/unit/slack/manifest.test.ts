import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { AppError } from "../../../src/core/errors.js";
import { buildManifest, EXAMPLE_PUBLIC_URL, manifestYaml } from "../../../src/slack/manifest.js";
import {
  BOT_EVENTS,
  BOT_SCOPES,
  helpText,
  SHORTCUTS,
  SLASH_COMMAND,
  SUBCOMMANDS,
} from "../../../src/slack/slack-surface.js";

const root = resolve(import.meta.dirname, "../../..");
const REGENERATE =
  "regenerate it: node --import tsx -e 'import(\"./src/slack/manifest.ts\").then((m) => process.stdout.write(m.manifestYaml({ publicUrl: m.EXAMPLE_PUBLIC_URL })))' > slack-manifest.yml";

interface ParsedManifest {
  display_information: { name: string; description: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: { command: string; url?: string; description: string; usage_hint: string }[];
    shortcuts: { name: string; type: string; callback_id: string; description: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

/**
 * Scopes Slack requires for each event and feature (https://docs.slack.dev/reference/events, …/scopes),
 * written out here rather than derived from slack-surface.ts, so a missing scope fails the test.
 */
const REQUIRED_SCOPES: Record<string, string[]> = {
  app_mention: ["app_mentions:read"],
  "message.channels": ["channels:history"],
  "message.groups": ["groups:history"],
  "message.im": ["im:history"],
  app_home_opened: [],
};

function collectKeys(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectKeys(v, found));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      found.push(k);
      collectKeys(v, found);
    }
  }
  return found;
}

describe("slack-manifest.yml", () => {
  it("is the generated manifest (edit src/slack/slack-surface.ts, never the file)", () => {
    const committed = readFileSync(resolve(root, "slack-manifest.yml"), "utf8");
    expect(committed, REGENERATE).toBe(manifestYaml({ publicUrl: EXAMPLE_PUBLIC_URL }));
  });

  it("sends events, interactivity and the slash command to /slack/events", () => {
    const manifest = parse(readFileSync(resolve(root, "slack-manifest.yml"), "utf8")) as ParsedManifest;
    const url = "https://shopfloor.example.com/slack/events";
    expect(manifest.settings.event_subscriptions.request_url).toBe(url);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: url });
    expect(manifest.features.slash_commands).toHaveLength(1);
    expect(manifest.features.slash_commands[0]).toMatchObject({ command: "/shopfloor", url });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it("starts with a comment that says where it comes from and how to install it", () => {
    const text = manifestYaml({ publicUrl: EXAMPLE_PUBLIC_URL });
    expect(text.startsWith("# ")).toBe(true);
    expect(text).toContain("SLACK_SIGNING_SECRET");
    expect(manifestYaml({ socketMode: true })).toContain("connections:write");
  });
});

describe("buildManifest", () => {
  it("has no URLs in Socket Mode", () => {
    const manifest = buildManifest({ socketMode: true }) as unknown as ParsedManifest;
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    const keys = collectKeys(manifest);
    expect(keys).not.toContain("url");
    expect(keys).not.toContain("request_url");
    expect(manifestYaml({ socketMode: true })).not.toMatch(/https?:\/\/(?!api\.slack\.com)/);
    // Everything else is the same app.
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([...BOT_EVENTS]);
  });

  it("joins a public URL with a path or trailing slash into one /slack/events URL", () => {
    const manifest = buildManifest({ publicUrl: "https://bots.acme.dev/shopfloor/" }) as unknown as ParsedManifest;
    expect(manifest.settings.event_subscriptions.request_url).toBe("https://bots.acme.dev/shopfloor/slack/events");
  });

  it("refuses URLs Slack cannot call", () => {
    expect(() => buildManifest({ publicUrl: "http://shopfloor.example.com" })).toThrow(AppError);
    expect(() => buildManifest({ publicUrl: "http://shopfloor.example.com" })).toThrow(/https/);
    expect(() => buildManifest({ publicUrl: "shopfloor.example.com" })).toThrow(/not a URL/);
  });

  it("lists every subcommand in the slash command's usage hint and in the help text", () => {
    const manifest = buildManifest({ publicUrl: EXAMPLE_PUBLIC_URL }) as unknown as ParsedManifest;
    const hint = manifest.features.slash_commands[0]!.usage_hint;
    const names = ["help", "bug", "why", "status", "review", "build", "recap", "pause", "resume", "audit", "prompts", "plan"];
    expect(SUBCOMMANDS.map((s) => s.name)).toEqual(names);
    const hinted = hint.split(" | ").map((usage) => usage.split(" ")[0]);
    expect(hinted).toEqual(names);
    const help = helpText();
    for (const s of SUBCOMMANDS) expect(help).toContain(`${SLASH_COMMAND} ${s.usage}`);
  });

  it("only the approver commands are marked approvers-only", () => {
    expect(SUBCOMMANDS.filter((s) => s.approversOnly).map((s) => s.name)).toEqual(["pause", "resume"]);
  });

  it("subscribes to the events of DESIGN §7 and requests the scopes each one needs", () => {
    const manifest = buildManifest({ publicUrl: EXAMPLE_PUBLIC_URL }) as unknown as ParsedManifest;
    const events = manifest.settings.event_subscriptions.bot_events;
    expect([...events].sort()).toEqual(["app_home_opened", "app_mention", "message.channels", "message.groups", "message.im"]);
    const scopes = manifest.oauth_config.scopes.bot;
    for (const event of events) {
      const needed = REQUIRED_SCOPES[event];
      expect(needed, `the test knows which scopes ${event} needs`).toBeDefined();
      for (const scope of needed!) expect(scopes, `${event} needs ${scope}`).toContain(scope);
    }
    // Slash commands and shortcuts need `commands`; every reply needs `chat:write`.
    expect(scopes).toContain("commands");
    expect(scopes).toContain("chat:write");
    // The App Home tab is what app_home_opened is for.
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(new Set(scopes).size).toBe(scopes.length);
    expect(scopes).toEqual([...BOT_SCOPES]);
  });

  it("has the two Report a bug shortcuts", () => {
    const manifest = buildManifest({ publicUrl: EXAMPLE_PUBLIC_URL }) as unknown as ParsedManifest;
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ name: "Report a bug", type: "global", callback_id: "report_bug_global" }),
      expect.objectContaining({ name: "Report a bug", type: "message", callback_id: "report_bug_message" }),
    ]);
    expect(SHORTCUTS.map((s) => s.callbackId)).toEqual(["report_bug_global", "report_bug_message"]);
  });

  it("stays within Slack's manifest limits", () => {
    const manifest = buildManifest({ publicUrl: EXAMPLE_PUBLIC_URL }) as unknown as ParsedManifest;
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    const command = manifest.features.slash_commands[0]!;
    expect(command.command.length).toBeLessThanOrEqual(32);
    expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
    for (const s of manifest.features.shortcuts) expect(s.description.length).toBeLessThanOrEqual(150);
  });
});
