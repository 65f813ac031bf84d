/** Latency summary in milliseconds, rounded to microseconds (more digits would be noise). */
export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** The nearest-rank percentile of already sorted samples: always a value that was actually observed. */
export function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** Nearest-rank percentiles: every reported figure is a latency that was actually observed. */
export function summarize(samplesMs: readonly number[]): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (p: number) => nearestRank(sorted, p);
  const mean = sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : 0;
  return { count: sorted.length, mean: round(mean), p50: round(at(50)), p90: round(at(90)), p99: round(at(99)), max: round(at(100)) };
}

/**
 * Times `n` rounds of several operations, one call of each per round, in turn. Background load that comes
 * and goes during the run then falls on every operation alike, which keeps their ratios honest.
 */
export async function timeInterleaved(n: number, ops: ReadonlyArray<(i: number) => Promise<unknown>>): Promise<number[][]> {
  const samples = ops.map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    for (const [k, op] of ops.entries()) {
      const started = performance.now();
      await op(i);
      samples[k]!.push(performance.now() - started);
    }
  }
  return samples;
}

export const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

/** Least-squares slope of y over x: how fast y grows with x, less at the mercy of one noisy point than two points. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx ? points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx : 0;
}
