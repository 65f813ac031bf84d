import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { taskFromTag } from "../../adapters/llm/task-tag.js";
import { chatCompletion, errorBody, estimateTokens, modelList, randomId } from "./completion-shapes.js";

/**
 * A local OpenAI-compatible server for tests and `shopfloor demo`: `POST /v1/chat/completions` and
 * `GET /v1/models` with the real response and error shapes, a bearer-token check, and scripted answers.
 *
 * Answers come from `script` (a queue, consumed first) and otherwise from the default responder set with
 * `respond()`. With neither, the server answers 500 `no scripted reply`, so a test that forgot to script a
 * call fails loudly instead of hanging.
 */

export interface FakeChatMessage {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface FakeChatRequest {
  /** The JSON body exactly as the client sent it. */
  body: Record<string, unknown>;
  model: string;
  messages: FakeChatMessage[];
  /** Task name from the `user` field (`shopfloor:<task>`, see src/adapters/llm/task-tag.ts). */
  task: string | undefined;
  tools: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  /** `response_format` as sent, if any. */
  responseFormat: unknown;
  headers: IncomingHttpHeaders;
}

export interface FakeToolCall {
  name: string;
  /** Serialised with JSON.stringify unless already a string (to send malformed arguments on purpose). */
  arguments: Record<string, unknown> | string;
  id?: string;
}

interface AnswerOptions {
  /** Wait this long before answering. */
  delayMs?: number;
  /** Override the estimated token counts. */
  usage?: { promptTokens?: number; completionTokens?: number };
  /** Override finish_reason (e.g. "length"). */
  finishReason?: string;
  /** Model name to report in the response (defaults to the requested one). */
  model?: string;
}

export type FakeReply =
  | ({ content: string } & AnswerOptions)
  | ({ json: unknown } & AnswerOptions)
  | ({ toolCalls: FakeToolCall[]; content?: string } & AnswerOptions)
  /** An HTTP error with OpenAI's error JSON; 429 sends `retry-after` (seconds) when retryAfter is set. */
  | { status: number; retryAfter?: number; message?: string; code?: string; delayMs?: number }
  /** Never answers: for time-out tests. The connection stays open until the client gives up. */
  | { hang: true }
  /** Only a delay: wait, then answer from the default responder. */
  | { delayMs: number };

export type FakeResponder = (request: FakeChatRequest) => FakeReply | undefined | Promise<FakeReply | undefined>;
export type ScriptEntry = FakeReply | ((request: FakeChatRequest) => FakeReply | Promise<FakeReply>);

export interface FakeOpenAIOptions {
  /** Bearer token the server accepts. */
  apiKey?: string;
  /** Names `GET /v1/models` lists. */
  models?: string[];
}

export interface FakeOpenAI {
  /** Base URL for the SDK's `baseURL`, ending in `/v1`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly apiKey: string;
  /** Queue of answers, consumed one per chat completion request. */
  readonly script: ScriptEntry[];
  /** Every chat completion request received, in order (including rejected ones). */
  readonly requests: FakeChatRequest[];
  /** Names listed by `GET /v1/models`; mutable. */
  readonly models: string[];
  /** Default responder used when the script is empty; return undefined to fall through to the 500. */
  respond(responder: FakeResponder | undefined): void;
  /** Clears script, responder and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_MODELS = ["gpt-4.1-mini", "gpt-4.1", "gpt-4.1-nano"];

export async function createFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const apiKey = options.apiKey ?? "sk-fake-openai-key";
  const script: ScriptEntry[] = [];
  const requests: FakeChatRequest[] = [];
  const models = [...(options.models ?? DEFAULT_MODELS)];
  let responder: FakeResponder | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(`fake OpenAI server failed: ${(e as Error).message}`, "server_error"));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const raw = await readBody(req);
    const route = `${req.method} ${url.pathname.replace(/\/+$/, "")}`;

    if (route === "POST /v1/chat/completions") return chatCompletions(req, res, raw);
    if (!authorised(req, res)) return;
    if (route === "GET /v1/models") return sendJson(res, 200, modelList(models));
    return sendJson(res, 404, errorBody(`Invalid URL (${req.method} ${url.pathname})`, "invalid_request_error"));
  }

  function authorised(req: IncomingMessage, res: ServerResponse): boolean {
    const header = req.headers.authorization;
    if (!header) {
      sendJson(
        res,
        401,
        errorBody(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          "invalid_request_error",
        ),
      );
      return false;
    }
    if (header !== `Bearer ${apiKey}`) {
      const given = header.replace(/^Bearer\s+/i, "");
      sendJson(
        res,
        401,
        errorBody(`Incorrect API key provided: ${given.slice(0, 3)}***${given.slice(-4)}.`, "invalid_request_error", "invalid_api_key"),
      );
      return false;
    }
    return true;
  }

  async function chatCompletions(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      body = parsed as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, errorBody("We could not parse the JSON body of your request.", "invalid_request_error"));
    }
    const request: FakeChatRequest = {
      body,
      model: typeof body.model === "string" ? body.model : "",
      messages: Array.isArray(body.messages) ? (body.messages as FakeChatMessage[]) : [],
      task: taskFromTag(body.user),
      tools: Array.isArray(body.tools) ? (body.tools as FakeChatRequest["tools"]) : [],
      responseFormat: body.response_format,
      headers: req.headers,
    };
    requests.push(request);

    if (!authorised(req, res)) return;
    if (!request.model) return sendJson(res, 400, errorBody("you must provide a model parameter", "invalid_request_error", null, "model"));
    if (!request.messages.length) {
      return sendJson(res, 400, errorBody("Invalid 'messages': empty array. Expected an array with minimum length 1.", "invalid_request_error", "empty_array", "messages"));
    }
    if (body.stream === true) {
      return sendJson(res, 400, errorBody("The Shopfloor fake model server does not stream; send stream: false.", "invalid_request_error", null, "stream"));
    }

    let reply: FakeReply | undefined;
    try {
      reply = await nextReply(request);
    } catch (e) {
      return sendJson(res, 500, errorBody(`the fake's scripted responder threw: ${(e as Error).message}`, "server_error"));
    }
    if (reply && isBareDelay(reply)) {
      // A bare delay: wait, then answer as if the script were empty.
      await sleep(reply.delayMs);
      reply = responder ? await responder(request) : undefined;
    }
    if (!reply) return sendJson(res, 500, errorBody("no scripted reply", "server_error"));
    if ("hang" in reply) return; // keep the socket open; close() or the client's time-out ends it
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return; // the client gave up while we waited

    if ("status" in reply) {
      const headers: Record<string, string> = {};
      if (reply.retryAfter !== undefined) headers["retry-after"] = String(reply.retryAfter);
      if (reply.status === 429) {
        return sendJson(
          res,
          429,
          errorBody(reply.message ?? `Rate limit reached for ${request.model} on requests per min (RPM): Limit 3, Used 3, Requested 1.`, "requests", reply.code ?? "rate_limit_exceeded"),
          headers,
        );
      }
      const type = reply.status >= 500 ? "server_error" : "invalid_request_error";
      const message = reply.message ?? (reply.status >= 500 ? "The server had an error while processing your request. Sorry about that!" : "Bad request");
      return sendJson(res, reply.status, errorBody(message, type, reply.code ?? null), headers);
    }

    if (!isAnswer(reply)) return sendJson(res, 500, errorBody("unusable scripted reply (a bare delay after a delay)", "server_error"));
    const promptText = request.messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");
    const content = "content" in reply && typeof reply.content === "string" ? reply.content : "json" in reply ? JSON.stringify(reply.json) : null;
    const toolCalls =
      "toolCalls" in reply
        ? reply.toolCalls.map((c) => ({
            id: c.id ?? randomId("call_"),
            name: c.name,
            arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments),
          }))
        : undefined;
    const outputText = (content ?? "") + (toolCalls ?? []).map((c) => c.name + c.arguments).join("");
    sendJson(
      res,
      200,
      chatCompletion({
        model: reply.model ?? request.model,
        content,
        ...(toolCalls ? { toolCalls } : {}),
        finishReason: reply.finishReason ?? (toolCalls?.length ? "tool_calls" : "stop"),
        promptTokens: reply.usage?.promptTokens ?? estimateTokens(promptText),
        completionTokens: reply.usage?.completionTokens ?? estimateTokens(outputText),
      }),
      { "x-request-id": randomId("req_") },
    );
  }

  async function nextReply(request: FakeChatRequest): Promise<FakeReply | undefined> {
    const entry = script.shift();
    if (entry !== undefined) return typeof entry === "function" ? entry(request) : entry;
    return responder ? responder(request) : undefined;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    apiKey,
    script,
    requests,
    models,
    respond(next) {
      responder = next;
    },
    reset() {
      script.length = 0;
      requests.length = 0;
      responder = undefined;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging replies keep sockets open; close them so close() returns.
        server.closeAllConnections();
      });
    },
  };
}

type AnswerReply = Extract<FakeReply, { content: string } | { json: unknown } | { toolCalls: FakeToolCall[] }>;

function isAnswer(reply: FakeReply): reply is AnswerReply {
  return "content" in reply || "json" in reply || "toolCalls" in reply;
}

function isBareDelay(reply: FakeReply): reply is { delayMs: number } {
  return "delayMs" in reply && !isAnswer(reply) && !("status" in reply);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
