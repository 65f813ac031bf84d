import { emptyRepository, notFound } from "./http-errors.js";
import type { FakeRepo } from "./repo-model.js";
import { route, type Route } from "./router.js";

/**
 * `GET /repos/{o}/{r}/git/trees/{tree_sha}` as GitHub answers it. `tree_sha` may be a tree or commit sha or a
 * branch or tag name; any `recursive` value (even "0" or "false") lists the whole tree, subtrees before their
 * contents, cut at `repo.treeEntryLimit` entries with `truncated: true`. An unknown tree → 404; a repository
 * without commits → 409 "Git Repository is empty.".
 */

const R = "/repos/:owner/:repo";
const DOCS = "https://docs.github.com/rest/git/trees#get-a-tree";

function entryShape(repo: FakeRepo, e: { path: string; mode: string; type: string; sha: string; size: number }): Record<string, unknown> {
  const api = `${repo.apiUrl}/repos/${repo.fullName}/git`;
  if (e.type === "blob") return { path: e.path, mode: e.mode, type: e.type, sha: e.sha, size: e.size, url: `${api}/blobs/${e.sha}` };
  if (e.type === "tree") return { path: e.path, mode: e.mode, type: e.type, sha: e.sha, url: `${api}/trees/${e.sha}` };
  // A submodule: the sha is a commit of another repository, so there is nothing here to link to.
  return { path: e.path, mode: e.mode, type: e.type, sha: e.sha };
}

export function gitTreeRoutes(): Route[] {
  return [
    route("GET", `${R}/git/trees/:tree+`, async (ctx) => {
      const { repo } = ctx;
      if ((await repo.git.branches()).length === 0) throw emptyRepository(DOCS);
      const sha = await repo.git.treeSha(ctx.params.tree ?? "");
      if (!sha) throw notFound(DOCS);
      const recursive = ctx.query.has("recursive");
      const entries = await repo.git.listTree(sha, recursive);
      const truncated = recursive && entries.length > repo.treeEntryLimit;
      return {
        status: 200,
        body: {
          sha,
          url: `${repo.apiUrl}/repos/${repo.fullName}/git/trees/${sha}`,
          tree: (truncated ? entries.slice(0, repo.treeEntryLimit) : entries).map((e) => entryShape(repo, e)),
          truncated,
        },
      };
    }),
  ];
}
