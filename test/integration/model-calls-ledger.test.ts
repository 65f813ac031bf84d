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
/** `task` picks the configured fallback; `cut` offers a smaller context (the report's first 12 characters). */
type Request = { report: string; task?: string; cut?: boolean };
const State = Annotation.Root({ request: Annotation<Request>(), result: Annotation<z.infer<typeof Classification> | undefined>() });

const classifyGraph: GraphDefinition<Request> = {
  name: "classify-test",
  description: "test",
  input: z.object({ report: z.string(), task: z.string().optional(), cut: z.boolean().optional() }),
  build(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
    return new StateGraph(State)
      .addNode("classify", async (s, config: LangGraphRunnableConfig) => {
        const vars = { repository: "acme/shop", areas: "checkout", reporter: "alice", report: s.request.report };
        return {
          result: await callStructured(deps, {
            config,
            node: "classify",
            task: s.request.task ?? "triage.classify",
            promptId: "triage/classify",
            vars,
            schema: Classification,
            ...(s.request.cut ? { smaller: () => ({ ...vars, report: s.request.report.slice(0, 12) }) } : {}),
          }),
        };
      })
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
    fileText: "models:\n  fallback:\n    triage.with-fallback: gpt-4.1\n  pricing:\n    gpt-4.1-mini: { inputPerMillion: 0.4, outputPerMillion: 1.6 }\n",
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

describe("self-repair of semantic failures, in the run ledger", () => {
  const attempts = async (threadId: string) => (await modelCalls(threadId)).map((c) => c.attempts);

  it("repairs invalid output by giving the validation error back to the model, and records both attempts", async () => {
    fake.script.push({ content: "{\"type\": \"banana\", \"severity\": \"P1\"}" }, { json: { type: "bug", severity: "P1" } });
    const threadId = uniqueId("thread");
    await expect(runner.run({ type: "start", graph: "classify-test", threadId, input: { report: "Checkout is broken" } })).resolves.toMatchObject({ status: "succeeded" });
    expect(await attempts(threadId)).toEqual([
      [
        { strategy: "first", model: "gpt-4.1-mini", outcome: "invalid" },
        { strategy: "feedback", model: "gpt-4.1-mini", outcome: "ok" },
      ],
    ]);
    const [call] = await modelCalls(threadId);
    expect(call).toMatchObject({ outcome: "ok", repairs: 1 });
    // The second request carried the model's bad answer and what was wrong with it.
    expect(JSON.stringify(fake.requests.at(-1)!.messages)).toContain("banana");
  });

  it("moves to the task's fallback model when the feedback retry fails too", async () => {
    fake.script.push({ content: "no" }, { content: "still no" }, { json: { type: "feature", severity: "P3" } });
    const threadId = uniqueId("thread");
    await runner.run({ type: "start", graph: "classify-test", threadId, input: { report: "Add dark mode", task: "triage.with-fallback" } });
    expect(await attempts(threadId)).toEqual([
      [
        { strategy: "first", model: "gpt-4.1-mini", outcome: "invalid" },
        { strategy: "feedback", model: "gpt-4.1-mini", outcome: "invalid" },
        { strategy: "fallback-model", model: "gpt-4.1", outcome: "ok" },
      ],
    ]);
    expect(fake.requests.at(-1)!.model).toBe("gpt-4.1");
  });

  it("tries a smaller context last, and records that it worked", async () => {
    fake.script.push({ content: "no" }, { content: "still no" }, { json: { type: "bug", severity: "P2" } });
    const threadId = uniqueId("thread");
    const long = `Checkout fails ${"with a very long log line ".repeat(50)}`;
    await expect(runner.run({ type: "start", graph: "classify-test", threadId, input: { report: long, cut: true } })).resolves.toMatchObject({ status: "succeeded" });
    expect(await attempts(threadId)).toEqual([
      [
        { strategy: "first", model: "gpt-4.1-mini", outcome: "invalid" },
        { strategy: "feedback", model: "gpt-4.1-mini", outcome: "invalid" },
        { strategy: "smaller-context", model: "gpt-4.1-mini", outcome: "ok" },
      ],
    ]);
    const last = JSON.stringify(fake.requests.at(-1)!.messages);
    expect(last).toContain("Checkout fai");
    expect(last).not.toContain("very long log line");
  });

  it("marks a run whose repairs all failed as a semantic failure, with every attempt on its failed step", async () => {
    fake.script.push({ content: "no" }, { content: "no" }, { content: "no" }, { content: "no" });
    const threadId = uniqueId("thread");
    await expect(runner.run({ type: "start", graph: "classify-test", threadId, input: { report: "?", cut: true } })).rejects.toMatchObject({ code: ErrorCode.ModelInvalidOutput });
    const [run] = await runs.runsForThread(threadId);
    expect(run).toMatchObject({ status: "failed", failureClass: "semantic" });
    expect((await attempts(threadId))[0]).toHaveLength(4);
    const steps = await runs.stepsForRun(run!.id);
    expect(steps.at(-1)).toMatchObject({ node: "classify", status: "failed", errorCode: "MODEL_INVALID_OUTPUT" });
  });
});
