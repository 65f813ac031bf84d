import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "../../core/logger.js";
import { reportError } from "../../observability/report-error.js";
import { header, type HttpRoute } from "../http-route.js";

export const ADMIN_QUEUES_PATH = "/admin/queues";
export const ADMIN_QUEUES_REALM = "Shopfloor queues";

export interface AdminQueuesRouteDeps {
  user: string;
  /** Without a password there is no board: the path answers 404 like any unknown one. */
  password: string | undefined;
  /** Show the queues without retry, clean, promote, pause or remove actions. */
  readOnly: boolean;
  queues: readonly Queue[];
  logger: Logger;
}

/**
 * The operators' queue board (bull-board) under /admin/queues, behind HTTP Basic auth. It is an Express
 * app mounted as one prefix route, so it serves its pages, static files and JSON API the same way
 * whichever server the web role runs (Bolt's HTTP receiver, Socket Mode, or the plain server).
 */
export function adminQueuesRoute(deps: AdminQueuesRouteDeps): HttpRoute | null {
  const { password } = deps;
  if (!password) return null;

  const board = new ExpressAdapter().setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: deps.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: deps.readOnly, allowRetries: !deps.readOnly })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: "Shopfloor queues", hideDocsLink: true } },
  });

  const app = express();
  app.disable("x-powered-by");
  // Express renders stack traces into error pages outside "production"; nothing of the server is shown here.
  app.set("env", "production");
  app.use(requireBasicAuth(deps.user, password, deps.logger));
  app.use(refuseCrossSiteWrites);
  app.use(ADMIN_QUEUES_PATH, board.getRouter() as express.Router);
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    reportError(err, { role: "web" });
    deps.logger.error({ err: String(err), path: req.path }, "queue board failed");
    if (res.headersSent) return void res.destroy();
    res.status(500).type("text/plain").send("internal error");
  });

  return {
    path: ADMIN_QUEUES_PATH,
    prefix: true,
    method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    handler: (req: IncomingMessage, res: ServerResponse) =>
      new Promise<void>((resolve) => {
        res.once("close", resolve);
        app(req, res);
      }),
  };
}

/**
 * Every request, static files included, needs the user and password. Both are compared in constant time
 * (over digests, so their lengths do not show either), and a refusal says nothing beyond the realm.
 */
function requireBasicAuth(user: string, password: string, logger: Logger) {
  const expectedUser = digest(user);
  const expectedPassword = digest(password);
  return (req: Request, res: Response, next: NextFunction) => {
    const given = parseBasicAuth(header(req, "authorization"));
    if (given) {
      const userOk = timingSafeEqual(digest(given.user), expectedUser);
      const passwordOk = timingSafeEqual(digest(given.password), expectedPassword);
      if (userOk && passwordOk) return next();
      logger.warn({ path: req.path, remote: req.socket.remoteAddress }, "queue board: wrong credentials");
    }
    res.status(401).set({ "www-authenticate": `Basic realm="${ADMIN_QUEUES_REALM}"`, "cache-control": "no-store" }).type("text/plain").send("authentication required");
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

function parseBasicAuth(value: string | undefined): { user: string; password: string } | null {
  const match = /^Basic +([A-Za-z0-9+/=]+)$/i.exec(value?.trim() ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Browsers send Basic credentials with any request to the board, including one a foreign page makes them
 * send: a write whose Origin is not the board's own host is refused.
 */
function refuseCrossSiteWrites(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const origin = header(req, "origin");
  if (origin !== undefined && hostOf(origin) !== header(req, "host")) {
    res.status(403).type("text/plain").send("cross-site request refused");
    return;
  }
  next();
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
