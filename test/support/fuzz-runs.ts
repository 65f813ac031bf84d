import type { Parameters } from "fast-check";

/**
 * How hard the fuzz properties (test/fuzz) try. `npm test` runs the reduced form: few runs, so the whole fuzz project
 * stays within about a minute on two cores. `npm run fuzz` sets SHOPFLOOR_FUZZ_RUNS=2000 for the full form.
 *
 * fast-check draws a fresh seed for every property and prints it with any counter-example
 * (`{ seed: …, path: "…", endOnFailure: true }`); SHOPFLOOR_FUZZ_SEED and SHOPFLOOR_FUZZ_PATH replay that failure.
 */
const DEFAULT_RUNS = 100;
/** Properties that only compute (no HTTP request per run) afford this many times more runs. */
const PURE_FACTOR = 10;

export const FUZZ_RUNS = positiveInt(process.env.SHOPFLOOR_FUZZ_RUNS) ?? DEFAULT_RUNS;

/** How long one property test may take: the fuzz project's two minutes, stretched for the full form's runs. */
export const FUZZ_TIMEOUT_MS = Math.max(120_000, FUZZ_RUNS * 150);

/** fast-check parameters of one property: its runs, and the replayed seed when one is given. */
export function fuzzParams<T>(opts: { pure?: boolean } = {}): Parameters<T> {
  const seed = process.env.SHOPFLOOR_FUZZ_SEED;
  const path = process.env.SHOPFLOOR_FUZZ_PATH;
  return {
    numRuns: opts.pure ? FUZZ_RUNS * PURE_FACTOR : FUZZ_RUNS,
    ...(seed ? { seed: Number(seed) } : {}),
    ...(seed && path ? { path, endOnFailure: true } : {}),
  };
}

function positiveInt(text: string | undefined): number | undefined {
  const n = Number(text);
  return text && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
