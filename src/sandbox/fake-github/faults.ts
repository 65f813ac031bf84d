/**
 * Fault injection and request accounting for the fake GitHub. A fault matches on method and a regex over
 * the request path (without the query string) and is used up after `times` matching requests.
 */

export interface FaultSpec {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait before answering (or before dropping the connection). */
  delayMs?: number;
  /** Drop the TCP connection instead of answering: a network error for the client. */
  destroySocket?: boolean;
  /** How many matching requests the fault applies to (default 1). */
  times?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
  at: number;
}

interface ArmedFault extends FaultSpec {
  method: string;
  pattern: RegExp;
  remaining: number;
}

export type RateLimitKind = "primary" | "secondary" | "429";

export class Faults {
  private armed: ArmedFault[] = [];

  /** The next `times` requests matching `method` ("*" for any) and `path` get this answer instead. */
  failNext(method: string, path: RegExp | string, spec: FaultSpec = {}): void {
    this.armed.push({ ...spec, method: method.toUpperCase(), pattern: typeof path === "string" ? new RegExp(path) : path, remaining: spec.times ?? 1 });
  }

  /**
   * The next matching request is rate limited as GitHub does it:
   * - `primary` (default): 403 "API rate limit exceeded" with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`
   *   (epoch seconds, `retryAfterSeconds` from now), no `retry-after`;
   * - `secondary`: 403 "You have exceeded a secondary rate limit" with `retry-after`;
   * - `429`: 429 with `retry-after`.
   */
  rateLimitNext(path: RegExp | string, retryAfterSeconds: number, options: { kind?: RateLimitKind; method?: string; times?: number } = {}): void {
    const kind = options.kind ?? "primary";
    const reset = String(Math.floor(Date.now() / 1000) + retryAfterSeconds);
    const docs = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";
    const common = { "x-ratelimit-limit": "5000", "x-ratelimit-used": "5000", "x-ratelimit-resource": "core" };
    const spec: FaultSpec =
      kind === "primary"
        ? {
            status: 403,
            body: { message: "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.", documentation_url: docs, status: "403" },
            headers: { ...common, "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
          }
        : kind === "secondary"
          ? {
              status: 403,
              body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.", documentation_url: docs, status: "403" },
              headers: { ...common, "x-ratelimit-remaining": "4000", "x-ratelimit-reset": reset, "retry-after": String(retryAfterSeconds) },
            }
          : {
              status: 429,
              body: { message: "Too Many Requests", documentation_url: docs, status: "429" },
              headers: { ...common, "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset, "retry-after": String(retryAfterSeconds) },
            };
    this.failNext(options.method ?? "*", path, { ...spec, times: options.times ?? 1 });
  }

  /** The next matching request has its connection dropped. */
  networkErrorNext(method: string, path: RegExp | string, times = 1): void {
    this.failNext(method, path, { destroySocket: true, times });
  }

  /** The next matching request is answered normally, but only after `ms`. */
  delayNext(method: string, path: RegExp | string, ms: number, times = 1): void {
    this.failNext(method, path, { delayMs: ms, times });
  }

  clear(): void {
    this.armed = [];
  }

  /** Consumes and returns the fault for this request, if one is armed. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.armed.find((f) => (f.method === "*" || f.method === method.toUpperCase()) && f.pattern.test(path));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.armed = this.armed.filter((f) => f !== fault);
    return fault;
  }
}
