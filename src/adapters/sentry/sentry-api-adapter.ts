import { z } from "zod";
import { AppError, ErrorCode, isAppError } from "../../core/errors.js";
import type { ErrorTrackerPort, TrackedIssue, TrackedIssuePage } from "../../core/ports/error-tracker-port.js";
import { toTrackedEvent } from "./map-event.js";
import { nextCursor } from "./parse-link-header.js";

/** What the adapter logs through; a pino logger fits. */
export interface SentryLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export interface SentryApiAdapterOptions {
  /** REST base, e.g. `https://sentry.io/api/0/` or a self-hosted `https://sentry.example.com/api/0/`. */
  apiUrl: string;
  /** Internal integration token with event:read and project:read. */
  token: string;
  org: string;
  /** Numeric project id (sent as `project=`) or a slug (added to the query as `project:<slug>`). */
  project?: string;
  fetch?: typeof fetch;
  logger: SentryLogger;
  timeoutMs?: number;
}

const SCOPES_HINT =
  "Use an internal integration token (Settings → Developer Settings → Custom Integrations) with the scopes event:read and project:read; " +
  "organization auth tokens (sntrys_…) cannot read issues.";

/** The fields Shopfloor uses. Sentry sends counts as strings and some fields as null; be lenient on those. */
const issueSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  shortId: z.string(),
  title: z.string(),
  culprit: z.string().nullish(),
  level: z.string(),
  status: z.string(),
  substatus: z.string().nullish(),
  count: z.union([z.string(), z.number()]).transform(Number),
  userCount: z.union([z.string(), z.number()]).transform(Number).nullish(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  permalink: z.string().nullish(),
  project: z.object({ slug: z.string() }),
});

function toTrackedIssue(raw: unknown, path: string): TrackedIssue {
  const parsed = issueSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(ErrorCode.SentryApi, `Sentry returned an issue Shopfloor cannot read (${path}): ${first?.path.join(".")} ${first?.message}`, {
      retryable: false,
      details: { path, issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`) },
    });
  }
  const i = parsed.data;
  return {
    id: i.id,
    shortId: i.shortId,
    title: i.title,
    culprit: i.culprit ?? "",
    level: i.level,
    status: i.status,
    ...(i.substatus ? { substatus: i.substatus } : {}),
    count: Number.isFinite(i.count) ? i.count : 0,
    userCount: i.userCount != null && Number.isFinite(i.userCount) ? i.userCount : 0,
    firstSeen: i.firstSeen,
    lastSeen: i.lastSeen,
    permalink: i.permalink ?? "",
    project: i.project.slug,
  };
}

/** `Retry-After` in seconds (or an HTTP date), else Sentry's `X-Sentry-Rate-Limit-Reset` (epoch seconds). */
function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const after = headers.get("retry-after");
  if (after) {
    const seconds = Number(after);
    if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get("x-sentry-rate-limit-reset"));
  return reset > 0 ? Math.max(0, Math.round(reset * 1000 - now)) : undefined;
}

async function errorDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { detail?: unknown };
    if (typeof body.detail === "string") return body.detail;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.replace(/\s+/g, " ").slice(0, 200);
}

export function createSentryApiAdapter(options: SentryApiAdapterOptions): ErrorTrackerPort {
  const base = options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const org = encodeURIComponent(options.org);
  const project = options.project?.trim();
  const numericProject = project && /^\d+$/.test(project) ? project : undefined;
  const projectSlug = project && !numericProject ? project : undefined;

  async function get(path: string, params: Record<string, string | undefined> = {}): Promise<{ body: unknown; headers: Headers }> {
    const url = new URL(path, base);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    const started = performance.now();
    let res: Response;
    try {
      res = await doFetch(url, {
        headers: { authorization: `Bearer ${options.token}`, accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      throw new AppError(
        ErrorCode.SentryApi,
        timedOut ? `Sentry did not answer within ${timeoutMs} ms (GET ${url.pathname})` : `Cannot reach Sentry at ${url.origin}: ${(e as Error).message}`,
        { retryable: true, details: { path: url.pathname }, cause: e },
      );
    }
    options.logger.debug({ path: url.pathname, status: res.status, latencyMs: Math.round(performance.now() - started) }, "sentry request");
    if (res.ok) {
      try {
        return { body: await res.json(), headers: res.headers };
      } catch (e) {
        throw new AppError(ErrorCode.SentryApi, `Sentry sent a response that is not JSON (GET ${url.pathname})`, {
          retryable: true,
          details: { path: url.pathname, status: res.status },
          cause: e,
        });
      }
    }

    const detail = await errorDetail(res);
    const details = { path: url.pathname, status: res.status, detail };
    if (res.status === 429) {
      const after = retryAfterMs(res.headers);
      options.logger.warn({ path: url.pathname, retryAfterMs: after }, "sentry rate limit");
      throw new AppError(ErrorCode.RateLimited, `Sentry rate limit on GET ${url.pathname}${after === undefined ? "" : `; retry after ${after} ms`}`, {
        retryable: true,
        ...(after === undefined ? {} : { retryAfterMs: after }),
        details,
      });
    }
    if (res.status === 401 || res.status === 403) {
      throw new AppError(ErrorCode.SentryApi, `Sentry refused the token (${res.status}: ${detail}). ${SCOPES_HINT}`, { retryable: false, details });
    }
    if (res.status === 404) {
      throw new AppError(ErrorCode.NotFound, `Sentry has no ${url.pathname} (404: ${detail}); check SENTRY_ORG and that the token's integration belongs to that organization`, {
        retryable: false,
        details,
      });
    }
    const retryable = res.status === 408 || res.status >= 500;
    throw new AppError(ErrorCode.SentryApi, `Sentry API error ${res.status} on GET ${url.pathname}: ${detail}`, { retryable, details });
  }

  return {
    async listUnresolvedIssues(query) {
      const own = query.query?.trim() ?? "";
      const terms = [/(^|\s)is:/.test(own) ? "" : "is:unresolved", own, projectSlug && !/(^|\s)project:/.test(own) ? `project:${projectSlug}` : ""];
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 100);
      const path = `organizations/${org}/issues/`;
      const { body, headers } = await get(path, {
        query: terms.filter(Boolean).join(" "),
        limit: String(limit),
        cursor: query.cursor,
        project: numericProject,
      });
      if (!Array.isArray(body)) {
        throw new AppError(ErrorCode.SentryApi, `Sentry's issue list is not an array (${path})`, { retryable: false, details: { path } });
      }
      const page: TrackedIssuePage = { issues: body.map((raw) => toTrackedIssue(raw, path)), nextCursor: nextCursor(headers.get("link")) };
      return page;
    },

    async getIssue(id) {
      const path = `organizations/${org}/issues/${encodeURIComponent(id)}/`;
      return toTrackedIssue((await get(path)).body, path);
    },

    async getLatestEvent(issueId) {
      const path = `organizations/${org}/issues/${encodeURIComponent(issueId)}/events/latest/`;
      try {
        return toTrackedEvent((await get(path)).body, path);
      } catch (e) {
        // Sentry answers 404 both for an unknown issue and for one whose events have aged out of retention.
        if (isAppError(e) && e.code === ErrorCode.NotFound) return null;
        throw e;
      }
    },

    async ping() {
      const { body } = await get(`organizations/${org}/`);
      const slug = (body as { slug?: unknown }).slug;
      // Reading the organisation needs fewer scopes than reading issues: check that too, so doctor sees it.
      try {
        await get(`organizations/${org}/issues/`, { query: "is:unresolved", limit: "1", project: numericProject });
      } catch (e) {
        if (isAppError(e) && e.code === ErrorCode.SentryApi && !e.retryable) {
          throw new AppError(e.code, `The token can read the organization but not its issues: ${e.message}`, { details: e.details, cause: e });
        }
        throw e;
      }
      return { organization: typeof slug === "string" ? slug : options.org };
    },
  };
}
