import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { escapeMrkdwn } from "../../../src/blocks/mrkdwn.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { CardStatus, MergeStateType } from "../merge-state.js";

/**
 * An approver's "Request changes": the reason goes on the PR as a review asking for changes, which is what starts
 * the fix loop (the build automation's fix mode once installed; the author meanwhile), and the thread is told.
 */
export function requestChanges(deps: GraphDeps) {
  return async (state: MergeStateType, config: LangGraphRunnableConfig) => {
    const w = state.wakeup && "choice" in state.wakeup ? state.wakeup : null;
    const user = w?.user ?? "someone";
    const reason = w?.reason?.trim() || "no reason given";
    const login = deps.settings.approvers.githubLogins[user];
    const pr = state.pr!;
    await act(deps.effects, config, "request-changes", "review", "github.review", {
      number: pr.number,
      commitId: state.request.reviewedSha,
      event: "REQUEST_CHANGES",
      body: `Changes requested in Slack by ${login ? `@${login}` : "an approver"}:\n\n> ${reason.replace(/\n/g, "\n> ")}`,
      comments: [],
    });
    await deps.audit.append({ actor: user, actorGithub: login ?? null, action: "merge.request-changes", subject: `pr#${pr.number}`, outcome: "done", detail: { reason, sha: state.request.reviewedSha } });
    if (state.target) {
      await act(deps.effects, config, "request-changes", "announce", "slack.post", {
        channel: state.target.channel,
        threadTs: state.target.threadTs,
        text: `:leftwards_arrow_with_hook: <@${user}> asked for changes on <${pr.url}|#${pr.number}>: ${escapeMrkdwn(reason)}. Over to @${escapeMrkdwn(pr.author)}; the next push is reviewed again.`,
      });
    }
    return { status: { kind: "changes-requested", by: user, reason } satisfies CardStatus };
  };
}
