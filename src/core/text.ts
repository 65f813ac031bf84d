/** `text` cut to at most `max` characters, the cut marked with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** Runs of whitespace, line breaks included, as one space: text from outside on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** "1 run", "2 runs". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A rate as a whole percentage: 0.125 → "13%". */
export const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/** A rate that is 0 without cases rather than NaN. */
export const rate = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/** Dollars, with a tenth of a cent shown under a dollar: "$0.007", "$12.50". */
export const usd = (n: number) => `$${n < 1 && n > 0 ? n.toFixed(3) : n.toFixed(2)}`;

/** Token counts as people read them: "8,400", "13k", "2.5M". */
export const tokens = (n: number) => (n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 10_000 ? `${Math.round(n / 1000)}k` : n.toLocaleString("en-US"));

/** "the last 7 days", "the last day". */
export const lastDays = (days: number) => (days === 1 ? "the last day" : `the last ${days} days`);
