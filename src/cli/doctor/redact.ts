import type { Config } from "../../config/load-config.js";

const MASK = "[redacted]";

/** Every secret value in the configuration, including passwords inside the database and Redis URLs. */
export function secretsOf(config: Config): string[] {
  const auth = config.github.auth;
  const values = [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    auth.kind === "token" ? auth.token : undefined,
    auth.kind === "app" ? auth.privateKey : undefined,
    config.github.webhookSecret,
    config.model.apiKey,
    config.sentry.dsn,
    config.sentry.apiToken,
    config.sentry.webhookSecret,
    config.admin.password,
    passwordOf(config.database.url),
    passwordOf(config.redis.url),
  ];
  // Very short values would mask ordinary words; the env schema makes such secrets unlikely anyway.
  return values.filter((v): v is string => typeof v === "string" && v.length >= 4);
}

function passwordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** A URL without its password, for messages such as "cannot reach postgres://app:***@db:5432/shopfloor". */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a valid URL)";
  }
}

/** Replaces every known secret, and any password inside a URL, with a mask. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const sorted = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of sorted) {
      out = out.split(secret).join(MASK);
      // The password may also appear URL-encoded.
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) out = out.split(encoded).join(MASK);
    }
    return out.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)[^@\s/]+@/gi, "$1***@");
  };
}

/** A readable one-line message for anything thrown, including Node's AggregateError (empty message) from connect(). */
export function describeError(e: unknown): string {
  if (e instanceof AggregateError && !e.message) {
    const inner = e.errors.map((x: unknown) => describeError(x)).filter(Boolean);
    if (inner.length) return [...new Set(inner)].join("; ");
  }
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const message = e.message.split("\n")[0] ?? "";
    if (message) return message;
    if (typeof code === "string") return code;
    return e.name;
  }
  return String(e);
}
