import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { signSentryBody } from "../../adapters/sentry/verify-signature.js";
import {
  eventAlertPayload,
  issueWebhookPayload,
  sentryIssue,
  sentryIssueDetails,
  sentryOrganization,
  type SeedIssue,
  type SentryIssueJson,
} from "./sentry-shapes.js";

/**
 * A local Sentry for tests and `shopfloor demo`: the organization and organization-issues REST endpoints
 * (Bearer auth, `{ detail }` errors, Link-header pagination with `results` and `cursor`), fault injection,
 * and a sender for signed integration webhooks (`issue`, `event_alert`).
 */

export type SentryFault = { status: 429; retryAfter?: number } | { status: number; detail?: string };

export interface FakeSentryRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: IncomingHttpHeaders;
}

export interface FakeSentryOptions {
  token?: string;
  org?: string;
  issues?: SeedIssue[];
}

export interface SendWebhookOptions {
  resource: "issue" | "event_alert";
  /** The integration's client secret; the signature is the hex HMAC-SHA256 of the body with it. */
  secret: string;
  /** Issue the hook is about (default: the first seeded issue). */
  issueId?: string;
  /** For `issue` hooks (default "created"). */
  action?: "created" | "resolved" | "assigned" | "archived" | "unresolved";
  /** For `event_alert` hooks. */
  rule?: string;
  /** Send this body instead of a built one. */
  payload?: Record<string, unknown>;
  requestId?: string;
  /** Unix seconds (default now). */
  timestamp?: number;
  /** Send this signature instead of the right one (to test rejection). */
  signature?: string;
}

export interface SentWebhook {
  status: number;
  body: string;
  requestId: string;
  payload: Record<string, unknown>;
}

export interface FakeSentry {
  /** REST base for SENTRY_API_URL, ending in `/api/0/`. */
  readonly apiUrl: string;
  readonly port: number;
  readonly token: string;
  readonly org: string;
  /** Issues as Sentry returns them; mutable (change status, lastSeen…). */
  readonly issues: SentryIssueJson[];
  /** Consumed one per API request before normal handling. */
  readonly faults: SentryFault[];
  readonly requests: FakeSentryRequest[];
  addIssue(seed: SeedIssue): SentryIssueJson;
  /** POSTs a signed webhook to `url` the way Sentry does. */
  sendWebhook(url: string, options: SendWebhookOptions): Promise<SentWebhook>;
  close(): Promise<void>;
}

const WEB_BASE = "https://sentry.example.com";

function parseRelative(spec: string): number | undefined {
  const m = /^-(\d+)([smhdw])$/.exec(spec);
  if (!m) return undefined;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "s" | "m" | "h" | "d" | "w"];
  return Number(m[1]) * unit;
}

/** The subset of Sentry's search syntax Shopfloor uses: is:, project:, level:, firstSeen:/lastSeen: relative, free text. */
function matches(issue: SentryIssueJson, query: string, now: number): boolean {
  for (const term of query.split(/\s+/).filter(Boolean)) {
    const [key, ...rest] = term.split(":");
    const value = rest.join(":");
    if (!rest.length) {
      const text = `${issue.title} ${String(issue.culprit ?? "")}`.toLowerCase();
      if (!text.includes(term.toLowerCase())) return false;
      continue;
    }
    switch (key) {
      case "is": {
        const status = value === "archived" ? "ignored" : value;
        if (["unresolved", "resolved", "ignored"].includes(status) && issue.status !== status) return false;
        break;
      }
      case "project":
        if (issue.project.slug !== value) return false;
        break;
      case "level":
        if (issue.level !== value) return false;
        break;
      case "firstSeen":
      case "lastSeen": {
        const within = parseRelative(value);
        if (within !== undefined && Date.parse(issue[key]) < now - within) return false;
        break;
      }
      default:
        break;
    }
  }
  return true;
}

export async function createFakeSentry(options: FakeSentryOptions = {}): Promise<FakeSentry> {
  const token = options.token ?? "sentry-internal-integration-token";
  const org = options.org ?? "acme";
  const issues: SentryIssueJson[] = [];
  const faults: SentryFault[] = [];
  const requests: FakeSentryRequest[] = [];
  let apiUrl = "";

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { detail: `fake Sentry failed: ${(e as Error).message}` }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const query: Record<string, string[]> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
    requests.push({ method: req.method ?? "GET", path: url.pathname, query, headers: req.headers });
    req.resume();

    const auth = req.headers.authorization;
    if (!auth) return send(res, 401, { detail: "Authentication credentials were not provided." });
    if (auth !== `Bearer ${token}`) return send(res, 401, { detail: "Invalid token" });

    const fault = faults.shift();
    if (fault) {
      if (fault.status === 429) {
        const retryAfter = "retryAfter" in fault && fault.retryAfter !== undefined ? fault.retryAfter : 1;
        return send(res, 429, { detail: "You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds" }, {
          "retry-after": String(retryAfter),
          "x-sentry-rate-limit-limit": "40",
          "x-sentry-rate-limit-remaining": "0",
          "x-sentry-rate-limit-reset": String(Math.ceil(Date.now() / 1000) + retryAfter),
        });
      }
      return send(res, fault.status, { detail: ("detail" in fault && fault.detail) || "Internal Error" });
    }

    if (req.method !== "GET") return send(res, 405, { detail: `Method "${req.method}" not allowed.` });
    // organizations/{org}/ · organizations/{org}/issues/ · organizations/{org}/issues/{id}/
    const m = /^\/api\/0\/organizations\/([^/]+)\/(issues\/(?:([^/]+)\/)?)?$/.exec(url.pathname);
    if (!m || decodeURIComponent(m[1] as string) !== org) return send(res, 404, { detail: "The requested resource does not exist" });
    if (!m[2]) return send(res, 200, sentryOrganization(org));
    if (m[3]) {
      const issue = issues.find((i) => i.id === decodeURIComponent(m[3] as string));
      return issue ? send(res, 200, sentryIssueDetails(issue)) : send(res, 404, { detail: "The requested resource does not exist" });
    }
    return listIssues(url, res);
  }

  function listIssues(url: URL, res: ServerResponse): void {
    const params = url.searchParams;
    const search = params.has("query") ? (params.get("query") as string) : "is:unresolved";
    const projects = params.getAll("project");
    const limitParam = Number(params.get("limit") ?? 100);
    if (!Number.isInteger(limitParam) || limitParam < 1) return send(res, 400, { detail: "Invalid limit" });
    const limit = Math.min(limitParam, 100);
    const cursor = params.get("cursor");
    const offset = cursor ? Number(cursor.split(":")[1]) : 0;
    if (!Number.isInteger(offset) || offset < 0) return send(res, 400, { detail: "Invalid cursor parameter." });

    const now = Date.now();
    const found = issues
      .filter((i) => (projects.length ? projects.includes(i.project.id) : true))
      .filter((i) => matches(i, search, now))
      .sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || Number(b.id) - Number(a.id));
    const page = found.slice(offset, offset + limit);

    const link = (c: string) => {
      const u = new URL(url.pathname.replace(/^\/api\/0\//, ""), apiUrl);
      for (const [k, v] of params) if (k !== "cursor") u.searchParams.append(k, v);
      u.searchParams.set("cursor", c);
      return u.toString();
    };
    const prev = `0:${Math.max(0, offset - limit)}:1`;
    const next = `0:${offset + limit}:0`;
    const header =
      `<${link(prev)}>; rel="previous"; results="${offset > 0}"; cursor="${prev}", ` +
      `<${link(next)}>; rel="next"; results="${offset + limit < found.length}"; cursor="${next}"`;
    send(res, 200, page, { link: header, "x-hits": String(found.length), "x-max-hits": String(found.length) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  apiUrl = `http://127.0.0.1:${port}/api/0/`;

  const addIssue = (seed: SeedIssue) => {
    const issue = sentryIssue(seed, WEB_BASE, org);
    issues.push(issue);
    return issue;
  };
  for (const seed of options.issues ?? []) addIssue(seed);

  return {
    apiUrl,
    port,
    token,
    org,
    issues,
    faults,
    requests,
    addIssue,
    async sendWebhook(target, hook) {
      let payload = hook.payload;
      if (!payload) {
        const issue = hook.issueId ? issues.find((i) => i.id === hook.issueId) : issues[0];
        if (!issue) throw new Error(`fake Sentry has no issue ${hook.issueId ?? "(none seeded)"} to send a webhook about`);
        const shared = { apiBase: apiUrl, webBase: WEB_BASE, org };
        payload =
          hook.resource === "issue"
            ? issueWebhookPayload(issue, { ...shared, ...(hook.action ? { action: hook.action } : {}) })
            : eventAlertPayload(issue, { ...shared, ...(hook.rule ? { rule: hook.rule } : {}) });
      }
      const body = JSON.stringify(payload);
      const requestId = hook.requestId ?? randomUUID();
      const res = await fetch(target, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "request-id": requestId,
          "sentry-hook-resource": hook.resource,
          "sentry-hook-timestamp": String(hook.timestamp ?? Math.floor(Date.now() / 1000)),
          "sentry-hook-signature": hook.signature ?? signSentryBody(body, hook.secret),
        },
        body,
      });
      return { status: res.status, body: await res.text(), requestId, payload };
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
