import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { awaitRevert } from "./nodes/await-revert.js";
import { checkSignals } from "./nodes/check-signals.js";
import { expireOffer } from "./nodes/expire-offer.js";
import { openRevert } from "./nodes/open-revert.js";
import { reportFailure } from "./nodes/report-failure.js";
import { reportSuccess } from "./nodes/report-success.js";
import { smokeCheck } from "./nodes/smoke-check.js";
import { wait } from "./nodes/wait.js";
import { afterCheck, afterFailure, afterRevertWait, afterSmoke } from "./verify-routes.js";
import { VerifyState } from "./verify-state.js";

/**
 * check-signals ⟲ wait (poll interval, until the deadline) →
 *   passed:  smoke-check → report-success (✅, linked issue closed) | report-failure
 *   failed or still pending at the deadline: report-failure (triage, source verify; alert with Open revert PR)
 * report-failure → await-revert ⟲ (click → open-revert · a few days → expire-offer)
 */
export function createVerifyGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(VerifyState)
    .addNode("check-signals", checkSignals(deps))
    .addNode("wait", wait(deps))
    .addNode("smoke-check", smokeCheck(deps))
    .addNode("report-success", reportSuccess(deps))
    .addNode("report-failure", reportFailure(deps))
    .addNode("await-revert", awaitRevert(deps))
    .addNode("open-revert", openRevert(deps))
    .addNode("expire-offer", expireOffer(deps))
    .addEdge(START, "check-signals")
    .addConditionalEdges("check-signals", afterCheck)
    .addEdge("wait", "check-signals")
    .addConditionalEdges("smoke-check", afterSmoke)
    .addEdge("report-success", END)
    .addConditionalEdges("report-failure", afterFailure)
    .addConditionalEdges("await-revert", afterRevertWait)
    .addEdge("open-revert", END)
    .addEdge("expire-offer", END)
    .compile({ checkpointer, name: "verify" }) as unknown as RunnableGraph;
}
