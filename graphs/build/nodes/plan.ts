import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { buildPlanMessage } from "../../../src/blocks/build-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { callStructuredWithMeta } from "../../shared/call-model.js";
import { runTag, type BuildStateType } from "../build-state.js";
import { taskText } from "../task-text.js";

const planSchema = z.object({
  summary: z.string().min(1).max(500),
  steps: z.array(z.string().min(1).max(300)).max(8),
  filesToRead: z.array(z.string()).max(10).default([]),
  testStrategy: z.string().max(500).default(""),
});

/** Plans before coding: the plan guides the agent, goes into the PR body, and tells the thread what will happen. */
export function plan(deps: GraphDeps) {
  return async (state: BuildStateType, config: LangGraphRunnableConfig) => {
    const { value, meta } = await callStructuredWithMeta(deps, {
      config,
      node: "plan",
      task: "build.plan",
      promptId: "build/plan",
      vars: { repository: deps.settings.repository ?? "", mode: state.request.mode, task: taskText(state), repoMap: state.repoMap ?? "" },
      schema: planSchema,
    });
    if (state.slack) {
      await act(deps.effects, config, "plan", runTag(state), "slack.post", {
        channel: state.slack.channel,
        threadTs: state.slack.threadTs,
        ...buildPlanMessage(value),
      });
    }
    const spend = state.spend!;
    return { agentPlan: value, spend: { ...spend, tokens: spend.tokens + meta.usage.promptTokens + meta.usage.completionTokens } };
  };
}
