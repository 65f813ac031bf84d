import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { ForgeReviewThread } from "../../../src/core/ports/forge-port.js";
import type { PrReviewRecord } from "../../../src/core/ledgers/reviews.js";
import { parseHunks } from "../diff-hunks.js";
import { parseFindingMarker } from "../finding-comment.js";
import { linkedIssueNumber } from "../../../src/core/linked-issue.js";
import { reportThread } from "../../shared/report-thread.js";
import type { ReviewContext, ReviewStateType } from "../review-state.js";
import { SEVERITIES, type OpenThread, type Severity } from "../review-types.js";

const isSeverity = (s: unknown): boolean => SEVERITIES.includes(s as Severity);

/** Guideline files are context, not the subject: each is cut to this many characters. */
const GUIDELINE_CHARS = 6_000;

/**
 * Reads what the reviewers need: the diff (only the commits since the last review when that review's head is an
 * ancestor of the new one), the linked issue as the specification, the repository's guidelines, and the threads
 * Shopfloor left open on earlier reviews.
 */
export function gatherContext(deps: GraphDeps) {
  return async (state: ReviewStateType) => {
    const pr = state.pr!;
    const repo = deps.settings.repository ?? "";
    const [prFiles, history, threads] = await Promise.all([
      deps.forge.listPullRequestFiles(pr.number),
      deps.reviews.list(repo, pr.number, 20),
      deps.forge.listReviewThreads(pr.number),
    ]);
    const last = history[0];
    let mode: ReviewContext["mode"] = "full";
    let files = prFiles;
    if (last && !state.request.full && last.headSha !== pr.headSha) {
      const comparison = await deps.forge.compareCommits(last.headSha, pr.headSha);
      if (comparison.status === "ahead") {
        mode = "incremental";
        const inPr = new Set(prFiles.map((f) => f.path));
        // A file changed since the last review but no longer in the PR (reverted) has nothing left to review.
        files = comparison.files.filter((f) => inPr.has(f.path));
      }
    }
    const issueNumber = linkedIssueNumber(pr.body);
    const [spec, guidelines, slack] = await Promise.all([
      issueNumber ? deps.forge.getIssue(issueNumber).then((i) => ({ number: i.number, title: i.title, body: i.body }), () => null) : null,
      readGuidelines(deps),
      // A person who asked by command waits where they typed it; otherwise the report's thread, if any.
      state.request.slack ? { channel: state.request.slack.channel } : reportThread(deps, pr.number, issueNumber),
    ]);
    const context: ReviewContext = {
      mode,
      ...(mode === "incremental" ? { sinceSha: last!.headSha } : {}),
      files: files.map((f) => ({ path: f.path, status: f.status, additions: f.additions, deletions: f.deletions, ...(f.patch !== undefined ? { patch: f.patch } : {}) })),
      prFiles: prFiles.map((f) => ({ path: f.path, additions: f.additions, deletions: f.deletions })),
      prHunks: Object.fromEntries(prFiles.filter((f) => f.patch).map((f) => [f.path, parseHunks(f.patch!)])),
      spec,
      guidelines,
      openThreads: openShopfloorThreads(threads, history),
      round: 1 + consecutiveChangeRequests(history, pr.headSha),
      slack,
    };
    return { context };
  };
}

async function readGuidelines(deps: GraphDeps): Promise<ReviewContext["guidelines"]> {
  const { guidelines, architectureRules } = deps.settings.review;
  const paths = [...guidelines, ...(architectureRules ? [architectureRules] : [])];
  const texts = await Promise.all(paths.map((p) => deps.forge.getFileText(p).catch(() => null)));
  return paths.flatMap((path, i) => (texts[i] ? [{ path, text: texts[i]!.slice(0, GUIDELINE_CHARS) }] : []));
}

/** Unresolved threads whose first comment carries a Shopfloor finding marker. */
function openShopfloorThreads(threads: ForgeReviewThread[], history: PrReviewRecord[]): OpenThread[] {
  const earlier = new Map(history.flatMap((r) => r.findings.map((f) => [f.fingerprint, f] as const)));
  return threads.flatMap((t) => {
    const first = t.comments[0];
    const fingerprint = first ? parseFindingMarker(first.body) : null;
    if (t.isResolved || !first || !fingerprint) return [];
    return [
      {
        threadId: t.id,
        commentId: first.id,
        fingerprint,
        path: t.path,
        line: t.line,
        originalLine: t.originalLine,
        isOutdated: t.isOutdated,
        title: earlier.get(fingerprint)?.title ?? firstLine(first.body),
        ...(isSeverity(earlier.get(fingerprint)?.severity) ? { severity: earlier.get(fingerprint)!.severity as Severity } : {}),
      },
    ];
  });
}

const firstLine = (body: string) => body.split("\n")[0]!.replace(/[*_`]/g, "").slice(0, 120);

/** Reviews of earlier commits that requested changes, newest first, without a clean one in between. */
function consecutiveChangeRequests(history: PrReviewRecord[], headSha: string): number {
  let n = 0;
  for (const r of history) {
    if (r.headSha === headSha) continue;
    if (r.outcome !== "changes-requested" && r.outcome !== "needs-human") break;
    n++;
  }
  return n;
}
