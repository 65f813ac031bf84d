import { SlackApiError } from "./types.js";

/**
 * Arguments of one Web API call. WebClient sends `application/x-www-form-urlencoded` with objects as JSON
 * strings and booleans/numbers as text; other clients send JSON. Both end up here as a flat record.
 */
export class ApiArgs {
  constructor(readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== "";
  }

  string(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return undefined;
  }

  /** Missing required fields get Slack's generic answer. */
  requireString(name: string, error = "invalid_arguments"): string {
    const v = this.string(name);
    if (v === undefined || v === "") {
      throw new SlackApiError(error, error === "invalid_arguments" ? messages(`[ERROR] missing required field: ${name}`) : {});
    }
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "boolean") return v;
    return v === "true" || v === "1" || v === 1;
  }

  int(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === "") return undefined;
    const n = typeof v === "number" ? v : Number.parseInt(String(v), 10);
    if (!Number.isFinite(n)) throw new SlackApiError("invalid_arguments", messages(`[ERROR] invalid integer: ${name}`));
    return n;
  }

  /** An object or array field, sent either as JSON (JSON bodies) or as a JSON string (form bodies). */
  json(name: string, formatError = "invalid_arguments"): unknown {
    const v = this.raw[name];
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw new SlackApiError(formatError, messages(`[ERROR] failed to parse JSON: ${name}`));
    }
  }
}

export function messages(...lines: string[]): Record<string, unknown> {
  return { response_metadata: { messages: lines } };
}
