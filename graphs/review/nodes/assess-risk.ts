import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { assessRisk as assess } from "../assess-risk.js";
import type { ReviewStateType } from "../review-state.js";

/**
 * Risk is policy (paths, size) plus what is still wrong (new findings and open threads): the model's findings can
 * only raise it, never lower what the policy says.
 */
export function assessRisk(deps: GraphDeps) {
  return async (state: ReviewStateType) => {
    // Open threads whose severity predates the ledger count as minor: present, not blocking.
    const open = [...(state.findings ?? []), ...(state.stillOpen ?? []).map((t) => ({ severity: t.severity ?? ("minor" as const), dimensions: [] }))];
    return {
      risk: assess({ files: state.context!.prFiles, findings: open, policy: deps.settings.risk }),
    };
  };
}
