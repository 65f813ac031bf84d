import type { Container } from "../container.js";
import { startWebServer, type WebServer } from "../http/create-web-server.js";
import type { HttpRoute } from "../http/http-route.js";
import { githubWebhookRoute } from "../http/routes/github-webhook-route.js";
import { healthRoutes, metricsRoute } from "../http/routes/health-routes.js";
import { sentryWebhookRoute } from "../http/routes/sentry-webhook-route.js";
import type { IngressJob } from "../jobs/job-schemas.js";
import { ingressJobId } from "../jobs/route-ingress.js";
import { cached } from "./cached.js";

/** The web role: verify, acknowledge, enqueue. No graph ever runs here. */
export async function runWeb(c: Container, opts: { port?: number } = {}): Promise<WebServer> {
  const enqueue = async (job: IngressJob) => {
    const started = performance.now();
    await c.queues.enqueueIngress(job, ingressJobId(job));
    c.metrics.ingressLatency.observe({ route: job.source }, (performance.now() - started) / 1000);
  };
  const observe = (route: string) => (status: number, ms: number) => {
    c.metrics.ingressRequests.inc({ route, status: String(status) });
    c.metrics.ingressLatency.observe({ route }, ms / 1000);
  };
  const slackReachable = cached(60_000, () => c.ports.chat.identity());
  const routes: HttpRoute[] = [
    githubWebhookRoute({ secret: c.config.github.webhookSecret, enqueue, logger: c.logger, observe: observe("github") }),
    sentryWebhookRoute({ secret: c.config.sentry.webhookSecret, enqueue, logger: c.logger, observe: observe("sentry") }),
    ...healthRoutes({
      checks: [
        { name: "postgres", check: async () => void (await c.pool.query("SELECT 1")) },
        { name: "redis", check: async () => void (await c.redis.ping()) },
        ...(c.config.slack.mode !== "off" ? [{ name: "slack", check: async () => void (await slackReachable()) }] : []),
      ],
    }),
    metricsRoute({
      registry: c.metrics.registry,
      beforeScrape: async () => {
        for (const q of await c.queues.depths()) {
          for (const state of ["waiting", "active", "delayed", "failed"] as const) c.metrics.queueDepth.set({ queue: q.name, state }, q[state]);
        }
      },
    }),
  ];
  return startWebServer({
    config: c.config,
    routes,
    listeners: { enqueue, logger: c.logger },
    logger: c.logger,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
  });
}
