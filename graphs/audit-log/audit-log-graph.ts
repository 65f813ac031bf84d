import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { AuditLogState } from "./audit-log-state.js";
import { readEntries } from "./nodes/read-entries.js";
import { reply } from "./nodes/reply.js";

/** read-entries → reply */
export function createAuditLogGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(AuditLogState)
    .addNode("read-entries", readEntries(deps))
    .addNode("reply", reply(deps))
    .addEdge(START, "read-entries")
    .addEdge("read-entries", "reply")
    .addEdge("reply", END)
    .compile({ checkpointer, name: "audit-log" }) as unknown as RunnableGraph;
}
