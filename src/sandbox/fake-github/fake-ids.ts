import { createHash } from "node:crypto";

/** Id and time shapes as GitHub makes them. */

/** GitHub's timestamps have no milliseconds: `2024-05-01T12:00:00Z`. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Opaque GraphQL-style node ids (`I_kwDO…`, `PR_kwDO…`, `PRRT_kwDO…`). */
export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_kwDO${Buffer.from(`${prefix}:${id}`).toString("base64url")}`;
}

/** A stable numeric user id for a login (GitHub ids are positive integers). */
export function userIdFor(login: string): number {
  return 1_000 + (createHash("sha256").update(login.toLowerCase()).digest().readUInt32BE(0) % 90_000_000);
}

export function isBotLogin(login: string): boolean {
  return login.endsWith("[bot]");
}
