import type { ProbePort, ProbeResult } from "../../core/ports/probe-port.js";

/** The start of a body a smoke check matches against; a probe never needs more. */
const MAX_BODY_CHARS = 2_000;

/**
 * ProbePort over the global fetch. A probe reports what a user would have seen: any HTTP answer is a result
 * (a 503 is a finding, not a failure), and no answer at all (refused, DNS, TLS, timeout) is status 0 with the
 * reason, so the verify automation can report it instead of failing its run.
 */
export function createHttpProbe(options: { fetch?: typeof fetch } = {}): ProbePort {
  const fetchFn = options.fetch ?? globalThis.fetch;
  return {
    async get({ url, timeoutMs }): Promise<ProbeResult> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      // One signal for headers and body: a server that answers and then trickles the body is still bounded.
      const signal = AbortSignal.timeout(timeoutMs);
      let res: Response;
      try {
        res = await fetchFn(url, { method: "GET", redirect: "follow", signal, headers: { accept: "text/html,application/json;q=0.9,*/*;q=0.8" } });
      } catch (e) {
        return { status: 0, bodyText: "", ms: elapsed(), error: reason(e, timeoutMs) };
      }
      const body = await readStart(res, MAX_BODY_CHARS);
      // The status arrived; a body cut short (timeout, reset) keeps the status and what came of the body.
      if (body.failure !== undefined) return { status: res.status, bodyText: body.text, ms: elapsed(), error: `body not read: ${reason(body.failure, timeoutMs)}` };
      return { status: res.status, bodyText: body.text, ms: elapsed() };
    },
  };
}

/** Reads until `max` characters are decoded, then cancels the rest, so a large page is not downloaded whole. */
async function readStart(res: Response, max: number): Promise<{ text: string; failure?: unknown }> {
  if (!res.body) return { text: "" };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
    return { text: text.slice(0, max) };
  } catch (e) {
    return { text: text.slice(0, max), failure: e };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function reason(e: unknown, timeoutMs: number): string {
  const err = e as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return `no answer within ${timeoutMs} ms`;
  const cause = err?.cause;
  if (cause && typeof cause.message === "string") {
    // Node's messages usually name the code already ("connect ECONNREFUSED 127.0.0.1:3000").
    return typeof cause.code === "string" && !cause.message.includes(cause.code) ? `${cause.code}: ${cause.message}` : cause.message;
  }
  if (cause && typeof cause.code === "string") return cause.code;
  return typeof err?.message === "string" ? err.message : String(e);
}
