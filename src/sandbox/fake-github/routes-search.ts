import { validationFailed } from "./http-errors.js";
import { MAX_SEARCH_TEXT, parseIssueSearch, searchIssues } from "./issue-search.js";
import type { IssueRecord } from "./model-types.js";
import { issueShape } from "./rest-shapes.js";
import { pageParams, paginate, route, type Route, type RouteContext } from "./router.js";

/**
 * `GET /search/issues`: `{ total_count, incomplete_results, items }` with the issue JSON of the issues
 * endpoints plus `score`, `per_page`/`page` and a Link header. Query syntax and matching: issue-search.ts.
 * GitHub's limits are enforced: `q` is required, its free text is at most 256 characters, only the first
 * 1000 results can be paged to, and naming a repository the token cannot see is a 422.
 */

const MAX_RESULTS = 1000;

function sortKey(ctx: RouteContext, issue: IssueRecord, sort: string): number {
  if (sort === "comments") return ctx.repo.commentCount(issue.number);
  return Date.parse(sort === "updated" ? issue.updatedAt : issue.createdAt);
}

export function searchRoutes(): Route[] {
  return [
    route("GET", "/search/issues", (ctx) => {
      const q = ctx.query.get("q") ?? "";
      if (!q.trim()) throw validationFailed([{ resource: "Search", field: "q", code: "missing" }]);
      const query = parseIssueSearch(q);
      if (query.textLength > MAX_SEARCH_TEXT) {
        throw validationFailed([{ resource: "Search", field: "q", code: "invalid", message: `The search is longer than ${MAX_SEARCH_TEXT} characters.` }]);
      }
      if (query.repos.length && !query.repos.includes(ctx.repo.fullName.toLowerCase())) {
        throw validationFailed([
          {
            resource: "Search",
            field: "q",
            code: "invalid",
            message: "The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.",
          },
        ]);
      }
      const { perPage, page } = pageParams(ctx.query);
      if ((page - 1) * perPage >= MAX_RESULTS) {
        throw validationFailed([], "Only the first 1000 search results are available");
      }

      const comments = (n: number) => (query.fields.has("comments") ? ctx.repo.listComments(n).map((c) => c.body) : []);
      let hits = searchIssues(ctx.repo.issues.values(), query, (i) => ({
        number: i.number,
        title: i.title,
        body: i.body,
        labels: i.labels,
        state: i.state,
        isPullRequest: i.pull !== undefined,
        author: i.author,
        updatedAt: i.updatedAt,
        comments: comments(i.number),
      }));
      const sort = ctx.query.get("sort");
      if (sort === "comments" || sort === "created" || sort === "updated") {
        const dir = ctx.query.get("order") === "asc" ? 1 : -1;
        hits = [...hits].sort((a, b) => (sortKey(ctx, a.item, sort) - sortKey(ctx, b.item, sort) || a.item.number - b.item.number) * dir);
      }

      const visible = hits.slice(0, MAX_RESULTS);
      const { items, headers } = paginate(ctx, visible);
      return {
        status: 200,
        headers,
        body: {
          total_count: hits.length,
          incomplete_results: false,
          items: items.map(({ item, score }) => ({ ...issueShape(ctx.repo, item), score: Math.max(1, score) })),
        },
      };
    }),
  ];
}
