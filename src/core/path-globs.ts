import picomatch from "picomatch/posix.js";

/**
 * Glob matching for repository paths (risk policy, dimension filters). GitHub paths are always POSIX,
 * so the POSIX build is used whatever the host; `dot` lets `src/**` cover `src/.env`.
 */

type Matcher = (path: string) => boolean;

// Policies are a handful of fixed lists read once from shopfloor.yml, so the cache stays small.
const cache = new Map<string, Matcher>();

function matcherFor(globs: readonly string[]): Matcher {
  const key = globs.join("\u0000");
  let matcher = cache.get(key);
  if (!matcher) {
    matcher = globs.length === 0 ? () => false : picomatch([...globs], { dot: true });
    cache.set(key, matcher);
  }
  return matcher;
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return matcherFor(globs)(path);
}

/** The paths (in their given order) that match at least one glob. */
export function matchingPaths(paths: readonly string[], globs: readonly string[]): string[] {
  const matcher = matcherFor(globs);
  return paths.filter((path) => matcher(path));
}
