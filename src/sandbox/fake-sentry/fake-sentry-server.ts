import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { signSentryBody } from "../../adapters/sentry/verify-signature.js";
import { decodeBody, EnvelopeError, ownEventFrom, parseEnvelope, sentryKey, type OwnEvent } from "./envelope.js";
import { isIssueSort, matchesQuery, sortIssues } from "./issue-search.js";
import {
  eventAlertPayload,
  issueWebhookPayload,
  latestEventState,
  newEventId,
  sentryIssue,
  sentryIssueDetails,
  sentryLatestEvent,
  sentryOrganization,
  type LatestEventState,
  type SeedIssue,
  type SentryIssueJson,
} from "./sentry-shapes.js";

export type { OwnEvent } from "./envelope.js";

/**
 * A local Sentry for tests and `shopfloor demo`:
 * - the REST endpoints Shopfloor reads: organization, organization issues (Bearer auth, `{ detail }` errors, search
 *   query, `sort`, Link-header pagination with `results` and `cursor`), issue details and the issue's latest event;
 * - fault injection, and `bumpIssue` to make an issue spike or regress;
 * - a sender for signed integration webhooks (`issue`, `event_alert`);
 * - the SDK ingest endpoint (`POST /api/{projectId}/envelope/`) so Shopfloor's own `@sentry/node` can report to it
 *   through `dsn()`; the error events land in `ownEvents`.
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
  /** The DSN public key the envelope endpoint accepts (default a fixed 32-hex key). */
  publicKey?: string;
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

/** A new event (or a burst of them) on an existing issue. */
export interface IssueBump {
  /** The issue's new total event count. */
  count?: number;
  /** The issue's new total of affected users. */
  userCount?: number;
  /** Default: now. */
  lastSeen?: string;
  /** e.g. "regressed" or "escalating" (which also reopen a resolved or ignored issue), "ongoing". */
  substatus?: string | null;
}

export interface FakeSentry {
  /** REST base for SENTRY_API_URL, ending in `/api/0/`. */
  readonly apiUrl: string;
  readonly port: number;
  readonly token: string;
  readonly org: string;
  readonly publicKey: string;
  /** Issues as Sentry returns them, live: the API answers from this list (change status, lastSeen…). */
  readonly issues: SentryIssueJson[];
  /** What each issue's latest event carries, by issue id; edit to change what `events/latest/` answers. */
  readonly events: Map<string, LatestEventState>;
  /** Consumed one per REST API request before normal handling (the envelope endpoint does not use them). */
  readonly faults: SentryFault[];
  readonly requests: FakeSentryRequest[];
  /** Error events received on the envelope endpoint, oldest first. */
  readonly ownEvents: OwnEvent[];
  addIssue(seed: SeedIssue): SentryIssueJson;
  /** A new event on issue `id`: moves `lastSeen` to now unless given, renews the latest event id, applies the changes. */
  bumpIssue(id: string, change?: IssueBump): SentryIssueJson;
  /** A DSN for `@sentry/node` that points at this fake: `http://<publicKey>@127.0.0.1:<port>/<projectId>`. */
  dsn(projectId?: string): string;
  /** POSTs a signed webhook to `url` the way Sentry does. */
  sendWebhook(url: string, options: SendWebhookOptions): Promise<SentWebhook>;
  close(): Promise<void>;
}

const WEB_BASE = "https://sentry.example.com";
const NOT_FOUND = { detail: "The requested resource does not exist" };
/** Sentry's GroupInboxReason values for the reasons an issue re-enters the inbox. */
const INBOX_REASON: Record<string, number> = { new: 0, regressed: 2, escalating: 5, ongoing: 6 };
const MAX_ENVELOPE_BYTES = 20 * 1024 * 1024;

export async function createFakeSentry(options: FakeSentryOptions = {}): Promise<FakeSentry> {
  const token = options.token ?? "sentry-internal-integration-token";
  const org = options.org ?? "acme";
  const publicKey = options.publicKey ?? "0fa5e5e47c8d4f1ba7c3f0d1e2a3b4c5";
  const issues: SentryIssueJson[] = [];
  const events = new Map<string, LatestEventState>();
  const faults: SentryFault[] = [];
  const requests: FakeSentryRequest[] = [];
  const ownEvents: OwnEvent[] = [];
  let apiUrl = "";

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { detail: `fake Sentry failed: ${(e as Error).message}` }));
  });

  /** The issue's latest event; issues pushed straight into `issues` get one from their metadata. */
  function eventOf(issue: SentryIssueJson): LatestEventState {
    let state = events.get(issue.id);
    if (!state) {
      state = latestEventState(issue);
      events.set(issue.id, state);
    }
    return state;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const query: Record<string, string[]> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
    requests.push({ method: req.method ?? "GET", path: url.pathname, query, headers: req.headers });

    const ingest = /^\/api\/(\d+)\/envelope\/?$/.exec(url.pathname);
    if (ingest) return receiveEnvelope(req, res, url, ingest[1] as string);
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

    // The legacy unscoped route some tools still use: issues/{id}/events/latest/.
    const legacy = /^\/api\/0\/issues\/([^/]+)\/events\/(latest|recommended)\/$/.exec(url.pathname);
    if (legacy) return latestEvent(decodeURIComponent(legacy[1] as string), res);

    // organizations/{org}/ · …/issues/ · …/issues/{id}/ · …/issues/{id}/events/latest/ (or recommended)
    const m = /^\/api\/0\/organizations\/([^/]+)\/(?:(issues)\/(?:([^/]+)\/(?:events\/(latest|recommended)\/)?)?)?$/.exec(url.pathname);
    if (!m || decodeURIComponent(m[1] as string) !== org) return send(res, 404, NOT_FOUND);
    if (!m[2]) return send(res, 200, sentryOrganization(org));
    if (m[3] && m[4]) return latestEvent(decodeURIComponent(m[3]), res);
    if (m[3]) {
      const issue = issues.find((i) => i.id === decodeURIComponent(m[3] as string));
      return issue ? send(res, 200, sentryIssueDetails(issue)) : send(res, 404, NOT_FOUND);
    }
    return listIssues(url, res);
  }

  function latestEvent(issueId: string, res: ServerResponse): void {
    const issue = issues.find((i) => i.id === issueId);
    if (!issue) return send(res, 404, NOT_FOUND);
    send(res, 200, sentryLatestEvent(issue, eventOf(issue)));
  }

  function listIssues(url: URL, res: ServerResponse): void {
    const params = url.searchParams;
    const search = params.has("query") ? (params.get("query") as string) : "is:unresolved";
    const projects = params.getAll("project");
    const sort = params.get("sort") ?? "date";
    if (!isIssueSort(sort)) return send(res, 400, { detail: `Invalid sort: ${sort}` });
    const limitParam = Number(params.get("limit") ?? 100);
    if (!Number.isInteger(limitParam) || limitParam < 1) return send(res, 400, { detail: "Invalid limit" });
    const limit = Math.min(limitParam, 100);
    const cursor = params.get("cursor");
    const offset = cursor ? Number(cursor.split(":")[1]) : 0;
    if (!Number.isInteger(offset) || offset < 0) return send(res, 400, { detail: "Invalid cursor parameter." });

    const now = Date.now();
    const found = sortIssues(
      issues.filter((i) => (projects.length ? projects.includes(i.project.id) : true)).filter((i) => matchesQuery(i, search, now)),
      sort,
    );
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

  async function receiveEnvelope(req: IncomingMessage, res: ServerResponse, url: URL, projectId: string): Promise<void> {
    if (req.method !== "POST") {
      req.resume();
      return send(res, 405, { detail: `Method "${req.method}" not allowed.` });
    }
    const authHeader = req.headers["x-sentry-auth"];
    const key = sentryKey(url, typeof authHeader === "string" ? authHeader : undefined);
    if (!key) {
      req.resume();
      return send(res, 401, { detail: "missing authorization information" });
    }
    if (key !== publicKey) {
      req.resume();
      return send(res, 403, { detail: "event submission rejected with_reason: ProjectId" });
    }

    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_ENVELOPE_BYTES) return send(res, 413, { detail: "envelope exceeded size limits" });
      chunks.push(chunk as Buffer);
    }
    const encoding = req.headers["content-encoding"];
    let eventId: string | undefined;
    try {
      const envelope = parseEnvelope(decodeBody(Buffer.concat(chunks), typeof encoding === "string" ? encoding : undefined));
      const receivedAt = new Date();
      for (const item of envelope.items) {
        // Sessions, client reports, transactions, logs and attachments are not errors: the fake keeps events only.
        if (item.header.type !== "event") continue;
        const own = ownEventFrom(item.payload, envelope.header, projectId, receivedAt);
        ownEvents.push(own);
        eventId ??= own.eventId;
      }
      eventId ??= typeof envelope.header.event_id === "string" ? envelope.header.event_id : undefined;
    } catch (e) {
      if (e instanceof EnvelopeError) return send(res, 400, { detail: `invalid envelope: ${e.message}` });
      throw e;
    }
    send(res, 200, eventId ? { id: eventId } : {});
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
    events.set(issue.id, latestEventState(issue, seed));
    return issue;
  };
  for (const seed of options.issues ?? []) addIssue(seed);

  const bumpIssue = (id: string, change: IssueBump = {}): SentryIssueJson => {
    const issue = issues.find((i) => i.id === id);
    if (!issue) throw new Error(`fake Sentry has no issue ${id} to bump`);
    const lifetime = (issue.lifetime ?? {}) as Record<string, unknown>;
    issue.lastSeen = change.lastSeen ?? new Date().toISOString();
    lifetime.lastSeen = issue.lastSeen;
    if (change.count !== undefined) {
      issue.count = String(change.count);
      lifetime.count = String(change.count);
    }
    if (change.userCount !== undefined) {
      issue.userCount = change.userCount;
      lifetime.userCount = change.userCount;
    }
    issue.lifetime = lifetime;
    if (change.substatus !== undefined) {
      issue.substatus = change.substatus;
      // A regression or an escalation reopens the issue, as Sentry does for resolved and archived issues.
      if (change.substatus === "regressed" || change.substatus === "escalating") {
        issue.status = "unresolved";
        issue.statusDetails = {};
      }
      const reason = change.substatus === null ? undefined : INBOX_REASON[change.substatus];
      if (issue.status === "unresolved" && reason !== undefined) issue.inbox = { reason, reason_details: null, date_added: issue.lastSeen };
    }
    eventOf(issue).eventId = newEventId();
    return issue;
  };

  return {
    apiUrl,
    port,
    token,
    org,
    publicKey,
    issues,
    events,
    faults,
    requests,
    ownEvents,
    addIssue,
    bumpIssue,
    dsn(projectId = "1") {
      return `http://${publicKey}@127.0.0.1:${port}/${projectId}`;
    },
    async sendWebhook(target, hook) {
      let payload = hook.payload;
      if (!payload) {
        const issue = hook.issueId ? issues.find((i) => i.id === hook.issueId) : issues[0];
        if (!issue) throw new Error(`fake Sentry has no issue ${hook.issueId ?? "(none seeded)"} to send a webhook about`);
        const shared = { apiBase: apiUrl, webBase: WEB_BASE, org };
        payload =
          hook.resource === "issue"
            ? issueWebhookPayload(issue, { ...shared, ...(hook.action ? { action: hook.action } : {}) })
            : eventAlertPayload(issue, { ...shared, event: eventOf(issue), ...(hook.rule ? { rule: hook.rule } : {}) });
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
