import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, dirname } from "node:path";

/**
 * Git's smart HTTP protocol as github.com serves it, by running `git http-backend` as a CGI over the fake's
 * bare repository. Authentication is GitHub's: HTTP Basic with a token as the password (`x-access-token:<token>`
 * for app installation tokens; any user name is accepted); a missing or unknown token gets 401 with
 * `WWW-Authenticate: Basic realm="GitHub"`, which git reports as "Authentication failed". A public repository
 * can be fetched anonymously; pushing needs write permission.
 */

export interface GitHttpOptions {
  gitDir: string;
  owner: string;
  repo: string;
  isPrivate: boolean;
  /** The login a token acts as; undefined for a token the fake does not know (or one that expired). */
  loginFor(token: string): string | undefined;
  canPush(login: string): boolean;
  /**
   * Environment for the hooks of one push, so the post-receive notice can name the authenticated pusher;
   * `release` runs once the push is over.
   */
  pushContext(login: string): { env: Record<string, string>; release(): void };
}

export type GitEndpoint = "info/refs" | "git-upload-pack" | "git-receive-pack";

const GIT_PATH = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

/** `/<owner>/<repo>[.git]/info/refs|git-upload-pack|git-receive-pack`, or null for any other path. */
export function parseGitPath(pathname: string): { owner: string; repo: string; endpoint: GitEndpoint } | null {
  const m = GIT_PATH.exec(pathname);
  if (!m) return null;
  return { owner: decodeURIComponent(m[1]!), repo: decodeURIComponent(m[2]!), endpoint: m[3] as GitEndpoint };
}

/** The clone URL GitHub gives for a repository (`clone_url`). */
export function gitHttpUrl(baseUrl: string, fullName: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${fullName}.git`;
}

/** The token of `Authorization: Basic base64(<user>:<token>)`; undefined when there is none. */
function basicToken(header: string | undefined): string | undefined {
  const m = header ? /^basic\s+(\S+)$/i.exec(header.trim()) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const token = colon === -1 ? "" : decoded.slice(colon + 1);
  return token || undefined;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): number {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
  return status;
}

// Variables an outer git (a hook running the tests, a test's own git config) could leave behind and that would
// point http-backend at another repository or configuration.
const INHERITED_GIT_VARIABLES = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_NAMESPACE",
  "GIT_CONFIG_PARAMETERS",
  "GIT_CONFIG_COUNT",
  "GIT_PROTOCOL",
  "REMOTE_USER",
];

/** Splits CGI output into its headers (`Status:` turned into the status code) and the start of the body. */
function parseCgiHead(head: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}

function headerEnd(buffer: Buffer): { at: number; length: number } | null {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf === -1 && lf === -1) return null;
  if (lf === -1 || (crlf !== -1 && crlf < lf)) return { at: crlf, length: 4 };
  return { at: lf, length: 2 };
}

/** Runs `git http-backend` for one request and streams its answer; resolves with the status sent. */
function runBackend(res: ServerResponse, body: Buffer, cgi: Record<string, string>, unset: string[]): Promise<number> {
  return new Promise((resolveRun) => {
    // Through `env`, so the backend inherits this process's environment (PATH, HOME) plus the CGI variables.
    const args = [...unset.flatMap((name) => ["-u", name]), ...Object.entries(cgi).map(([k, v]) => `${k}=${v}`), "git", "http-backend"];
    const child = spawn("env", args, { stdio: ["pipe", "pipe", "pipe"] });
    let pending: Buffer = Buffer.alloc(0);
    let status = 0;
    let settled = false;
    const settle = (sent: number) => {
      if (settled) return;
      settled = true;
      resolveRun(sent);
    };
    const forward = (chunk: Buffer) => {
      if (res.write(chunk)) return;
      child.stdout.pause();
      res.once("drain", () => child.stdout.resume());
    };
    const stderr: Buffer[] = [];
    child.stderr.on("data", (d: Buffer) => stderr.push(d));
    child.stdout.on("data", (chunk: Buffer) => {
      if (status) {
        forward(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const end = headerEnd(pending);
      if (!end) return;
      const head = parseCgiHead(pending.subarray(0, end.at).toString("latin1"));
      status = head.status;
      res.writeHead(status, head.headers);
      const rest = pending.subarray(end.at + end.length);
      if (rest.length) forward(rest);
    });
    child.on("error", (e) => {
      if (!res.headersSent) settle(sendText(res, 500, `git http-backend could not start: ${e.message}\n`));
    });
    child.on("close", (code) => {
      if (settled) return;
      if (!status) {
        const detail = Buffer.concat(stderr).toString("utf8").trim();
        settle(sendText(res, 500, `git http-backend failed (${code ?? "signal"})${detail ? `: ${detail}` : ""}\n`));
        return;
      }
      res.end();
      settle(status);
    });
    // A client that hangs up mid-answer must not leave the backend waiting on a full pipe.
    res.once("close", () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    });
    child.stdin.on("error", () => {});
    child.stdin.end(body);
  });
}

/**
 * Serves one smart-HTTP request (`parseGitPath` matched); `body` is the whole request body as received
 * (possibly gzip-encoded: http-backend inflates it). Resolves with the status sent.
 */
export async function serveGitHttp(options: GitHttpOptions, req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<number> {
  const target = parseGitPath(url.pathname);
  if (!target) return sendText(res, 404, "Not Found\n");
  const method = (req.method ?? "GET").toUpperCase();
  const service = target.endpoint === "info/refs" ? url.searchParams.get("service") : target.endpoint;
  const pushing = service === "git-receive-pack";
  const challenge = { "www-authenticate": 'Basic realm="GitHub"' };

  const token = basicToken(req.headers.authorization);
  const login = token === undefined ? undefined : options.loginFor(token);
  if (token !== undefined && login === undefined) {
    return sendText(res, 401, "Invalid username or token. Password authentication is not supported for Git operations.\n", challenge);
  }
  if (login === undefined && (pushing || options.isPrivate)) return sendText(res, 401, "", challenge);

  const sameRepo = target.owner.toLowerCase() === options.owner.toLowerCase() && target.repo.toLowerCase() === options.repo.toLowerCase();
  if (!sameRepo) return sendText(res, 404, "Repository not found.\n");
  if (method !== (target.endpoint === "info/refs" ? "GET" : "POST")) return sendText(res, 404, "Not Found\n");
  if (service !== "git-upload-pack" && service !== "git-receive-pack") {
    // The dumb protocol (info/refs without `service`), which GitHub turned off.
    return sendText(res, 403, "Please upgrade your git client.\nGitHub.com no longer supports git over dumb-http.\n");
  }
  if (pushing && !options.canPush(login!)) return sendText(res, 403, `Permission to ${options.owner}/${options.repo}.git denied to ${login}.\n`);

  const cgi: Record<string, string> = {
    GATEWAY_INTERFACE: "CGI/1.1",
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    SERVER_SOFTWARE: "fake-github",
    GIT_PROJECT_ROOT: dirname(options.gitDir),
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: `/${basename(options.gitDir)}/${target.endpoint}`,
    REQUEST_METHOD: method,
    QUERY_STRING: url.search.replace(/^\?/, ""),
    CONTENT_TYPE: req.headers["content-type"] ?? "",
    CONTENT_LENGTH: String(body.length),
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
  };
  const encoding = req.headers["content-encoding"];
  if (encoding) cgi.HTTP_CONTENT_ENCODING = encoding;
  const protocol = req.headers["git-protocol"];
  if (typeof protocol === "string") {
    cgi.HTTP_GIT_PROTOCOL = protocol;
    cgi.GIT_PROTOCOL = protocol;
  }
  const unset = INHERITED_GIT_VARIABLES.filter((name) => !(name in cgi));
  if (login !== undefined) {
    // http-backend enables receive-pack only for an authenticated user (REMOTE_USER), as GitHub does.
    cgi.REMOTE_USER = login;
    unset.splice(unset.indexOf("REMOTE_USER"), 1);
  }

  const push = pushing && target.endpoint === "git-receive-pack" ? options.pushContext(login!) : undefined;
  try {
    return await runBackend(res, body, { ...cgi, ...(push?.env ?? {}) }, unset);
  } finally {
    push?.release();
  }
}
