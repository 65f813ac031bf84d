import { Annotation, END, START, StateGraph, interrupt, type BaseCheckpointSaver } from "@langchain/langgraph";
import { z } from "zod";
import type { GraphDefinition, RunnableGraph } from "../../graphs/shared/graph-definition.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";

const input = z.object({ n: z.number().int() });
type Input = z.infer<typeof input>;

/** The smallest state a Shopfloor graph has: the `request` channel the runner starts every graph with. */
const OneNodeState = Annotation.Root({
  request: Annotation<Input>(),
  done: Annotation<boolean | undefined>(),
});

/** One trivial node, so whatever a run costs beyond the node is the runtime's and the checkpointer's. */
export function buildOneNodeGraph(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(OneNodeState)
    .addNode("work", async () => ({ done: true }))
    .addEdge(START, "work")
    .addEdge("work", END)
    .compile({ checkpointer });
}

export const oneNodeDefinition: GraphDefinition<unknown> = {
  name: "bench-one-node",
  description: "benchmark: one trivial node",
  input,
  build: (_deps: GraphDeps, checkpointer: BaseCheckpointSaver) => buildOneNodeGraph(checkpointer) as unknown as RunnableGraph,
};

const WaitingState = Annotation.Root({
  request: Annotation<Input>(),
  draft: Annotation<string | undefined>(),
  approved: Annotation<boolean | undefined>(),
});

/**
 * Shaped like the graphs that wait for people (test/support/approval-graph.ts): prepare → ask (interrupt)
 * → finish. Unlike that test graph it performs no effects, because the in-memory effects ledger and fake
 * chat of the test fakes would keep every thread's messages in this process and blur the measurement.
 */
export const waitingDefinition: GraphDefinition<unknown> = {
  name: "bench-waiting",
  description: "benchmark: waits at an interrupt",
  input,
  build: (_deps: GraphDeps, checkpointer: BaseCheckpointSaver) =>
    new StateGraph(WaitingState)
      .addNode("prepare", async (s) => ({ draft: `merge request #${s.request.n}` }))
      .addNode("ask", async (s) => ({ approved: interrupt({ question: `approve ${s.draft}?` }) === "yes" }))
      .addNode("finish", async () => ({}))
      .addEdge(START, "prepare")
      .addEdge("prepare", "ask")
      .addEdge("ask", "finish")
      .addEdge("finish", END)
      .compile({ checkpointer }) as unknown as RunnableGraph,
};
