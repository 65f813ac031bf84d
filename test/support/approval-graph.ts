import { Annotation, END, START, StateGraph, interrupt, type BaseCheckpointSaver, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { act } from "../../graphs/shared/act.js";
import type { GraphDefinition, RunnableGraph } from "../../graphs/shared/graph-definition.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";

const State = Annotation.Root({
  request: Annotation<{ channel: string }>(),
  approved: Annotation<boolean | undefined>(),
});

/** A graph shaped like the ones that wait for people: post → ask (interrupt) → act. For runner tests. */
export function approvalGraph(opts: { failActOnce?: { done: boolean } } = {}): GraphDefinition<{ channel: string }> {
  return {
    name: "approval-test",
    description: "test graph",
    input: z.object({ channel: z.string() }),
    build(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
      return new StateGraph(State)
        .addNode("announce", async (s, config: LangGraphRunnableConfig) => {
          await act(deps.effects, config, "announce", "post", "slack.post", { channel: s.request.channel, text: "Approve?" });
          return {};
        })
        .addNode("ask", async () => {
          // A direct resume passes the answer; a Slack click passes { choice, user, … }.
          const answer = interrupt<{ question: string }, string | { choice: string }>({ question: "merge?" });
          return { approved: (typeof answer === "string" ? answer : answer.choice) === "yes" };
        })
        .addNode("act", async (s, config: LangGraphRunnableConfig) => {
          await act(deps.effects, config, "act", "done", "slack.post", { channel: s.request.channel, text: s.approved ? "Merged" : "Not merged" });
          if (opts.failActOnce && !opts.failActOnce.done) {
            opts.failActOnce.done = true;
            throw new AppError(ErrorCode.GithubApi, "502 from GitHub", { retryable: true });
          }
          return {};
        })
        .addEdge(START, "announce")
        .addEdge("announce", "ask")
        .addEdge("ask", "act")
        .addEdge("act", END)
        .compile({ checkpointer }) as unknown as RunnableGraph;
    },
  };
}
