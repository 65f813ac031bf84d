import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, ErrorCode } from "../core/errors.js";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRoute {
  path: string;
  method: HttpMethod | readonly HttpMethod[];
  /**
   * Also answer every path below `path` (`/admin/queues/api/queues`, …): for an app mounted there that does its
   * own routing. `path` itself stays a plain path, without pattern characters.
   */
  prefix?: boolean;
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

export function routeMethods(route: HttpRoute): HttpMethod[] {
  return typeof route.method === "string" ? [route.method] : [...route.method];
}

/** Whether a request (its method and its path without the query) is for this route. */
export function routeMatches(route: HttpRoute, method: string | undefined, path: string): boolean {
  if (!routeMethods(route).some((m) => m === method?.toUpperCase())) return false;
  return path === route.path || (route.prefix === true && path.startsWith(`${route.path}/`));
}

/**
 * The route's path as Bolt's receivers match it (path-to-regexp 8): a prefix route becomes
 * `/admin/queues{/*rest}`, which matches the path itself and everything below it.
 */
export function boltRoutePath(route: HttpRoute): string {
  if (/[:*?+(){}[\]!\\]/.test(route.path)) throw new AppError(ErrorCode.Internal, `route path ${route.path} must be a plain path`);
  return route.prefix ? `${route.path}{/*rest}` : route.path;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

export class BodyTooLargeError extends Error {}

/**
 * Reads the raw body (signatures are computed over the exact bytes) with a size limit. Past the limit it stops reading
 * but leaves the request open, so the caller can drain the rest (`req.resume()`) and the sender still gets the answer.
 */
export async function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) throw new BodyTooLargeError(`body larger than ${limitBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
