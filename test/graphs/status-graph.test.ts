import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { createStatusGraph } from "../../graphs/status/status-graph.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";

async function run(input: unknown, deps = fakeGraphDeps()) {
  const graph = createStatusGraph(deps.deps, new MemorySaver());
  const config = { configurable: { thread_id: "slack-req:T1:status-1" } };
  for await (const _ of await graph.stream({ request: input }, { ...config, streamMode: "updates" })) {
    // drain
  }
  return deps;
}

describe("status graph", () => {
  it("answers a mention in its thread and swaps 👀 for ✅", async () => {
    const f = fakeGraphDeps();
    const m = f.chat.addUserMessage({ channel: "C0GEN", user: "U0ALICE", text: "<@U0SHOPFLOOR> status" });
    await run({ via: "mention", channel: "C0GEN", user: "U0ALICE", messageTs: m.ts }, f);

    const replies = f.chat.threadReplies("C0GEN", m.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain("1 run in flight");
    expect(replies[0]!.text).toContain("3 runs waiting for people");
    expect(JSON.stringify(replies[0]!.blocks)).toContain("build");
    expect(f.chat.reactions("C0GEN", m.ts)).toEqual(["white_check_mark"]);
  });

  it("answers a slash command privately through its response_url", async () => {
    const f = await run({ via: "command", channel: "C0GEN", user: "U0ALICE", responseUrl: "https://hooks.slack.test/cmd/1" });
    expect(f.chat.responses).toHaveLength(1);
    expect(f.chat.responses[0]).toMatchObject({ responseType: "ephemeral", responseUrl: "https://hooks.slack.test/cmd/1" });
    expect(f.chat.responses[0]!.text).toContain("Shopfloor status");
    expect(f.chat.botMessages()).toHaveLength(0);
  });

  it("replays its effects instead of repeating them when the thread runs again", async () => {
    const f = fakeGraphDeps();
    const m = f.chat.addUserMessage({ channel: "C0GEN", user: "U0ALICE", text: "status" });
    const input = { via: "mention", channel: "C0GEN", user: "U0ALICE", messageTs: m.ts };
    await run(input, f);
    await run(input, f); // a fresh checkpointer: every node runs again, the ledger answers
    expect(f.chat.threadReplies("C0GEN", m.ts)).toHaveLength(1);
  });
});
