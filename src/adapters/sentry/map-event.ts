import { AppError, ErrorCode } from "../../core/errors.js";
import type { StackFrame, TrackedEvent } from "../../core/ports/error-tracker-port.js";

/**
 * Turns a Sentry event into a TrackedEvent. Two shapes reach Shopfloor:
 * - REST (`GET …/issues/{id}/events/latest/`): camelCase, the exception under
 *   `entries[type=exception].data.values[]`, frames with `lineNo`/`inApp`/`absPath` and `context: [[line, text], …]`,
 *   `release` an object with `version`, `tags: [{ key, value }]`.
 * - Webhook (`event_alert` `data.event`): snake_case, `exception.values[]`, frames with `lineno`/`in_app`/`abs_path`
 *   and `context_line`, `release` a string, `tags: [[key, value], …]`.
 * Sentry lists frames outermost first (the crashing frame is last) and chained exceptions cause first (the one
 * thrown is last).
 */

export const MAX_FRAMES = 8;
const MAX_CONTEXT_CHARS = 200;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function exceptionValues(event: Json): Json[] {
  const entry = Array.isArray(event.entries) ? event.entries.find((e) => isObject(e) && e.type === "exception") : undefined;
  const fromEntries = isObject(entry) && isObject(entry.data) ? entry.data.values : undefined;
  const fromException = isObject(event.exception) ? event.exception.values : undefined;
  const values = Array.isArray(fromEntries) ? fromEntries : Array.isArray(fromException) ? fromException : [];
  return values.filter(isObject);
}

function tagValue(tags: unknown, key: string): string | undefined {
  if (!Array.isArray(tags)) return isObject(tags) ? str(tags[key]) : undefined;
  for (const tag of tags) {
    if (Array.isArray(tag) && tag[0] === key) return str(tag[1]);
    if (isObject(tag) && tag.key === key) return str(tag.value);
  }
  return undefined;
}

function contextLine(frame: Json, lineNo: number | null): string | undefined {
  let line = str(frame.context_line);
  if (line === undefined && Array.isArray(frame.context)) {
    // REST: [[lineNo, text], …] around the frame's line; the frame's own line is the one to show.
    const own = frame.context.find((c): c is [number, string] => Array.isArray(c) && c[0] === lineNo && typeof c[1] === "string");
    line = own?.[1];
  }
  const trimmed = line?.trim();
  return trimmed ? trimmed.slice(0, MAX_CONTEXT_CHARS) : undefined;
}

function toFrame(frame: Json): StackFrame {
  const lineNo = num(frame.lineNo) ?? num(frame.lineno) ?? null;
  const inApp = frame.inApp ?? frame.in_app;
  const context = contextLine(frame, lineNo);
  return {
    filename: str(frame.filename) ?? str(frame.absPath) ?? str(frame.abs_path) ?? str(frame.module) ?? "<unknown>",
    function: str(frame.function) ?? str(frame.rawFunction) ?? str(frame.raw_function) ?? "<anonymous>",
    lineNo,
    inApp: inApp === true || inApp === 1,
    ...(context === undefined ? {} : { context }),
  };
}

/** Innermost first, in-app frames ahead of library frames (each group keeps its order), at most MAX_FRAMES. */
export function pickFrames(rawFrames: unknown): StackFrame[] {
  if (!Array.isArray(rawFrames)) return [];
  const innermostFirst = rawFrames.filter(isObject).map(toFrame).reverse();
  return [...innermostFirst.filter((f) => f.inApp), ...innermostFirst.filter((f) => !f.inApp)].slice(0, MAX_FRAMES);
}

export function toTrackedEvent(raw: unknown, path: string): TrackedEvent {
  const event = isObject(raw) ? raw : undefined;
  const eventId = event && (str(event.eventID) ?? str(event.event_id) ?? (typeof event.id === "number" ? String(event.id) : str(event.id)));
  if (!event || !eventId) {
    throw new AppError(ErrorCode.SentryApi, `Sentry returned an event Shopfloor cannot read (${path}): no eventID`, { retryable: false, details: { path } });
  }
  const exception = exceptionValues(event).at(-1);
  const exceptionType = exception && str(exception.type);
  const exceptionValue = exception && str(exception.value);
  const stacktrace = exception && isObject(exception.stacktrace) ? exception.stacktrace : undefined;
  const release = str(event.release) ?? (isObject(event.release) ? str(event.release.version) : undefined);
  const environment = tagValue(event.tags, "environment") ?? str(event.environment);
  const message =
    str(event.message) ?? str(event.title) ?? ([exceptionType, exceptionValue].filter(Boolean).join(": ") || "(no message)");
  return {
    eventId,
    message,
    ...(exceptionType === undefined ? {} : { exceptionType }),
    ...(exceptionValue === undefined ? {} : { exceptionValue }),
    ...(release === undefined ? {} : { release }),
    ...(environment === undefined ? {} : { environment }),
    frames: pickFrames(stacktrace?.frames),
  };
}
