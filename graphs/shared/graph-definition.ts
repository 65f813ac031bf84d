import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { ZodType } from "zod";
import type { GraphDeps } from "../../src/core/graph-deps.js";

/** What the runtime needs from a compiled graph (a narrow view of LangGraph's CompiledStateGraph). */
export interface RunnableGraph {
  stream(input: unknown, options: Record<string, unknown>): Promise<AsyncIterable<Record<string, unknown>>>;
  getState(config: Record<string, unknown>): Promise<{
    values: unknown;
    next: string[];
    tasks: { id: string; name: string; error?: unknown; interrupts: { id?: string; value?: unknown }[] }[];
    config: Record<string, unknown>;
  }>;
}

/**
 * One automation. `input` validates what a job may start the graph with; the runner starts the graph with
 * `{ request: <validated input> }`, so every graph's state has a `request` channel. `build` compiles the
 * graph with the given checkpointer. The registry (graphs/registry.ts) is the one list of graphs.
 */
export interface GraphDefinition<I = unknown> {
  name: string;
  description: string;
  input: ZodType<I>;
  build(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph;
}
