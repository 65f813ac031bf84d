/** How rationales and evidence write numbers, the same way in every proposal. */

export const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/** "the last 7 days", "the last day". */
export const lastDays = (days: number) => (days === 1 ? "the last day" : `the last ${days} days`);

/** A rate that is 0 without cases rather than NaN. */
export const rate = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
