import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { openElsewhere, startProposal } from "../../proposal/start-proposal.js";
import { gapFingerprint, gapIssue, gapRationale, gapTitleKey } from "../gap-issue.js";
import { GAP_SIZES } from "../grade-schema.js";
import type { PlannerStateType, ProposedGap } from "../planner-state.js";

/** How many open issues are compared with the gaps; enough for a repository's backlog. */
const OPEN_ISSUES_MAX = 1000;
/** A gap an approver rejected is not proposed again for this long: the weekly run would otherwise ask every week. */
const REJECTED_DAYS = 90;

/**
 * Stores the largest gaps as issue proposals (at most planner.maxProposals) and starts the proposal automation for
 * each, which asks an approver; nothing is filed here. A gap proposed by another run and still open, rejected in the
 * last REJECTED_DAYS days, or already an open issue is left out. A re-run finds the proposals this run made (same
 * batch) and starts nothing twice.
 */
export function propose(deps: GraphDeps) {
  return async (state: PlannerStateType, config: LangGraphRunnableConfig) => {
    const { graded, spec } = state;
    if (!graded || !spec) throw new AppError(ErrorCode.Internal, "propose ran before grade");
    const waiting = await openElsewhere(deps, config);
    const now = deps.clock.now();
    const rejected = new Set(
      (await deps.proposals.decidedBetween(new Date(now.getTime() - REJECTED_DAYS * 86_400_000).toISOString(), now.toISOString()))
        .filter((p) => p.status === "rejected")
        .map((p) => p.fingerprint),
    );
    const filed = new Set((await deps.forge.listIssues({ state: "open", max: OPEN_ISSUES_MAX })).map((i) => gapTitleKey(i.title)));
    const gaps = graded.gaps.map((gap, i) => ({ gap, i })).sort((a, b) => GAP_SIZES.indexOf(a.gap.size) - GAP_SIZES.indexOf(b.gap.size) || a.i - b.i);

    const proposed: ProposedGap[] = [];
    const skipped: { title: string; why: string }[] = [];
    const seen = new Set<string>();
    for (const { gap } of gaps) {
      if (proposed.length >= deps.settings.planner.maxProposals) break;
      const issue = gapIssue(gap, spec.path);
      const fingerprint = gapFingerprint(issue.title);
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      if (waiting.has(fingerprint)) {
        skipped.push({ title: issue.title, why: "proposed already" });
        continue;
      }
      if (rejected.has(fingerprint)) {
        skipped.push({ title: issue.title, why: "rejected recently" });
        continue;
      }
      if (filed.has(gapTitleKey(issue.title))) {
        skipped.push({ title: issue.title, why: "an open issue" });
        continue;
      }
      const proposal = await startProposal(deps, config, "propose", {
        source: "planner",
        fingerprint,
        title: issue.title,
        rationale: gapRationale(gap, spec.path),
        change: { kind: "issue", title: issue.title, body: issue.body, labels: [deps.settings.labels.type.feature] },
        metric: null,
      });
      proposed.push({ id: proposal.id, title: issue.title });
    }
    return { proposed, skipped };
  };
}
