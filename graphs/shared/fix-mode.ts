import type { GraphSettings } from "../../src/core/graph-deps.js";

/**
 * Does a review's change request go to the build automation's fix mode? `build.fixPullRequests`: `factory` for
 * Shopfloor's own branches (a person's branch is theirs to push to), `all`, or `off`.
 */
export function fixModeApplies(settings: Pick<GraphSettings, "build">, headRef: string): boolean {
  const { enabled, fixPullRequests, branchPrefix } = settings.build;
  if (!enabled || fixPullRequests === "off") return false;
  return fixPullRequests === "all" || headRef.startsWith(branchPrefix);
}
