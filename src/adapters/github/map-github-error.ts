import { AppError, ErrorCode, isAppError } from "../../core/errors.js";

/**
 * Octokit errors → AppError. The one place that knows what GitHub's statuses mean for us:
 * - 401, and 403 that is not a rate limit: a credentials/permission problem; retrying will not help;
 * - 404: NotFound; 409: Conflict (e.g. "Head branch was modified"); 422: GitHub's validation message;
 * - 429, or 403 with `x-ratelimit-remaining: 0` / a secondary-limit message: RateLimited, with the wait;
 * - 5xx and network failures: retryable.
 * The request's Authorization header is never copied into the error.
 */

export interface GithubErrorContext {
  /** What we were doing, for the message: "create issue", "merge #12". */
  operation?: string;
  /** `owner/name`, to say which repository the token needs access to. */
  repository?: string;
  now?: () => number;
}

interface RequestErrorLike {
  name?: string;
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

interface GraphqlErrorLike {
  name: string;
  message: string;
  errors?: Array<{ type?: string; message?: string; path?: unknown }>;
  headers?: Record<string, string | number | undefined>;
}

function isRequestError(e: unknown): e is RequestErrorLike {
  return typeof e === "object" && e !== null && typeof (e as { status?: unknown }).status === "number" && (e as { name?: unknown }).name === "HttpError";
}

function isGraphqlError(e: unknown): e is GraphqlErrorLike {
  return typeof e === "object" && e !== null && (e as { name?: unknown }).name === "GraphqlResponseError";
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

function header(headers: Record<string, string | number | undefined> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** Wait in ms from `retry-after` (seconds or an HTTP date), else from `x-ratelimit-reset` (epoch seconds). */
export function retryAfterMsFrom(headers: Record<string, string | number | undefined> | undefined, now = Date.now()): number | undefined {
  const retryAfter = header(headers, "retry-after");
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = Number(header(headers, "x-ratelimit-reset"));
  if (Number.isFinite(reset) && reset > 0) return Math.max(1000, reset * 1000 - now);
  return undefined;
}

/** GitHub's own message without the " - https://docs.github.com/…" suffix Octokit appends. */
function githubMessage(e: RequestErrorLike): string {
  const data = e.response?.data as { message?: unknown; errors?: unknown } | undefined;
  if (data && typeof data.message === "string") {
    const errors = Array.isArray(data.errors)
      ? data.errors
          .map((x) => (typeof x === "string" ? x : x && typeof x === "object" ? ((x as { message?: string }).message ?? [(x as { field?: string }).field, (x as { code?: string }).code].filter(Boolean).join(" ")) : ""))
          .filter(Boolean)
      : [];
    return errors.length ? `${data.message}: ${errors.join("; ")}` : data.message;
  }
  return e.message.replace(/ - https:\/\/docs\.github\.com\S*$/, "");
}

function requestPath(e: RequestErrorLike): string | undefined {
  const url = e.request?.url;
  if (!url) return undefined;
  try {
    return new URL(url).pathname;
  } catch {
    return url.split("?")[0];
  }
}

export function isRateLimit(status: number, headers: Record<string, string | number | undefined> | undefined, message: string): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return header(headers, "x-ratelimit-remaining") === "0" || /rate limit/i.test(message) || header(headers, "retry-after") !== undefined;
}

export function mapGithubError(e: unknown, context: GithubErrorContext = {}): AppError {
  if (isAppError(e)) return e;
  const what = context.operation ? `GitHub ${context.operation}` : "GitHub request";
  const repo = context.repository ?? "the repository";
  const now = context.now?.() ?? Date.now();

  if (isGraphqlError(e)) {
    const types = (e.errors ?? []).map((x) => x.type).filter(Boolean);
    const message = (e.errors ?? []).map((x) => x.message).filter(Boolean).join("; ") || e.message;
    const details = { graphqlErrors: e.errors ?? [] };
    if (types.includes("RATE_LIMITED")) {
      return new AppError(ErrorCode.RateLimited, `${what} hit GitHub's GraphQL rate limit: ${message}`, { retryable: true, retryAfterMs: retryAfterMsFrom(e.headers, now) ?? 60_000, details, cause: e });
    }
    if (types.includes("NOT_FOUND")) return new AppError(ErrorCode.NotFound, `${what}: ${message}`, { details, cause: e });
    if (types.includes("FORBIDDEN")) {
      return new AppError(ErrorCode.GithubApi, `${what} was refused: ${message}. The token needs write access to pull requests on ${repo}.`, { details, cause: e });
    }
    return new AppError(ErrorCode.GithubApi, `${what} failed: ${message}`, { details, cause: e });
  }

  if (!isRequestError(e)) {
    const code = (e as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (e as { cause?: { code?: unknown } } | null)?.cause?.code;
    const message = e instanceof Error ? e.message : String(e);
    if (typeof code === "string" && NETWORK_CODES.has(code)) {
      return new AppError(ErrorCode.GithubApi, `${what} could not reach GitHub (${code}): ${message}`, { retryable: true, cause: e });
    }
    return new AppError(ErrorCode.GithubApi, `${what} failed: ${message}`, { cause: e });
  }

  const status = e.status;
  const headers = e.response?.headers;
  const message = githubMessage(e);
  const details: Record<string, unknown> = {
    status,
    ...(e.request?.method ? { method: e.request.method } : {}),
    ...(requestPath(e) ? { path: requestPath(e) } : {}),
    ...(header(headers, "x-github-request-id") ? { requestId: header(headers, "x-github-request-id") } : {}),
    githubMessage: message,
  };

  if (isRateLimit(status, headers, message)) {
    const retryAfterMs = retryAfterMsFrom(headers, now) ?? 60_000;
    return new AppError(ErrorCode.RateLimited, `${what} was rate limited by GitHub (${status} ${message}); retry in ${Math.ceil(retryAfterMs / 1000)} s`, {
      retryable: true,
      retryAfterMs,
      details,
      cause: e,
    });
  }
  if (status === 401) {
    return new AppError(
      ErrorCode.GithubApi,
      `${what} failed: GitHub rejected the credentials (401 ${message}). GITHUB_TOKEN is wrong, expired or revoked — or, for a GitHub App, GITHUB_APP_ID / GITHUB_APP_PRIVATE_KEY / GITHUB_INSTALLATION_ID do not match.`,
      { details, cause: e },
    );
  }
  if (status === 403) {
    return new AppError(
      ErrorCode.GithubApi,
      `${what} was refused (403 ${message}). The token lacks a permission on ${repo}: a fine-grained token or GitHub App needs read/write on Issues, Pull requests, Contents, Checks and Commit statuses (a classic token needs the "repo" scope), and SSO authorisation for the organisation if it enforces SSO.`,
      { details, cause: e },
    );
  }
  if (status === 404) {
    return new AppError(ErrorCode.NotFound, `${what}: not found (404 ${message}). Check the number or ref, GITHUB_REPOSITORY, and that the token can see ${repo} (GitHub answers 404 for private repositories the token cannot read).`, { details, cause: e });
  }
  if (status === 409) {
    return new AppError(ErrorCode.Conflict, `${what} conflicted with the repository's current state (409 ${message})`, { details, cause: e });
  }
  if (status === 422) {
    return new AppError(ErrorCode.GithubApi, `${what} was rejected by GitHub (422 ${message})`, { details, cause: e });
  }
  if (status >= 500 || status === 408) {
    const network = !e.response;
    // Only an explicit Retry-After counts here: x-ratelimit-reset is on every response and means nothing for a 5xx.
    const retryAfterMs = header(headers, "retry-after") !== undefined ? retryAfterMsFrom({ "retry-after": header(headers, "retry-after") }, now) : undefined;
    return new AppError(ErrorCode.GithubApi, network ? `${what} could not reach GitHub: ${message}` : `${what} failed on GitHub's side (${status} ${message})`, {
      retryable: true,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      details,
      cause: e,
    });
  }
  return new AppError(ErrorCode.GithubApi, `${what} failed (${status} ${message})`, { details, cause: e });
}
