import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError, ErrorCode, toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { hash } from "../../../src/core/ids.js";
import { act, threadIdOf } from "../../shared/act.js";
import type { CardStatus, MergeStateType } from "../merge-state.js";

/** The policy named on the card and in the audit log when nobody clicked. */
export const AUTO_MERGE_POLICY = "risk.autoApprove with risk.requireHumanMerge off";

/**
 * Merges at exactly the reviewed SHA (GitHub refuses if the head moved), deletes the branch if configured, records
 * who, which SHA, the risk and the policy, tells the thread and starts verification. A click that GitHub refuses
 * (the base moved, a check turned red in the last second) is written on the card; nothing else happens.
 */
export function mergePr(deps: GraphDeps) {
  return async (state: MergeStateType, config: LangGraphRunnableConfig) => {
    const pr = state.pr!;
    const w = state.wakeup && "choice" in state.wakeup ? state.wakeup : null;
    const by = w?.user ?? null;
    const { mergeMethod, deleteBranchAfterMerge } = deps.settings.risk;
    let merged: { sha: string; merged: boolean };
    try {
      merged = await act(deps.effects, config, "merge-pr", "merge", "github.merge", { number: pr.number, sha: state.request.reviewedSha, method: mergeMethod });
    } catch (e) {
      const err = toAppError(e);
      if (err.retryable) throw err;
      await audit(deps, state, by, "failed", { error: err.code, message: err.message });
      return { status: { kind: "failed", why: `GitHub refused the merge: ${err.message}` } satisfies CardStatus };
    }
    if (!merged.merged) throw new AppError(ErrorCode.GithubApi, `GitHub did not merge #${pr.number}`);
    if (deleteBranchAfterMerge && pr.headRef !== pr.baseRef) {
      await act(deps.effects, config, "merge-pr", "delete-branch", "github.delete-branch", { branch: pr.headRef });
    }
    const at = deps.clock.now().toISOString();
    await audit(deps, state, by, "done", { mergeSha: merged.sha, method: mergeMethod });
    const target = state.target;
    if (target) {
      const who = by ? `<@${by}>` : `policy ${AUTO_MERGE_POLICY}`;
      await act(deps.effects, config, "merge-pr", "announce", "slack.post", {
        channel: target.channel,
        threadTs: target.threadTs,
        text: `:twisted_rightwards_arrows: <${pr.url}|#${pr.number}> merged by ${who} at \`${state.request.reviewedSha.slice(0, 7)}\` (${mergeMethod}). Verifying the merge commit \`${merged.sha.slice(0, 7)}\` now.`,
      });
    }
    await deps.links.record({ prNumber: pr.number }, { graphThread: threadIdOf(config) });
    if (deps.settings.verify.enabled) {
      const threadId = `${threadIdOf(config)}:verify`;
      await act(deps.effects, config, "merge-pr", "start-verify", "shopfloor.start-run", {
        graph: "verify",
        threadId,
        jobId: `run-verify-${hash(threadId)}`,
        input: {
          pr: pr.number,
          mergeSha: merged.sha,
          title: pr.title,
          url: pr.url,
          author: pr.author,
          ...(by ? { mergedBy: by } : {}),
          issueNumber: state.issue?.number ?? null,
          ...(target ? { slack: target } : {}),
        },
      });
    }
    return { status: { kind: "merged", by, ...(by ? {} : { policy: AUTO_MERGE_POLICY }), sha: state.request.reviewedSha, at } satisfies CardStatus };
  };
}

function audit(deps: GraphDeps, state: MergeStateType, by: string | null, outcome: "done" | "failed", detail: Record<string, unknown>) {
  return deps.audit.append({
    actor: by ?? "shopfloor",
    actorGithub: by ? (deps.settings.approvers.githubLogins[by] ?? null) : null,
    action: "merge.merge",
    subject: `pr#${state.request.pr}`,
    outcome,
    detail: { sha: state.request.reviewedSha, risk: state.request.risk, policy: by ? "approver click" : AUTO_MERGE_POLICY, ...detail },
  });
}
