import type { AppsManifestCreateArguments } from "@slack/web-api";
import { stringify } from "yaml";
import { AppError, ErrorCode } from "../core/errors.js";
import {
  APP_DESCRIPTION,
  APP_NAME,
  APP_TOKEN_SCOPES,
  BOT_DISPLAY_NAME,
  BOT_EVENTS,
  BOT_SCOPES,
  SHORTCUTS,
  SLACK_EVENTS_PATH,
  SLASH_COMMAND,
  SLASH_USAGE_HINT,
} from "./slack-surface.js";

/** The manifest shape of @slack/web-api (apps.manifest.create), so a misspelt scope or event fails to compile. */
export type SlackManifest = AppsManifestCreateArguments["manifest"];

/** The public URL in the committed slack-manifest.yml; operators print their own with `shopfloor manifest`. */
export const EXAMPLE_PUBLIC_URL = "https://shopfloor.example.com";

/** HTTP mode: Slack calls `<publicUrl>/slack/events`. Socket Mode: Shopfloor connects out, no public URL. */
export type ManifestOptions = { publicUrl: string } | { socketMode: true };

const LONG_DESCRIPTION = [
  `${APP_NAME} runs an AI software factory on your GitHub repository and talks to your team here.`,
  "Post a bug in a bug channel (or use /shopfloor bug, or the Report a bug shortcut) and it comes back as a triaged, labelled GitHub issue in the thread;",
  "vague reports get clarifying questions, duplicates a link to the existing issue.",
  "Builds open pull requests, reviews post inline comments and a summary, and an approver merges with one click on the merge card, at exactly the reviewed commit.",
  "Ask `/shopfloor why 123` for the reason a PR is stuck; daily and weekly recaps report what the factory did and what it cost.",
].join(" ");

/** Slack only calls https URLs; a trailing slash would produce `//slack/events`. */
function eventsUrl(publicUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(publicUrl);
  } catch {
    throw new AppError(ErrorCode.BadRequest, `The public URL "${publicUrl}" is not a URL; give the https address Slack can reach, e.g. https://shopfloor.example.com`);
  }
  if (parsed.protocol !== "https:") {
    throw new AppError(ErrorCode.BadRequest, `Slack only calls https URLs, got "${publicUrl}"; put Shopfloor behind TLS or use Socket Mode (SLACK_APP_TOKEN)`);
  }
  if (parsed.search || parsed.hash) {
    throw new AppError(ErrorCode.BadRequest, `The public URL "${publicUrl}" must not have a query or fragment`);
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}${SLACK_EVENTS_PATH}`;
}

/** The full Slack app manifest for Shopfloor (https://docs.slack.dev/reference/app-manifest). */
export function buildManifest(options: ManifestOptions): SlackManifest {
  const socketMode = "socketMode" in options && options.socketMode;
  const url = "publicUrl" in options ? eventsUrl(options.publicUrl) : undefined;

  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: APP_NAME,
      description: APP_DESCRIPTION,
      long_description: LONG_DESCRIPTION,
      background_color: "#1d3557",
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: BOT_DISPLAY_NAME, always_online: true },
      slash_commands: [
        {
          command: SLASH_COMMAND,
          ...(url ? { url } : {}),
          description: `Ask ${APP_NAME}: report a bug, ask why a PR is stuck, see status, start a build…`,
          usage_hint: SLASH_USAGE_HINT,
          // Unescaped text keeps "#123" and plain words as typed; mentions are not needed by any subcommand.
          should_escape: false,
        },
      ],
      shortcuts: SHORTCUTS.map((s) => ({ name: s.name, type: s.type, callback_id: s.callbackId, description: s.description })),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(url ? { request_url: url } : {}), bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: socketMode,
      token_rotation_enabled: false,
    },
  };
}

function header(options: ManifestOptions): string {
  const lines = [
    `Slack app manifest for ${APP_NAME}, generated from src/slack/slack-surface.ts (\`shopfloor manifest\`).`,
    "Create the app at https://api.slack.com/apps → Create New App → From an app manifest, paste this file,",
    "install it to the workspace, then set SLACK_BOT_TOKEN (OAuth & Permissions → Bot User OAuth Token)",
  ];
  if ("publicUrl" in options) {
    lines.push(
      "and SLACK_SIGNING_SECRET (Basic Information → App Credentials). Slack verifies the request URL once:",
      "Shopfloor must be running at that address when you save the manifest.",
    );
  } else {
    lines.push(
      `and SLACK_APP_TOKEN (Basic Information → App-Level Tokens, scope ${APP_TOKEN_SCOPES.join(", ")}).`,
      "Socket Mode needs no public URL; at most 10 Shopfloor processes can hold a connection at once.",
    );
  }
  lines.push("After changing scopes or events, reinstall the app so the bot token gets them (`shopfloor doctor` checks).");
  return lines.map((l) => `# ${l}`).join("\n");
}

/** The manifest as YAML with an explanatory header, as committed in slack-manifest.yml. */
export function manifestYaml(options: ManifestOptions): string {
  return `${header(options)}\n${stringify(buildManifest(options), { lineWidth: 0 })}`;
}
