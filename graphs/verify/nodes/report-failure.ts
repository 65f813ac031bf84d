import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { verifyFailed } from "../../../src/blocks/verify-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { hash, jobId } from "../../../src/core/ids.js";
import { mergeChannel } from "../../shared/report-thread.js";
import { act, threadIdOf } from "../../shared/act.js";
import { mergedPr } from "../merged-pr.js";
import { failureReport, issueTitle } from "../verify-text.js";
import { REVERT_SLOT, sha7, type VerifyStateType } from "../verify-state.js";

/**
 * Files the bug through triage (source `verify`), which writes, labels and de-duplicates it and announces it in
 * the merge's thread; then alerts that thread with the evidence and an Open revert PR button. The bug is filed
 * first: it matters more than the alert, and must not wait on Slack. Without the merge's thread, the merge
 * channel hears it; with neither, the issue is filed and nothing offers the revert.
 */
export function reportFailure(deps: GraphDeps) {
  return async (state: VerifyStateType, config: LangGraphRunnableConfig) => {
    const req = state.request;
    const failure = state.failure!;
    const target = req.slack ?? mergeChannel(deps);
    const thread = threadIdOf(config);
    const triageThread = `${thread}:triage`;
    const login = req.mergedBy ? deps.settings.approvers.githubLogins[req.mergedBy] : undefined;
    const mergedBy = login ? `@${login}` : req.mergedBy ? `Slack user ${req.mergedBy}` : undefined;
    await act(deps.effects, config, "report-failure", `${sha7(state)}/triage`, "shopfloor.start-run", {
      graph: "triage",
      threadId: triageThread,
      jobId: jobId("run-triage", hash(triageThread)),
      input: {
        source: "verify",
        title: issueTitle(req, failure),
        text: failureReport(req, failure, { ...(mergedBy ? { mergedBy } : {}), revertOffered: target !== null }),
        link: req.url,
        severityHint: failure.severity,
        labels: [],
        ...(target ? { announce: target } : {}),
      },
    });
    if (!target) {
      deps.logger.warn({ pr: req.pr, sha: req.mergeSha }, "merge failed verification; no Slack thread or merge channel to alert");
      return {};
    }
    const alert = await act(deps.effects, config, "report-failure", `${sha7(state)}/alert`, "slack.post", {
      channel: target.channel,
      threadTs: target.threadTs,
      ...verifyFailed({ pr: mergedPr(req), severity: failure.severity, detail: failure.detail, evidence: failure.evidence, revert: { kind: "open", threadId: thread, slot: REVERT_SLOT } }),
    });
    return { alert: { channel: alert.channel, ts: alert.ts } };
  };
}
