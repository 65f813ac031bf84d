import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { FakeApp, type FakeAppOptions } from "./app-auth.js";
import { Faults, type RequestLogEntry } from "./faults.js";
import { GitStore, ZERO_SHA } from "./git-store.js";
import { gitHttpUrl, parseGitPath, serveGitHttp, type GitHttpOptions } from "./git-http.js";
import { execute, type GqlResponse } from "./graphql/execute.js";
import { GqlSyntaxError, parseDocument } from "./graphql/parse.js";
import { buildRoots } from "./graphql/schema.js";
import { DOCS, FakeHttpError, httpError, notFound } from "./http-errors.js";
import { FakeRepo, type RepoEvent } from "./repo-model.js";
import { matchRoute, type Route, type RouteContext, type RouteResult } from "./router.js";
import { issueRoutes } from "./routes-issues.js";
import { pullRoutes } from "./routes-pulls.js";
import { contentsRoutes } from "./routes-contents.js";
import { gitTreeRoutes } from "./routes-git-trees.js";
import { repoRoutes } from "./routes-repo.js";
import { searchRoutes } from "./routes-search.js";
import { userShape } from "./rest-shapes.js";
import * as payloads from "./webhook-payloads.js";
import { createWebhookSender, type WebhookDelivery, type WebhookSender } from "./webhook-sender.js";

export interface FakeGithubOptions {
  owner?: string;
  repo?: string;
  /** The token clients must send (`Authorization: token …` or `Bearer …`). */
  token?: string;
  /** Login the token belongs to (default `shopfloor-bot`). */
  login?: string;
  /** More tokens, each acting as a login (a human reviewer, an approver). */
  tokens?: Record<string, string>;
  /** Where to put the bare repository; a temporary directory (removed on close) by default. */
  dir?: string;
  port?: number;
  defaultBranch?: string;
  private?: boolean;
  /** Base of `html_url`s (default https://github.com, so links read like the real ones). */
  webUrl?: string;
  /** Play a GitHub App installation: `@octokit/auth-app` can mint installation tokens against the fake. */
  app?: FakeAppOptions;
  /** Clock for timestamps (tests that need old issues). */
  clock?: () => Date;
  /** Install a post-receive hook so `git push` into the bare repo updates pull requests at once (default true). */
  pushHook?: boolean;
}

export interface WebhookSubscription {
  readonly sender: WebhookSender;
  readonly deliveries: readonly WebhookDelivery[];
  /** Resolves once every event emitted so far has been delivered. */
  idle(): Promise<void>;
  close(): void;
}

/** Payload builders over the current state, for tests and the demo to send with a WebhookSender. */
export interface PayloadBuilders {
  issuesOpened(number: number, sender?: string): Promise<Record<string, unknown>>;
  issues(action: string, number: number, sender?: string): Promise<Record<string, unknown>>;
  pullRequestOpened(number: number, sender?: string): Promise<Record<string, unknown>>;
  pullRequestSynchronize(number: number, before: string, sender?: string): Promise<Record<string, unknown>>;
  pullRequest(action: string, number: number, sender?: string): Promise<Record<string, unknown>>;
  issueCommentCreated(commentId: number, sender?: string): Promise<Record<string, unknown>>;
  checkRunCompleted(checkRunId: number, sender?: string): Promise<Record<string, unknown>>;
  pullRequestReviewSubmitted(reviewId: number, sender?: string): Promise<Record<string, unknown>>;
}

export interface FakeGithub {
  /** REST base, e.g. http://127.0.0.1:PORT (GraphQL at `${url}/graphql`). */
  readonly url: string;
  readonly graphqlUrl: string;
  readonly repo: FakeRepo;
  readonly gitDir: string;
  /** `file://` URL of the bare repository: git can clone and push (pushes count as the default token's login). */
  readonly cloneUrl: string;
  /**
   * `<url>/<owner>/<repo>.git`, git's smart HTTP as GitHub serves it (the REST `clone_url`): Basic auth with a
   * known token as the password (`x-access-token:<token>`); pushes count as the token's login.
   */
  readonly httpCloneUrl: string;
  readonly faults: Faults;
  readonly payloads: PayloadBuilders;
  readonly requestLog: readonly RequestLogEntry[];
  /** How many requests matched a method ("*" for any) and a path regex. */
  requests(method: string, path: RegExp | string): number;
  /** A sender of signed webhooks to a receiver. */
  webhooks(targetUrl: string, secret: string): WebhookSender;
  /** Like a repository webhook: every change the fake makes is delivered, signed, in order. */
  subscribe(targetUrl: string, secret: string, options?: { events?: string[] }): WebhookSubscription;
  addToken(token: string, login: string): void;
  close(): Promise<void>;
}

const JSON_TYPE = "application/json; charset=utf-8";

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolveBody(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeGithub(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  const owner = options.owner ?? "acme";
  const repoName = options.repo ?? "shop";
  const tokenLogin = options.login ?? "shopfloor-bot";
  const tokens = new Map<string, { login: string; expiresAt?: number; installation?: boolean }>();
  tokens.set(options.token ?? "ghp_test", { login: tokenLogin });
  for (const [token, login] of Object.entries(options.tokens ?? {})) tokens.set(token, { login });
  const app = options.app ? new FakeApp(options.app) : undefined;

  const ownDir = !options.dir;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "fake-github-")));
  const gitDir = join(dir, owner, `${repoName}.git`);
  const git = await GitStore.init(gitDir, options.defaultBranch ?? "main", { name: "GitHub", email: "noreply@github.com" });

  const faults = new Faults();
  const requestLog: RequestLogEntry[] = [];
  const hookSecret = randomBytes(16).toString("hex");
  /** Pushes over HTTP in progress: the id their hooks send back → the authenticated login. */
  const pushers = new Map<string, string>();
  const rateUsed = new Map<string, number>();
  const rateReset = Math.floor(Date.now() / 1000) + 3600;
  const routes: Route[] = [...repoRoutes(), ...gitTreeRoutes(), ...contentsRoutes(), ...issueRoutes(), ...pullRoutes(), ...searchRoutes()];
  const sockets = new Set<Socket>();
  // Assigned once the server listens (the model needs the URL); handlers only run after that.
  // eslint-disable-next-line prefer-const
  let repo!: FakeRepo;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined || status === 204 ? "" : JSON.stringify(body);
    res.writeHead(status, {
      ...(text ? { "content-type": JSON_TYPE } : {}),
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": randomUUID().slice(0, 18).toUpperCase(),
      "x-github-api-version-selected": "2022-11-28",
      ...headers,
    });
    res.end(text);
  };

  const loginFor = (token: string): string | undefined => {
    const entry = tokens.get(token);
    return entry && (entry.expiresAt === undefined || entry.expiresAt >= Date.now()) ? entry.login : undefined;
  };

  const authenticate = (req: IncomingMessage): string => {
    const header = req.headers.authorization;
    if (!header) throw new FakeHttpError(401, { message: "Requires authentication", documentation_url: DOCS, status: "401" });
    const m = /^(token|bearer)\s+(.+)$/i.exec(header.trim());
    const entry = m ? tokens.get(m[2]!.trim()) : undefined;
    if (!entry || (entry.expiresAt !== undefined && entry.expiresAt < Date.now())) {
      throw new FakeHttpError(401, { message: "Bad credentials", documentation_url: DOCS, status: "401" });
    }
    return entry.login;
  };

  // Search has its own budget on GitHub (30 requests a minute); the fake reports it but does not enforce
  // it (tests simulate a search rate limit with `faults.rateLimitNext(/\/search\/issues/, …)`).
  const rateHeaders = (login: string, resource: "core" | "graphql" | "search"): Record<string, string> => {
    const minute = Math.floor(Date.now() / 60_000);
    const key = resource === "search" ? `${login}:search:${minute}` : `${login}:${resource}`;
    const used = (rateUsed.get(key) ?? 0) + 1;
    rateUsed.set(key, used);
    const limit = resource === "search" ? 30 : 5000;
    return {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(Math.max(0, limit - used)),
      "x-ratelimit-reset": String(resource === "search" ? (minute + 1) * 60 : rateReset),
      "x-ratelimit-used": String(used),
      "x-ratelimit-resource": resource,
    };
  };

  async function handleGraphql(body: unknown, login: string): Promise<GqlResponse | { status: number; body: unknown }> {
    const b = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof b.query !== "string") return { status: 400, body: { message: "A query attribute must be specified and must be a string.", documentation_url: "https://docs.github.com/graphql" } };
    let doc;
    try {
      doc = parseDocument(b.query);
    } catch (e) {
      if (e instanceof GqlSyntaxError) return { errors: [{ message: e.message, locations: [{ line: e.line, column: e.column }] }] };
      throw e;
    }
    const vars = b.variables && typeof b.variables === "object" ? (b.variables as Record<string, unknown>) : {};
    return execute(doc, buildRoots(repo, login), vars, typeof b.operationName === "string" ? b.operationName : undefined);
  }

  async function handleAppToken(req: IncomingMessage, installationId: string): Promise<RouteResult> {
    if (!app) throw notFound();
    const header = req.headers.authorization ?? "";
    const m = /^bearer\s+(.+)$/i.exec(header.trim());
    if (!m) throw new FakeHttpError(401, { message: "A JSON web token could not be decoded", documentation_url: DOCS, status: "401" });
    app.verifyJwt(m[1]!.trim());
    if (String(installationId) !== String(app.options.installationId)) throw notFound();
    const { token, expiresAt } = app.issueToken();
    tokens.set(token, { login: app.botLogin, expiresAt: Date.parse(expiresAt), installation: true });
    repo.setPermission(app.botLogin, "write");
    return {
      status: 201,
      body: {
        token,
        expires_at: expiresAt,
        permissions: { issues: "write", pull_requests: "write", checks: "write", statuses: "write", contents: "write", metadata: "read" },
        repository_selection: "all",
      },
    };
  }

  async function handlePushNotice(raw: string, pusher: string): Promise<void> {
    const updates = raw
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter((parts) => parts.length === 3)
      .map(([before, after, ref]) => ({ ref: ref!, before: before === ZERO_SHA ? null : before!, after: after === ZERO_SHA ? null : after! }));
    await repo.handlePush(updates, pusher);
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);

    if (url.pathname === "/_fake/git-push" && req.headers["x-fake-hook-secret"] === hookSecret) {
      // A push over HTTP names its authenticated login; one straight into the bare repository (file://) is the default login's.
      const pushId = req.headers["x-fake-push-id"];
      await handlePushNotice(raw.toString("utf8"), (typeof pushId === "string" && pushers.get(pushId)) || tokenLogin);
      send(res, 204, undefined);
      return;
    }

    const entry: RequestLogEntry = { method, path: url.pathname, query: url.search, status: 0, at: Date.now() };
    requestLog.push(entry);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, body, headers);
    };

    const fault = faults.take(method, url.pathname);
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.destroySocket) {
        entry.status = -1;
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined) {
        reply(fault.status, fault.body ?? { message: fault.status >= 500 ? "Server Error" : "Fault", documentation_url: DOCS }, fault.headers ?? {});
        return;
      }
    }

    if (parseGitPath(url.pathname)) {
      entry.status = await serveGitHttp(gitHttp, req, res, url, raw);
      return;
    }

    try {
      let body: unknown;
      if (raw.length) {
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          throw httpError(400, "Problems parsing JSON");
        }
      }

      const appToken = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(url.pathname);
      if (appToken && method === "POST") {
        const result = await handleAppToken(req, decodeURIComponent(appToken[1]!));
        reply(result.status, result.body, result.headers);
        return;
      }

      const login = authenticate(req);
      const installation = [...tokens.values()].find((t) => t.login === login)?.installation === true;

      if (url.pathname === "/graphql") {
        if (method !== "POST") throw notFound();
        const result = await handleGraphql(body, login);
        if ("status" in result) reply(result.status, result.body, rateHeaders(login, "graphql"));
        else reply(200, result, rateHeaders(login, "graphql"));
        return;
      }
      if (url.pathname === "/user" && method === "GET") {
        if (installation) throw httpError(403, "Resource not accessible by integration", "https://docs.github.com/rest/users/users#get-the-authenticated-user");
        reply(200, { ...userShape(repo, login), name: login, email: null, created_at: repo.createdAt, updated_at: repo.createdAt }, rateHeaders(login, "core"));
        return;
      }
      if (url.pathname.startsWith("/users/") && method === "GET") {
        const name = decodeURIComponent(url.pathname.slice("/users/".length));
        if (!repo.knownUsers.has(name.toLowerCase())) throw notFound();
        reply(200, userShape(repo, name), rateHeaders(login, "core"));
        return;
      }
      if (url.pathname === "/rate_limit" && method === "GET") {
        const used = rateUsed.get(`${login}:core`) ?? 0;
        const core = { limit: 5000, used, remaining: 5000 - used, reset: rateReset, resource: "core" };
        const minute = Math.floor(Date.now() / 60_000);
        const searchUsed = rateUsed.get(`${login}:search:${minute}`) ?? 0;
        const search = { limit: 30, used: searchUsed, remaining: Math.max(0, 30 - searchUsed), reset: (minute + 1) * 60, resource: "search" };
        reply(200, { resources: { core, graphql: { ...core, resource: "graphql" }, search }, rate: core });
        return;
      }

      const matched = matchRoute(routes, method, url.pathname);
      if (!matched) throw notFound();
      if ("allowed" in matched) throw notFound();
      const { route, params } = matched;
      if (route.repoScoped && (params.owner?.toLowerCase() !== owner.toLowerCase() || params.repo?.toLowerCase() !== repoName.toLowerCase())) throw notFound();
      const ctx: RouteContext = { req, method, url, params, query: url.searchParams, body, login, repo };
      const result = await route.handler(ctx);
      reply(result.status, result.body, { ...rateHeaders(login, url.pathname.startsWith("/search/") ? "search" : "core"), ...(result.headers ?? {}) });
    } catch (e) {
      if (e instanceof FakeHttpError) {
        reply(e.status, e.body, e.headers);
        return;
      }
      reply(500, { message: `Server Error: ${e instanceof Error ? e.message : String(e)}`, documentation_url: DOCS });
    }
  }

  const server = createServer((req, res) => {
    dispatch(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `Server Error: ${e instanceof Error ? e.message : String(e)}` });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  repo = new FakeRepo({
    owner,
    repo: repoName,
    apiUrl: url,
    webUrl: (options.webUrl ?? "https://github.com").replace(/\/+$/, ""),
    git,
    tokenLogin,
    private: options.private ?? true,
    clock: options.clock ?? (() => new Date()),
    ...(app ? { installationId: Number(app.options.installationId) } : {}),
  });
  for (const login of Object.values(options.tokens ?? {})) repo.touchUser(login);

  const gitHttp: GitHttpOptions = {
    gitDir,
    owner,
    repo: repoName,
    isPrivate: repo.isPrivate,
    loginFor,
    canPush: (login) => repo.hasAtLeast(login, "write"),
    pushContext(login) {
      const id = randomUUID();
      pushers.set(id, login);
      return { env: { FAKE_GITHUB_PUSH_ID: id }, release: () => pushers.delete(id) };
    },
  };

  if (options.pushHook !== false) {
    // git blocks `push` until post-receive returns, so the fake knows about the new head before the
    // pusher continues. The timeout keeps a push from hanging if the fake cannot answer.
    const script = join(dir, `push-hook-${port}.cjs`);
    await writeFile(
      script,
      `const http = require("node:http");
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const headers = { "content-type": "text/plain", "x-fake-hook-secret": ${JSON.stringify(hookSecret)}, "x-fake-push-id": process.env.FAKE_GITHUB_PUSH_ID || "" };
  const req = http.request(${JSON.stringify(`${url}/_fake/git-push`)}, { method: "POST", headers, timeout: 2000 }, (res) => {
    res.resume();
    res.on("end", () => process.exit(0));
  });
  req.on("timeout", () => process.exit(0));
  req.on("error", () => process.exit(0));
  req.end(input);
});
`,
    );
    const hook = join(gitDir, "hooks", "post-receive");
    await writeFile(hook, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(script)}\n`);
    await chmod(hook, 0o755);
  }

  const webhooks = (targetUrl: string, secret: string): WebhookSender => createWebhookSender({ targetUrl, secret, repositoryId: repo.id });

  const builders: PayloadBuilders = {
    issuesOpened: (n, sender) => payloads.issues(repo, "opened", n, sender ?? repo.getIssue(n).author),
    issues: (action, n, sender) => payloads.issues(repo, action, n, sender ?? tokenLogin),
    pullRequestOpened: (n, sender) => payloads.pullRequest(repo, "opened", n, sender ?? repo.pulls.get(n).author),
    pullRequestSynchronize: async (n, before, sender) => ({
      ...(await payloads.pullRequest(repo, "synchronize", n, sender ?? repo.pulls.get(n).author)),
      before,
      after: (await repo.pulls.read(n)).pull.headSha,
    }),
    pullRequest: (action, n, sender) => payloads.pullRequest(repo, action, n, sender ?? tokenLogin),
    issueCommentCreated: (id, sender) => payloads.issueComment(repo, "created", id, sender ?? repo.getComment(id).author),
    checkRunCompleted: (id, sender) => payloads.checkRun(repo, "completed", id, sender ?? tokenLogin),
    pullRequestReviewSubmitted: (id, sender) => payloads.review(repo, "submitted", id, sender ?? repo.pulls.reviews.get(id)?.author ?? tokenLogin),
  };

  const subscriptions = new Set<() => void>();

  return {
    url,
    graphqlUrl: `${url}/graphql`,
    repo,
    gitDir,
    cloneUrl: git.cloneUrl,
    httpCloneUrl: gitHttpUrl(url, `${owner}/${repoName}`),
    faults,
    payloads: builders,
    requestLog,
    requests(method, path) {
      const pattern = typeof path === "string" ? new RegExp(path) : path;
      return requestLog.filter((r) => (method === "*" || r.method === method.toUpperCase()) && pattern.test(r.path)).length;
    },
    webhooks,
    subscribe(targetUrl, secret, subOptions = {}) {
      const sender = webhooks(targetUrl, secret);
      let chain: Promise<unknown> = Promise.resolve();
      const wanted = (e: RepoEvent) => !subOptions.events || subOptions.events.includes(e.name) || (e.action !== undefined && subOptions.events.includes(`${e.name}.${e.action}`));
      const off = repo.onEvent((e) => {
        if (!wanted(e)) return;
        chain = chain.then(() => sender.send(e.name, e.payload));
      });
      subscriptions.add(off);
      return {
        sender,
        deliveries: sender.deliveries,
        async idle() {
          for (;;) {
            const before = chain;
            await repo.eventsSettled();
            await chain;
            if (before === chain) return;
          }
        },
        close() {
          off();
          subscriptions.delete(off);
        },
      };
    },
    addToken(token, login) {
      tokens.set(token, { login });
      repo.touchUser(login);
    },
    async close() {
      for (const off of subscriptions) off();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        for (const s of sockets) s.destroy();
      });
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
