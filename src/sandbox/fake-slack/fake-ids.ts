import { randomBytes } from "node:crypto";

/**
 * Id shapes as Slack makes them. Random parts keep ids unique across fake workspaces that share one Redis
 * and one database in a test run (event ids become job ids, view ids end up in state).
 */
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/** `bugs` → `C0BUGS`, `eng-merges` → `C0ENGMERGES`: readable ids that still match Slack's id pattern. */
export function channelIdForName(name: string, isPrivate = false): string {
  const core = name.replace(/^#/, "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  return `${isPrivate ? "G" : "C"}0${core || randomAlnum(8)}`;
}

/** `C0BUGS` → `bugs`. */
export function channelNameForId(id: string): string {
  return id.replace(/^[CGD]0?/, "").toLowerCase() || id.toLowerCase();
}

export function dmChannelIdFor(userId: string): string {
  return `D0${userId.replace(/^[UW]0?/, "")}`;
}

export const newEventId = (): string => `Ev0${randomAlnum(9)}`;
export const newViewId = (): string => `V0${randomAlnum(9)}`;
export const newFileId = (): string => `F0${randomAlnum(9)}`;
export const newHash = (): string => `${Math.floor(Date.now() / 1000)}.${randomAlnum(8)}`;

/** Shaped like Slack's: `13345224609.738474920.8088930838d88f008e0`. */
export function newTriggerId(): string {
  const a = 10_000_000_000 + Math.floor(Math.random() * 89_999_999_999);
  const b = 100_000_000 + Math.floor(Math.random() * 899_999_999);
  return `${a}.${b}.${randomBytes(11).toString("hex").slice(0, 21)}`;
}

export function newClientMsgId(): string {
  const h = randomBytes(16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Slack timestamps: seconds with six decimals, unique per workspace. */
export function tsFromMicros(micros: bigint): string {
  const s = micros / 1_000_000n;
  const frac = (micros % 1_000_000n).toString().padStart(6, "0");
  return `${s}.${frac}`;
}

export function microsFromTs(ts: string): bigint {
  const [s, frac = ""] = ts.split(".");
  return BigInt(s ?? "0") * 1_000_000n + BigInt(frac.padEnd(6, "0").slice(0, 6) || "0");
}
