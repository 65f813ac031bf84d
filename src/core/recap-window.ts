import { CronExpressionParser } from "cron-parser";

/** Half-open [from, to) in ISO time. */
export interface RecapWindow {
  from: string;
  to: string;
}

const HOUR = 3_600_000;

/**
 * A recap covers the time since its schedule last fired: Monday's 09:00 daily recap (Monday to Friday) covers Friday
 * 09:00 → Monday 09:00, not just Sunday. A window longer than `maxHours` (a cron that fires rarely, or a paused
 * schedule) is cut to `maxHours`, so a recap stays a recap.
 */
export function recapWindow(cron: string, timezone: string, until: Date, maxHours: number): RecapWindow {
  const previous = CronExpressionParser.parse(cron, { currentDate: until, tz: timezone }).prev().toDate();
  const from = Math.max(previous.getTime(), until.getTime() - maxHours * HOUR);
  return { from: new Date(from).toISOString(), to: until.toISOString() };
}

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));
}

/** Every local day the window touches, oldest first, with a short label for a chart axis ("Mon 16"). */
export function localDays(window: RecapWindow, timezone: string): { date: string; label: string }[] {
  const days: { date: string; label: string }[] = [];
  const label = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, weekday: "short", day: "numeric" });
  const end = new Date(window.to).getTime() - 1;
  // Step in hours rather than days: a day is 23 or 25 hours long across a daylight-saving change.
  for (let t = new Date(window.from).getTime(); t <= end + HOUR; t += HOUR) {
    const at = new Date(Math.min(t, end)).toISOString();
    const date = localDate(at, timezone);
    if (days.at(-1)?.date !== date) days.push({ date, label: label.format(new Date(at)) });
  }
  return days;
}
