import type { Config } from "../../config/load-config.js";
import { ErrorCode, isAppError } from "../../core/errors.js";
import type { ChatPort, ErrorTrackerPort, ForgePort, ModelPort, WorkspacePort } from "../../core/ports/index.js";
import { BOT_SCOPES } from "../../slack/slack-surface.js";
import { describeError } from "./redact.js";
import type { CheckResult, DoctorCheck } from "./types.js";

const REINSTALL_SLACK_APP =
  "update the app from slack-manifest.yml (`shopfloor manifest` prints it for your URL): api.slack.com/apps → your app → App Manifest → paste → Save, then Install App → Reinstall to Workspace";

const SLACK_SETUP =
  "create the Slack app from slack-manifest.yml (`shopfloor manifest`), install it, then set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)";

/** Slack: the bot token works (auth.test) and carries every scope of slack-surface.ts. */
export function slackCheck(opts: { config: Config; chat?: ChatPort }): DoctorCheck {
  return {
    name: "Slack",
    async run(): Promise<CheckResult> {
      const slack = opts.config.slack;
      if (slack.mode === "off") return { status: "skip", detail: "SLACK_BOT_TOKEN is not set: Shopfloor stays out of Slack", fix: SLACK_SETUP };
      if (!slack.botToken) {
        return {
          status: "fail",
          detail: "SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode still needs the bot token to post",
          fix: "set SLACK_BOT_TOKEN (OAuth & Permissions → Bot User OAuth Token, starts with xoxb-)",
        };
      }
      if (!opts.chat) return { status: "skip", detail: "no Slack client was given to doctor" };

      let identity;
      try {
        identity = await opts.chat.identity();
      } catch (e) {
        return { status: "fail", detail: `auth.test failed: ${describeError(e)}`, fix: slackErrorFix(e, slack.apiUrl) };
      }
      const who = `team ${identity.teamId}, bot user ${identity.userId}, ${slack.mode === "socket" ? "Socket Mode" : "HTTP mode"}`;
      if (identity.scopes.length === 0) {
        return {
          status: "warn",
          detail: `${who}; Slack did not report the token's scopes, so they were not checked`,
          fix: `make sure the app has the scopes of slack-manifest.yml; ${REINSTALL_SLACK_APP}`,
        };
      }
      const missing = BOT_SCOPES.filter((s) => !identity.scopes.includes(s));
      if (missing.length) {
        return { status: "fail", detail: `${who}; missing scopes: ${missing.join(", ")}`, fix: REINSTALL_SLACK_APP };
      }
      if (!slack.botToken.startsWith("xoxb-")) {
        return {
          status: "warn",
          detail: `${who}; SLACK_BOT_TOKEN is not a bot token (xoxb-…): Shopfloor would act as a person`,
          fix: "use the Bot User OAuth Token from OAuth & Permissions",
        };
      }
      return { status: "ok", detail: `${who}, all ${BOT_SCOPES.length} scopes granted` };
    },
  };
}

function slackErrorFix(e: unknown, apiUrl: string): string {
  const text = describeError(e);
  if (/invalid_auth|not_authed|token_revoked|account_inactive|token_expired/.test(text)) {
    return "the bot token is invalid or revoked: copy the Bot User OAuth Token again (OAuth & Permissions) into SLACK_BOT_TOKEN";
  }
  return `check that this machine reaches ${apiUrl} (SLACK_API_URL) and that SLACK_BOT_TOKEN is the app's bot token`;
}

/** The fine-grained permissions Shopfloor needs, named as GitHub's token and app settings name them. */
export const GITHUB_PERMISSIONS_FIX =
  "give the token (or GitHub App) these repository permissions: Contents: Read and write, Issues: Read and write, Pull requests: Read and write, Checks: Read-only, Metadata: Read-only";

const GITHUB_SETUP =
  "set GITHUB_TOKEN (a fine-grained token for the repository) or GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_INSTALLATION_ID";

/** GitHub: the repository can be read with the configured auth, and the token may push and write issues. */
export function githubCheck(opts: { config: Config; forge?: ForgePort }): DoctorCheck {
  return {
    name: "GitHub",
    async run(): Promise<CheckResult> {
      const github = opts.config.github;
      if (github.auth.kind === "none") return { status: "skip", detail: "no GitHub auth configured", fix: GITHUB_SETUP };
      if (!github.repository) return { status: "skip", detail: "no repository to check (see the repository check)" };
      if (!opts.forge) return { status: "skip", detail: "no GitHub client was given to doctor" };
      const slug = `${github.repository.owner}/${github.repository.name}`;

      let repo;
      try {
        repo = await opts.forge.getRepository();
      } catch (e) {
        return { status: "fail", detail: `cannot read ${slug}: ${describeError(e)}`, fix: githubErrorFix(e, slug, github.apiUrl) };
      }
      const authKind = github.auth.kind === "app" ? "GitHub App" : "token";
      const facts = `${repo.fullName} (${repo.private ? "private" : "public"}, default branch ${repo.defaultBranch}), ${authKind}`;
      const perms = repo.permissions;
      if (Object.keys(perms).length === 0) {
        // Installation tokens do not come with a permissions object; the app's settings decide.
        if (github.auth.kind === "app") return { status: "ok", detail: `${facts}; permissions are set in the app's settings` };
        return { status: "warn", detail: `${facts}; GitHub did not report the token's permissions`, fix: GITHUB_PERMISSIONS_FIX };
      }
      const canPush = Boolean(perms.push || perms.maintain || perms.admin);
      // Issues can be written with triage access or anything above it.
      const canWriteIssues = canPush || Boolean(perms.triage) || Boolean(perms.issues);
      const lacking = [...(canPush ? [] : ["push"]), ...(canWriteIssues ? [] : ["write issues"])];
      if (lacking.length) {
        const has = Object.entries(perms).filter(([, v]) => v).map(([k]) => k);
        return {
          status: "fail",
          detail: `${facts}; the ${authKind} cannot ${lacking.join(" or ")} (has: ${has.join(", ") || "nothing"})`,
          fix: GITHUB_PERMISSIONS_FIX,
        };
      }
      return { status: "ok", detail: `${facts}, can push and write issues` };
    },
  };
}

function githubErrorFix(e: unknown, slug: string, apiUrl: string): string {
  const status = isAppError(e) ? e.details.status : (e as { status?: unknown }).status;
  const code = isAppError(e) ? e.code : undefined;
  if (code === ErrorCode.NotFound || status === 404) {
    return `check the repository name ${slug} (GITHUB_REPOSITORY or repository: in shopfloor.yml) and that the token's repository access includes it`;
  }
  if (status === 401) return `the credentials are invalid or expired: create new ones; ${GITHUB_PERMISSIONS_FIX}`;
  if (code === ErrorCode.Forbidden || status === 403) return GITHUB_PERMISSIONS_FIX;
  if (code === ErrorCode.RateLimited) return "GitHub's rate limit is exhausted for these credentials: wait, or use a GitHub App (higher limits)";
  return `check that this machine reaches ${apiUrl} (GITHUB_API_URL) and the credentials`;
}

/** The model endpoint answers, and the models the configuration names are on offer. */
export function modelCheck(opts: { config: Config; model?: ModelPort }): DoctorCheck {
  return {
    name: "Model API",
    async run(): Promise<CheckResult> {
      const cfg = opts.config.model;
      const endpoint = cfg.baseUrl ?? "https://api.openai.com/v1";
      if (!opts.model) {
        return {
          status: "skip",
          detail: cfg.apiKey || cfg.baseUrl ? "no model client was given to doctor" : "OPENAI_API_KEY and OPENAI_BASE_URL are not set",
          fix: "set OPENAI_API_KEY, and OPENAI_BASE_URL for another OpenAI-compatible endpoint (Azure, vLLM, Ollama, LiteLLM …)",
        };
      }
      let models: string[];
      try {
        ({ models } = await opts.model.ping());
      } catch (e) {
        return {
          status: "fail",
          detail: `${endpoint}: ${describeError(e)}`,
          fix: `check OPENAI_API_KEY and OPENAI_BASE_URL (now ${endpoint})`,
        };
      }
      const named = new Set([cfg.defaultModel, ...Object.values(cfg.tasks), ...Object.values(cfg.fallback)]);
      if (models.length === 0) {
        return {
          status: "warn",
          detail: `${endpoint} answers but lists no models, so ${[...named].join(", ")} could not be checked`,
          fix: "make sure the endpoint serves the models named in SHOPFLOOR_MODEL and shopfloor.yml models",
        };
      }
      const missing = [...named].filter((m) => !models.includes(m));
      if (missing.length) {
        const offered = models.slice(0, 8).join(", ") + (models.length > 8 ? ", …" : "");
        return {
          status: "warn",
          detail: `${endpoint} does not list ${missing.join(", ")} (it offers ${offered})`,
          fix: missing.includes(cfg.defaultModel)
            ? "set SHOPFLOOR_MODEL (or models.default in shopfloor.yml) to a model the endpoint offers"
            : "change models.tasks / models.fallback in shopfloor.yml to models the endpoint offers",
        };
      }
      return { status: "ok", detail: `${endpoint}, default model ${cfg.defaultModel} available (${models.length} models listed)` };
    },
  };
}

/** The monitored application's Sentry: the API token can read the organisation's issues. */
export function sentryCheck(opts: { config: Config; errorTracker?: ErrorTrackerPort }): DoctorCheck {
  return {
    name: "Sentry",
    async run(): Promise<CheckResult> {
      const { apiToken, org, apiUrl } = opts.config.sentry;
      if (!apiToken && !org) {
        return { status: "skip", detail: "SENTRY_API_TOKEN and SENTRY_ORG are not set: no incidents from Sentry (optional)" };
      }
      if (!apiToken || !org) {
        return {
          status: "warn",
          detail: `${apiToken ? "SENTRY_ORG" : "SENTRY_API_TOKEN"} is missing: Sentry issues are not polled`,
          fix: "set both SENTRY_API_TOKEN (an internal integration token with Issue & Event: Read) and SENTRY_ORG",
        };
      }
      if (!opts.errorTracker) return { status: "skip", detail: "no Sentry client was given to doctor" };
      try {
        const { organization } = await opts.errorTracker.ping();
        return { status: "ok", detail: `organization ${organization} readable at ${apiUrl}` };
      } catch (e) {
        return {
          status: "fail",
          detail: `${apiUrl}: ${describeError(e)}`,
          fix: `check SENTRY_ORG (now ${org}), SENTRY_API_URL and that SENTRY_API_TOKEN has Issue & Event: Read and Organization: Read`,
        };
      }
    },
  };
}

/** The build automation's command sandbox: bubblewrap present and allowed to create its namespaces here. */
export function sandboxCheck(opts: { config: Config; workspaces?: WorkspacePort }): DoctorCheck {
  return {
    name: "Build sandbox",
    async run(): Promise<CheckResult> {
      if (!opts.config.settings.build.enabled) return { status: "skip", detail: "the build automation is off (build.enabled)" };
      if (!opts.workspaces) return { status: "skip", detail: "no workspace adapter was given to doctor" };
      const result = await opts.workspaces.check();
      if (result.ok) return { status: "ok", detail: `bubblewrap ${result.version}: commands run without network, as their own user, within build.commandLimits` };
      return {
        status: "fail",
        detail: `builds cannot run: ${result.reason}`,
        fix: "install bubblewrap (apt-get install bubblewrap) and run Shopfloor's worker as root, or set build.enabled: false",
      };
    },
  };
}
