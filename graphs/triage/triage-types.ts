import { z } from "zod";

export const issueTypes = ["bug", "feature", "question", "chore"] as const;
export const severities = ["P0", "P1", "P2", "P3"] as const;
export type IssueType = (typeof issueTypes)[number];
export type Severity = (typeof severities)[number];

/**
 * What triage decides about a report. The model answers in this shape (prompts/triage/classify.prompt.yml);
 * the rule-based fallback produces the same shape with `method: "rules"`.
 */
export const classificationSchema = z.object({
  type: z.enum(issueTypes),
  severity: z.enum(severities),
  /** One line: why this severity. */
  severityReason: z.string().min(1).max(300),
  /** One of the configured area names, or "unknown". */
  area: z.string().min(1),
  /** Clear enough for the build automation: what happens, what was expected, where. */
  actionable: z.boolean(),
  /** What the reporter should add before the issue can be acted on (empty when nothing is missing). */
  missing: z.array(z.string().max(200)).max(5),
  /** A clear issue title, imperative or descriptive, ≤ 80 characters. */
  title: z.string().min(3).max(120),
  summary: z.string().max(2000),
  steps: z.array(z.string().max(500)).max(20),
  expected: z.string().max(1000),
  actual: z.string().max(1000),
  environment: z.string().max(500),
});
export type ModelClassification = z.infer<typeof classificationSchema>;

export interface Classification extends ModelClassification {
  /** How it was decided: by the model, or by rules because the model was missing or kept failing. */
  method: "model" | "rules";
  /** Why rules were used, when they were. */
  fallbackReason?: string;
}

export interface ReportText {
  title?: string;
  text: string;
}

export interface IssueSummary {
  number: number;
  title: string;
  body: string;
  url: string;
  state?: "open" | "closed";
}

export interface DuplicateCandidate {
  number: number;
  title: string;
  url: string;
  /** 0–1 text similarity. */
  score: number;
}

export interface AreaDefinition {
  name: string;
  description: string;
  paths: readonly string[];
}
