import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { afterAgentStep, afterAsk, afterCheck, afterExternalAgent, afterFinalTests, afterGate, afterPlan, afterPrepare } from "./build-routes.js";
import { BuildState } from "./build-state.js";
import { agentStep } from "./nodes/agent-step.js";
import { announce } from "./nodes/announce.js";
import { askHuman } from "./nodes/ask-human.js";
import { checkChange } from "./nodes/check-change.js";
import { cleanup } from "./nodes/cleanup.js";
import { externalAgent } from "./nodes/external-agent.js";
import { finalTests } from "./nodes/final-tests.js";
import { gate } from "./nodes/gate.js";
import { giveUp } from "./nodes/give-up.js";
import { openPr } from "./nodes/open-pr.js";
import { plan } from "./nodes/plan.js";
import { prepare } from "./nodes/prepare.js";
import { push } from "./nodes/push.js";
import { report } from "./nodes/report.js";
import { reportSkip } from "./nodes/report-skip.js";

/**
 * gate → (skip: report-skip) → announce → prepare (clone, install) → plan
 *   → agent-step ⟲ (tool turns; ask-human waits for a reply) | external-agent
 *   → check-change (git diff, path policy) → final-tests (⟲ agent-step on failure, twice at most)
 *   → push → open-pr (fix mode: thread replies) → report → cleanup
 * Any stop (budget, no change, refused paths, failing tests, no answer) → give-up → cleanup.
 *
 * One thread per issue (fix mode: per PR), so two builds of the same issue never run at once.
 */
export function createBuildGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  const graph = new StateGraph(BuildState)
    .addNode("gate", gate(deps))
    .addNode("report-skip", reportSkip(deps))
    .addNode("announce", announce(deps))
    .addNode("prepare", prepare(deps))
    .addNode("plan", plan(deps))
    .addNode("agent-step", agentStep(deps))
    .addNode("ask-human", askHuman(deps))
    .addNode("external-agent", externalAgent(deps))
    .addNode("check-change", checkChange(deps))
    .addNode("final-tests", finalTests(deps))
    .addNode("push", push(deps))
    .addNode("open-pr", openPr(deps))
    .addNode("report", report(deps))
    .addNode("give-up", giveUp(deps))
    .addNode("cleanup", cleanup(deps))
    .addEdge(START, "gate")
    .addConditionalEdges("gate", afterGate)
    .addEdge("report-skip", END)
    .addEdge("announce", "prepare")
    .addConditionalEdges("prepare", afterPrepare)
    .addConditionalEdges("plan", afterPlan(deps))
    .addConditionalEdges("agent-step", afterAgentStep)
    .addConditionalEdges("ask-human", afterAsk)
    .addConditionalEdges("external-agent", afterExternalAgent)
    .addConditionalEdges("check-change", afterCheck)
    .addConditionalEdges("final-tests", afterFinalTests)
    .addEdge("push", "open-pr")
    .addEdge("open-pr", "report")
    .addEdge("report", "cleanup")
    .addEdge("give-up", "cleanup")
    .addEdge("cleanup", END)
    .compile({ checkpointer, name: "build" });
  // Every agent turn is a super-step; LangGraph's default limit (25) would end a build long before its budget.
  const recursionLimit = deps.settings.build.budgets.steps * 2 + 40;
  return graph.withConfig({ recursionLimit }) as unknown as RunnableGraph;
}
