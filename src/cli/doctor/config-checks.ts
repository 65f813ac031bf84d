import { existsSync } from "node:fs";
import type { Config } from "../../config/load-config.js";
import type { CheckResult, DoctorCheck } from "./types.js";

const check = (name: string, decide: () => CheckResult): DoctorCheck => ({ name, run: async () => decide() });

/** Checks of the configuration itself: nothing here talks to the outside. */
export function configChecks(config: Config, opts: { fileExists?: (path: string) => boolean } = {}): DoctorCheck[] {
  const s = config.settings;
  const fileExists = opts.fileExists ?? existsSync;
  return [
    check("Configuration", () => {
      const dryRun = config.dryRun ? "; dry run: effects are recorded, none performed" : "";
      // loadConfig refuses a missing SHOPFLOOR_CONFIG, but a missing default ./shopfloor.yml means "all defaults".
      return fileExists(config.configPath)
        ? { status: "ok", detail: `${config.configPath}${dryRun}` }
        : {
            status: "warn",
            detail: `${config.configPath} not found: every setting takes its default${dryRun}`,
            fix: "copy shopfloor.example.yml to shopfloor.yml and adjust it, or point SHOPFLOOR_CONFIG at your file",
          };
    }),
    check("Repository", () => {
      const repo = config.github.repository;
      return repo
        ? { status: "ok", detail: `${repo.owner}/${repo.name}` }
        : {
            status: "fail",
            detail: "no GitHub repository configured: the factory has nothing to work on",
            fix: "set GITHUB_REPOSITORY=owner/name, or repository: owner/name in shopfloor.yml",
          };
    }),
    check("Approvers", () => {
      const users = s.approvers.slackUsers.length;
      const groups = s.approvers.slackGroups.length;
      return users + groups > 0
        ? { status: "ok", detail: `${users} user${users === 1 ? "" : "s"}, ${groups} group${groups === 1 ? "" : "s"}` }
        : {
            status: "warn",
            detail: "no approvers: nobody can merge from Slack, approve proposals, pause or resume",
            fix: "add Slack user ids under approvers.slackUsers (or group ids under approvers.slackGroups) in shopfloor.yml",
          };
    }),
    check("Bug channels", () =>
      s.channels.bugs.length > 0
        ? { status: "ok", detail: s.channels.bugs.join(", ") }
        : {
            status: "warn",
            detail: "no bug channel: reports only arrive through /shopfloor bug and the Report a bug shortcut",
            fix: "add a channel id under channels.bugs in shopfloor.yml and invite the bot to that channel",
          },
    ),
    check("GitHub webhooks", () => {
      if (config.github.auth.kind === "none") return { status: "skip", detail: "GitHub is not configured" };
      return config.github.webhookSecret
        ? { status: "ok", detail: "GITHUB_WEBHOOK_SECRET is set: deliveries to /github/webhooks are verified" }
        : {
            status: "warn",
            detail: "GITHUB_WEBHOOK_SECRET is not set: GitHub deliveries cannot be verified, so PR events (reviews, merges) are not received",
            fix: "create a webhook (repository Settings → Webhooks, or the GitHub App's settings) to <public URL>/github/webhooks with a secret, and set GITHUB_WEBHOOK_SECRET to it",
          };
    }),
    check("Queue board", () => {
      const { user, password, queuesReadOnly } = config.admin;
      if (!password) return { status: "skip", detail: "off: set SHOPFLOOR_ADMIN_PASSWORD to show the queues at /admin/queues" };
      const mode = queuesReadOnly ? "read-only" : "with retry, clean and remove actions (admin.queuesReadOnly: false)";
      return { status: "ok", detail: `on at /admin/queues for user ${user}, ${mode}` };
    }),
  ];
}
