import { validationFailed } from "./http-errors.js";
import { issueTimeline } from "./issue-timeline.js";
import type { IssueRecord } from "./model-types.js";
import { commentShape, issueShape, labelShape } from "./rest-shapes.js";
import { bodyObject, intParam, paged, route, str, type Route, type RouteContext } from "./router.js";

/** Issues, labels, issue comments and timelines (`/repos/{o}/{r}/issues…`, `/labels…`). */

const R = "/repos/:owner/:repo";
const STATE_REASONS: readonly string[] = ["completed", "not_planned", "duplicate", "reopened"];

function labelNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value && typeof value === "object" && "labels" in value ? (value as { labels: unknown }).labels : undefined;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw validationFailed([{ resource: "Label", code: "invalid", field: "labels" }]);
  return list.map((l) => (l && typeof l === "object" && "name" in l ? String((l as { name: unknown }).name) : String(l)));
}

function stateParam(ctx: RouteContext): "open" | "closed" | "all" {
  const s = ctx.query.get("state") ?? "open";
  if (s !== "open" && s !== "closed" && s !== "all") throw validationFailed([{ resource: "Issue", code: "invalid", field: "state" }]);
  return s;
}

export function issueRoutes(): Route[] {
  return [
    route("GET", `${R}/issues`, (ctx) => {
      const sort = ctx.query.get("sort") ?? "created";
      const direction = ctx.query.get("direction") ?? "desc";
      if (!["created", "updated", "comments"].includes(sort)) throw validationFailed([{ resource: "Issue", code: "invalid", field: "sort" }]);
      const labels = ctx.query.get("labels");
      const since = ctx.query.get("since");
      const creator = ctx.query.get("creator");
      const assignee = ctx.query.get("assignee");
      const rows = ctx.repo.listIssues({
        state: stateParam(ctx),
        ...(labels ? { labels: labels.split(",") } : {}),
        ...(since ? { since } : {}),
        sort: sort as "created" | "updated" | "comments",
        direction: direction === "asc" ? "asc" : "desc",
        ...(creator ? { creator } : {}),
        ...(assignee ? { assignee } : {}),
      });
      return paged(ctx, rows, (i) => issueShape(ctx.repo, i));
    }),
    route("POST", `${R}/issues`, (ctx) => {
      const b = bodyObject(ctx);
      const issue = ctx.repo.createIssue({
        title: str(b.title) ?? "",
        body: str(b.body) ?? null,
        labels: labelNames({ labels: b.labels ?? [] }),
        assignees: Array.isArray(b.assignees) ? b.assignees.map(String) : [],
        author: ctx.login,
      });
      return { status: 201, body: issueShape(ctx.repo, issue, { full: true }), headers: { location: `${ctx.repo.apiUrl}/repos/${ctx.repo.fullName}/issues/${issue.number}` } };
    }),
    route("GET", `${R}/issues/comments/:id`, (ctx) => ({ status: 200, body: commentShape(ctx.repo, ctx.repo.getComment(intParam(ctx, "id"))) })),
    route("PATCH", `${R}/issues/comments/:id`, (ctx) => ({
      status: 200,
      body: commentShape(ctx.repo, ctx.repo.updateComment(intParam(ctx, "id"), str(bodyObject(ctx).body) ?? "", ctx.login)),
    })),
    route("DELETE", `${R}/issues/comments/:id`, (ctx) => {
      ctx.repo.deleteComment(intParam(ctx, "id"), ctx.login);
      return { status: 204 };
    }),
    route("GET", `${R}/issues/:number`, (ctx) => ({ status: 200, body: issueShape(ctx.repo, ctx.repo.getIssue(intParam(ctx, "number")), { full: true }) })),
    route("PATCH", `${R}/issues/:number`, (ctx) => {
      const b = bodyObject(ctx);
      const patch: Parameters<typeof ctx.repo.updateIssue>[1] = {};
      if (b.title !== undefined) patch.title = str(b.title) ?? "";
      if (b.body !== undefined) patch.body = str(b.body) ?? null;
      if (b.state !== undefined) patch.state = str(b.state) as "open" | "closed";
      if (b.state_reason !== undefined) {
        const reason = str(b.state_reason) ?? null;
        if (reason !== null && !STATE_REASONS.includes(reason)) throw validationFailed([{ resource: "Issue", code: "invalid", field: "state_reason" }]);
        patch.state_reason = reason as IssueRecord["stateReason"];
      }
      if (b.labels !== undefined) patch.labels = labelNames({ labels: b.labels });
      if (b.assignees !== undefined) patch.assignees = Array.isArray(b.assignees) ? b.assignees.map(String) : [];
      const issue = ctx.repo.updateIssue(intParam(ctx, "number"), patch, ctx.login);
      return { status: 200, body: issueShape(ctx.repo, issue, { full: true }) };
    }),
    route("GET", `${R}/issues/:number/labels`, (ctx) => {
      const issue = ctx.repo.getIssue(intParam(ctx, "number"));
      return paged(ctx, issue.labels.map((n) => ctx.repo.getLabel(n)), (l) => labelShape(ctx.repo, l));
    }),
    route("POST", `${R}/issues/:number/labels`, (ctx) => {
      const names = labelNames(ctx.body);
      if (names.length === 0) throw validationFailed([{ resource: "Label", code: "missing_field", field: "labels" }]);
      const labels = ctx.repo.addLabels(intParam(ctx, "number"), names, ctx.login);
      return { status: 200, body: labels.map((n) => labelShape(ctx.repo, ctx.repo.getLabel(n))) };
    }),
    route("PUT", `${R}/issues/:number/labels`, (ctx) => {
      const labels = ctx.repo.setLabels(intParam(ctx, "number"), labelNames(ctx.body), ctx.login);
      return { status: 200, body: labels.map((n) => labelShape(ctx.repo, ctx.repo.getLabel(n))) };
    }),
    route("DELETE", `${R}/issues/:number/labels`, (ctx) => {
      ctx.repo.setLabels(intParam(ctx, "number"), [], ctx.login);
      return { status: 204 };
    }),
    route("DELETE", `${R}/issues/:number/labels/:name`, (ctx) => {
      const labels = ctx.repo.removeLabel(intParam(ctx, "number"), ctx.params.name ?? "", ctx.login);
      return { status: 200, body: labels.map((n) => labelShape(ctx.repo, ctx.repo.getLabel(n))) };
    }),
    route("GET", `${R}/issues/:number/comments`, (ctx) => {
      const since = ctx.query.get("since") ?? undefined;
      return paged(ctx, ctx.repo.listComments(intParam(ctx, "number"), since), (c) => commentShape(ctx.repo, c));
    }),
    route("POST", `${R}/issues/:number/comments`, (ctx) => {
      const comment = ctx.repo.createComment(intParam(ctx, "number"), str(bodyObject(ctx).body) ?? "", ctx.login);
      return { status: 201, body: commentShape(ctx.repo, comment), headers: { location: `${ctx.repo.apiUrl}/repos/${ctx.repo.fullName}/issues/comments/${comment.id}` } };
    }),
    route("GET", `${R}/issues/:number/timeline`, async (ctx) => paged(ctx, await issueTimeline(ctx.repo, intParam(ctx, "number")), (e) => e)),
    route("GET", `${R}/labels`, (ctx) => paged(ctx, ctx.repo.listLabels(), (l) => labelShape(ctx.repo, l))),
    route("POST", `${R}/labels`, (ctx) => {
      const b = bodyObject(ctx);
      const label = ctx.repo.createLabel({ name: str(b.name) ?? "", ...(b.color !== undefined ? { color: str(b.color) ?? "" } : {}), description: str(b.description) ?? null });
      return { status: 201, body: labelShape(ctx.repo, label) };
    }),
    route("GET", `${R}/labels/:name`, (ctx) => ({ status: 200, body: labelShape(ctx.repo, ctx.repo.getLabel(ctx.params.name ?? "")) })),
    route("PATCH", `${R}/labels/:name`, (ctx) => {
      const b = bodyObject(ctx);
      const label = ctx.repo.updateLabel(ctx.params.name ?? "", {
        ...(b.new_name !== undefined ? { new_name: str(b.new_name) ?? "" } : {}),
        ...(b.color !== undefined ? { color: str(b.color) ?? "" } : {}),
        ...(b.description !== undefined ? { description: str(b.description) ?? null } : {}),
      });
      return { status: 200, body: labelShape(ctx.repo, label) };
    }),
    route("DELETE", `${R}/labels/:name`, (ctx) => {
      ctx.repo.deleteLabel(ctx.params.name ?? "");
      return { status: 204 };
    }),
  ];
}
