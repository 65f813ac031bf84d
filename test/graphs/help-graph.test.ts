import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { createHelpGraph } from "../../graphs/help/help-graph.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";

describe("help graph", () => {
  it("answers a mention it did not understand in the mention's thread, quoting it", async () => {
    const f = fakeGraphDeps();
    const m = f.chat.addUserMessage({ channel: "C0GEN", user: "U0ALICE", text: "<@U0SHOPFLOOR> deploy prod" });
    const graph = createHelpGraph(f.deps, new MemorySaver());
    const input = { request: { channel: "C0GEN", user: "U0ALICE", messageTs: m.ts, unknown: "deploy prod" } };
    for await (const _ of await graph.stream(input, { configurable: { thread_id: "help-1" }, streamMode: "updates" })) {
      // drain
    }
    const [reply] = f.chat.threadReplies("C0GEN", m.ts);
    expect(reply?.text).toContain("I can't help with “deploy prod” yet");
    expect(reply?.text).toContain("/shopfloor status");
  });
});
