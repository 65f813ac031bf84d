import type { Registry } from "prom-client";
import { sendJson, type HttpRoute } from "../http-route.js";

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

/** /healthz: the process is up. /readyz: every dependency answers (503 otherwise, with which one). */
export function healthRoutes(deps: { checks: ReadinessCheck[]; timeoutMs?: number }): HttpRoute[] {
  const timeoutMs = deps.timeoutMs ?? 2_000;
  return [
    { path: "/healthz", method: "GET", handler: (_req, res) => sendJson(res, 200, { status: "ok" }) },
    {
      path: "/readyz",
      method: "GET",
      handler: async (_req, res) => {
        const results = await Promise.all(
          deps.checks.map(async ({ name, check }) => {
            try {
              await Promise.race([
                check(),
                new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref()),
              ]);
              return [name, "ok"] as const;
            } catch (e) {
              return [name, e instanceof Error ? e.message : String(e)] as const;
            }
          }),
        );
        const ready = results.every(([, s]) => s === "ok");
        sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready", checks: Object.fromEntries(results) });
      },
    },
  ];
}

export function metricsRoute(deps: { registry: Registry; beforeScrape?: () => Promise<void> }): HttpRoute {
  return {
    path: "/metrics",
    method: "GET",
    handler: async (_req, res) => {
      await deps.beforeScrape?.().catch(() => {});
      const body = await deps.registry.metrics();
      res.writeHead(200, { "content-type": deps.registry.contentType });
      res.end(body);
    },
  };
}
