import type { Report } from "./triage-state.js";
import type { Classification, DuplicateCandidate } from "./triage-types.js";

const section = (title: string, body: string) => (body.trim() ? `### ${title}\n${body.trim()}\n` : "");

/** The issue body: what a developer needs, in a fixed order, with where it came from. */
export function issueBody(c: Classification, report: Report, extra: { candidates: readonly DuplicateCandidate[]; source: string; link?: string }): string {
  const parts = [
    section("Summary", c.summary || report.text),
    // Reports from other automations carry facts a summary must not lose (stack, counts, links).
    extra.source === "sentry" || extra.source === "verify" ? section(extra.source === "sentry" ? "From Sentry" : "From post-merge verification", report.text) : "",
    section("Steps to reproduce", c.steps.map((s, i) => `${i + 1}. ${s}`).join("\n")),
    section("Expected", c.expected),
    section("Actual", c.actual),
    section("Environment", c.environment),
    section("Attachments", report.files.map((f) => `- [${f.name}](${f.url})`).join("\n")),
    section("Answers from the reporter", report.answers.map((a) => `> ${a.replace(/\n/g, "\n> ")}`).join("\n\n")),
    section("Possibly related", extra.candidates.map((d) => `- #${d.number} ${d.title} (${Math.round(d.score * 100)}% similar)`).join("\n")),
    section(
      "Triage",
      [
        `Reported by ${report.reporterName}${report.permalink ? ` in [Slack](${report.permalink})` : ""}${extra.link ? ` · [source](${extra.link})` : ""} (source: ${extra.source}).`,
        `Severity ${c.severity}: ${c.severityReason}`,
        c.method === "rules" ? `⚠️ Rule-based triage (${c.fallbackReason ?? "no model"}): check the labels.` : "",
      ]
        .filter(Boolean)
        .join("\n"),
    ),
  ];
  return parts.filter(Boolean).join("\n");
}

/** The report as one text for the model or the rules: title, body, the reporter's later answers. */
export function reportText(report: Report): string {
  return [report.title, report.text, ...report.answers.map((a) => `Reporter added: ${a}`), report.severityHint ? `Reporter's severity: ${report.severityHint}` : ""]
    .filter(Boolean)
    .join("\n\n");
}
