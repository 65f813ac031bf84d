import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { consolidate, threadMatches } from "../consolidate.js";
import { addedLines } from "../diff-hunks.js";
import type { ReviewContext, ReviewStateType } from "../review-state.js";
import type { Finding, OpenThread } from "../review-types.js";

/**
 * Merges what the dimensions found into the findings to post (checked against the diff, de-duplicated, nits
 * capped, nothing that already has an open thread) and sorts Shopfloor's open threads into fixed and still open.
 */
export function consolidateFindings(deps: GraphDeps) {
  return async (state: ReviewStateType) => {
    const ctx = state.context!;
    const { findings, alreadyOpen, droppedNits } = consolidate({
      raw: state.raw ?? [],
      hunks: ctx.prHunks,
      openThreads: ctx.openThreads,
      maxNits: deps.settings.review.maxNits,
    });
    const reviewed = new Set(state.coverage!.reviewedFiles);
    const fixed: OpenThread[] = [];
    const stillOpen: OpenThread[] = [];
    for (const thread of ctx.openThreads) {
      (isFixed(thread, ctx, reviewed, alreadyOpen) ? fixed : stillOpen).push(thread);
    }
    return { findings, fixed, stillOpen, droppedNits };
  };
}

/**
 * A thread is fixed when its file was reviewed again, its lines were changed (GitHub marks it outdated, or the new
 * commits touch it), and the reviewers did not raise it again — or when its file left the PR. A thread whose code
 * did not change stays open: a reviewer that merely forgot to repeat itself has fixed nothing.
 */
function isFixed(thread: OpenThread, ctx: ReviewContext, reviewed: Set<string>, raisedAgain: Finding[]): boolean {
  if (!ctx.prFiles.some((f) => f.path === thread.path)) return true;
  if (!reviewed.has(thread.path) || raisedAgain.some((f) => threadMatches(f, thread))) return false;
  if (thread.isOutdated) return true;
  if (ctx.mode !== "incremental" || thread.line === null) return false;
  const patch = ctx.files.find((f) => f.path === thread.path)?.patch;
  const touched = patch ? addedLines(patch) : [];
  return touched.some((l) => l === thread.line);
}
