import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { threadIdOf } from "../../shared/act.js";
import type { StatusStateType } from "../status-state.js";

/** Reads queues, runs in flight, paused automations and versions. A read, so no effect. */
export function gatherStatus(deps: GraphDeps) {
  return async (_state: StatusStateType, config: LangGraphRunnableConfig) => {
    const snapshot = await deps.ops.snapshot();
    // The run answering this question is not news to the person asking it.
    const self = threadIdOf(config);
    return { snapshot: { ...snapshot, runsInFlight: snapshot.runsInFlight.filter((r) => r.threadId !== self) } };
  };
}
