import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { buildStartedMessage } from "../../../src/blocks/build-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act, threadIdOf } from "../../shared/act.js";
import { runTag, type BuildStateType } from "../build-state.js";

/**
 * Marks the issue factory:building (the hourly run skips it), ties the build to the work item so a reply in the
 * report's thread reaches a question it asks, and says in Slack that the build started. A command typed in a
 * channel gets its own thread: the first message starts it.
 */
export function announce(deps: GraphDeps) {
  return async (state: BuildStateType, config: LangGraphRunnableConfig) => {
    const { request } = state;
    const subject = request.mode === "build" ? state.issue! : state.pr!;
    if (request.mode === "build") {
      await act(deps.effects, config, "announce", `${runTag(state)}/label`, "github.add-labels", { number: subject.number, labels: [deps.settings.labels.building] });
      await deps.links.record({ issueNumber: subject.number }, { graphThread: threadIdOf(config) });
    } else {
      await deps.links.record({ prNumber: subject.number }, { graphThread: threadIdOf(config) });
    }
    if (!state.slack) return {};
    const posted = await act(deps.effects, config, "announce", runTag(state), "slack.post", {
      channel: state.slack.channel,
      threadTs: state.slack.threadTs,
      ...buildStartedMessage({ mode: request.mode, subject: { number: subject.number, title: subject.title, url: subject.url }, branch: state.branch!, askedBy: request.trigger.user }),
    });
    if (!state.slack.threadTs) {
      // The work item had no Slack thread (the gate prefers the report's), so this new one becomes its thread: the
      // review, the merge card and the answers to this build's questions all find it through the issue or the PR.
      const key = request.mode === "build" ? { issueNumber: subject.number } : { prNumber: subject.number };
      await deps.links.record(key, { slackChannel: state.slack.channel, slackThreadTs: posted.ts, graphThread: threadIdOf(config) });
    }
    return { slack: { channel: state.slack.channel, threadTs: state.slack.threadTs ?? posted.ts } };
  };
}
