import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { revertOpened, verifyFailed } from "../../../src/blocks/verify-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { mergedPr } from "../merged-pr.js";
import { sha7, type VerifyStateType } from "../verify-state.js";

/**
 * Opens the revert pull request someone asked for from the alert. It is a proposal, not a merge: the review
 * automation reviews it through its webhook like any other PR, so anyone in the thread may ask; who did goes to
 * the audit log. The alert loses its button, so nobody asks twice.
 */
export function openRevert(deps: GraphDeps) {
  return async (state: VerifyStateType, config: LangGraphRunnableConfig) => {
    const req = state.request;
    const failure = state.failure!;
    const alert = state.alert!;
    const w = state.wakeup;
    const by = w && "user" in w ? w.user : "someone";
    const revert = await act(deps.effects, config, "open-revert", `${sha7(state)}/revert`, "github.revert-pr", {
      number: req.pr,
      title: `Revert "${req.title}"`,
      body: `Reverts #${req.pr} (merge ${sha7(state)}): ${failure.detail}.`,
    });
    await deps.audit.append({
      actor: by,
      actorGithub: deps.settings.approvers.githubLogins[by] ?? null,
      action: "verify.open-revert",
      subject: `pr#${req.pr}`,
      outcome: "done",
      detail: { revertPr: revert.number, mergeSha: req.mergeSha, thread: config.configurable?.thread_id },
    });
    const pr = mergedPr(req);
    await act(deps.effects, config, "open-revert", `${sha7(state)}/alert`, "slack.update", {
      channel: alert.channel,
      ts: alert.ts,
      ...verifyFailed({ pr, severity: failure.severity, detail: failure.detail, evidence: failure.evidence, revert: { kind: "taken", by, number: revert.number, url: revert.url } }),
    });
    const threadTs = req.slack?.threadTs ?? alert.ts;
    await act(deps.effects, config, "open-revert", `${sha7(state)}/reply`, "slack.post", {
      channel: alert.channel,
      threadTs,
      ...revertOpened({ pr, revert: { number: revert.number, url: revert.url, title: revert.title }, by }),
    });
    return { revert: { number: revert.number, url: revert.url, by } };
  };
}
