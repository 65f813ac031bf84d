import { Annotation, END, START, StateGraph, type BaseCheckpointSaver, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { callStructured } from "../../graphs/shared/call-model.js";
import type { GraphDefinition, RunnableGraph } from "../../graphs/shared/graph-definition.js";
import { createOpenAIClient, createOpenAIModelAdapter } from "../../src/adapters/llm/openai-model-adapter.js";
import { createPostgresRunLedger } from "../../src/adapters/postgres/postgres-run-ledger.js";
import { parseConfig } from "../../src/config/load-config.js";
import { ErrorCode } from "../../src/core/errors.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import { silentLogger } from "../../src/core/logger.js";
import { loadPrompts, type PromptRegistry } from "../../src/prompts/load-prompts.js";
import { GraphRunner } from "../../src/runtime/graph-runner.js";
import { createFakeOpenAI, type FakeOpenAI } from "../../src/sandbox/fake-openai/fake-openai-server.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { testPool, uniqueId } from "../support/db.js";

const pool = testPool();
const runs = createPostgresRunLedger(pool);
let fake: FakeOpenAI;
let prompts: PromptRegistry;
let runner: GraphRunner;

const Classification = z.object({ type: z.enum(["bug", "feature", "question", "chore"]), severity: z.enum(["P0", "P1", "P2", "P3"]) });
const State = Annotation.Root({ request: Annotation<{ report: string }>(), result: Annotation<z.infer<typeof Classification> | undefined>() });

const classifyGraph: GraphDefinition<{ report: string }> = {
  name: "classify-test",
  description: "test",
  input: z.object({ report: z.string() }),
  build(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
    return new StateGraph(State)
      .addNode("classify", async (s, config: LangGraphRunnableConfig) => ({
        result: await callStructured(deps, {
          config,
          node: "classify",
          task: "triage.classify",
          promptId: "triage/classify",
          vars: { repository: "acme/shop", areas: "checkout", reporter: "alice", report: s.request.report },
          schema: Classification,
        }),
      }))
      .addEdge(START, "classify")
      .addEdge("classify", END)
      .compile({ checkpointer }) as unknown as RunnableGraph;
  },
};

beforeAll(async () => {
  fake = await createFakeOpenAI({ apiKey: "sk-test" });
  prompts = await loadPrompts(resolve(import.meta.dirname, "../fixtures/prompts"));
  const config = parseConfig({
    env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseUrl },
    fileText: "models:\n  pricing:\n    gpt-4.1-mini: { inputPerMillion: 0.4, outputPerMillion: 1.6 }\n",
  });
  const model = createOpenAIModelAdapter({ client: createOpenAIClient({ apiKey: "sk-test", baseUrl: fake.baseUrl, timeoutMs: 5_000, maxRetries: 0 }), config: config.model, logger: silentLogger });
  const f = fakeGraphDeps();
  runner = new GraphRunner({ pool, checkpointer: new PostgresSaver(pool), graphs: [classifyGraph as never], deps: { ...f.deps, model, prompts, runs }, runs, logger: silentLogger });
});

afterAll(async () => {
  await fake.close();
  await pool.end();
});

async function modelCalls(threadId: string) {
  const res = await pool.query(
    "SELECT m.*, r.id AS run FROM model_calls m JOIN runs r ON r.id = m.run_id WHERE m.thread_id = $1 ORDER BY m.id",
    [threadId],
  );
  return res.rows as Record<string, unknown>[];
}

describe("model calls in the run ledger", () => {
  it("records model, prompt hash, tokens, cost and outcome of a graph's model call", async () => {
    fake.script.push({ json: { type: "bug", severity: "P1" }, usage: { promptTokens: 1_000, completionTokens: 200 } });
    const threadId = uniqueId("thread");
    await expect(runner.run({ type: "start", graph: "classify-test", threadId, input: { report: "Checkout is broken" } })).resolves.toMatchObject({ status: "succeeded" });
    const [call] = await modelCalls(threadId);
    expect(call).toMatchObject({
      graph: "classify-test",
      node: "classify",
      task: "triage.classify",
      model: "gpt-4.1-mini",
      prompt_id: "triage/classify",
      prompt_hash: prompts.list().find((p) => p.id === "triage/classify")!.hash,
      prompt_tokens: 1_000,
      completion_tokens: 200,
      outcome: "ok",
      repairs: 0,
    });
    expect(Number(call!.cost_usd)).toBeCloseTo((1_000 * 0.4 + 200 * 1.6) / 1_000_000, 6);
    // The report reached the model fenced as data.
    expect(JSON.stringify(fake.requests.at(-1)!.messages)).toContain('<untrusted name=\\"report\\">');
  });

  it("records a model that keeps answering garbage as invalid, and fails the run with that code", async () => {
    fake.script.push({ content: "sure! here you go" }, { content: "{\"type\": \"banana\"}" });
    const threadId = uniqueId("thread");
    await expect(runner.run({ type: "start", graph: "classify-test", threadId, input: { report: "?" } })).rejects.toMatchObject({ code: ErrorCode.ModelInvalidOutput });
    const [call] = await modelCalls(threadId);
    expect(call).toMatchObject({ outcome: "invalid", error_code: "MODEL_INVALID_OUTPUT", prompt_id: "triage/classify" });
    const [run] = await runs.runsForThread(threadId);
    expect(run).toMatchObject({ status: "failed", errorCode: "MODEL_INVALID_OUTPUT" });
  });
});
