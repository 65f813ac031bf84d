import type { IssueRecord, PullRecord } from "../model-types.js";
import type { FakeRepo } from "../repo-model.js";
import { GqlFieldError } from "./execute.js";

/**
 * GitHub's `revertPullRequest` on the fake: a revert commit built in the bare repository, pushed to a new
 * branch `revert-<number>-<head branch>`, and a pull request opened from it into the reverted PR's base
 * through the pull model, so the push and `pull_request.opened` webhooks go out as for any other PR.
 */

export interface RevertInput {
  title?: string | null;
  body?: string | null;
  draft?: boolean | null;
  actor: string;
}

/** GitHub's message when a revert cannot be computed without conflicts (as the web UI words it). */
export const REVERT_CONFLICT_MESSAGE = "Sorry, this pull request couldn’t be reverted automatically.";
export const NOT_MERGED_MESSAGE = "Pull request must be merged to be reverted.";

export async function revertPullRequest(repo: FakeRepo, number: number, input: RevertInput): Promise<IssueRecord & { pull: PullRecord }> {
  const git = repo.git;
  const pr = repo.pulls.get(number);
  const mergeSha = pr.pull.mergeCommitSha;
  if (!pr.pull.merged || !mergeSha) throw new GqlFieldError(NOT_MERGED_MESSAGE, "UNPROCESSABLE");
  if (!repo.hasAtLeast(input.actor, "write")) {
    throw new GqlFieldError(`${input.actor} does not have the correct permissions to execute \`RevertPullRequest\``, "FORBIDDEN");
  }
  const before = repo.pulls.baseBefore(number) ?? (await git.commit(mergeSha)).parents[0];
  if (!before) throw new GqlFieldError(REVERT_CONFLICT_MESSAGE, "UNPROCESSABLE");
  const baseRef = pr.pull.baseRef;
  const title = input.title?.trim() ? input.title : `Revert "${pr.title}"`;
  const body = input.body ?? `Reverts ${repo.fullName}#${number}`;

  const { branch, sha } = await git.exclusive(async () => {
    const baseHead = await git.branchSha(baseRef);
    if (!baseHead) throw new GqlFieldError(REVERT_CONFLICT_MESSAGE, "UNPROCESSABLE");
    // Undo "before → merged" on top of whatever the base holds now: a three-way merge with the merged state as base.
    const tree = await git.mergeTrees(baseHead, before, mergeSha);
    // Nothing left to undo (already reverted) is refused like a conflict: GitHub opens no empty revert.
    if (!tree || tree === (await git.commit(baseHead)).treeSha) throw new GqlFieldError(REVERT_CONFLICT_MESSAGE, "UNPROCESSABLE");
    const commit = await git.commitTree(tree, [baseHead], `Revert "${pr.title}"\n\nThis reverts commit ${mergeSha}.`, repo.identityOf(input.actor));
    const name = await freeBranchName(repo, `revert-${number}-${pr.pull.headRef}`);
    if (!(await git.updateRef(`refs/heads/${name}`, commit, null))) throw new GqlFieldError(`Branch ${name} was created meanwhile`, "UNPROCESSABLE");
    return { branch: name, sha: commit };
  });
  await repo.handlePush([{ ref: `refs/heads/${branch}`, before: null, after: sha }], input.actor);
  return repo.pulls.open({ head: branch, base: baseRef, title, body, author: input.actor, draft: Boolean(input.draft) });
}

/** A second revert of the same PR gets `-1`, `-2`, … rather than moving the first one's branch. */
async function freeBranchName(repo: FakeRepo, wanted: string): Promise<string> {
  if (!(await repo.git.branchSha(wanted))) return wanted;
  for (let i = 1; ; i++) if (!(await repo.git.branchSha(`${wanted}-${i}`))) return `${wanted}-${i}`;
}
