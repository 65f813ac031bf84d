import type { GitIdentity, TreeEntry } from "./git-store.js";
import { FakeHttpError, httpError, notFound } from "./http-errors.js";
import type { FakeRepo } from "./repo-model.js";
import { gitCommitShape } from "./rest-shapes.js";
import { bodyObject, route, str, type Route, type RouteContext, type RouteResult } from "./router.js";

/**
 * `GET /repos/{o}/{r}/contents/{path}` as GitHub answers it with the default (JSON) media type:
 * a file → an object with base64 `content`; a directory → an array of entries without content;
 * a symlink → `type: "symlink"` with its `target`; a submodule → `type: "submodule"`; absent → 404;
 * a file over 1 MB → 403 `too_large` (GitHub only serves those through the raw media type or the Git Data API).
 *
 * `PUT` of the same path commits one file on a branch (see putFile).
 */

const R = "/repos/:owner/:repo";
/** GitHub's limit for file content in the contents API's JSON answer. */
export const CONTENTS_MAX_BYTES = 1024 * 1024;

function links(repo: FakeRepo, path: string, ref: string, sha: string, kind: "blob" | "tree") {
  const self = `${repo.apiUrl}/repos/${repo.fullName}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${repo.apiUrl}/repos/${repo.fullName}/git/${kind === "tree" ? "trees" : "blobs"}/${sha}`;
  const html = `${repo.webUrl}/${repo.fullName}/${kind}/${ref}/${path}`;
  return { url: self, git_url: git, html_url: html, _links: { self, git, html } };
}

function entryType(e: TreeEntry): "file" | "dir" | "symlink" | "submodule" {
  if (e.type === "tree") return "dir";
  if (e.type === "commit") return "submodule";
  return e.mode === "120000" ? "symlink" : "file";
}

function entryShape(repo: FakeRepo, dir: string, ref: string, e: TreeEntry): Record<string, unknown> {
  const path = dir ? `${dir}/${e.name}` : e.name;
  const type = entryType(e);
  return {
    type,
    size: type === "file" || type === "symlink" ? e.size : 0,
    name: e.name,
    path,
    sha: e.sha,
    ...links(repo, path, ref, e.sha, type === "dir" ? "tree" : "blob"),
    download_url: null,
  };
}

async function contents(ctx: RouteContext, rawPath: string): Promise<RouteResult> {
  const { repo } = ctx;
  const ref = ctx.query.get("ref") ?? repo.defaultBranch;
  const sha = await repo.git.resolve(ref);
  if (!sha) throw new FakeHttpError(404, { message: `No commit found for the ref ${ref}`, documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content", status: "404" });
  const path = rawPath.replace(/^\/+|\/+$/g, "");
  const type = await repo.git.objectType(sha, path);
  if (type === null) throw notFound();

  if (type === "tree") {
    const entries = await repo.git.listDir(sha, path);
    return { status: 200, body: entries.map((e) => entryShape(repo, path, ref, e)) };
  }

  // A file, symlink or submodule: find its own entry for the mode and size.
  const slash = path.lastIndexOf("/");
  const parent = slash === -1 ? "" : path.slice(0, slash);
  const name = slash === -1 ? path : path.slice(slash + 1);
  const entry = (await repo.git.listDir(sha, parent)).find((e) => e.name === name);
  if (!entry) throw notFound();
  const base = entryShape(repo, parent, ref, entry);

  if (base.type === "submodule") return { status: 200, body: { ...base, submodule_git_url: null } };
  const content = await repo.git.readFile(sha, path);
  if (content === null) throw notFound();
  if (base.type === "symlink") return { status: 200, body: { ...base, target: content.toString("utf8") } };
  if (content.length > CONTENTS_MAX_BYTES) {
    throw new FakeHttpError(403, {
      message: "This API returns blobs up to 1 MB in size. The requested blob is too large to fetch via the API, but you can use the Git Data API to request blobs up to 100 MB in size.",
      errors: [{ resource: "Blob", field: "data", code: "too_large" }],
      documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content",
      status: "403",
    });
  }
  return {
    status: 200,
    body: {
      ...base,
      encoding: "base64",
      // GitHub wraps the base64 at 60 characters.
      content: content.toString("base64").replace(/(.{60})/g, "$1\n"),
    },
  };
}

const PUT_DOCS = "https://docs.github.com/rest/repos/contents#create-or-update-file-contents";

const putError = (status: number, message: string): FakeHttpError => httpError(status, message, PUT_DOCS);

/** GitHub's schema check of the request body: `Invalid request.\n\n"sha" wasn't supplied.` */
function notSupplied(field: string): FakeHttpError {
  return putError(422, `Invalid request.\n\n"${field}" wasn't supplied.`);
}

function identityFrom(value: unknown): GitIdentity | undefined {
  if (!value || typeof value !== "object") return undefined;
  const { name, email } = value as { name?: unknown; email?: unknown };
  return typeof name === "string" && typeof email === "string" ? { name, email } : undefined;
}

/**
 * `PUT /repos/{o}/{r}/contents/{path}` as GitHub answers it: one commit on `branch` (default: the default branch)
 * that writes the base64 `content` to `path`. Replacing a file needs its current blob `sha`: none → 422
 * `"sha" wasn't supplied`, another one → 409 `<path> does not match <sha>`. A branch that does not exist → 404
 * (only the first file of an empty repository may create the default branch). Like GitHub, unchanged content
 * still makes a commit: a caller that wants none compares blob shas first. 201 for a new file, 200 for a replaced one.
 */
async function putFile(ctx: RouteContext, rawPath: string): Promise<RouteResult> {
  const { repo } = ctx;
  const b = bodyObject(ctx);
  const path = rawPath.replace(/^\/+|\/+$/g, "");
  const message = str(b.message);
  if (message === undefined) throw notSupplied("message");
  if (typeof b.content !== "string") throw notSupplied("content");
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(b.content)) throw putError(422, "content is not valid Base64");
  const content = Buffer.from(b.content, "base64");
  const branch = str(b.branch) ?? repo.defaultBranch;
  const expectedSha = str(b.sha);
  const author = identityFrom(b.author) ?? identityFrom(b.committer) ?? repo.identityOf(ctx.login);

  const { before, after, created } = await repo.git.exclusive(async () => {
    const head = await repo.git.branchSha(branch);
    const emptyRepository = !head && branch === repo.defaultBranch && (await repo.git.branches()).length === 0;
    if (!head && !emptyRepository) throw putError(404, `Branch ${branch} not found`);
    const existingType = head ? await repo.git.objectType(head, path) : null;
    if (existingType === "tree") throw putError(422, `${path} is a directory`);
    const existingSha = head && existingType ? await repo.git.blobSha(head, path) : null;
    if (existingSha && expectedSha === undefined) throw notSupplied("sha");
    if (existingSha && expectedSha !== existingSha) throw putError(409, `${path} does not match ${expectedSha}`);
    const sha = await repo.git.buildCommit(head, { [path]: content }, message, author);
    // A push that landed since we read the head: GitHub refuses rather than dropping it.
    if (!(await repo.git.updateRef(`refs/heads/${branch}`, sha, head))) throw putError(409, "Reference update failed");
    return { before: head, after: sha, created: existingSha === null };
  });
  await repo.handlePush([{ ref: `refs/heads/${branch}`, before, after }], ctx.login);

  const slash = path.lastIndexOf("/");
  const parent = slash === -1 ? "" : path.slice(0, slash);
  const entry = (await repo.git.listDir(after, parent)).find((e) => e.name === path.slice(slash + 1));
  if (!entry) throw new Error(`committed ${path} is missing from ${after}`);
  const commit = await repo.git.commit(after);
  return {
    status: created ? 201 : 200,
    body: { content: entryShape(repo, parent, branch, entry), commit: gitCommitShape(repo, commit) },
  };
}

export function contentsRoutes(): Route[] {
  return [
    route("GET", `${R}/contents`, (ctx) => contents(ctx, "")),
    route("GET", `${R}/contents/:path+`, (ctx) => contents(ctx, ctx.params.path ?? "")),
    route("PUT", `${R}/contents/:path+`, (ctx) => putFile(ctx, ctx.params.path ?? "")),
  ];
}
