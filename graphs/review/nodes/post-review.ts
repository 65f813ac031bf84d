import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { ForgeReviewEvent } from "../../../src/core/ports/forge-port.js";
import { act } from "../../shared/act.js";
import { inlineCommentBody } from "../finding-comment.js";
import { runTag, type ReviewStateType } from "../review-state.js";
import type { ReviewOutcome } from "../review-types.js";
import { reviewBody } from "../summary-markdown.js";

/** Marks Shopfloor's own reviews, so later runs find the approvals and change requests they have to withdraw. */
export const REVIEW_MARK = "<!-- shopfloor:review -->";

const EVENT: Record<ReviewOutcome, ForgeReviewEvent> = {
  "changes-requested": "REQUEST_CHANGES",
  "needs-human": "REQUEST_CHANGES",
  approved: "APPROVE",
  clean: "COMMENT",
};

/**
 * One GitHub review with the inline findings. Before it: an approval given on an earlier commit is withdrawn
 * (new code was never approved), and once nothing blocks, Shopfloor's earlier change requests are dismissed so
 * they do not hold the PR. A clean review without inline findings posts no review: the summary says it all.
 */
export function postReview(deps: GraphDeps) {
  return async (state: ReviewStateType, config: LangGraphRunnableConfig) => {
    const pr = state.pr!;
    const outcome = state.outcome!;
    const tag = runTag(state);
    const sha7 = pr.headSha.slice(0, 7);
    const ours = (await deps.forge.listReviews(pr.number)).filter((r) => r.body.includes(REVIEW_MARK));
    for (const r of ours) {
      const staleApproval = r.state === "APPROVED" && r.commitId !== pr.headSha;
      const settledRequest = r.state === "CHANGES_REQUESTED" && (outcome === "clean" || outcome === "approved");
      if (!staleApproval && !settledRequest) continue;
      await act(deps.effects, config, "post-review", `${tag}/dismiss/${r.id}`, "github.dismiss-review", {
        number: pr.number,
        reviewId: r.id,
        message: staleApproval ? `New commits since this approval (now at ${sha7}): approval withdrawn until they are reviewed.` : `Nothing blocking is left at ${sha7}.`,
      });
    }

    const inline = (state.findings ?? []).filter((f) => f.placement === "inline" && f.anchor);
    const event = EVENT[outcome];
    if (inline.length === 0 && event === "COMMENT") return { reviewId: null };
    const body = reviewBody({
      outcome,
      findings: state.findings ?? [],
      risk: state.risk!,
      headSha: pr.headSha,
      ...(outcome === "approved" ? { autoApprovalPolicy: "risk.autoApprove" } : {}),
    });
    const review = await act(deps.effects, config, "post-review", `${tag}/review`, "github.review", {
      number: pr.number,
      commitId: pr.headSha,
      event,
      body: `${body}\n\n${REVIEW_MARK}`,
      comments: inline.map((f) => ({ path: f.path, line: f.anchor!.line, ...(f.anchor!.startLine ? { startLine: f.anchor!.startLine } : {}), body: inlineCommentBody(f) })),
    });
    if (outcome === "approved") {
      await deps.audit.append({
        actor: "shopfloor",
        action: "review.auto-approve",
        subject: `pr#${pr.number}`,
        outcome: "done",
        detail: { sha: pr.headSha, policy: "risk.autoApprove", risk: state.risk!.level, reasons: state.risk!.reasons, reviewId: review.id },
      });
    }
    return { reviewId: review.id };
  };
}
