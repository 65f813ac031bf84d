import type { Block } from "../core/ports/chat-port.js";
import type {
  AuditWindow,
  AutomationCost,
  AutomationRuns,
  DimensionNoise,
  DuplicateWork,
  FailureHotSpot,
  PromptHealth,
  RepairStat,
  SlowStep,
} from "../core/ledgers/audit-stats.js";
import type { HandOff } from "../core/ledgers/factory-stats.js";
import type { AuditMetric, MetricValue } from "../core/ledgers/proposals.js";
import { context, escapeMrkdwn, section } from "./mrkdwn.js";
import { lastDays, percent, plural, tokens, usd } from "../core/text.js";

/** An adopted change and its metric when it was proposed and over the audit's window. */
export interface ChangeEffect {
  proposalId: number;
  title: string;
  decidedAt: string;
  decidedBy: string | null;
  metric: AuditMetric;
  before: MetricValue;
  after: MetricValue;
}

/** A prompt edit the audit gave up on, and why. */
export interface DroppedEdit {
  fingerprint: string;
  title: string;
  reason: string;
}

/** Everything the audit report shows, ranked and cut by the audit's rules already. */
export interface AuditReport {
  window: AuditWindow;
  lookbackDays: number;
  /** Automations with failed runs. */
  automations: AutomationRuns[];
  hotSpots: FailureHotSpot[];
  handOffs: HandOff[];
  noisyDimensions: DimensionNoise[];
  silentDimensions: Pick<DimensionNoise, "dimension" | "reviews">[];
  troubledPrompts: Omit<PromptHealth, "promptHash">[];
  cost: AutomationCost[];
  costTotal: Omit<AutomationCost, "automation">;
  slowSteps: SlowStep[];
  duplicates: DuplicateWork[];
  repairs: RepairStat[];
  effects: ChangeEffect[];
  /** The changes proposed now, each followed by its own card. */
  proposals: { fingerprint: string; title: string }[];
  /** Changes that would be proposed again but wait for a decision on an earlier card. */
  alreadyOpen: string[];
  dropped: DroppedEdit[];
  /** Whether cards follow, or there is no channel for them. */
  cards: "follow" | "no-channel";
}

interface AuditMessage {
  text: string;
  blocks: Block[];
}

const e = escapeMrkdwn;

/** "850 ms", "12 s", "4.2 min", "1.3 h". */
function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** What a proposal's metric measures, in words. */
function describeMetric(m: AuditMetric): string {
  switch (m.name) {
    case "failure-rate":
      return `failure rate of ${m.automation}${m.node ? ` › ${m.node}` : ""}${m.failureClass ? ` (${m.failureClass} failures)` : ""}`;
    case "dismissal-rate":
      return `share of ${m.dimension} findings dismissed`;
    case "invalid-output-rate":
      return `share of unusable answers from ${m.promptId}`;
    case "hand-off-rate":
      return `share of ${m.automation} runs handed to people (${m.reason})`;
  }
}

const value = (v: MetricValue) => `${percent(v.value)} of ${v.n}`;

/** Every metric the audit follows is a rate of something going wrong: lower is better. */
function verdict(before: MetricValue, after: MetricValue): string {
  if (after.n === 0) return "no cases since";
  const delta = Math.round(after.value * 100) - Math.round(before.value * 100);
  return delta < 0 ? "better" : delta > 0 ? "worse" : "no change";
}

/** "Mon 16 Nov → Mon 23 Nov 2026 (UTC)". */
function windowText(w: AuditWindow): string {
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" });
  return `${fmt.format(new Date(w.start))} → ${fmt.format(new Date(w.end))} ${new Date(w.end).getUTCFullYear()} (UTC)`;
}

const list = (title: string, lines: string[], none: string) => section(`*${title}*\n${lines.length ? lines.join("\n") : none}`);

/** Pure Block Kit for the audit report. */
export function auditReportBlocks(r: AuditReport): AuditMessage {
  const failed = r.automations.reduce((n, a) => n + a.failed, 0);
  const handedOff = r.handOffs.reduce((n, h) => n + h.count, 0);
  const headline = [
    `${plural(failed, "failed run")}`,
    `${plural(handedOff, "hand-off")} to people`,
    `${usd(r.costTotal.costUsd)} model cost`,
    `${plural(r.proposals.length, "proposed change")}`,
  ].join(" · ");

  const hotSpots = [
    ...(r.automations.length ? [r.automations.map((a) => `${e(a.automation)} ${a.failed} of ${a.runs} runs failed (${percent(a.failureRate)})`).join(" · ")] : []),
    ...r.hotSpots.map(
      (h) =>
        `• *${e(h.automation)} › ${e(h.node)}* \`${e(h.errorCode)}\`${h.failureClass ? ` (${h.failureClass})` : ""} ×${h.count} on ${plural(h.threads, "thread")}` +
        (h.example ? ` — ${e(h.example)}` : ""),
    ),
  ];

  const dimensions = [
    ...r.noisyDimensions.map(
      (d) =>
        `• *${e(d.dimension)}*: ${d.dismissed} of ${d.findings} findings dismissed (${percent(d.findings ? d.dismissed / d.findings : 0)}), ${d.fixed} fixed` +
        `${d.nits ? `, ${d.nits} nits` : ""} — mostly noise`,
    ),
    ...r.silentDimensions.map(
      (d) =>
        `• *${e(d.dimension)}*: no findings over ${d.reviews} reviews — never finds anything. No setting turns one review dimension off; ` +
        `if another dimension already checks this, removing it is a change to the review automation, not to shopfloor.yml.`,
    ),
    ...r.troubledPrompts.map((p) => `• prompt \`${e(p.promptId)}\`: ${p.invalid} of ${p.calls} answers unusable after repairs (${percent(p.invalid / p.calls)})`),
  ];

  const effects = r.effects.map(
    (x) =>
      `• *${e(x.title)}* (approved ${x.decidedAt.slice(0, 10)}${x.decidedBy ? ` by <@${e(x.decidedBy)}>` : ""}): ${e(describeMetric(x.metric))} ` +
      `${value(x.before)} → ${value(x.after)} — ${verdict(x.before, x.after)}`,
  );

  const proposals = [
    ...r.proposals.map((p) => `• ${e(p.title)}`),
    ...(r.proposals.length
      ? [r.cards === "follow" ? "_Each follows as a card to approve or reject; nothing changes before an approver approves._" : "_No cards: set audit.channel (or channels.maintainers) in shopfloor.yml to get these as proposals to approve._"]
      : []),
    ...r.alreadyOpen.map((f) => `• \`${e(f)}\` again — an earlier proposal for it still waits for a decision`),
    ...r.dropped.map((d) => `• Dropped: ${e(d.title)} — ${e(d.reason)}`),
  ];

  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: `Audit · ${lastDays(r.lookbackDays)}` } },
    section(headline),
    context(windowText(r.window)),
    { type: "divider" },
    list("Failure hot spots", hotSpots, "No failed steps."),
    list("Handed to people", r.handOffs.map((h) => `• ${e(h.automation)}: ${e(h.reason)} ×${h.count}`), "Nothing was handed to people."),
    list("Noisy or silent checks", dimensions, "Every review dimension finds things people fix, and every prompt answers usably."),
    list(
      "Cost",
      [
        ...r.cost.map((c) => `• ${e(c.automation)}: ${usd(c.costUsd)} · ${plural(c.calls, "call")} · ${tokens(c.tokens)} tokens`),
        ...(r.cost.length ? [`Total ${usd(r.costTotal.costUsd)} · ${plural(r.costTotal.calls, "call")} · ${tokens(r.costTotal.tokens)} tokens`] : []),
      ],
      "No model calls.",
    ),
    list("Slowest steps", r.slowSteps.map((s) => `• ${e(s.automation)} › ${e(s.node)}: p95 ${duration(s.p95Ms)} (median ${duration(s.p50Ms)}, ${plural(s.count, "run")})`), "No steps ran."),
    list("Work done twice", r.duplicates.map((d) => `• ${e(d.subject)}: ${d.runs} runs by ${d.automations.map(e).join(", ")}`), "Nothing was done twice."),
    list("Model repairs", r.repairs.map((x) => `• ${e(x.task)} — ${x.strategy}: worked ${x.worked} of ${x.tried}`), "No model answer needed a repair."),
    list("Effect of changes adopted since the last audit", effects, "No change was adopted in the two windows before this one."),
    list("Proposed changes", proposals, "Nothing to change this time."),
  ];
  return { text: `Audit of ${lastDays(r.lookbackDays)}: ${headline}`, blocks };
}

/** The private note a person gets while the audit runs. */
export function auditAcknowledgement(lookbackDays: number): AuditMessage {
  const text = `Auditing ${lastDays(lookbackDays)}…`;
  return { text, blocks: [context(text)] };
}

/** Replaces the note once the report is in the channel. */
export function auditDone(input: { channel: string; proposals: number }): AuditMessage {
  const text = `The audit is posted in <#${e(input.channel)}>${input.proposals ? ` with ${plural(input.proposals, "proposed change")} to decide on` : ""}.`;
  return { text, blocks: [context(text)] };
}
