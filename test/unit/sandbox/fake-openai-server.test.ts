import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { taskTag } from "../../../src/adapters/llm/task-tag.js";
import { createFakeOpenAI, type FakeOpenAI } from "../../../src/sandbox/fake-openai/fake-openai-server.js";

interface Completion {
  choices: { message: { content: string | null; tool_calls?: unknown[] }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  error: { message: string; code: string | null };
}
const json = async (res: Response): Promise<Completion> => (await res.json()) as Completion;

describe("fake OpenAI server (wire format)", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await createFakeOpenAI({ apiKey: "sk-unit" });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  const chat = (body: Record<string, unknown>, key = "sk-unit") =>
    fetch(`${fake.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
  const ask = (task: string, content = "hi") => chat({ model: "gpt-4.1-mini", user: taskTag(task), messages: [{ role: "user", content }] });

  it("answers with a real chat.completion shape and plausible usage", async () => {
    fake.script.push({ content: "hello there" });
    const res = await ask("recap.write", "say hello");
    const body = await json(res);

    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: "chat.completion",
      created: expect.any(Number),
      model: "gpt-4.1-mini",
      choices: [{ index: 0, message: { role: "assistant", content: "hello there" }, finish_reason: "stop" }],
    });
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it("sends tool calls with ids and JSON-string arguments", async () => {
    fake.script.push({ toolCalls: [{ name: "search", arguments: { q: "cart" } }] });
    const body = await json(await ask("build.code"));
    expect(body.choices[0]?.finish_reason).toBe("tool_calls");
    expect(body.choices[0]?.message.content).toBeNull();
    expect(body.choices[0]?.message.tool_calls).toEqual([
      { id: expect.stringMatching(/^call_/), type: "function", function: { name: "search", arguments: '{"q":"cart"}' } },
    ]);
  });

  it("rejects a wrong key with OpenAI's error JSON", async () => {
    const res = await chat({ model: "m", messages: [{ role: "user", content: "x" }] }, "sk-other");
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({
      error: { message: expect.stringContaining("Incorrect API key"), type: "invalid_request_error", param: null, code: "invalid_api_key" },
    });
    const models = await fetch(`${fake.baseUrl}/models`);
    expect(models.status).toBe(401);
  });

  it("consumes the script in order, then the responder by task, then answers 500", async () => {
    fake.script.push({ content: "first" }, (req) => ({ content: `second for ${req.task}` }));
    fake.respond((req) => (req.task === "triage.classify" ? { json: { type: "bug" } } : undefined));

    const texts = [];
    for (const task of ["a", "b", "triage.classify"]) texts.push((await json(await ask(task))).choices[0]?.message.content);
    expect(texts).toEqual(["first", "second for b", '{"type":"bug"}']);

    const none = await ask("recap.write");
    expect(none.status).toBe(500);
    expect((await json(none)).error.message).toBe("no scripted reply");
    expect(fake.requests.map((r) => r.task)).toEqual(["a", "b", "triage.classify", "recap.write"]);
  });

  it("sends 429 with retry-after, and errors for bad requests", async () => {
    fake.script.push({ status: 429, retryAfter: 7 });
    const limited = await ask("x");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect((await json(limited)).error.code).toBe("rate_limit_exceeded");

    expect((await chat({ messages: [{ role: "user", content: "x" }] })).status).toBe(400);
    expect((await chat({ model: "m", messages: [] })).status).toBe(400);
  });

  it("delays a reply, and a bare delay falls through to the responder", async () => {
    fake.script.push({ delayMs: 120 });
    fake.respond(() => ({ content: "late" }));
    const started = Date.now();
    const body = await json(await ask("x"));
    expect(body.choices[0]?.message.content).toBe("late");
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it("lists models", async () => {
    const res = await fetch(`${fake.baseUrl}/models`, { headers: { authorization: "Bearer sk-unit" } });
    expect(await json(res)).toMatchObject({ object: "list", data: [{ id: "gpt-4.1-mini", object: "model" }, { id: "gpt-4.1" }, { id: "gpt-4.1-nano" }] });
  });
});
