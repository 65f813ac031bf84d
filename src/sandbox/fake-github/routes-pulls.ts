import { notFound, validationFailed } from "./http-errors.js";
import type { MergeMethod, ReviewCommentInput } from "./pull-model.js";
import { commitShape, fileShape, pullShape, reviewCommentShape, reviewShape } from "./rest-shapes.js";
import { bodyObject, intParam, paged, route, str, type Route } from "./router.js";

/** Pull requests, merges, reviews and review comments (`/repos/{o}/{r}/pulls…`). */

const R = "/repos/:owner/:repo";

function commentInputs(value: unknown): ReviewCommentInput[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationFailed([{ resource: "PullRequestReview", code: "invalid", field: "comments" }]);
  return value.map((c: Record<string, unknown>) => ({
    ...(c.path !== undefined ? { path: String(c.path) } : {}),
    ...(c.line !== undefined ? { line: Number(c.line) } : {}),
    ...(c.side !== undefined ? { side: String(c.side) as "LEFT" | "RIGHT" } : {}),
    ...(c.start_line !== undefined ? { start_line: Number(c.start_line) } : {}),
    ...(c.start_side !== undefined ? { start_side: String(c.start_side) as "LEFT" | "RIGHT" } : {}),
    ...(c.position !== undefined ? { position: Number(c.position) } : {}),
    ...(c.body !== undefined ? { body: String(c.body) } : {}),
  }));
}

export function pullRoutes(): Route[] {
  return [
    route("GET", `${R}/pulls`, (ctx) => {
      const state = ctx.query.get("state") ?? "open";
      if (!["open", "closed", "all"].includes(state)) throw validationFailed([{ resource: "PullRequest", code: "invalid", field: "state" }]);
      const head = ctx.query.get("head");
      const base = ctx.query.get("base");
      const sort = ctx.query.get("sort");
      const direction = ctx.query.get("direction");
      const rows = ctx.repo.pulls.list({
        state: state as "open" | "closed" | "all",
        ...(head ? { head } : {}),
        ...(base ? { base } : {}),
        ...(sort ? { sort: sort as "created" | "updated" } : {}),
        ...(direction ? { direction: direction === "asc" ? "asc" : "desc" } : {}),
      });
      return paged(ctx, rows, (p) => pullShape(ctx.repo, p));
    }),
    route("POST", `${R}/pulls`, async (ctx) => {
      const b = bodyObject(ctx);
      const pr = await ctx.repo.pulls.open({
        head: str(b.head) ?? "",
        base: str(b.base) ?? "",
        title: str(b.title) ?? "",
        body: str(b.body) ?? null,
        draft: Boolean(b.draft),
        author: ctx.login,
        ...(b.maintainer_can_modify !== undefined ? { maintainerCanModify: Boolean(b.maintainer_can_modify) } : {}),
      });
      return { status: 201, body: await pullShape(ctx.repo, pr, { full: true }), headers: { location: `${ctx.repo.apiUrl}/repos/${ctx.repo.fullName}/pulls/${pr.number}` } };
    }),
    route("GET", `${R}/pulls/comments/:id`, async (ctx) => ({ status: 200, body: await reviewCommentShape(ctx.repo, ctx.repo.pulls.getReviewComment(intParam(ctx, "id"))) })),
    route("PATCH", `${R}/pulls/comments/:id`, async (ctx) => ({
      status: 200,
      body: await reviewCommentShape(ctx.repo, ctx.repo.pulls.updateReviewComment(intParam(ctx, "id"), str(bodyObject(ctx).body) ?? "", ctx.login)),
    })),
    route("DELETE", `${R}/pulls/comments/:id`, (ctx) => {
      ctx.repo.pulls.deleteReviewComment(intParam(ctx, "id"));
      return { status: 204 };
    }),
    route("GET", `${R}/pulls/:number`, async (ctx) => {
      const pr = await ctx.repo.pulls.read(intParam(ctx, "number"));
      return { status: 200, body: await pullShape(ctx.repo, pr, { full: true }) };
    }),
    route("PATCH", `${R}/pulls/:number`, async (ctx) => {
      const b = bodyObject(ctx);
      const number = intParam(ctx, "number");
      await ctx.repo.pulls.update(
        number,
        {
          ...(b.title !== undefined ? { title: str(b.title) ?? "" } : {}),
          ...(b.body !== undefined ? { body: str(b.body) ?? null } : {}),
          ...(b.state !== undefined ? { state: str(b.state) as "open" | "closed" } : {}),
          ...(b.base !== undefined ? { base: str(b.base) ?? "" } : {}),
        },
        ctx.login,
      );
      return { status: 200, body: await pullShape(ctx.repo, ctx.repo.pulls.get(number), { full: true }) };
    }),
    route("GET", `${R}/pulls/:number/files`, async (ctx) => {
      const number = intParam(ctx, "number");
      const files = await ctx.repo.pulls.files(number);
      const head = ctx.repo.pulls.get(number).pull.headSha;
      return paged(ctx, files, (f) => fileShape(ctx.repo, f, head));
    }),
    route("GET", `${R}/pulls/:number/commits`, async (ctx) => {
      const commits = await ctx.repo.pulls.commits(intParam(ctx, "number"));
      return paged(ctx, commits, (c) => commitShape(ctx.repo, c));
    }),
    route("GET", `${R}/pulls/:number/merge`, (ctx) => {
      if (!ctx.repo.pulls.get(intParam(ctx, "number")).pull.merged) throw notFound();
      return { status: 204 };
    }),
    route("PUT", `${R}/pulls/:number/merge`, async (ctx) => {
      const b = bodyObject(ctx);
      const result = await ctx.repo.pulls.merge(intParam(ctx, "number"), {
        ...(b.sha !== undefined ? { sha: str(b.sha) ?? "" } : {}),
        ...(b.merge_method !== undefined ? { method: str(b.merge_method) as MergeMethod } : {}),
        ...(b.commit_title !== undefined ? { commitTitle: str(b.commit_title) ?? "" } : {}),
        ...(b.commit_message !== undefined ? { commitMessage: str(b.commit_message) ?? "" } : {}),
        actor: ctx.login,
      });
      return { status: 200, body: result };
    }),
    route("PUT", `${R}/pulls/:number/update-branch`, async (ctx) => {
      const number = intParam(ctx, "number");
      await ctx.repo.pulls.updateBranch(number, str(bodyObject(ctx).expected_head_sha), ctx.login);
      return { status: 202, body: { message: "Updating pull request branch.", url: `${ctx.repo.webUrl}/${ctx.repo.fullName}/pull/${number}` } };
    }),
    route("GET", `${R}/pulls/:number/requested_reviewers`, (ctx) => {
      ctx.repo.pulls.get(intParam(ctx, "number"));
      return { status: 200, body: { users: [], teams: [] } };
    }),
    route("GET", `${R}/pulls/:number/reviews`, (ctx) => paged(ctx, ctx.repo.pulls.listReviews(intParam(ctx, "number")).filter((r) => r.state !== "PENDING" || r.author === ctx.login), (r) => reviewShape(ctx.repo, r))),
    route("POST", `${R}/pulls/:number/reviews`, async (ctx) => {
      const b = bodyObject(ctx);
      const review = await ctx.repo.pulls.createReview(
        intParam(ctx, "number"),
        {
          ...(b.commit_id !== undefined ? { commit_id: str(b.commit_id) ?? "" } : {}),
          ...(b.body !== undefined ? { body: str(b.body) ?? "" } : {}),
          ...(b.event !== undefined ? { event: str(b.event) as "APPROVE" | "REQUEST_CHANGES" | "COMMENT" } : {}),
          comments: commentInputs(b.comments),
        },
        ctx.login,
      );
      return { status: 200, body: reviewShape(ctx.repo, review) };
    }),
    route("GET", `${R}/pulls/:number/reviews/:id`, (ctx) => ({ status: 200, body: reviewShape(ctx.repo, ctx.repo.pulls.getReview(intParam(ctx, "number"), intParam(ctx, "id"))) })),
    route("GET", `${R}/pulls/:number/reviews/:id/comments`, async (ctx) => {
      const review = ctx.repo.pulls.getReview(intParam(ctx, "number"), intParam(ctx, "id"));
      const comments = [...ctx.repo.pulls.reviewComments.values()].filter((c) => c.reviewId === review.id);
      return paged(ctx, comments, (c) => reviewCommentShape(ctx.repo, c));
    }),
    route("POST", `${R}/pulls/:number/reviews/:id/events`, async (ctx) => {
      const b = bodyObject(ctx);
      const review = await ctx.repo.pulls.submitReview(intParam(ctx, "number"), intParam(ctx, "id"), str(b.event) as "APPROVE" | "REQUEST_CHANGES" | "COMMENT", str(b.body), ctx.login);
      return { status: 200, body: reviewShape(ctx.repo, review) };
    }),
    route("PUT", `${R}/pulls/:number/reviews/:id/dismissals`, (ctx) => {
      const review = ctx.repo.pulls.dismissReview(intParam(ctx, "number"), intParam(ctx, "id"), str(bodyObject(ctx).message) ?? "", ctx.login);
      return { status: 200, body: reviewShape(ctx.repo, review) };
    }),
    route("GET", `${R}/pulls/:number/comments`, async (ctx) => paged(ctx, ctx.repo.pulls.listReviewComments(intParam(ctx, "number")), (c) => reviewCommentShape(ctx.repo, c))),
    route("POST", `${R}/pulls/:number/comments`, async (ctx) => {
      const b = bodyObject(ctx);
      const [input] = commentInputs([b]);
      const comment = await ctx.repo.pulls.createReviewComment(
        intParam(ctx, "number"),
        { ...input, ...(b.commit_id !== undefined ? { commit_id: str(b.commit_id) ?? "" } : {}), ...(b.in_reply_to !== undefined ? { in_reply_to: Number(b.in_reply_to) } : {}) },
        ctx.login,
      );
      return { status: 201, body: await reviewCommentShape(ctx.repo, comment) };
    }),
    route("POST", `${R}/pulls/:number/comments/:id/replies`, async (ctx) => {
      const comment = await ctx.repo.pulls.reply(intParam(ctx, "number"), intParam(ctx, "id"), str(bodyObject(ctx).body) ?? "", ctx.login);
      return { status: 201, body: await reviewCommentShape(ctx.repo, comment) };
    }),
  ];
}
