import type { Container } from "../container.js";
import { startWebServer, type WebServer } from "../http/create-web-server.js";
import type { HttpRoute } from "../http/http-route.js";
import { adminQueuesRoute } from "../http/routes/admin-queues-route.js";
import { githubWebhookRoute } from "../http/routes/github-webhook-route.js";
import { healthRoutes, metricsRoute } from "../http/routes/health-routes.js";
import { sentryWebhookRoute } from "../http/routes/sentry-webhook-route.js";
import type { IngressJob } from "../jobs/job-schemas.js";
import { ingressJobId } from "../jobs/route-ingress.js";
import { sampleQueueDepths } from "../observability/metrics.js";
import { cached } from "./cached.js";

/** The web role: verify, acknowledge, enqueue. No graph ever runs here. */
export async function runWeb(c: Container, opts: { port?: number } = {}): Promise<WebServer> {
  const enqueue = (job: IngressJob) => c.queues.enqueueIngress(job, ingressJobId(job));
  // Webhook routes time their whole request (observe below); Bolt gives no such hook, so Slack deliveries are
  // timed around their enqueue, which is most of their acknowledgement.
  const enqueueFromSlack = async (job: IngressJob) => {
    const started = performance.now();
    await enqueue(job);
    c.metrics.ingressLatency.observe({ route: job.source }, (performance.now() - started) / 1000);
  };
  const observe = (route: string) => (status: number, ms: number) => {
    c.metrics.ingressRequests.inc({ route, status: String(status) });
    c.metrics.ingressLatency.observe({ route }, ms / 1000);
  };
  const slackReachable = cached(60_000, () => c.ports.chat.identity());
  const board = adminQueuesRoute({
    user: c.config.admin.user,
    password: c.config.admin.password,
    readOnly: c.config.admin.queuesReadOnly,
    queues: c.queues.allQueues(),
    logger: c.logger,
  });
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
    metricsRoute({ registry: c.metrics.registry, beforeScrape: () => sampleQueueDepths(c.metrics, () => c.queues.depths(), c.logger) }),
    ...(board ? [board] : []),
  ];
  if (board) c.logger.info({ path: board.path, readOnly: c.config.admin.queuesReadOnly }, "queue board on");
  return startWebServer({
    config: c.config,
    routes,
    listeners: { enqueue: enqueueFromSlack, logger: c.logger, automations: c.graphDeps.settings.automations },
    logger: c.logger,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
  });
}
