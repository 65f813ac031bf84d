import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { AuditStateType, ProposalDraft } from "../audit-state.js";
import { findAudit } from "../findings/find-audit.js";

/** Applies the audit's rules to the figures; config changes are ready as they are, prompt edits still need writing. */
export function find(deps: GraphDeps) {
  return async (state: AuditStateType) => {
    if (!state.figures) throw new AppError(ErrorCode.Internal, "find ran before gather");
    const findings = findAudit({
      figures: state.figures,
      lookbackDays: deps.settings.audit.lookbackDays,
      settings: { review: deps.settings.review, build: deps.settings.build },
      prompts: state.prompts,
      openFingerprints: state.openElsewhere,
    });
    const drafts: ProposalDraft[] = findings.changes.flatMap((c) =>
      c.kind === "config"
        ? [{ fingerprint: c.fingerprint, title: c.title, rationale: c.rationale, change: { kind: "config", key: c.key, from: c.from, to: c.to }, metric: c.metric, weight: c.weight }]
        : [],
    );
    return { findings, drafts, dropped: [] };
  };
}
