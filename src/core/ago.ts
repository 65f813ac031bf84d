const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long from `fromIso` to `nowIso`, as a person says it: "just now", "12 min", "3 h", "2 days". Rounded down,
 * so "3 h" never overstates a wait. A time in the future (clocks disagree) or an unreadable one is "just now".
 */
export function ago(fromIso: string, nowIso: string): string {
  const ms = Date.parse(nowIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < MINUTE) return "just now";
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  const days = Math.floor(ms / DAY);
  return days === 1 ? "1 day" : `${days} days`;
}

/** "3 h ago", or "just now". */
export function agoPhrase(fromIso: string, nowIso: string): string {
  const span = ago(fromIso, nowIso);
  return span === "just now" ? span : `${span} ago`;
}
