import type { AreaDefinition, Classification, ReportText } from "../triage-types.js";
import { assessCompleteness } from "./assess-completeness.js";
import { detectArea } from "./detect-area.js";
import { detectSeverity } from "./detect-severity.js";
import { detectType } from "./detect-type.js";
import { extractActual, extractEnvironment, extractExpected, extractSteps, firstSentence, makeTitle, plainText } from "./extract-sections.js";
import { shorten } from "../../../src/core/text.js";

const SUMMARY_MAX = 2000;

/**
 * Triage without a model: the same Classification the model produces, decided by phrase tables, with
 * `method: "rules"` and the reason rules were used, so every place that shows it can say so.
 * Pure and synchronous; a few milliseconds even for long reports.
 */
export function classifyByRules(report: ReportText, areas: readonly AreaDefinition[], reason: string): Classification {
  const body = plainText(report.text).trim();
  const head = plainText(report.title?.trim() || firstSentence(body));
  const all = report.title && !body.startsWith(report.title.trim()) ? `${head}\n\n${body}` : body;

  const { type } = detectType(head, body);
  const { severity, reason: severityReason } = detectSeverity(type, head, body);
  const area = detectArea(all, areas);
  const steps = type === "bug" ? extractSteps(body) : [];
  const expected = type === "bug" ? extractExpected(body) : "";
  const actual = type === "bug" ? extractActual(body) : "";
  // A version in a dependency bump or a feature request is the goal, not where something happens.
  const environment = type === "bug" || type === "question" ? extractEnvironment(all) : "";
  const { actionable, missing } = assessCompleteness(type, severity, all, { steps, expected, actual, environment }, area);

  return {
    type,
    severity,
    severityReason,
    area,
    actionable,
    missing,
    title: makeTitle(report.title, body),
    summary: shorten(body, SUMMARY_MAX),
    steps,
    expected,
    actual,
    environment,
    method: "rules",
    fallbackReason: reason,
  };
}
