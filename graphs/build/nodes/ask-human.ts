import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { buildQuestionMessage } from "../../../src/blocks/build-blocks.js";
import { slackTime } from "../../../src/blocks/mrkdwn.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { fenceUntrusted } from "../../../src/core/untrusted-text.js";
import { act } from "../../shared/act.js";
import { runTag, type BuildStateType } from "../build-state.js";
import type { StopReason } from "../build-types.js";
import { discardWorkspace } from "../workspace-session.js";

type Wakeup = { kind: "reply"; user: string; text: string; ts: string } | { kind: "timeout" } | { kind: "edited" | "deleted" };

/**
 * The agent asked a person. The question goes to the build's Slack thread and the run waits without holding a job,
 * a workspace or memory: the directory is removed and made again from the patch when the answer comes. The first
 * reply in the thread answers; the deadline (build.askTimeoutHours) stops the build.
 */
export function askHuman(deps: GraphDeps) {
  return async (state: BuildStateType, config: LangGraphRunnableConfig) => {
    const question = state.question!;
    const round = (state.messages ?? []).filter((m) => m.role === "user" && m.content.startsWith("Answer from")).length;
    const target = state.slack;
    if (!target) {
      const stop: StopReason = { code: "no-answer", message: `the agent asked "${question}", and there is no Slack thread to ask in` };
      return { stop, question: null };
    }
    const hours = deps.settings.build.askTimeoutHours;
    const posted = await act(deps.effects, config, "ask-human", `${runTag(state)}/q${round}`, "slack.post", {
      channel: target.channel,
      threadTs: target.threadTs,
      ...buildQuestionMessage({ question, askedBy: state.request.trigger.user, deadline: slackTime(new Date(deps.clock.now().getTime() + hours * 3_600_000).toISOString(), true) }),
    });
    await discardWorkspace(deps, state.workspaceKey);
    // Measured from the question's own timestamp (replayed by the ledger), so a re-run computes the same deadline.
    const askedAtMs = Number(posted.ts.split(".")[0]) * 1000 || deps.clock.now().getTime();
    const expiresAt = new Date(askedAtMs + hours * 3_600_000).toISOString();
    const wakeup = interrupt<{ kind: "build-question"; expiresAt: string; question: string }, Wakeup>({ kind: "build-question", expiresAt, question });
    if (wakeup.kind === "reply") {
      const messages = [...(state.messages ?? []), { role: "user" as const, content: `Answer from a person in the Slack thread:\n${fenceUntrusted("answer", wakeup.text)}` }];
      // The wait does not count against the wall-clock budget: the clock starts again from the answer.
      const spend = { ...state.spend!, startedAt: new Date(deps.clock.now().getTime() - elapsedBefore(state, askedAtMs)).toISOString() };
      return { messages, question: null, spend };
    }
    if (wakeup.kind === "timeout") {
      const stop: StopReason = { code: "no-answer", message: `nobody answered the agent's question within ${hours} hour(s): "${question}"` };
      return { stop, question: null };
    }
    // An edit or deletion of the report is not an answer: ask again (the post is replayed, the deadline kept).
    return {};
  };
}

/** Milliseconds the build had run before it asked. */
function elapsedBefore(state: BuildStateType, askedAtMs: number): number {
  return Math.max(0, askedAtMs - Date.parse(state.spend!.startedAt));
}
