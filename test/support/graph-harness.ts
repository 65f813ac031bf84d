import { Command, MemorySaver } from "@langchain/langgraph";
import type { GraphDefinition } from "../../graphs/shared/graph-definition.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";

/**
 * Drives one compiled graph thread the way the runtime does (start with `{ request }`, resume the pending
 * interrupt by id), on an in-memory checkpointer. For graph scenario tests.
 */
export function graphHarness<I>(def: GraphDefinition<I>, deps: GraphDeps, threadId = "test-thread") {
  const graph = def.build(deps, new MemorySaver());
  const config = { configurable: { thread_id: threadId, run_id: "run-1", graph: def.name } };
  const drain = async (input: unknown) => {
    for await (const _ of await graph.stream(input, { ...config, streamMode: "updates" })) {
      // each chunk is one finished step
    }
  };
  const pending = async () => (await graph.getState(config)).tasks.flatMap((t) => t.interrupts.map((i) => ({ id: String(i.id), value: i.value })));
  return {
    start: (input: I) => drain({ request: def.input.parse(input) }),
    /** Delivers a wake-up to whatever is pending, as a signal job does. Throws when nothing waits. */
    async signal(value: unknown) {
      const [target] = await pending();
      if (!target) throw new Error("nothing is waiting");
      await drain(new Command({ resume: { [target.id]: value } }));
    },
    pending,
    async state() {
      return (await graph.getState(config)).values as Record<string, unknown>;
    },
    async done() {
      const s = await graph.getState(config);
      return s.next.length === 0;
    },
  };
}
