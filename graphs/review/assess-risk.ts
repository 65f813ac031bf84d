import { matchesAny } from "../../src/core/path-globs.js";
import type { Finding, RiskAssessment, RiskPolicy } from "./review-types.js";
import { plural } from "../../src/core/text.js";

/**
 * Risk of a PR from the repository's policy and the review's findings. Every rule that fires is written out
 * with its evidence, because the level decides whether a person must look before merging.
 */

export interface AssessRiskInput {
  files: Array<{ path: string; additions: number; deletions: number }>;
  findings: Array<Pick<Finding, "severity" | "dimensions">>;
  policy: RiskPolicy;
}

// Enough names to recognise the area; the full list is in the PR's files.
const NAMED_PATHS = 3;


function describePaths(paths: string[]): string {
  if (paths.length <= NAMED_PATHS) return paths.length === 1 ? (paths[0] ?? "") : `${paths.slice(0, -1).join(", ")} and ${paths[paths.length - 1]}`;
  return `${paths.slice(0, NAMED_PATHS).join(", ")} and ${paths.length - NAMED_PATHS} more`;
}

/** One reason per glob that matched, naming the changed paths under it; each path counts for its first glob. */
function pathReasons(paths: string[], globs: readonly string[], label: string): string[] {
  const byGlob = new Map<string, string[]>();
  for (const path of paths) {
    const glob = globs.find((g) => matchesAny(path, [g]));
    if (glob === undefined) continue;
    byGlob.set(glob, [...(byGlob.get(glob) ?? []), path]);
  }
  return [...byGlob].map(([glob, matched]) => `changes ${describePaths(matched)} (${label} path ${glob})`);
}

export function assessRisk(input: AssessRiskInput): RiskAssessment {
  const { policy } = input;
  const paths = input.files.map((f) => f.path);
  const lines = input.files.reduce((sum, f) => sum + f.additions + f.deletions, 0);
  const count = (predicate: (f: Pick<Finding, "severity" | "dimensions">) => boolean) => input.findings.filter(predicate).length;
  const blockers = count((f) => f.severity === "blocker");
  const majorSecurity = count((f) => f.severity === "major" && f.dimensions.includes("security"));
  const majorOther = count((f) => f.severity === "major" && !f.dimensions.includes("security"));

  const high: string[] = [...pathReasons(paths, policy.highRiskPaths, "high-risk")];
  if (lines >= policy.sizeThresholds.high) high.push(`${plural(lines, "line")} changed (high at ${policy.sizeThresholds.high})`);
  if (blockers > 0) high.push(`${plural(blockers, "blocker finding")}`);
  if (majorSecurity > 0) high.push(`${plural(majorSecurity, "major security finding")}`);

  // A path already counted as high-risk is not named again as medium-risk.
  const notHigh = paths.filter((p) => !matchesAny(p, policy.highRiskPaths));
  const medium: string[] = [...pathReasons(notHigh, policy.mediumRiskPaths, "medium-risk")];
  if (lines >= policy.sizeThresholds.medium && lines < policy.sizeThresholds.high) {
    medium.push(`${plural(lines, "line")} changed (medium at ${policy.sizeThresholds.medium})`);
  }
  if (majorOther > 0) medium.push(`${plural(majorOther, "major finding")}`);

  const neverAuto = paths.filter((p) => matchesAny(p, policy.neverAutoApprove));
  if (high.length > 0) return { level: "high", reasons: [...high, ...medium], neverAuto };
  if (medium.length > 0) return { level: "medium", reasons: medium, neverAuto };
  return { level: "low", reasons: [`small change (${plural(lines, "line")}), no risky paths, no blocker or major findings`], neverAuto };
}
