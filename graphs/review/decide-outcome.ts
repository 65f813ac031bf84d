import type { Coverage, Finding, OpenThread, ReviewOutcome, RiskAssessment } from "./review-types.js";

export interface OutcomeInput {
  findings: Finding[];
  stillOpen: OpenThread[];
  risk: RiskAssessment;
  coverage: Coverage;
  round: number;
  maxRounds: number;
  autoApprove: boolean;
}

const blocking = (severity: string | undefined) => severity === "blocker" || severity === "major";

/**
 * The review's verdict. Pure, and the only place an approval can come from: policy (auto-approval on, low risk,
 * no never-auto path, nothing open, full coverage) — never a model's say-so. Fails closed: when any condition is
 * not met the PR is only "clean", and a person decides.
 */
export function decideOutcome(input: OutcomeInput): { outcome: ReviewOutcome; reason: string } {
  const open = [...input.findings.map((f) => f.severity), ...input.stillOpen.map((t) => t.severity)];
  const blockers = open.filter(blocking).length;
  if (blockers > 0) {
    if (input.round >= input.maxRounds) {
      return { outcome: "needs-human", reason: `${blockers} blocking finding(s) still open after ${input.round} review rounds (the limit is ${input.maxRounds})` };
    }
    return { outcome: "changes-requested", reason: `${blockers} blocking finding(s) to fix (round ${input.round} of ${input.maxRounds})` };
  }
  const partial = input.coverage.skippedFiles.length > 0 || input.coverage.dimensions.some((d) => d.status === "failed");
  const refusal = !input.autoApprove
    ? "auto-approval is off"
    : input.risk.level !== "low"
      ? `risk is ${input.risk.level}`
      : input.risk.neverAuto.length
        ? `${input.risk.neverAuto[0]} is never auto-approved`
        : open.some((s) => s !== "nit")
          ? "findings are still open"
          : partial
            ? "the review did not cover everything"
            : null;
  if (refusal === null) return { outcome: "approved", reason: "low risk, nothing open, every file and dimension reviewed (policy risk.autoApprove)" };
  return { outcome: "clean", reason: `A person decides on the merge: ${refusal}` };
}
