import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import type { Config } from "../config/load-config.js";
import { ErrorCode, isAppError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { reportError } from "../observability/report-error.js";
import { boltLogger } from "../slack/bolt-logger.js";
import type { ListenerDeps } from "../slack/listeners/listener-deps.js";
import { registerListeners } from "../slack/listeners/register-listeners.js";
import { SLACK_EVENTS_PATH } from "../slack/slack-surface.js";
import { boltRoutePath, routeMatches, routeMethods, sendJson, type HttpRoute } from "./http-route.js";
import { answerSlackFailure, answerUnhandledSlackRequest, slackRequestGuard } from "./slack-request-guard.js";

export interface WebServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * The web role: Bolt's receiver for Slack (HTTP, or Socket Mode when SLACK_APP_TOKEN is set) plus our
 * own routes (webhooks, health, metrics, the queue board). processBeforeResponse is on because our listeners only
 * enqueue (a few ms): an event is acknowledged after it is safely in Redis, and a failed enqueue answers
 * 500 so Slack redelivers instead of the event being lost.
 */
export async function startWebServer(opts: {
  config: Config;
  routes: HttpRoute[];
  listeners: ListenerDeps;
  logger: Logger;
  port?: number;
}): Promise<WebServer> {
  const { config, logger } = opts;
  const routes = opts.routes.map((r) => guarded(r, logger));
  // Bolt's receivers call custom route handlers without awaiting them: a rejected handler would be an
  // unhandled rejection, which ends the process. Every route is therefore guarded the same way in all modes.
  const customRoutes = routes.map((r) => ({ path: boltRoutePath(r), method: routeMethods(r), handler: r.handler }));
  const port = opts.port ?? config.http.port;
  const slack = config.slack;
  // What the app's error handler saw; the receiver tells a listener's failure from a body Bolt could not process by it.
  const listenerFailures = new WeakSet<object>();
  // Listeners only enqueue; the client is there for Bolt's own needs and never retries in a request.
  const boltApp = (token: string, receiver: InstanceType<typeof HTTPReceiver> | InstanceType<typeof SocketModeReceiver>) => {
    const app = new App({
      token,
      receiver,
      tokenVerificationEnabled: false,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
      logger: boltLogger(logger),
    });
    registerListeners(app, opts.listeners, { refuseUnhandled: receiver instanceof HTTPReceiver });
    // Report, then rethrow: with processBeforeResponse the request then answers 500 and Slack redelivers.
    // A delivery refused as malformed (BAD_REQUEST, 400) or handled by no listener (NOT_FOUND, 404) is no defect of ours.
    app.error(async (e) => {
      if (!(isAppError(e) && (e.code === ErrorCode.BadRequest || e.code === ErrorCode.NotFound))) reportError(e, { role: "web" });
      listenerFailures.add(e);
      throw e;
    });
    return app;
  };

  if (slack.mode === "http" && slack.signingSecret && slack.botToken) {
    const receiver = new HTTPReceiver({
      signingSecret: slack.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      processBeforeResponse: true,
      customRoutes,
      logger: boltLogger(logger),
      unhandledRequestTimeoutMillis: 2_500,
      processEventErrorHandler: answerSlackFailure(listenerFailures, logger),
      unhandledRequestHandler: answerUnhandledSlackRequest,
    });
    receiver.requestListener = slackRequestGuard({ signingSecret: slack.signingSecret, path: SLACK_EVENTS_PATH, logger }, receiver.requestListener);
    refuseFutureSlackRequests(receiver, logger);
    const app = boltApp(slack.botToken, receiver);
    const server = (await app.start(port)) as Server;
    const actual = (server.address() as AddressInfo).port;
    logger.info({ port: actual, slack: "http" }, "web listening");
    return { port: actual, stop: () => app.stop().then(() => undefined) };
  }

  if (slack.mode === "socket" && slack.appToken && slack.botToken) {
    const receiver = new SocketModeReceiver({
      appToken: slack.appToken,
      customRoutes,
      installerOptions: { port },
      logger: boltLogger(logger),
    });
    const app = boltApp(slack.botToken, receiver);
    await app.start();
    logger.info({ port, slack: "socket" }, "web listening (Slack over Socket Mode)");
    return { port, stop: () => app.stop().then(() => undefined) };
  }

  // Slack not configured: serve our own routes alone.
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = routes.find((r) => routeMatches(r, req.method, path));
    if (!route) return sendJson(res, 404, { error: "not found" });
    void route.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const actual = (server.address() as AddressInfo).port;
  logger.info({ port: actual, slack: "off" }, "web listening (Slack not configured)");
  return { port: actual, stop: () => new Promise((r) => server.close(() => r())) };
}

const SLACK_MAX_SKEW_MS = 5 * 60 * 1000;

/**
 * Bolt refuses a Slack request stamped more than five minutes in the past, but not one stamped more than five minutes
 * ahead, which would stay replayable for longer (DESIGN §9 verifies the timestamp both ways). Such a request is
 * refused here, before Bolt reads it; everything else goes on to Bolt's own signature and staleness check.
 */
function refuseFutureSlackRequests(receiver: InstanceType<typeof HTTPReceiver>, logger: Logger): void {
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const stamped = Number(req.headers["x-slack-request-timestamp"]) * 1000;
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method === "POST" && path === SLACK_EVENTS_PATH && stamped - Date.now() > SLACK_MAX_SKEW_MS) {
      logger.warn({ component: "bolt" }, "Slack request refused: x-slack-request-timestamp is more than five minutes in the future");
      sendJson(res, 401, { error: "x-slack-request-timestamp is more than five minutes in the future" });
      return;
    }
    bolt(req, res);
  };
}

/** A route whose failure is reported and answered with 500 instead of escaping the server. */
function guarded(route: HttpRoute, logger: Logger): HttpRoute {
  return {
    ...route,
    handler: async (req, res) => {
      try {
        await route.handler(req, res);
      } catch (e) {
        const path = (req.url ?? "/").split("?")[0] ?? "/";
        reportError(e, { role: "web" });
        logger.error({ err: String(e), path }, "route failed");
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { error: "internal error" });
      }
    },
  };
}
