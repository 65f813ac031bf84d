import { BOT_SCOPES } from "../../slack/slack-surface.js";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { systemClock, type ClockPort } from "../../core/ports/clock-port.js";
import { apiMethods, METHOD_SCOPES, requireScope } from "./api-methods.js";
import { FaultInjector } from "./faults.js";
import { PendingUploads, UPLOAD_PATH_PREFIX } from "./file-upload.js";
import { ApiArgs } from "./request-args.js";
import { ResponseUrls, type ResponseUrlTarget } from "./response-urls.js";
import { renderTranscript, type TranscriptOptions } from "./transcript.js";
import { SlackApiError } from "./types.js";
import { SlackUserDriver, type SlackUserDriverOptions } from "./user-driver.js";
import { FakeSlackWorkspace, type WorkspaceIdentity } from "./workspace.js";

export interface StartFakeSlackOptions {
  botToken: string;
  signingSecret: string;
  teamId?: string;
  teamName?: string;
  teamDomain?: string;
  appId?: string;
  botUserId?: string;
  botId?: string;
  botName?: string;
  botDisplayName?: string;
  /** Scopes reported in `x-oauth-scopes` (what `auth.test` callers read as `response_metadata.scopes`). */
  scopes?: string[];
  /** People in the workspace; defaults to alice, bob and carol. */
  users?: Array<{ id?: string; name: string; realName?: string; email?: string; isAdmin?: boolean }>;
  /** Channels to create up front (names or `{ name, id, isPrivate }`); others appear when people post. */
  channels?: Array<string | { name: string; id?: string; isPrivate?: boolean; botIsMember?: boolean }>;
  /** Source of message timestamps; the system clock by default. */
  clock?: ClockPort;
  host?: string;
  port?: number;
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/api/`, the `slackApiUrl` for WebClient. */
  apiUrl: string;
  workspace: FakeSlackWorkspace;
  faults: FaultInjector;
  /** A person acting in the workspace, delivering what Slack sends to the app at `targetUrl`. */
  driver(targetUrl: string, opts?: Partial<SlackUserDriverOptions>): SlackUserDriver;
  /** The channel as a person reads it. */
  transcript(channel: string, opts?: TranscriptOptions): string;
  /** A `response_url` as Slack would put into a command or interaction (the driver makes these itself). */
  responseUrl(target: ResponseUrlTarget): string;
  close(): Promise<void>;
}

/**
 * The bot scopes of `slack-manifest.yml`: the sandbox behaves like the app as installed. A method that needs
 * a scope not in the list gets Slack's `missing_scope`, so a manifest gap shows up in tests.
 */
export const DEFAULT_BOT_SCOPES: readonly string[] = BOT_SCOPES;

/** How the POST of a file's bytes to its upload URL shows in the call log and in fault injection. */
const UPLOAD_METHOD = "files.upload";

const DEFAULT_USERS = [
  { id: "U0ALICE", name: "alice", realName: "Alice Archer", email: "alice@example.com" },
  { id: "U0BOB", name: "bob", realName: "Bob Baker", email: "bob@example.com" },
  { id: "U0CAROL", name: "carol", realName: "Carol Chen", email: "carol@example.com", isAdmin: true },
];

/**
 * A local Slack: a Web API at `/api/<method>` speaking Slack's wire format (form or JSON bodies, bearer or
 * form token, HTTP 200 with `ok:false` for API errors, 429 with `Retry-After` for rate limits), the
 * `response_url`s of commands and interactions at `/response/<id>`, file downloads at `/files-pri/…`, and the
 * upload URLs files.getUploadURLExternal hands out at `/upload/v1/<file id>`.
 */
export async function startFakeSlack(opts: StartFakeSlackOptions): Promise<FakeSlack> {
  const identity: WorkspaceIdentity = {
    teamId: opts.teamId ?? "T0SHOPFLR",
    teamName: opts.teamName ?? "Shopfloor Sandbox",
    teamDomain: opts.teamDomain ?? "shopfloor-sandbox",
    appId: opts.appId ?? "A0SHOPFLR",
    botUserId: opts.botUserId ?? "U0SHOPBOT",
    botId: opts.botId ?? "B0SHOPBOT",
    botName: opts.botName ?? "shopfloor",
    botDisplayName: opts.botDisplayName ?? "Shopfloor",
  };
  const workspace = new FakeSlackWorkspace({ identity, clock: opts.clock ?? systemClock });
  for (const u of opts.users ?? DEFAULT_USERS) workspace.addUser(u);
  for (const c of opts.channels ?? []) workspace.createChannel(typeof c === "string" ? { name: c } : c);

  const faults = new FaultInjector();
  const scopes = opts.scopes ?? DEFAULT_BOT_SCOPES;
  const scopeSet: ReadonlySet<string> = new Set(scopes);
  let baseUrl = "";
  const responseUrls = new ResponseUrls(workspace, () => baseUrl);
  const uploads = new PendingUploads();
  const methods = { ...apiMethods, ...uploads.methods() };

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: "internal_error", detail: String(e) });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", baseUrl);
    const raw = await readBody(req);
    if (url.pathname.startsWith("/api/")) return handleApi(decodeURIComponent(url.pathname.slice(5)), req, url, raw, res);
    if (url.pathname.startsWith("/response/") && req.method === "POST") {
      let body: unknown;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        return sendJson(res, 400, { ok: false, error: "invalid_payload" });
      }
      const result = responseUrls.handle(url.pathname.slice("/response/".length), body);
      return sendJson(res, result.status, result.body);
    }
    if (url.pathname.startsWith("/files-pri/") && req.method === "GET") return handleFile(url, req, res);
    if (url.pathname.startsWith(UPLOAD_PATH_PREFIX) && req.method === "POST") return handleUpload(url, req, raw, res);
    sendJson(res, 404, { ok: false, error: "not_found" });
  }

  async function handleApi(method: string, req: IncomingMessage, url: URL, raw: Buffer, res: ServerResponse): Promise<void> {
    const record: Record<string, unknown> = Object.fromEntries(url.searchParams);
    const contentType = (req.headers["content-type"] ?? "").toLowerCase();
    if (raw.length > 0) {
      if (contentType.includes("application/json")) {
        try {
          const parsed: unknown = JSON.parse(raw.toString("utf8"));
          if (typeof parsed === "object" && parsed !== null) Object.assign(record, parsed);
        } catch {
          return answer(method, {}, res, 200, { ok: false, error: "invalid_json" });
        }
      } else if (contentType.includes("application/x-www-form-urlencoded")) {
        Object.assign(record, Object.fromEntries(new URLSearchParams(raw.toString("utf8"))));
      } else {
        return answer(method, record, res, 200, { ok: false, error: "invalid_form_data" });
      }
    }

    const handler = methods[method];
    if (!handler) return answer(method, record, res, 200, { ok: false, error: "unknown_method" });

    if (method !== "api.test") {
      const header = req.headers.authorization;
      const token = header?.startsWith("Bearer ") ? header.slice(7) : typeof record.token === "string" ? record.token : undefined;
      if (!token) return answer(method, record, res, 200, { ok: false, error: "not_authed" });
      if (token !== opts.botToken) return answer(method, record, res, 200, { ok: false, error: "invalid_auth" });
    }

    const fault = faults.takeFault(method);
    if (fault?.kind === "rateLimit") {
      return answer(method, record, res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(fault.retryAfterSeconds) });
    }
    if (fault?.kind === "fail") return answer(method, record, res, 200, { ok: false, error: fault.error, ...fault.extra });

    let body: Record<string, unknown>;
    try {
      const ctx = { ws: workspace, baseUrl, scopes: scopeSet };
      const scope = METHOD_SCOPES[method];
      if (scope) requireScope(ctx, scope);
      body = { ok: true, ...handler(ctx, new ApiArgs(record)) };
    } catch (e) {
      if (!(e instanceof SlackApiError)) throw e;
      body = { ok: false, error: e.error, ...e.extra };
    }
    const hold = faults.takeHold(method, record);
    if (hold) {
      hold.arrived();
      await hold.released;
    }
    answer(method, record, res, 200, body);
  }

  function answer(
    method: string,
    args: Record<string, unknown>,
    res: ServerResponse,
    status: number,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): void {
    const { token: _token, ...safeArgs } = args;
    workspace.callLog.push({
      method,
      args: safeArgs,
      status,
      ok: body.ok === true,
      ...(typeof body.error === "string" ? { error: body.error } : {}),
      at: Date.now(),
    });
    sendJson(res, status, body, { "x-oauth-scopes": scopes.join(","), ...headers });
  }

  function handleFile(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const auth = req.headers.authorization;
    if (auth !== `Bearer ${opts.botToken}`) {
      res.writeHead(302, { location: `https://${identity.teamDomain}.slack.com/?redir=login` });
      res.end();
      return;
    }
    const m = /^\/files-pri\/[^/]+-(F[0-9A-Z]+)\//.exec(url.pathname);
    const file = m?.[1] ? workspace.file(m[1]) : undefined;
    if (!file) return sendJson(res, 404, { ok: false, error: "file_not_found" });
    res.writeHead(200, { "content-type": file.mimetype, "content-length": String(file.content.length) });
    res.end(file.content);
  }

  /**
   * The upload service behind a files.getUploadURLExternal URL: no token (the URL is the credential), plain-text
   * answers. Faults queued for `files.upload` apply here: `failNext` answers HTTP 500, `rateLimitNext` 429.
   */
  function handleUpload(url: URL, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const fileId = decodeURIComponent(url.pathname.slice(UPLOAD_PATH_PREFIX.length));
    const fault = faults.takeFault(UPLOAD_METHOD);
    const answer =
      fault?.kind === "rateLimit"
        ? { status: 429, text: "ratelimited", headers: { "retry-after": String(fault.retryAfterSeconds) } }
        : fault?.kind === "fail"
          ? { status: 500, text: fault.error }
          : uploads.receive(fileId, raw, req.headers["content-type"] ?? "application/octet-stream");
    workspace.callLog.push({
      method: UPLOAD_METHOD,
      args: { file_id: fileId, bytes: raw.length },
      status: answer.status,
      ok: answer.status === 200,
      ...(answer.status === 200 ? {} : { error: answer.text }),
      at: Date.now(),
    });
    res.writeHead(answer.status, { "content-type": "text/plain; charset=utf-8", ...("headers" in answer ? answer.headers : {}) });
    res.end(answer.text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${opts.host ?? "127.0.0.1"}:${address.port}`;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    workspace,
    faults,
    driver: (targetUrl, driverOpts = {}) =>
      new SlackUserDriver({ targetUrl, signingSecret: opts.signingSecret, workspace, responseUrls, fileBaseUrl: baseUrl, ...driverOpts }),
    transcript: (channel, transcriptOpts) => renderTranscript(workspace, channel, transcriptOpts),
    responseUrl: (target) => responseUrls.create(target),
    close: async () => {
      faults.releaseAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
