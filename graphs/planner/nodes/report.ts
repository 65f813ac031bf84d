import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { plannerProblem, plannerReport, type Message } from "../../../src/blocks/proposal-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { PlannerStateType } from "../planner-state.js";

/**
 * Tells the audit channel how the grade came out and what was proposed, and a person who asked the same, privately.
 * A problem goes to the person who asked; a schedule alerts the channel only about what someone must fix.
 */
export function report(deps: GraphDeps) {
  return async (state: PlannerStateType, config: LangGraphRunnableConfig) => {
    const { request } = state;
    const channel = deps.settings.audit.channel;
    const answer = async (message: Message) => {
      if (request.responseUrl) await act(deps.effects, config, "report", "answer", "slack.respond", { responseUrl: request.responseUrl, responseType: "ephemeral", ...message });
      else if (request.channel && request.user) await act(deps.effects, config, "report", "answer", "slack.ephemeral", { channel: request.channel, user: request.user, ...message });
    };

    if (state.problem) {
      const message = plannerProblem(state.problem.text);
      if (request.via === "command") await answer(message);
      else if (state.problem.alert && channel) await act(deps.effects, config, "report", "alert", "slack.post", { channel, ...message });
      else deps.logger.info({ problem: state.problem.text }, "scheduled planner run did nothing");
      return {};
    }

    const gaps = state.graded?.gaps ?? [];
    const count = (size: "large" | "medium" | "small") => gaps.filter((g) => g.size === size).length;
    const message = plannerReport({
      specPath: state.spec?.path ?? deps.settings.planner.specPath ?? "",
      summary: state.graded?.summary ?? "",
      gaps: { large: count("large"), medium: count("medium"), small: count("small") },
      proposed: state.proposed,
      skipped: state.skipped,
      ...(channel ? { channel } : {}),
    });
    if (channel) await act(deps.effects, config, "report", "report", "slack.post", { channel, ...message });
    if (request.via === "command") await answer(message);
    return {};
  };
}
