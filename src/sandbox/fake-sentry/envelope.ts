import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/**
 * Sentry envelopes (https://develop.sentry.dev/sdk/data-model/envelopes/), as `@sentry/node` posts them to
 * `/api/{projectId}/envelope/`: a JSON header line, then per item a JSON item header line and its payload.
 * An item header with `length` gives the payload's size in bytes (the payload may then hold newlines);
 * without it the payload runs to the next newline. Large bodies arrive with `Content-Encoding: gzip`.
 */

export interface EnvelopeItem {
  header: Record<string, unknown>;
  payload: Buffer;
}

export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

/** An error event Shopfloor reported about itself. */
export interface OwnEvent {
  eventId: string;
  projectId: string;
  level: string;
  message?: string;
  exception?: { type: string; value: string };
  tags: Record<string, string>;
  receivedAt: string;
}

export class EnvelopeError extends Error {}

export function decodeBody(body: Buffer, contentEncoding: string | undefined): Buffer {
  const encoding = (contentEncoding ?? "identity").trim().toLowerCase();
  try {
    if (encoding === "gzip" || encoding === "x-gzip") return gunzipSync(body);
    if (encoding === "deflate") return inflateSync(body);
    if (encoding === "br") return brotliDecompressSync(body);
  } catch (e) {
    throw new EnvelopeError(`cannot decompress a ${encoding} body: ${(e as Error).message}`);
  }
  if (encoding !== "identity" && encoding !== "") throw new EnvelopeError(`unsupported content-encoding ${encoding}`);
  return body;
}

function jsonObject(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    throw new EnvelopeError(`${what} is not JSON: ${(e as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new EnvelopeError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

export function parseEnvelope(body: Buffer): Envelope {
  const NL = 0x0a;
  let pos = 0;
  const line = (): Buffer => {
    const end = body.indexOf(NL, pos);
    const bytes = body.subarray(pos, end === -1 ? body.length : end);
    pos = end === -1 ? body.length : end + 1;
    return bytes;
  };

  const header = jsonObject(line(), "envelope header");
  const items: EnvelopeItem[] = [];
  while (pos < body.length) {
    const headerBytes = line();
    if (headerBytes.length === 0) continue; // trailing newline
    const itemHeader = jsonObject(headerBytes, `item ${items.length + 1} header`);
    let payload: Buffer;
    if (typeof itemHeader.length === "number") {
      const length = itemHeader.length;
      if (!Number.isInteger(length) || length < 0 || pos + length > body.length) {
        throw new EnvelopeError(`item ${items.length + 1} says length ${length} but ${body.length - pos} bytes are left`);
      }
      payload = body.subarray(pos, pos + length);
      pos += length;
      if (body[pos] === NL) pos += 1;
    } else {
      payload = line();
    }
    items.push({ header: itemHeader, payload });
  }
  return { header, items };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function messageOf(event: Record<string, unknown>): string | undefined {
  if (typeof event.message === "string") return event.message;
  for (const source of [event.message, event.logentry]) {
    if (isObject(source)) {
      if (typeof source.formatted === "string") return source.formatted;
      if (typeof source.message === "string") return source.message;
    }
  }
  return undefined;
}

/** The fields tests assert on, from an `event` item's payload. */
export function ownEventFrom(payload: Buffer, envelopeHeader: Record<string, unknown>, projectId: string, receivedAt: Date): OwnEvent {
  const event = jsonObject(payload, "event payload");
  const eventId = typeof event.event_id === "string" ? event.event_id : typeof envelopeHeader.event_id === "string" ? envelopeHeader.event_id : "";
  if (!eventId) throw new EnvelopeError("event has no event_id");
  const values = isObject(event.exception) && Array.isArray(event.exception.values) ? event.exception.values.filter(isObject) : [];
  // Chained exceptions list the cause first; the one thrown is last.
  const thrown = values.at(-1);
  const tags: Record<string, string> = {};
  if (isObject(event.tags)) for (const [k, v] of Object.entries(event.tags)) tags[k] = String(v);
  else if (Array.isArray(event.tags)) for (const t of event.tags) if (Array.isArray(t) && typeof t[0] === "string") tags[t[0]] = String(t[1]);
  const message = messageOf(event);
  return {
    eventId,
    projectId,
    level: typeof event.level === "string" ? event.level : "error",
    ...(message === undefined ? {} : { message }),
    ...(thrown ? { exception: { type: String(thrown.type ?? ""), value: String(thrown.value ?? "") } } : {}),
    tags,
    receivedAt: receivedAt.toISOString(),
  };
}

/** The public key from `?sentry_key=` or the `X-Sentry-Auth: Sentry sentry_key=…, …` header. */
export function sentryKey(url: URL, authHeader: string | undefined): string | undefined {
  const fromQuery = url.searchParams.get("sentry_key");
  if (fromQuery) return fromQuery;
  return authHeader ? /sentry_key=([^,\s]+)/.exec(authHeader)?.[1] : undefined;
}
