import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { ForgeIssue, ForgePullRequest } from "../../../src/core/ports/forge-port.js";
import { linkedIssueNumber } from "../../../src/core/linked-issue.js";
import { recapWindow, type RecapWindow } from "../../../src/core/recap-window.js";
import { computeFigures, coverageOf, within } from "../figures/compute-figures.js";
import type { RecapStateType } from "../recap-state.js";

/** Bounds on what one recap reads from GitHub (a busy week of a large repository stays a few hundred calls). */
const MAX_ISSUES = 1000;
const MAX_PULL_DETAILS = 150;
const MAX_LINKED_LOOKUPS = 50;

/** Reads the ledgers and GitHub for the recap's window and computes its figures. Reads only: no effect. */
export function gather(deps: GraphDeps) {
  return async (state: RecapStateType) => {
    if (state.figures) return {};
    const { request } = state;
    const { recap, repository } = deps.settings;
    const until = request.until ? new Date(request.until) : deps.clock.now();
    const window =
      request.period === "weekly" ? recapWindow(recap.weeklyCron, recap.timezone, until, 24 * 8) : recapWindow(recap.dailyCron, recap.timezone, until, 24 * 4);

    const [ledger, touched, needsHuman, coverage] = await Promise.all([
      deps.stats.figures(window),
      // Everything created, closed or merged in the window was updated in it: one paginated list finds it all.
      deps.forge.listIssues({ state: "all", since: window.from, max: MAX_ISSUES }),
      deps.forge.listIssues({ state: "open", labels: [deps.settings.labels.needsHuman], max: 500 }),
      readCoverage(deps),
    ]);
    const pullRequests = await pullRequestsOf(deps, touched, window);
    const issues = await withLinkedIssues(deps, touched, pullRequests);

    const figures = computeFigures({
      period: request.period,
      window,
      timezone: recap.timezone,
      repository: repository ?? "",
      ledger,
      issues,
      pullRequests,
      needsHumanOpen: needsHuman.length,
      coverage,
      labels: { type: deps.settings.labels.type, severityPrefix: deps.settings.labels.severityPrefix },
      branchPrefix: deps.settings.build.branchPrefix,
    });
    return { figures };
  };
}

/** The issue list carries no merge time, branch or line counts: PRs created or closed in the window are read in full. */
async function pullRequestsOf(deps: GraphDeps, touched: ForgeIssue[], window: RecapWindow): Promise<ForgePullRequest[]> {
  const inWindow = within(window);
  const numbers = touched.filter((i) => i.isPullRequest && (inWindow(i.createdAt) || inWindow(i.closedAt))).map((i) => i.number);
  const pulls: ForgePullRequest[] = [];
  for (const n of numbers.slice(0, MAX_PULL_DETAILS)) pulls.push(await deps.forge.getPullRequest(n));
  return pulls;
}

/** Issue → PR lead time needs the issue a PR fixes, which may be older than the window. */
async function withLinkedIssues(deps: GraphDeps, touched: ForgeIssue[], pulls: ForgePullRequest[]): Promise<ForgeIssue[]> {
  const known = new Set(touched.map((i) => i.number));
  const missing = [...new Set(pulls.map((p) => linkedIssueNumber(p.body)).filter((n): n is number => n !== null && !known.has(n)))];
  const extra: ForgeIssue[] = [];
  for (const n of missing.slice(0, MAX_LINKED_LOOKUPS)) {
    // A PR may name an issue that does not exist (a typo, another repository's number): no lead time for it.
    const issue = await deps.forge.getIssue(n).catch(() => null);
    if (issue) extra.push(issue);
  }
  return [...touched, ...extra];
}

async function readCoverage(deps: GraphDeps) {
  const spec = deps.settings.recap.coverage;
  if (!spec) return null;
  const repo = await deps.forge.getRepository();
  const check = (await deps.forge.listChecks(repo.defaultBranch)).find((c) => c.name === spec.check);
  const percent = coverageOf(check?.summary, spec.pattern);
  return percent === null ? null : { percent, check: spec.check };
}
