import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { buildOpenedMessage, fixPushedMessage } from "../../../src/blocks/build-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { runTag, type BuildStateType } from "../build-state.js";
import { figuresOf } from "../figures.js";

/** Tells the thread what the build produced, and takes factory:building off the issue. */
export function report(deps: GraphDeps) {
  return async (state: BuildStateType, config: LangGraphRunnableConfig) => {
    const pr = state.pr!;
    const figures = figuresOf(state, deps.clock.now());
    deps.logger.info({ mode: state.request.mode, pr: pr.number, ...figures }, "build finished");
    if (state.request.mode === "build") {
      await act(deps.effects, config, "report", `${runTag(state)}/unlabel`, "github.remove-label", { number: state.issue!.number, label: deps.settings.labels.building });
    }
    if (!state.slack) return {};
    const link = { number: pr.number, title: pr.title, url: pr.url };
    const message =
      state.request.mode === "build"
        ? buildOpenedMessage({ pr: link, issue: { number: state.issue!.number, title: state.issue!.title, url: state.issue!.url }, summary: state.finish?.summary ?? "", figures, draft: false })
        : fixPushedMessage({ pr: link, sha: state.headSha!, answered: state.finish?.threadReplies.length ?? 0, open: state.threads?.length ?? 0, figures });
    await act(deps.effects, config, "report", runTag(state), "slack.post", {
      channel: state.slack.channel,
      threadTs: state.slack.threadTs,
      ...message,
    });
    return {};
  };
}
