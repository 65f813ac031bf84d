import { agoPhrase } from "../core/ago.js";
import type { FailureClass } from "../core/failure-class.js";
import type { ModelCallSummary, RunRecord, StepRecord } from "../core/ledgers/run-ledger.js";
import type { Block } from "../core/ports/chat-port.js";
import type { ModelAttempt } from "../core/ports/model-port.js";
import { oneLine, plural, shorten } from "../core/text.js";
import { context, escapeMrkdwn as escape, header, section, SECTION_MAX } from "./mrkdwn.js";

/** One run of the thread, with what the run ledger recorded of it. */
export interface TimelineRun {
  run: RunRecord;
  steps: StepRecord[];
  modelCalls: ModelCallSummary[];
}

/** The answer to "why did the review of #123 fail?", as read from the run ledger. */
export type RunTimelineView =
  | {
      kind: "timeline";
      /** The automation asked about (its graph's name). */
      automation: string;
      number: number;
      /** Whether the run's thread is a PR's or an issue's. */
      target: "pr" | "issue";
      threadId: string;
      /** The run the question is about: the newest that failed, else the newest. */
      focusRunId: string;
      /** Runs of the thread shown, oldest first. */
      runs: TimelineRun[];
      /** Runs of the thread before and after the ones shown. */
      earlier: number;
      later: number;
      /** ISO time the ledger was read: times are shown relative to it. */
      now: string;
    }
  | {
      kind: "none";
      automation: string;
      number: number;
      repository: string;
      /** Runs of other automations on the same number, newest first. */
      others: RunRecord[];
      now: string;
    }
  /** A link to a repository Shopfloor does not look after. */
  | { kind: "elsewhere"; number: number; repository: string; watched: string };

/** The three kinds of failure (core/failure-class.ts), in the words of the person reading. */
const FAILURE_CLASS_WORDS: Record<FailureClass, string> = {
  infrastructure: "a service or the network",
  logic: "a defect in Shopfloor",
  semantic: "the model's output or the agent's work",
};

/** How each automation is named in a sentence. */
const AUTOMATION_NOUNS: Record<string, string> = {
  review: "the review",
  build: "the build",
  triage: "the triage",
  verify: "the verification",
  merge: "the merge",
  shepherd: "the shepherd run",
  incident: "the incident run",
  recap: "the recap",
  audit: "the audit",
};

/** Automations whose threads follow something other than a PR or issue number. */
const NOT_BY_NUMBER: Record<string, string> = {
  incident: "Incident runs follow Sentry issues, not PR or issue numbers.",
  recap: "Recaps follow their day or week, not a PR or issue number.",
  audit: "Audits look at the whole factory, not at one PR or issue.",
};

/** Slack refuses a message over 50 blocks: steps of a long run (a build's agent loop) are cut to the last ones. */
const MAX_STEPS = 12;
const MESSAGE_MAX = 300;

const STATUS: Record<RunRecord["status"], { emoji: string; word: string }> = {
  failed: { emoji: ":x:", word: "Failed" },
  succeeded: { emoji: ":white_check_mark:", word: "Succeeded" },
  waiting: { emoji: ":hourglass_flowing_sand:", word: "Waiting for a person" },
  running: { emoji: ":arrows_counterclockwise:", word: "Running" },
  cancelled: { emoji: ":no_entry_sign:", word: "Cancelled" },
};

const KIND: Record<RunRecord["kind"], string> = {
  start: "started",
  resume: "resumed after a reply or a click",
  continue: "continued after its worker stopped",
};

export function runTimelineBlocks(view: RunTimelineView): { text: string; blocks: Block[] } {
  switch (view.kind) {
    case "elsewhere": {
      const text = `#${view.number} is in ${view.repository}, and I only look after ${view.watched}.`;
      return { text, blocks: [section(escape(text))] };
    }
    case "none":
      return noneBlocks(view);
    case "timeline":
      return timelineBlocks(view);
  }
}

function noneBlocks(view: Extract<RunTimelineView, { kind: "none" }>): { text: string; blocks: Block[] } {
  const noun = nounOf(view.automation);
  const text = `I have no record of ${noun} running for #${view.number} in ${view.repository}.`;
  const lines = [escape(text)];
  const hint = NOT_BY_NUMBER[view.automation];
  if (hint) lines.push(hint);
  const byAutomation = new Map<string, RunRecord[]>();
  for (const run of view.others) byAutomation.set(run.graph, [...(byAutomation.get(run.graph) ?? []), run]);
  if (byAutomation.size === 0) {
    lines.push(`Shopfloor has no runs for #${view.number} at all.`);
  } else {
    lines.push(`*What I have for #${view.number}*`);
    for (const [graph, runs] of byAutomation) {
      const latest = runs[0]!;
      lines.push(`• ${escape(graph)}: ${plural(runs.length, "run")}, the latest ${STATUS[latest.status].word.toLowerCase()} ${agoPhrase(latest.finishedAt ?? latest.startedAt, view.now)}`);
    }
    const [first] = byAutomation.keys();
    lines.push(`Ask about one of them, e.g. \`why did the ${escape(first!)} of #${view.number} fail?\``);
  }
  return { text, blocks: [section(lines.join("\n"))] };
}

function timelineBlocks(view: Extract<RunTimelineView, { kind: "timeline" }>): { text: string; blocks: Block[] } {
  const focus = view.runs.find((r) => r.run.id === view.focusRunId) ?? view.runs.at(-1)!;
  const latest = view.runs.at(-1)!;
  const noun = nounOf(view.automation);
  const subject = `${view.target === "pr" ? "PR" : "issue"} #${view.number}`;
  const title = headline(noun, subject, focus.run, latest.run);
  const blocks: Block[] = [header(title)];

  const cause = focus.run.status === "failed" ? causeText(focus) : null;
  if (cause) blocks.push(section(cause));

  const total = view.earlier + view.runs.length + view.later;
  blocks.push(section(`*Timeline* (${plural(total, "run")} of ${noun}${view.runs.length < total ? `, ${view.runs.length} shown` : ""}, newest last)`));
  if (view.earlier > 0) blocks.push(context(`…${plural(view.earlier, "earlier run")} not shown.`));
  view.runs.forEach((entry, i) => blocks.push(section(runText(entry, view.earlier + i + 1, total, entry === focus, view.now))));
  if (view.later > 0) blocks.push(context(`…${plural(view.later, "later run")} not shown.`));

  const next = nextText(focus.run, latest, view.now);
  blocks.push(section(`*What happens next*\n${next}`));
  blocks.push(context(`From the run ledger of \`${escape(view.threadId)}\`.`));

  return { text: shorten(`${title}${focus.run.status === "failed" ? `: ${causeLine(focus)}` : ""}. Next: ${stripFormatting(next)}`, SECTION_MAX), blocks };
}

function headline(noun: string, subject: string, focus: RunRecord, latest: RunRecord): string {
  const Noun = capitalise(noun);
  if (focus.status === "failed") {
    if (latest.id !== focus.id && latest.status === "succeeded") return `${Noun} of ${subject} failed, then succeeded`;
    return `Why ${noun} of ${subject} failed`;
  }
  if (focus.status === "succeeded") return `${Noun} of ${subject} did not fail: its latest run succeeded`;
  if (focus.status === "waiting") return `${Noun} of ${subject} did not fail: it is waiting for a person`;
  if (focus.status === "running") return `${Noun} of ${subject} is running now`;
  return `${Noun} of ${subject} was cancelled`;
}

/** The failed run's error, where it happened and its kind, in three lines a person reads first. */
function causeText(entry: TimelineRun): string {
  const run = entry.run;
  const failedStep = entry.steps.findLast((s) => s.status === "failed");
  const where = failedStep ? `step \`${escape(failedStep.node)}\`, with ` : "";
  const error = run.errorCode ? `\`${escape(run.errorCode)}\`` : "an error";
  const lines = [`*What failed:* ${where}${error}${run.errorMessage ? `: ${message(run.errorMessage)}` : ""}`];
  if (run.failureClass) lines.push(`*Kind of failure:* ${run.failureClass} — ${FAILURE_CLASS_WORDS[run.failureClass]}`);
  return lines.join("\n");
}

/** The cause in one plain line, for notifications: "MODEL_INVALID_OUTPUT in security (semantic: …)". */
function causeLine(entry: TimelineRun): string {
  const run = entry.run;
  const failedStep = entry.steps.findLast((s) => s.status === "failed");
  const kind = run.failureClass ? ` (${run.failureClass}: ${FAILURE_CLASS_WORDS[run.failureClass]})` : "";
  return `${run.errorCode ?? "an error"}${failedStep ? ` in ${failedStep.node}` : ""}${kind}`;
}

function runText(entry: TimelineRun, n: number, total: number, isFocus: boolean, now: string): string {
  const { run } = entry;
  const status = STATUS[run.status];
  const took = run.finishedAt ? ` · took ${duration(Date.parse(run.finishedAt) - Date.parse(run.startedAt))}` : "";
  const lines = [`${status.emoji} *Run ${n} of ${total}: ${status.word}*${isFocus && total > 1 ? " (the one asked about)" : ""} · ${KIND[run.kind]} ${agoPhrase(run.startedAt, now)}${took}`];

  const steps = entry.steps.length > MAX_STEPS ? entry.steps.slice(-MAX_STEPS) : entry.steps;
  if (steps.length < entry.steps.length) lines.push(`• …${plural(entry.steps.length - steps.length, "earlier step")}`);
  for (const step of steps) lines.push(`• ${stepLine(step)}`);
  if (entry.steps.length === 0) lines.push("• no steps recorded");

  if (run.status === "failed" && !entry.steps.some((s) => s.status === "failed") && run.errorCode) {
    lines.push(`• failed: \`${escape(run.errorCode)}\`${run.errorMessage ? ` ${message(run.errorMessage)}` : ""}`);
  }
  // The run asked about has its kind of failure in the cause above.
  if (run.status === "failed" && run.failureClass && !isFocus) lines.push(`Kind of failure: ${run.failureClass} (${FAILURE_CLASS_WORDS[run.failureClass]})`);

  const calls = entry.modelCalls.filter(troubled);
  if (calls.length) {
    lines.push("Model calls that failed or needed repairs:");
    for (const call of calls) lines.push(`• ${escape(modelCallLine(call))}`);
  }
  return lines.join("\n");
}

function stepLine(step: StepRecord): string {
  const node = `\`${escape(step.node)}\``;
  const ms = step.durationMs === null ? "" : ` ${duration(step.durationMs)}`;
  if (step.status === "succeeded") return `${node} done${ms ? ` in${ms}` : ""}`;
  if (step.status === "interrupted") return `${node} waiting for a person`;
  const code = step.errorCode ? ` \`${escape(step.errorCode)}\`` : "";
  return `${node} failed${ms ? ` after${ms}` : ""}:${code}${step.message ? ` ${message(step.message)}` : ""}`;
}

/** A model call that did not simply answer first time. */
function troubled(call: ModelCallSummary): boolean {
  return call.outcome !== "ok" || call.attempts.length > 1;
}

const OUTCOME: Record<ModelAttempt["outcome"], string> = { ok: "ok", invalid: "invalid output", timeout: "timed out", error: "error" };

/**
 * What a model call tried and how each try went, e.g.
 * "review.correctness (gpt-4o): invalid output → retried with the error → invalid output → fallback model gpt-4.1 → ok".
 */
export function modelCallLine(call: ModelCallSummary): string {
  const outcome = (a: { outcome: ModelAttempt["outcome"]; errorCode?: string | null | undefined }) =>
    `${OUTCOME[a.outcome]}${a.outcome !== "ok" && a.errorCode ? ` (${a.errorCode})` : ""}`;
  const [first, ...rest] = call.attempts;
  const head = `${call.task} (${first?.model ?? call.model})`;
  if (!first) return `${head}: ${outcome(call)}`;
  const parts = [outcome(first)];
  for (const attempt of rest) parts.push(strategyText(attempt), outcome(attempt));
  return `${head}: ${parts.join(" → ")}`;
}

function strategyText(attempt: ModelAttempt): string {
  switch (attempt.strategy) {
    case "feedback":
      return "retried with the error";
    case "fallback-model":
      return `fallback model ${attempt.model}`;
    case "smaller-context":
      return "retried with a smaller context";
    case "first":
      return "tried again";
  }
}

/**
 * What happens now, from the newest run of the thread: a run that got through since says the failure is behind
 * it; otherwise the kind of the failure decides whether the runtime retries or people must step in.
 */
function nextText(focus: RunRecord, latest: TimelineRun, now: string): string {
  const run = latest.run;
  switch (run.status) {
    case "running":
      return `Running again now (${KIND[run.kind]} ${agoPhrase(run.startedAt, now)}): ask again once it ends.`;
    case "waiting": {
      const node = latest.steps.findLast((s) => s.status === "interrupted")?.node;
      return `Waiting for a person${node ? `: \`${escape(node)}\` waits for a reply or a click in its Slack thread` : ""}.`;
    }
    case "succeeded":
      return focus.status === "failed" && focus.id !== run.id
        ? `Nothing: it recovered, the latest run succeeded ${agoPhrase(run.finishedAt ?? run.startedAt, now)}.`
        : "Nothing: the latest run succeeded.";
    case "cancelled":
      return "Nothing runs until it is started again: the latest run was cancelled.";
    case "failed":
      switch (run.failureClass) {
        case "infrastructure":
          return "Retrying automatically: failures of a service or the network are retried with back-off, so this usually clears by itself. If it keeps failing, tell the maintainers.";
        case "semantic":
          return "Handed to people: the model's output or the agent's work was still unusable after every repair, so retrying alone will not help. Someone needs to look at the work, then start it again.";
        case "logic":
          return "Handed to people: a defect in Shopfloor is not retried, because it would fail the same way. It was reported to the maintainers; the run can be started again once it is fixed.";
        default:
          return "Not retried automatically as far as the ledger shows: a person needs to look at the error above.";
      }
  }
}

function nounOf(automation: string): string {
  return AUTOMATION_NOUNS[automation] ?? `the ${automation} run`;
}

function message(text: string): string {
  return escape(shorten(oneLine(text), MESSAGE_MAX));
}

/** 850 ms, 4.2 s, 3 min 5 s, 1 h 2 min. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "an unknown time";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, "")} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) {
    const seconds = Math.round((ms % 60_000) / 1000);
    return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  }
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ""}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The fallback text is plain: no bold markers or code ticks. */
function stripFormatting(mrkdwn: string): string {
  return oneLine(mrkdwn.replace(/[*`]/g, ""));
}
