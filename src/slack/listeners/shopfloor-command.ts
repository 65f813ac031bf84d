import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { controlArgs } from "../../../graphs/automation-control/automation-control-input.js";
import { PROMPTS_USAGE, promptsArgs } from "../../../graphs/prompts/prompts-input.js";
import { recapPeriodOf } from "../../../graphs/recap/recap-input.js";
import { controlUsageText, unknownAutomationText } from "../../blocks/automation-control-blocks.js";
import { helpBlocks } from "../../blocks/help-blocks.js";
import { escapeMrkdwn } from "../../blocks/mrkdwn.js";
import { whyTarget } from "../../jobs/route-intent.js";
import { SUBCOMMANDS } from "../slack-surface.js";
import { ingressJobProblem, type IngressJob } from "../../jobs/job-schemas.js";
import type { ListenerDeps } from "./listener-deps.js";
import { modalFailedText, openReportBugModal, slackErrorCode, tellEphemerally } from "./report-bug-shortcut.js";

/** Subcommands that are enqueued for an automation (help is answered in the ack). */
export const ROUTED_SUBCOMMANDS: ReadonlySet<string> = new Set(SUBCOMMANDS.map((s) => s.name).filter((name) => name !== "help"));

export const BUG_RECEIVED_TEXT = "Got it — triaging your report. I'll reply in a thread.";

function ackText(subcommand: string, rest: string) {
  if (subcommand === "bug") return { response_type: "ephemeral" as const, text: BUG_RECEIVED_TEXT };
  if (subcommand === "review") return { response_type: "ephemeral" as const, text: `Reviewing #${rest.replace("#", "")} — the result will be posted in this channel.` };
  if (subcommand === "build") return { response_type: "ephemeral" as const, text: `Building #${rest.replace("#", "")} — progress goes to its report's thread, or to this channel when it has none.` };
  if (subcommand === "why") {
    const target = whyTarget(rest);
    const what = target?.about === "run" ? `the ${target.automation} of #${target.number}` : `#${target?.number ?? rest}`;
    return { response_type: "ephemeral" as const, text: `Looking into ${what} — the answer will be posted in this channel.` };
  }
  if (subcommand === "recap") return { response_type: "ephemeral" as const, text: `Working on the ${recapPeriodOf(rest) ?? "daily"} recap — it will be posted in this channel.` };
  if (subcommand === "audit" && !/^log\b/i.test(rest)) return { response_type: "ephemeral" as const, text: "Auditing the last week's runs — the report goes to the maintainers' channel." };
  if (subcommand === "plan") return { response_type: "ephemeral" as const, text: "Grading the repository against its spec — proposals go to the maintainers' channel." };
  if (subcommand === "pause" || subcommand === "resume") {
    // Said before anyone has checked who asks: a non-approver must not read "Pausing build…" before the refusal.
    return { response_type: "ephemeral" as const, text: `Asked to ${subcommand} ${escapeMrkdwn(controlArgs(rest)?.automation ?? "")} — approvers only; the answer follows.` };
  }
  return undefined;
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/shopfloor <subcommand> [args]`: help is answered in the ack; everything else is enqueued. */
export function shopfloorCommand(deps: ListenerDeps) {
  return async (args: CommandArgs) => {
    const { command, ack, body } = args;
    // Slack always sends `text` (empty without arguments); a forged or broken form may not.
    const text = typeof command.text === "string" ? command.text.trim() : "";
    const first = text.split(/\s+/)[0] ?? "";
    const subcommand = first.toLowerCase();
    // The rest as typed: a bug report keeps its line breaks.
    const rest = text.slice(first.length).trim();
    if (subcommand === "" || subcommand === "help") {
      await ack({ response_type: "ephemeral", ...helpBlocks() });
      return;
    }
    if (!SUBCOMMANDS.some((s) => s.name === subcommand)) {
      await ack({ response_type: "ephemeral", ...helpBlocks({ unknown: text }) });
      return;
    }
    if (subcommand === "prompts" && !promptsArgs(rest)) {
      await ack({ response_type: "ephemeral", text: PROMPTS_USAGE });
      return;
    }
    if (subcommand === "review" && !/^#?\d+$/.test(rest)) {
      await ack({ response_type: "ephemeral", text: `Which pull request? Usage: \`/shopfloor review <PR number>\`, e.g. \`/shopfloor review 123\`.` });
      return;
    }
    if (subcommand === "build" && !/^#?\d+$/.test(rest)) {
      await ack({ response_type: "ephemeral", text: "Which issue? Usage: `/shopfloor build <issue number>`, e.g. `/shopfloor build 123` (a PR number fixes its open review threads)." });
      return;
    }
    if (subcommand === "why" && !whyTarget(rest)) {
      await ack({ response_type: "ephemeral", text: "Which pull request? Usage: `/shopfloor why <PR number>`, e.g. `/shopfloor why 123`, or paste the PR's link." });
      return;
    }
    if (subcommand === "recap" && !recapPeriodOf(rest)) {
      await ack({ response_type: "ephemeral", text: "Which recap? Usage: `/shopfloor recap [daily|weekly]`; without a word it is the daily one." });
      return;
    }
    if (subcommand === "pause" || subcommand === "resume") {
      const problem = controlProblem(subcommand, rest, deps.automations);
      if (problem) {
        await ack({ response_type: "ephemeral", text: problem });
        return;
      }
    }
    if (subcommand === "bug" && rest === "") {
      await openBugForm(deps, args);
      return;
    }
    const job: IngressJob = {
      source: "slack",
      type: "command",
      teamId: command.team_id ?? body.team_id,
      channel: command.channel_id,
      user: command.user_id,
      command: command.command,
      subcommand,
      args: rest,
      responseUrl: command.response_url,
      triggerId: command.trigger_id,
    };
    const problem = ingressJobProblem(job, COMMAND_FIELDS);
    if (problem) {
      deps.logger.warn({ subcommand, problem }, "slash command refused: malformed");
      await ack({ response_type: "ephemeral", text: `:warning: Slack sent this command without what Shopfloor needs (${problem}). Nothing was started.` });
      return;
    }
    try {
      await deps.enqueue(job);
      await ack(ackText(subcommand, rest));
    } catch (e) {
      deps.logger.error({ err: String(e), subcommand }, "slash command not enqueued");
      await ack({
        response_type: "ephemeral",
        text: ":warning: Shopfloor cannot take requests right now (its queue is unreachable). Nothing was started; please try again in a minute.",
      });
    }
  };
}

/** The command's fields as Slack names them in the form it posts. */
const COMMAND_FIELDS = { teamId: "team_id", channel: "channel_id", user: "user_id", responseUrl: "response_url", triggerId: "trigger_id" };

/** Why `/shopfloor pause|resume <rest>` cannot go ahead (no name, or one that is not installed), or null. */
function controlProblem(action: "pause" | "resume", rest: string, automations: readonly string[] | undefined): string | null {
  const args = controlArgs(rest);
  if (!args) return controlUsageText(action, automations ?? []);
  if (automations && !automations.includes(args.automation)) return unknownAutomationText(action, args.automation, automations);
  return null;
}

/**
 * `/shopfloor bug` without a description opens the Report a bug modal. The command's trigger_id expires about 3 s
 * after it was typed, so the modal opens here in the edge; the modal's submission is what gets enqueued.
 */
async function openBugForm(deps: ListenerDeps, { command, ack, client, respond }: CommandArgs): Promise<void> {
  await ack();
  try {
    await openReportBugModal(client, { triggerId: command.trigger_id, metadata: { source: "global", channel: command.channel_id } });
  } catch (e) {
    const code = slackErrorCode(e);
    deps.logger.error({ err: String(e), slackError: code, user: command.user_id }, "Report a bug modal did not open");
    await tellEphemerally(deps, respond, modalFailedText(code, "bug report form"));
  }
}
