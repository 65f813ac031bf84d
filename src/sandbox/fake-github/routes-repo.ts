import { FakeHttpError, emptyRepository, httpError, notFound, validationFailed } from "./http-errors.js";
import type { CheckRunRecord, StatusRecord } from "./model-types.js";
import { checkRunShape, commitShape, fileShape, refShape, repositoryShape, statusShape, userShape } from "./rest-shapes.js";
import { bodyObject, intParam, paged, paginate, route, str, type Route, type RouteContext } from "./router.js";

/** Repository metadata, collaborators, commits, check runs, statuses, compare and git refs (contents: routes-contents.ts). */

const R = "/repos/:owner/:repo";

async function commitFor(ctx: RouteContext, ref: string): Promise<string> {
  const sha = await ctx.repo.git.resolve(ref);
  if (!sha) throw validationFailed([{ resource: "Commit", code: "invalid", field: "ref" }], `No commit found for SHA: ${ref}`);
  return sha;
}

function checkRunInput(b: Record<string, unknown>) {
  const output = b.output && typeof b.output === "object" ? (b.output as Record<string, unknown>) : undefined;
  return {
    ...(b.status !== undefined ? { status: str(b.status) as CheckRunRecord["status"] } : {}),
    ...(b.conclusion !== undefined ? { conclusion: (str(b.conclusion) ?? null) as CheckRunRecord["conclusion"] } : {}),
    ...(b.details_url !== undefined ? { details_url: str(b.details_url) ?? null } : {}),
    ...(b.completed_at !== undefined ? { completed_at: str(b.completed_at) ?? "" } : {}),
    ...(output ? { output: { title: str(output.title) ?? null, summary: str(output.summary) ?? null, text: str(output.text) ?? null } } : {}),
  };
}

export function repoRoutes(): Route[] {
  return [
    route("GET", `${R}`, (ctx) => ({ status: 200, body: repositoryShape(ctx.repo, ctx.login) })),
    route("GET", `${R}/collaborators/:user/permission`, (ctx) => {
      const login = ctx.params.user ?? "";
      const level = ctx.repo.permissionOf(login);
      if (level === null) throw notFound();
      // GitHub folds maintain into write and triage into read here; `role_name` keeps the exact role.
      const permission = level === "maintain" ? "write" : level === "triage" ? "read" : level;
      return {
        status: 200,
        body: { permission, role_name: level, user: { ...userShape(ctx.repo, login), permissions: { admin: level === "admin", maintain: ["admin", "maintain"].includes(level), push: ["admin", "maintain", "write"].includes(level), triage: level !== "read" && level !== "none", pull: level !== "none" }, role_name: level } },
      };
    }),
    route("GET", `${R}/collaborators/:user`, (ctx) => {
      const level = ctx.repo.permissions.get((ctx.params.user ?? "").toLowerCase());
      if (!level || level === "none") throw notFound();
      return { status: 204 };
    }),
    route("GET", `${R}/branches/:branch+`, async (ctx) => {
      const name = ctx.params.branch ?? "";
      const sha = await ctx.repo.git.branchSha(name);
      if (!sha) throw httpError(404, "Branch not found", "https://docs.github.com/rest/branches/branches#get-a-branch");
      const commit = await ctx.repo.git.commit(sha);
      const isProtected = name === ctx.repo.defaultBranch && (ctx.repo.protection.requiredChecks.length > 0 || ctx.repo.protection.requiredApprovals > 0);
      return { status: 200, body: { name, commit: commitShape(ctx.repo, commit), protected: isProtected, _links: { self: `${ctx.repo.apiUrl}/repos/${ctx.repo.fullName}/branches/${name}`, html: `${ctx.repo.webUrl}/${ctx.repo.fullName}/tree/${name}` } } };
    }),
    route("GET", `${R}/branches`, async (ctx) => {
      const branches = await ctx.repo.git.branches();
      return paged(ctx, branches, (b) => ({ name: b.name, commit: { sha: b.sha, url: `${ctx.repo.apiUrl}/repos/${ctx.repo.fullName}/commits/${b.sha}` }, protected: false }));
    }),
    route("GET", `${R}/commits/:ref+/check-runs`, async (ctx) => {
      const sha = await commitFor(ctx, ctx.params.ref ?? "");
      const filter = ctx.query.get("filter") === "all" ? "all" : "latest";
      const checkName = ctx.query.get("check_name");
      const status = ctx.query.get("status");
      const runs = ctx.repo.listCheckRuns(sha, { filter, ...(checkName ? { checkName } : {}), ...(status ? { status } : {}) });
      const { items, headers } = paginate(ctx, runs);
      return { status: 200, body: { total_count: runs.length, check_runs: items.map((r) => checkRunShape(ctx.repo, r)) }, headers };
    }),
    route("GET", `${R}/commits/:ref+/status`, async (ctx) => {
      const sha = await commitFor(ctx, ctx.params.ref ?? "");
      const combined = ctx.repo.combinedStatus(sha);
      const { items, headers } = paginate(ctx, combined.statuses);
      return {
        status: 200,
        headers,
        body: {
          state: combined.state,
          statuses: items.map((s) => statusShape(ctx.repo, s)),
          sha,
          total_count: combined.statuses.length,
          repository: repositoryShape(ctx.repo),
          commit_url: `${ctx.repo.apiUrl}/repos/${ctx.repo.fullName}/commits/${sha}`,
          url: `${ctx.repo.apiUrl}/repos/${ctx.repo.fullName}/commits/${sha}/status`,
        },
      };
    }),
    route("GET", `${R}/commits/:ref+/statuses`, async (ctx) => {
      const sha = await commitFor(ctx, ctx.params.ref ?? "");
      return paged(ctx, ctx.repo.listStatuses(sha), (s) => statusShape(ctx.repo, s));
    }),
    route("GET", `${R}/commits/:ref+`, async (ctx) => {
      const sha = await commitFor(ctx, ctx.params.ref ?? "");
      const commit = await ctx.repo.git.commit(sha);
      const files = await ctx.repo.git.diffFiles(commit.parents[0] ?? "4b825dc642cb6eb9a060e54bf8d69288fbee4904", sha);
      return { status: 200, body: commitShape(ctx.repo, commit, files) };
    }),
    route("GET", `${R}/commits`, async (ctx) => {
      const from = ctx.query.get("sha") ?? ctx.repo.defaultBranch;
      const sha = await commitFor(ctx, from);
      const commits = (await ctx.repo.git.commitsBetween(null, sha)).reverse();
      return paged(ctx, commits, (c) => commitShape(ctx.repo, c));
    }),
    route("POST", `${R}/statuses/:sha`, async (ctx) => {
      const b = bodyObject(ctx);
      const sha = await ctx.repo.git.resolve(ctx.params.sha ?? "");
      if (!sha || sha !== ctx.params.sha) throw validationFailed([{ resource: "Status", code: "custom", field: "sha", message: `No commit found for SHA: ${ctx.params.sha}` }]);
      const status = ctx.repo.createStatus(sha, {
        state: str(b.state) as StatusRecord["state"],
        ...(b.context !== undefined ? { context: str(b.context) ?? "default" } : {}),
        description: str(b.description) ?? null,
        target_url: str(b.target_url) ?? null,
      }, ctx.login);
      return { status: 201, body: statusShape(ctx.repo, status) };
    }),
    route("POST", `${R}/check-runs`, async (ctx) => {
      const b = bodyObject(ctx);
      const headSha = str(b.head_sha) ?? "";
      if (!(await ctx.repo.git.resolve(headSha))) throw validationFailed([{ resource: "CheckRun", code: "invalid", field: "head_sha" }]);
      const run = ctx.repo.createCheckRun({ name: str(b.name) ?? "", head_sha: headSha, ...checkRunInput(b), ...(b.external_id !== undefined ? { external_id: str(b.external_id) ?? null } : {}), app: ctx.login.replace(/\[bot\]$/, "") });
      return { status: 201, body: checkRunShape(ctx.repo, run) };
    }),
    route("GET", `${R}/check-runs/:id`, (ctx) => {
      const run = ctx.repo.checkRuns.get(intParam(ctx, "id"));
      if (!run) throw notFound();
      return { status: 200, body: checkRunShape(ctx.repo, run) };
    }),
    route("PATCH", `${R}/check-runs/:id`, (ctx) => {
      const b = bodyObject(ctx);
      const run = ctx.repo.updateCheckRun(intParam(ctx, "id"), { ...(b.name !== undefined ? { name: str(b.name) ?? "" } : {}), ...checkRunInput(b) });
      return { status: 200, body: checkRunShape(ctx.repo, run) };
    }),
    route("POST", `${R}/check-runs/:id/rerequest`, (ctx) => {
      ctx.repo.rerequestCheckRun(intParam(ctx, "id"));
      return { status: 201, body: {} };
    }),
    route("GET", `${R}/compare/:basehead+`, async (ctx) => {
      const spec = ctx.params.basehead ?? "";
      const [baseRef, headRef] = spec.includes("...") ? spec.split("...") : spec.split("..");
      const base = await ctx.repo.git.resolve(baseRef ?? "");
      const head = await ctx.repo.git.resolve(headRef ?? "");
      if (!base || !head) throw notFound();
      const mergeBase = await ctx.repo.git.mergeBase(base, head);
      const ahead = await ctx.repo.git.countCommits(`${base}..${head}`);
      const behind = await ctx.repo.git.countCommits(`${head}..${base}`);
      const commits = await ctx.repo.git.commitsBetween(mergeBase, head);
      const files = mergeBase ? await ctx.repo.git.diffFiles(mergeBase, head) : [];
      const status = ahead === 0 && behind === 0 ? "identical" : behind === 0 ? "ahead" : ahead === 0 ? "behind" : "diverged";
      const baseCommit = await ctx.repo.git.commit(base);
      const mergeBaseCommit = mergeBase ? await ctx.repo.git.commit(mergeBase) : baseCommit;
      return {
        status: 200,
        body: {
          url: `${ctx.repo.apiUrl}/repos/${ctx.repo.fullName}/compare/${spec}`,
          html_url: `${ctx.repo.webUrl}/${ctx.repo.fullName}/compare/${spec}`,
          base_commit: commitShape(ctx.repo, baseCommit),
          merge_base_commit: commitShape(ctx.repo, mergeBaseCommit),
          status,
          ahead_by: ahead,
          behind_by: behind,
          total_commits: commits.length,
          commits: commits.map((c) => commitShape(ctx.repo, c)),
          files: files.map((f) => fileShape(ctx.repo, f, head)),
        },
      };
    }),
    route("GET", `${R}/git/ref/:ref+`, async (ctx) => {
      if ((await ctx.repo.git.branches()).length === 0) throw emptyRepository("https://docs.github.com/rest/git/refs#get-a-reference");
      const fullRef = `refs/${ctx.params.ref ?? ""}`;
      const sha = await ctx.repo.git.refSha(fullRef);
      if (!sha) throw notFound();
      return { status: 200, body: refShape(ctx.repo, fullRef, sha) };
    }),
    route("GET", `${R}/git/matching-refs/:ref+`, async (ctx) => {
      const prefix = `refs/${ctx.params.ref ?? ""}`;
      const branches = await ctx.repo.git.branches();
      const refs = branches.map((b) => ({ ref: `refs/heads/${b.name}`, sha: b.sha })).filter((r) => r.ref.startsWith(prefix));
      return paged(ctx, refs, (r) => refShape(ctx.repo, r.ref, r.sha));
    }),
    route("POST", `${R}/git/refs`, async (ctx) => {
      const b = bodyObject(ctx);
      const ref = str(b.ref) ?? "";
      const sha = str(b.sha) ?? "";
      if (!/^refs\/(heads|tags)\/.+/.test(ref) || ref.split("/").length < 3) throw validationFailed([], "Reference name must start with 'refs/' and have at least two slashes.");
      if (!(await ctx.repo.git.resolve(sha)) || !/^[0-9a-f]{40}$/.test(sha)) throw validationFailed([], "Object does not exist");
      if (!(await ctx.repo.git.updateRef(ref, sha, null))) throw validationFailed([], "Reference already exists");
      if (ref.startsWith("refs/heads/")) await ctx.repo.handlePush([{ ref, before: null, after: sha }], ctx.login);
      return { status: 201, body: refShape(ctx.repo, ref, sha) };
    }),
    route("PATCH", `${R}/git/refs/:ref+`, async (ctx) => {
      const b = bodyObject(ctx);
      const fullRef = `refs/${ctx.params.ref ?? ""}`;
      const sha = str(b.sha) ?? "";
      const old = await ctx.repo.git.refSha(fullRef);
      if (!old) throw validationFailed([], "Reference does not exist");
      if (!(await ctx.repo.git.resolve(sha))) throw validationFailed([], "Object does not exist");
      if (!b.force && !(await ctx.repo.git.isAncestor(old, sha))) throw validationFailed([], "Update is not a fast forward");
      if (!(await ctx.repo.git.updateRef(fullRef, sha, old))) throw new FakeHttpError(409, { message: "Reference update failed" });
      await ctx.repo.handlePush([{ ref: fullRef, before: old, after: sha }], ctx.login);
      return { status: 200, body: refShape(ctx.repo, fullRef, sha) };
    }),
    route("DELETE", `${R}/git/refs/:ref+`, async (ctx) => {
      const fullRef = `refs/${ctx.params.ref ?? ""}`;
      const old = await ctx.repo.git.refSha(fullRef);
      if (!old) throw validationFailed([], "Reference does not exist");
      await ctx.repo.git.deleteRef(fullRef);
      await ctx.repo.handlePush([{ ref: fullRef, before: old, after: null }], ctx.login);
      return { status: 204 };
    }),
  ];
}
