import type { IncomingMessage } from "node:http";
import { validationFailed } from "./http-errors.js";
import type { FakeRepo } from "./repo-model.js";

/** A tiny router for GitHub's REST paths, plus the pagination GitHub does (per_page/page + Link header). */

export interface RouteContext {
  req: IncomingMessage;
  method: string;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** Login of the authenticated token. */
  login: string;
  repo: FakeRepo;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

export interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  /** Checked against the configured repository (`/repos/{owner}/{repo}/…`). */
  repoScoped: boolean;
  handler: Handler;
}

/**
 * `/repos/:owner/:repo/issues/:number` → a regex over the raw (still percent-encoded) path. A trailing
 * `+` (`:ref+`) matches slashes too, for refs and file paths.
 */
export function route(method: string, path: string, handler: Handler): Route {
  const names: string[] = [];
  const source = path
    .split("/")
    .map((part) => {
      const m = /^:(\w+)(\+)?$/.exec(part);
      if (!m) return part.replace(/[.*?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]!);
      return m[2] ? "(.+)" : "([^/]+)";
    })
    .join("/");
  return { method, pattern: new RegExp(`^${source}/?$`), names, repoScoped: path.startsWith("/repos/:owner/:repo"), handler };
}

export function matchRoute(routes: Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | null {
  const allowed: string[] = [];
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    if (r.method !== method) {
      allowed.push(r.method);
      continue;
    }
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? "");
    });
    return { route: r, params };
  }
  return allowed.length ? { allowed } : null;
}

// ---------------------------------------------------------------- request helpers

export function bodyObject(ctx: RouteContext): Record<string, unknown> {
  const b = ctx.body;
  return b && typeof b === "object" && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

export function intParam(ctx: RouteContext, name: string): number {
  const n = Number(ctx.params[name]);
  if (!Number.isInteger(n) || n <= 0) throw validationFailed([{ code: "invalid", field: name }]);
  return n;
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : value === undefined || value === null ? undefined : String(value);
}

/** GitHub: `per_page` default 30, max 100; `page` from 1. */
export function pageParams(query: URLSearchParams): { perPage: number; page: number } {
  const rawPer = Number(query.get("per_page") ?? 30);
  const rawPage = Number(query.get("page") ?? 1);
  const perPage = Number.isFinite(rawPer) && rawPer > 0 ? Math.min(Math.floor(rawPer), 100) : 30;
  const page = Number.isFinite(rawPage) && rawPage >= 1 ? Math.floor(rawPage) : 1;
  return { perPage, page };
}

/** The Link header GitHub sends: next/last when there is more, first/prev after the first page. */
export function linkHeader(ctx: RouteContext, page: number, lastPage: number): string | undefined {
  const host = ctx.req.headers.host ?? "127.0.0.1";
  const at = (p: number) => {
    const u = new URL(`http://${host}${ctx.url.pathname}`);
    for (const [k, v] of ctx.query) if (k !== "page") u.searchParams.append(k, v);
    u.searchParams.set("page", String(p));
    return u.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${at(page - 1)}>; rel="prev"`);
  if (page < lastPage) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(lastPage)}>; rel="last"`);
  if (page > 1) links.push(`<${at(1)}>; rel="first"`);
  return links.length ? links.join(", ") : undefined;
}

export function paginate<T>(ctx: RouteContext, items: T[]): { items: T[]; headers: Record<string, string> } {
  const { perPage, page } = pageParams(ctx.query);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const link = linkHeader(ctx, page, lastPage);
  return { items: items.slice((page - 1) * perPage, page * perPage), headers: link ? { link } : {} };
}

export async function paged<T>(ctx: RouteContext, items: T[], shape: (item: T) => unknown | Promise<unknown>): Promise<RouteResult> {
  const { items: slice, headers } = paginate(ctx, items);
  return { status: 200, body: await Promise.all(slice.map(shape)), headers };
}
