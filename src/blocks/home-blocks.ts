import { agoPhrase } from "../core/ago.js";
import type { Block } from "../core/ports/chat-port.js";
import type { QueueDepth, RunInFlight } from "../core/ports/ops-port.js";
import { shorten, plural } from "../core/text.js";
import { actorText, context, escapeMrkdwn, section, slackTime, plainText } from "./mrkdwn.js";
import { queueLine } from "./status-blocks.js";

/** action_ids of the Home tab's buttons; the router sends their clicks to the automation-control graph. */
export const AUTOMATION_PAUSE_ACTION = "automation_pause";
export const AUTOMATION_RESUME_ACTION = "automation_resume";

/** One automation's line on the Home tab. */
export interface HomeAutomation {
  name: string;
  paused: boolean;
  pausedBy: string | null;
  pausedReason: string | null;
  /** Runs started in the window, and how many of them failed. */
  runs: number;
  failed: number;
  /** Its latest run, whenever it was. */
  lastRunAt: string | null;
  lastStatus: string | null;
  lastErrorCode: string | null;
}

/** A stalled PR handed to people by the shepherd. */
export interface HomeEscalation {
  repository: string;
  prNumber: number;
  /** A GitHub login, or the Slack user it maps to (`ownerSlack`) for approvers. */
  owner: string;
  ownerSlack: string | null;
  reasons: readonly string[];
  since: string;
}

export interface HomeFacts {
  repository: string | null;
  /** When the facts were read: relative times count from here. */
  now: string;
  /** The window of the failure rates, in days. */
  windowDays: number;
  /** Only approvers get Pause and Resume buttons. */
  approver: boolean;
  /** Shown at the top: the answer to the viewer's last click. Our own mrkdwn, not a person's text. */
  notice?: string | undefined;
  automations: readonly HomeAutomation[];
  queues: readonly QueueDepth[];
  runsInFlight: readonly RunInFlight[];
  escalations: readonly HomeEscalation[];
  dryRun: boolean;
}

/** Slack allows 100 blocks in a Home view; everything but the automation rows fits in well under 20. */
const MAX_AUTOMATION_ROWS = 60;
/** Lines per list section: a long list is cut and counted, so the section stays readable and under 3,000 characters. */
const MAX_LINES = 15;
/** Slack's limit on a confirm dialog's title. */
const CONFIRM_TITLE_MAX = 24;

const prLink = (repository: string, pr: number) => `<https://github.com/${repository}/pull/${pr}|#${pr}>`;

/** `gh-pr:acme/shop#12:merge:abc…` → the PR of a merge run; null for threads that are not a PR's. */
export function prOfThread(threadId: string): { repository: string; number: number } | null {
  const m = /^gh-pr:([^#\s]+\/[^#\s]+)#(\d+)/.exec(threadId);
  return m ? { repository: m[1]!, number: Number(m[2]) } : null;
}

/** Merge cards waiting for an approver's click, oldest first. */
export function pendingApprovals(runs: readonly RunInFlight[]): { repository: string; number: number; since: string }[] {
  return runs
    .filter((r) => r.graph === "merge" && r.status === "waiting")
    .flatMap((r) => {
      const pr = prOfThread(r.threadId);
      return pr ? [{ ...pr, since: r.startedAt }] : [];
    })
    .sort((a, b) => a.since.localeCompare(b.since));
}

/** "1 of 4 runs failed in the last 7 days (25%)", or what there is to say when nothing failed or nothing ran. */
export function failureRate(a: Pick<HomeAutomation, "runs" | "failed">, windowDays: number): string {
  const window = `in the last ${plural(windowDays, "day")}`;
  if (a.runs === 0) return `no runs ${window}`;
  if (a.failed === 0) return `${plural(a.runs, "run")} ${window}, none failed`;
  return `${a.failed} of ${plural(a.runs, "run")} failed ${window} (${Math.round((a.failed / a.runs) * 100)}%)`;
}

/** The Home tab: overall health, every automation with its controls, queues, runs, approvals and escalations. Pure. */
export function homeBlocks(f: HomeFacts): Block[] {
  const blocks: Block[] = [{ type: "header", text: plainText(shorten(f.repository ? `Shopfloor · ${f.repository}` : "Shopfloor", 150)) }];
  if (f.notice) blocks.push(section(f.notice));
  blocks.push(section(health(f)), { type: "divider" }, section("*Automations*"));

  for (const a of f.automations.slice(0, MAX_AUTOMATION_ROWS)) blocks.push(automationRow(a, f));
  if (f.automations.length > MAX_AUTOMATION_ROWS) blocks.push(context(`…and ${f.automations.length - MAX_AUTOMATION_ROWS} more`));
  if (f.automations.length === 0) blocks.push(context("No automations are installed."));

  const approvals = pendingApprovals(f.runsInFlight);
  blocks.push(
    { type: "divider" },
    section(`*Queues*\n${queueLines(f.queues)}`),
    section(`*Runs in flight*\n${runLines(f.runsInFlight, f.now)}`),
    section(
      `*Waiting for approval*\n${
        approvals.length
          ? capped(approvals.map((p) => `• ${prLink(p.repository, p.number)} merge card waiting since ${agoPhrase(p.since, f.now)}`))
          : "no merge cards waiting"
      }`,
    ),
    section(
      `*Open escalations*\n${
        f.escalations.length
          ? capped(
              f.escalations.map(
                (e) =>
                  `• ${prLink(e.repository, e.prNumber)} over to ${e.ownerSlack ? `<@${e.ownerSlack}>` : escapeMrkdwn(e.owner)} since ${agoPhrase(e.since, f.now)}: ${escapeMrkdwn(shorten(e.reasons.join("; ") || "stalled", 160))}`,
              ),
            )
          : "none"
      }`,
    ),
    context(`Updated ${slackTime(f.now, true)}${f.dryRun ? " · *dry run*: no effects are performed" : ""}`),
  );
  return blocks;
}

function health(f: HomeFacts): string {
  const paused = f.automations.filter((a) => a.paused);
  const failing = f.automations.filter((a) => a.lastStatus === "failed");
  const failedJobs = f.queues.reduce((n, q) => n + q.failed, 0);
  const facts = [
    paused.length ? `${paused.length} of ${plural(f.automations.length, "automation")} paused` : "all automations running",
    failing.length ? `last run failed: ${failing.map((a) => a.name).join(", ")}` : "",
    failedJobs ? `${plural(failedJobs, "failed job")} kept for inspection` : "",
    f.escalations.length ? plural(f.escalations.length, "open escalation") : "",
  ].filter(Boolean);
  const state =
    failing.length || failedJobs
      ? ":red_circle: *Needs attention*"
      : paused.length || f.escalations.length
        ? ":large_yellow_circle: *Running, with something to look at*"
        : ":large_green_circle: *Healthy*";
  return `${state}\n${facts.join(" · ")}`;
}

function automationRow(a: HomeAutomation, f: HomeFacts): Block {
  const state = a.paused
    ? `:double_vertical_bar: paused${a.pausedBy ? ` by ${actorText(a.pausedBy)}` : ""}${a.pausedReason ? ` — ${escapeMrkdwn(shorten(a.pausedReason, 300))}` : ""}`
    : ":large_green_circle: running";
  const last = a.lastRunAt
    ? `last run ${agoPhrase(a.lastRunAt, f.now)}${a.lastStatus === "failed" ? ` failed${a.lastErrorCode ? ` with \`${escapeMrkdwn(a.lastErrorCode)}\`` : ""}` : ""}`
    : "never run";
  const row: Block = { type: "section", block_id: `automation-${a.name}`, text: { type: "mrkdwn", text: shorten(`*${a.name}* · ${state}\n${last} · ${failureRate(a, f.windowDays)}`, 3000) } };
  if (f.approver) row.accessory = a.paused ? resumeButton(a.name) : pauseButton(a.name);
  return row;
}

function pauseButton(name: string): Record<string, unknown> {
  return {
    type: "button",
    action_id: AUTOMATION_PAUSE_ACTION,
    text: plainText("Pause"),
    value: name,
    confirm: {
      title: plainText(shorten(`Pause ${name}?`, CONFIRM_TITLE_MAX)),
      text: plainText(`New work for ${name} waits until someone resumes it; nothing is dropped. Runs already going finish.`),
      confirm: plainText("Pause"),
      deny: plainText("Cancel"),
      style: "danger",
    },
  };
}

/** Also on the circuit breaker's alert in the maintainers channel. */
export function resumeButton(name: string): Record<string, unknown> {
  return { type: "button", action_id: AUTOMATION_RESUME_ACTION, text: plainText("Resume"), value: name, style: "primary" };
}

function queueLines(queues: readonly QueueDepth[]): string {
  const busy = queues.filter((q) => q.waiting + q.active + q.delayed + q.failed > 0);
  if (!busy.length) return "all queues empty";
  return capped(busy.map(queueLine));
}

/** One line per automation: how many runs, how many wait for people, since when the oldest; oldest first. */
function runLines(runs: readonly RunInFlight[], now: string): string {
  if (!runs.length) return "nothing running";
  const byGraph = new Map<string, RunInFlight[]>();
  for (const r of runs) byGraph.set(r.graph, [...(byGraph.get(r.graph) ?? []), r]);
  const groups = [...byGraph.entries()]
    .map(([graph, list]) => ({ graph, list, oldest: list.map((r) => r.startedAt).sort()[0]! }))
    .sort((a, b) => a.oldest.localeCompare(b.oldest));
  return capped(
    groups.map(({ graph, list, oldest }) => {
      const waiting = list.filter((r) => r.status === "waiting").length;
      const split = waiting === 0 ? "running" : waiting === list.length ? "waiting for people" : `${list.length - waiting} running, ${waiting} waiting for people`;
      return `• *${graph}* ${list.length} (${split}), oldest started ${agoPhrase(oldest, now)}`;
    }),
  );
}

function capped(lines: string[]): string {
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `…and ${lines.length - MAX_LINES} more`].join("\n") : lines.join("\n");
}
