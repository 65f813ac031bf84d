import type { Block } from "../core/ports/chat-port.js";
import type { LeadTime, RecapFigures } from "../core/recap-figures.js";
import { context, escapeMrkdwn, section } from "./mrkdwn.js";
import { percent, plural, tokens, usd } from "../core/text.js";

export interface RecapMessage {
  text: string;
  blocks: Block[];
}


/** "3.5 h" under two days, "4.2 days" above; with how many it is the median of. */
function leadTime(name: string, t: LeadTime | null): string | null {
  if (!t) return null;
  const value = t.medianHours < 48 ? `${t.medianHours < 1 ? Math.round(t.medianHours * 60) + " min" : t.medianHours.toFixed(1) + " h"}` : `${(t.medianHours / 24).toFixed(1)} days`;
  return `${name} *${value}* (median of ${t.count})`;
}

/** The window in the team's time zone, e.g. "Fri 20 Nov 09:00 → Mon 23 Nov 09:00 (Europe/Berlin)". */
function windowText(f: RecapFigures): string {
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: f.timezone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  return `${fmt.format(new Date(f.window.from))} → ${fmt.format(new Date(f.window.to))} (${f.timezone})`;
}

/** Pure Block Kit for the daily and weekly recap: what shipped, how fast, how much the factory did alone, and cost. */
export function recapBlocks(f: RecapFigures): RecapMessage {
  const title = `${f.period === "weekly" ? "Weekly" : "Daily"} recap · ${f.repository}`;
  const merged = f.pullRequests.merged.factory + f.pullRequests.merged.people;
  const opened = f.pullRequests.opened.factory + f.pullRequests.opened.people;
  const rate = f.automation.rate === null ? "no factory runs finished" : `${percent(f.automation.rate)} automation rate`;
  const headline = [`${plural(merged, "PR")} merged`, `${f.issues.opened} issues opened`, `${f.issues.closed} closed`, rate, `${usd(f.cost.usd)} model cost`].join(" · ");

  const delivery = [
    `*Pull requests* ${merged} merged (${f.pullRequests.merged.factory} by the factory, ${f.pullRequests.merged.people} by people) · ${opened} opened (${f.pullRequests.opened.factory} by the factory)`,
    `*Issues* ${f.issues.opened} opened · ${f.issues.closed} closed` +
      (f.issues.byType.length ? ` — ${f.issues.byType.map((t) => `${t.type} +${t.opened}/−${t.closed}`).join(", ")}` : ""),
    ...(f.issues.bySeverity.length ? [`*By severity* ${f.issues.bySeverity.map((s) => `${escapeMrkdwn(s.severity)} +${s.opened}/−${s.closed}`).join(", ")}`] : []),
    `*Code* +${f.lines.added.toLocaleString("en-US")} / −${f.lines.removed.toLocaleString("en-US")} lines in ${plural(f.lines.pullRequests, "merged PR")}` +
      (f.coverage ? ` · coverage *${f.coverage.percent}%* (${escapeMrkdwn(f.coverage.check)})` : ""),
  ];

  const leads = [
    leadTime("report → issue", f.leadTimes.reportToIssue),
    leadTime("issue → PR", f.leadTimes.issueToPr),
    leadTime("PR → merge", f.leadTimes.prToMerge),
    leadTime("merge → verified", f.leadTimes.mergeToVerified),
  ].filter((l): l is string => l !== null);

  const factory = [
    `*Automation* ${f.automation.rate === null ? "no factory runs finished" : `${percent(f.automation.rate)} of ${plural(f.automation.finished, "finished run")} needed nobody`} · ${plural(f.automation.handedOff, "hand-off")} to people`,
    ...(f.automations.length
      ? [
          f.automations
            .map((a) => `• *${a.graph}* ${plural(a.runs, "run")}${a.failed ? `, ${a.failed} failed` : ""}${a.costUsd > 0 || a.promptTokens > 0 ? ` · ${tokens(a.promptTokens + a.completionTokens)} tokens · ${usd(a.costUsd)}` : ""}`)
            .join("\n"),
        ]
      : []),
    `*Needs a person* ${f.needsHuman.open} open` +
      (f.needsHuman.reasons.length ? ` — ${f.needsHuman.reasons.slice(0, 5).map((r) => `${r.automation}: ${escapeMrkdwn(r.reason)} ×${r.count}`).join("; ")}` : ""),
    `*Stalled PRs* ${f.stalledPullRequests} escalated and waiting`,
  ];

  const review = f.reviewDimensions.length
    ? `*Review findings → fixed* ${f.reviewDimensions.map((d) => `${d.dimension} ${d.resolved}/${d.findings}`).join(" · ")}`
    : null;

  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
    section(headline),
    context(windowText(f)),
    { type: "divider" },
    section(delivery.join("\n")),
    ...(leads.length ? [section(`*Lead times* ${leads.join(" · ")}`)] : []),
    section(factory.join("\n")),
    ...(review ? [section(review)] : []),
    context(`Total ${tokens(f.cost.tokens)} model tokens, ${usd(f.cost.usd)}. Figures from Shopfloor's ledgers and GitHub.`),
  ];
  return { text: `${title}: ${headline}`, blocks };
}
