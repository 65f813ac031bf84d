import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createOpenAIClient, createOpenAIModelAdapter, type ModelLogger } from "../../../src/adapters/llm/openai-model-adapter.js";
import type { Config } from "../../../src/config/load-config.js";
import { ErrorCode } from "../../../src/core/errors.js";
import type { ModelPort, RenderedPrompt } from "../../../src/core/ports/model-port.js";
import { loadPrompts, type PromptRegistry } from "../../../src/prompts/load-prompts.js";
import { createFakeOpenAI, type FakeOpenAI } from "../../../src/sandbox/fake-openai/fake-openai-server.js";
import { caughtAppError } from "../../support/caught.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../../fixtures/prompts");

const classification = z.object({
  type: z.enum(["bug", "feature", "question", "chore"]),
  severity: z.enum(["P0", "P1", "P2", "P3"]),
  area: z.string(),
  buildable: z.boolean(),
});
const good = { type: "bug", severity: "P1", area: "checkout", buildable: true };

function modelConfig(overrides: Partial<Config["model"]> = {}): Config["model"] {
  return { tasks: {}, fallback: {}, pricing: {}, timeoutMs: 10_000, defaultModel: "gpt-4.1-nano", ...overrides };
}

function recordingLogger(): ModelLogger & { lines: { level: string; obj: Record<string, unknown>; msg?: string }[] } {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  return {
    lines,
    debug: (obj, msg) => lines.push({ level: "debug", obj, msg }),
    warn: (obj, msg) => lines.push({ level: "warn", obj, msg }),
  };
}


describe("OpenAI model adapter against the fake OpenAI server", () => {
  let fake: FakeOpenAI;
  let prompts: PromptRegistry;
  let prompt: RenderedPrompt;

  beforeAll(async () => {
    fake = await createFakeOpenAI({ apiKey: "sk-test-123" });
    prompts = await loadPrompts(fixtures);
    prompt = prompts.render("triage/classify", {
      repository: "acme/shop",
      areas: "checkout, search",
      reporter: "Dana",
      report: "The checkout button does nothing on Safari.",
    });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  const adapter = (config: Config["model"] = modelConfig(), logger: ModelLogger = recordingLogger()): ModelPort =>
    createOpenAIModelAdapter({
      client: createOpenAIClient({ apiKey: "sk-test-123", baseUrl: fake.baseUrl, timeoutMs: config.timeoutMs, maxRetries: 0 }),
      config,
      logger,
    });

  it("returns validated structured output and sends a JSON schema response format", async () => {
    fake.script.push({ json: good });
    const { value, meta } = await adapter().structured({ task: "triage.classify", prompt, schema: classification });

    expect(value).toEqual(good);
    expect(meta).toMatchObject({ promptId: "triage/classify", promptHash: prompt.hash, repairs: 0, model: "gpt-4.1-mini" });
    expect(meta.latencyMs).toBeGreaterThanOrEqual(0);

    const sent = fake.requests[0];
    expect(sent?.task).toBe("triage.classify");
    expect(sent?.body).toMatchObject({ temperature: 0.2, max_completion_tokens: 800 });
    expect(sent?.responseFormat).toMatchObject({
      type: "json_schema",
      json_schema: {
        name: "triage_classify",
        strict: false,
        schema: { type: "object", required: ["type", "severity", "area", "buildable"], properties: { severity: { enum: ["P0", "P1", "P2", "P3"] } } },
      },
    });
    expect(sent?.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(sent?.messages[1]?.content).toContain('<untrusted name="report">');
  });

  it("repairs invalid output once, giving the model its bad reply and the validation problems", async () => {
    fake.script.push({ content: "Sure! Here is the classification: bug, P1" }, { json: good });
    const logger = recordingLogger();

    // First call: prose, then valid JSON after the repair.
    const first = await adapter(modelConfig(), logger).structured({ task: "triage.classify", prompt, schema: classification });
    expect(first.value).toEqual(good);
    expect(first.meta.repairs).toBe(1);
    const repair = fake.requests[1];
    expect(repair?.messages.slice(-2)).toEqual([
      { role: "assistant", content: "Sure! Here is the classification: bug, P1" },
      { role: "user", content: expect.stringContaining("not valid JSON") },
    ]);
    expect(logger.lines.some((l) => l.level === "warn" && l.msg?.includes("repair"))).toBe(true);

    // Second call: valid JSON that breaks the schema is named by path in the repair request.
    fake.reset();
    fake.script.push({ json: { ...good, severity: "urgent" } }, { json: good });
    const second = await adapter().structured({ task: "triage.classify", prompt, schema: classification });
    expect(second.meta.repairs).toBe(1);
    expect(fake.requests[1]?.messages.at(-1)?.content).toMatch(/severity: Invalid option/);
  });

  it("accepts JSON wrapped in a Markdown code fence without a repair", async () => {
    fake.script.push({ content: "```json\n" + JSON.stringify(good) + "\n```" });
    const { value, meta } = await adapter().structured({ task: "triage.classify", prompt, schema: classification });
    expect(value).toEqual(good);
    expect(meta.repairs).toBe(0);
  });

  it("gives up with ModelInvalidOutput when the repair is invalid too", async () => {
    const garbage = "x".repeat(800);
    fake.script.push({ content: "not json" }, { content: garbage });
    const error = await caughtAppError(adapter().structured({ task: "triage.classify", prompt, schema: classification }));

    expect(error.code).toBe(ErrorCode.ModelInvalidOutput);
    expect(error.retryable).toBe(false);
    expect(error.details.output).toBe("x".repeat(500));
    expect(error.details.issues).toEqual([expect.stringContaining("not valid JSON")]);
    expect(fake.requests).toHaveLength(2);
  });

  it("times out quickly on a model that never answers", async () => {
    fake.script.push({ hang: true });
    const started = Date.now();
    const error = await caughtAppError(adapter().structured({ task: "triage.classify", prompt, schema: classification, timeoutMs: 300 }));

    expect(error.code).toBe(ErrorCode.ModelTimeout);
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("maps 429 to a retryable RateLimited error carrying Retry-After", async () => {
    fake.script.push({ status: 429, retryAfter: 2 });
    const error = await caughtAppError(adapter().structured({ task: "triage.classify", prompt, schema: classification }));
    expect(error).toMatchObject({ code: ErrorCode.RateLimited, retryable: true, retryAfterMs: 2_000 });
  });

  it("treats 5xx as retryable and other 4xx as final; a wrong key says which setting to check", async () => {
    fake.script.push({ status: 503 });
    expect(await caughtAppError(adapter().structured({ task: "t", prompt, schema: classification }))).toMatchObject({ code: ErrorCode.ModelApi, retryable: true });

    fake.script.push({ status: 400, message: "Invalid 'temperature'" });
    const bad = await caughtAppError(adapter().structured({ task: "t", prompt, schema: classification }));
    expect(bad).toMatchObject({ code: ErrorCode.ModelApi, retryable: false });
    expect(bad.message).toContain("Invalid 'temperature'");

    const wrongKey = createOpenAIModelAdapter({
      client: createOpenAIClient({ apiKey: "sk-wrong", baseUrl: fake.baseUrl, timeoutMs: 5_000, maxRetries: 0 }),
      config: modelConfig(),
      logger: recordingLogger(),
    });
    const denied = await caughtAppError(wrongKey.structured({ task: "t", prompt, schema: classification }));
    expect(denied).toMatchObject({ code: ErrorCode.ModelApi, retryable: false });
    expect(denied.message).toContain("OPENAI_API_KEY");
    expect(denied.message).not.toContain("sk-wrong");
  });

  it("runs a tool-calling turn and round-trips tool results", async () => {
    const tools = [
      { name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
    ];
    fake.script.push({ toolCalls: [{ name: "read_file", arguments: { path: "src/cart.ts" }, id: "call_1" }] }, { content: "The bug is in cart.ts." });
    const model = adapter();

    const first = await model.toolTurn({ task: "build.code", prompt, tools });
    expect(first.turn).toEqual({
      content: "",
      toolCalls: [{ id: "call_1", name: "read_file", arguments: '{"path":"src/cart.ts"}' }],
      finishReason: "tool_calls",
    });
    expect(fake.requests[0]?.tools).toEqual([{ type: "function", function: tools[0] }]);

    const second = await model.toolTurn({
      task: "build.code",
      prompt,
      tools,
      messages: [
        { role: "assistant", content: "", toolCalls: first.turn.toolCalls },
        { role: "tool", toolCallId: "call_1", content: "export const cart = 1;" },
      ],
    });
    expect(second.turn).toEqual({ content: "The bug is in cart.ts.", toolCalls: [], finishReason: "stop" });
    expect(fake.requests[1]?.messages.slice(-2)).toEqual([
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "read_file", arguments: '{"path":"src/cart.ts"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: "export const cart = 1;" },
    ]);
  });

  it("accounts tokens and cost over every call, repairs included", async () => {
    fake.script.push(
      { content: "nope", usage: { promptTokens: 1_000, completionTokens: 10 } },
      { json: good, usage: { promptTokens: 1_200, completionTokens: 40 } },
    );
    const config = modelConfig({ pricing: { "gpt-4.1-mini": { inputPerMillion: 0.4, outputPerMillion: 1.6 } } });
    const { meta } = await adapter(config).structured({ task: "triage.classify", prompt, schema: classification });

    expect(meta.usage.promptTokens).toBe(2_200);
    expect(meta.usage.completionTokens).toBe(50);
    expect(meta.usage.costUsd).toBeCloseTo((2_200 * 0.4 + 50 * 1.6) / 1_000_000, 12);
  });

  it("chooses the model per task, then the prompt's, then the default", async () => {
    const config = modelConfig({ tasks: { "review.security": "gpt-4.1" } });
    const bare: RenderedPrompt = { ...prompt, model: undefined };
    delete bare.model;
    fake.respond(() => ({ json: good }));

    const a = await adapter(config).structured({ task: "review.security", prompt, schema: classification });
    const b = await adapter(config).structured({ task: "triage.classify", prompt, schema: classification });
    const c = await adapter(config).structured({ task: "triage.classify", prompt: bare, schema: classification });

    expect(fake.requests.map((r) => r.model)).toEqual(["gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"]);
    expect([a.meta.model, b.meta.model, c.meta.model]).toEqual(["gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"]);
  });

  it("falls back to the task's fallback model after a retryable failure or invalid output, but not after a 400", async () => {
    const config = modelConfig({ tasks: { "triage.classify": "gpt-4.1" }, fallback: { "triage.classify": "gpt-4.1-mini" } });

    fake.script.push({ status: 500 }, { json: good });
    const afterOutage = await adapter(config).structured({ task: "triage.classify", prompt, schema: classification });
    expect(afterOutage.meta.model).toBe("gpt-4.1-mini");
    expect(fake.requests.map((r) => r.model)).toEqual(["gpt-4.1", "gpt-4.1-mini"]);

    fake.reset();
    fake.script.push({ content: "?" }, { content: "??" }, { json: good });
    const afterGarbage = await adapter(config).structured({ task: "triage.classify", prompt, schema: classification });
    expect(afterGarbage.meta).toMatchObject({ model: "gpt-4.1-mini", repairs: 0 });
    expect(fake.requests.map((r) => r.model)).toEqual(["gpt-4.1", "gpt-4.1", "gpt-4.1-mini"]);

    fake.reset();
    fake.script.push({ status: 400 }, { json: good });
    await caughtAppError(adapter(config).structured({ task: "triage.classify", prompt, schema: classification }));
    expect(fake.requests.map((r) => r.model)).toEqual(["gpt-4.1"]);
  });

  it("lists models for doctor", async () => {
    expect((await adapter().ping()).models).toEqual(["gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"]);
  });

  it("never sends anything that was not in the prompt", async () => {
    fake.script.push({ json: good });
    await adapter().structured({ task: "triage.classify", prompt, schema: classification });
    const wire = JSON.stringify(fake.requests.map((r) => r.body));
    expect(wire).not.toContain("sk-test-123");
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer sk-test-123");
  });
});
