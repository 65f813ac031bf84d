import { execFileSync, spawn } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBwrapWorkspaces } from "../../../src/adapters/workspace/bwrap-workspaces.js";
import { ErrorCode } from "../../../src/core/errors.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { CommandLimits, WorkspacePort } from "../../../src/core/ports/workspace-port.js";
import { caughtAppError } from "../../support/caught.js";

const limits: CommandLimits = { timeoutSeconds: 60, memoryMb: 2048, maxProcesses: 256, maxOutputBytes: 64 * 1024 };
const author = { name: "Shopfloor Bot", email: "bot@shopfloor.test" };
const TOKEN = "ghs_workspaceTestToken0123456789";

let tmp: string;
let bare: string;
let mainSha: string;
let fixSha: string;

/** Git for the test's own fixtures, with none of the machine's configuration. */
function git(cwd: string, ...args: string[]): string {
  const env = { PATH: "/usr/bin:/bin", HOME: tmp, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "Dev", GIT_AUTHOR_EMAIL: "dev@example.test", GIT_COMMITTER_NAME: "Dev", GIT_COMMITTER_EMAIL: "dev@example.test" };
  return execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();
}

async function files(root: string, entries: Record<string, string>) {
  for (const [path, content] of Object.entries(entries)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

function workspaces(over: Partial<Parameters<typeof createBwrapWorkspaces>[0]> = {}): WorkspacePort {
  return createBwrapWorkspaces({
    root: join(tmp, "workspaces"), cloneUrl: async () => `file://${bare}`, token: async () => TOKEN, limits, installTimeoutSeconds: 60, logger: silentLogger, ...over,
  });
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "shopfloor-gitws-"));
  bare = join(tmp, "origin", "demo.git");
  const seed = join(tmp, "seed");
  await mkdir(seed);
  git(tmp, "init", "-q", "--bare", "-b", "main", bare);
  git(seed, "init", "-q", "-b", "main");
  await files(seed, {
    "package.json": JSON.stringify({ name: "demo", type: "module", scripts: { test: "node --test" } }),
    "src/sum.js": "export function sum(a, b) {\n  return a + b;\n}\n",
    "test/sum.test.js": "import test from 'node:test';\nimport assert from 'node:assert/strict';\nimport { sum } from '../src/sum.js';\n\ntest('sum', () => assert.equal(sum(2, 3), 5));\n",
    ".gitignore": "node_modules/\n*.log\n",
    "README.md": "# demo\n",
  });
  git(seed, "add", "-A");
  git(seed, "commit", "-q", "-m", "Initial");
  mainSha = git(seed, "rev-parse", "HEAD");
  git(seed, "switch", "-q", "-c", "fix/sum");
  await files(seed, { "src/sum.js": "// fix in progress\nexport function sum(a, b) {\n  return a + b;\n}\n" });
  git(seed, "commit", "-q", "-am", "Start the fix");
  fixSha = git(seed, "rev-parse", "HEAD");
  git(seed, "branch", "-q", "fix/other", "main");
  git(seed, "push", "-q", bare, "main", "fix/sum", "fix/other");
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("bwrap workspaces over git", () => {
  it("reports the sandbox usable on this machine", async () => {
    expect(await workspaces().check()).toEqual({ ok: true, version: "0.8.0" });
    expect(await workspaces({ bwrapPath: "/nonexistent/bwrap" }).check()).toMatchObject({ ok: false, reason: expect.stringContaining("apt-get install bubblewrap") });
  });

  it("builds on a new branch: edits, searches, runs the tests in the sandbox, and pushes the work", async () => {
    const ws = await workspaces().open({ key: "build-1", branch: "shopfloor/add-mul", baseRef: "main" });
    expect(ws.startSha).toBe(mainSha);
    expect(ws.install).toBeNull();
    expect((await ws.listFiles()).files).toEqual([".gitignore", "README.md", "package.json", "src/sum.js", "test/sum.test.js"]);
    expect(await ws.listFiles(undefined, 2)).toEqual({ files: [".gitignore", "README.md"], truncated: true });

    await ws.writeFile("src/lib/mul.js", "export function mul(a, b) {\n  return a * b;\n}\n");
    await ws.writeFile("test/mul.test.js", "import test from 'node:test';\nimport assert from 'node:assert/strict';\nimport { mul } from '../src/lib/mul.js';\n\ntest('mul', () => assert.equal(mul(2, 3), 6));\n");
    await ws.writeFile("src/sum.js", "export function sum(a, b) {\n  return Number(a) + Number(b);\n}\n");
    await ws.writeFile("debug.log", "ignored\n");
    expect(await ws.readFile("src/lib/mul.js")).toContain("a * b");
    expect((await ws.listFiles("src")).files).toEqual(["src/lib/mul.js", "src/sum.js"]);
    expect((await ws.listFiles()).files).not.toContain("debug.log");

    const found = await ws.search("export function (sum|mul)");
    expect(found).toEqual({ truncated: false, matches: [{ path: "src/lib/mul.js", line: 1, text: "export function mul(a, b) {" }, { path: "src/sum.js", line: 1, text: "export function sum(a, b) {" }] });
    expect((await ws.search("assert\\.equal", { path: "test", max: 1 })).truncated).toBe(true);
    expect((await caughtAppError(ws.search("("))).code).toBe(ErrorCode.Workspace);

    // The sandbox writes the files we wrote (they belong to its uid) and runs the project's tests.
    const tests = await ws.run("node --test && echo built > build.log");
    expect(tests.stdout).toMatch(/# pass 2/);
    expect(tests.exitCode).toBe(0);
    expect(await ws.readFile("build.log")).toBe("built\n");
    // git works read-only inside the sandbox (its .git belongs to the sandbox uid, so no "dubious ownership").
    const status = await ws.run("git status --short");
    expect(status.stdout.split("\n")).toEqual(expect.arrayContaining([" M src/sum.js", "?? src/lib/", "?? test/mul.test.js"]));
    expect((await ws.run("git commit -qam sneaky; git config user.name x")).exitCode).not.toBe(0);

    const changes = await ws.changes();
    expect(changes.files).toEqual([
      { path: "src/lib/mul.js", status: "added", additions: 3, deletions: 0 },
      { path: "src/sum.js", status: "modified", additions: 1, deletions: 1 },
      { path: "test/mul.test.js", status: "added", additions: 5, deletions: 0 },
    ]);
    // The patch is complete: it applies to a fresh checkout of the start commit.
    const check = join(tmp, "apply-check");
    git(tmp, "clone", "-q", bare, check);
    await writeFile(join(tmp, "changes.patch"), changes.patch);
    git(check, "apply", "--check", join(tmp, "changes.patch"));

    const { sha } = await ws.commitAndPush({ message: "Add mul", author });
    expect(git(bare, "rev-parse", "refs/heads/shopfloor/add-mul")).toBe(sha);
    expect(git(bare, "log", "-1", "--format=%an <%ae>|%s|%P", sha)).toBe(`Shopfloor Bot <bot@shopfloor.test>|Add mul|${mainSha}`);
    expect(git(bare, "rev-parse", "refs/heads/main")).toBe(mainSha);
    await ws.remove();
  });

  it("in dry run commits in the workspace and pushes nothing", async () => {
    const ws = await workspaces({ dryRun: true }).open({ key: "dry-1", branch: "shopfloor/dry-run", baseRef: "main" });
    await ws.writeFile("src/sum.js", "export function sum(a, b) {\n  return Number(a) + Number(b);\n}\n");
    const { sha } = await ws.commitAndPush({ message: "Planned only", author });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(git(bare, "branch", "--list", "shopfloor/dry-run")).toBe("");
    await ws.remove();
  });

  it("refuses paths that lead outside the working tree or into .git", async () => {
    const ws = await workspaces().open({ key: "paths-1", branch: "shopfloor/paths", baseRef: "main" });
    await ws.run("ln -s /etc/passwd leak && ln -s .. up && ln -s .git gitdir");
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ["../x", () => ws.readFile("../x")],
      ["/etc/passwd", () => ws.readFile("/etc/passwd")],
      ["leak", () => ws.readFile("leak")],
      [".git/config", () => ws.readFile(".git/config")],
      ["gitdir/config", () => ws.readFile("gitdir/config")],
      ["../escape.txt", () => ws.writeFile("../escape.txt", "x")],
      ["src/../../escape.txt", () => ws.writeFile("src/../../escape.txt", "x")],
      ["up/escape.txt", () => ws.writeFile("up/escape.txt", "x")],
      [".git/hooks/pre-commit", () => ws.writeFile(".git/hooks/pre-commit", "#!/bin/sh\n")],
      ["leak", () => ws.writeFile("leak", "x")],
      ["up", () => ws.listFiles("up")],
    ];
    for (const [path, attempt] of attempts) {
      const e = await caughtAppError(attempt());
      expect({ path, code: e.code, retryable: e.retryable }).toEqual({ path, code: ErrorCode.Workspace, retryable: false });
      expect(e.message).toMatch(/outside the repository|absolute|\.git/);
    }
    expect((await caughtAppError(ws.readFile("missing.js"))).message).toContain("listFiles");
    await expect(stat(join(tmp, "workspaces", "escape.txt"))).rejects.toThrow(/ENOENT/);
    expect(await readdir(join(tmp, "workspaces", "paths-1", ".git", "hooks"))).not.toContain("pre-commit");
    expect(await readFile("/etc/passwd", "utf8")).not.toBe("x");
    await ws.remove();
  });

  it("continues an existing branch in fix mode", async () => {
    const ws = await workspaces().open({ key: "fix-1", branch: "fix/sum" });
    expect(ws.startSha).toBe(fixSha);
    expect(await ws.readFile("src/sum.js")).toContain("// fix in progress");
    await ws.writeFile("src/sum.js", "export function sum(a, b) {\n  return a + b + 0;\n}\n");
    const { sha } = await ws.commitAndPush({ message: "Finish the fix", author });
    expect(git(bare, "rev-parse", "refs/heads/fix/sum")).toBe(sha);
    expect(git(bare, "rev-parse", `${sha}^`)).toBe(fixSha);
    await ws.remove();
  });

  it("refuses to overwrite a branch that moved on: the push is rejected, never forced", async () => {
    const port = workspaces();
    const first = await port.open({ key: "race-a", branch: "fix/other" });
    const second = await port.open({ key: "race-b", branch: "fix/other" });
    await first.writeFile("a.txt", "a\n");
    const { sha } = await first.commitAndPush({ message: "A", author });
    await second.writeFile("b.txt", "b\n");
    const e = await caughtAppError(second.commitAndPush({ message: "B", author }));
    expect(e.code).toBe(ErrorCode.Conflict);
    expect(git(bare, "rev-parse", "refs/heads/fix/other")).toBe(sha);
    expect((await caughtAppError(second.commitAndPush({ message: "B", author: { name: "", email: "x" } }))).code).toBe(ErrorCode.Workspace);
    await Promise.all([first.remove(), second.remove()]);
  });

  it("restores an earlier attempt's work from its patch", async () => {
    const port = workspaces();
    const before = await port.open({ key: "resume-1", branch: "shopfloor/resume", baseRef: "main" });
    await before.writeFile("src/new.js", "export const n = 1;\n");
    await before.writeFile("src/sum.js", "export const sum = (a, b) => a + b;\n");
    await before.run("rm README.md && printf '\\000\\001\\002' > blob.bin");
    const saved = await before.changes();
    await before.remove();
    await expect(stat(join(tmp, "workspaces", "resume-1"))).rejects.toThrow(/ENOENT/);

    const after = await port.open({ key: "resume-1", branch: "shopfloor/resume", baseRef: "main", patch: saved.patch });
    expect(await after.readFile("src/new.js")).toBe("export const n = 1;\n");
    expect((await after.listFiles()).files).not.toContain("README.md");
    expect(await readFile(join(tmp, "workspaces", "resume-1", "blob.bin"))).toEqual(Buffer.from([0, 1, 2]));
    expect((await after.changes()).files).toEqual(saved.files);
    // The restored files belong to the sandbox like the rest of the tree.
    expect((await after.run("echo more >> src/new.js")).exitCode).toBe(0);
    await after.remove();
  });

  it("removes workspaces idempotently and refuses keys that are not plain names", async () => {
    const port = workspaces();
    const ws = await port.open({ key: "gone-1", branch: "shopfloor/gone", baseRef: "main" });
    await ws.remove();
    await ws.remove();
    await port.discard("gone-1");
    await expect(stat(join(tmp, "workspaces", "gone-1"))).rejects.toThrow(/ENOENT/);
    for (const key of ["../x", "Bad_Key", ""]) expect((await caughtAppError(port.open({ key, branch: "b", baseRef: "main" }))).code).toBe(ErrorCode.Workspace);
    expect((await caughtAppError(port.open({ key: "bad-branch", branch: "--upload-pack=touch /tmp/x", baseRef: "main" }))).message).toContain("invalid branch name");
  });

  describe("over HTTP with a token", () => {
    let server: Server;
    let base: string;
    let authorizations: string[];

    beforeAll(async () => {
      ({ server, authorizations } = startGitHttp(join(tmp, "origin"), TOKEN));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("authenticates clone and push with the token, which never lands on disk", async () => {
      const basic = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");
      const ws = await workspaces({ cloneUrl: async () => `${base}/demo.git` }).open({ key: "http-1", branch: "shopfloor/http", baseRef: "main" });
      await ws.writeFile("http.txt", "over http\n");
      const { sha } = await ws.commitAndPush({ message: "Over HTTP", author });
      expect(git(bare, "rev-parse", "refs/heads/shopfloor/http")).toBe(sha);
      expect(authorizations.length).toBeGreaterThan(0);
      expect(new Set(authorizations)).toEqual(new Set([`Basic ${basic}`]));

      const dir = join(tmp, "workspaces", "http-1");
      expect(await readFile(join(dir, ".git", "config"), "utf8")).toContain(`url = ${base}/demo.git`);
      for (const entry of await readdir(dir, { recursive: true })) {
        const path = join(dir, entry);
        if (!(await lstat(path)).isFile()) continue;
        const content = await readFile(path, "latin1");
        expect({ path, token: content.includes(TOKEN) || content.includes(basic) }).toEqual({ path, token: false });
      }
      await ws.remove();
    });

    it("fails a clone with a wrong token without echoing it", async () => {
      const wrong = "ghs_wrongToken_should_not_leak";
      const e = await caughtAppError(workspaces({ cloneUrl: async () => `${base}/demo.git`, token: async () => wrong }).open({ key: "http-2", branch: "x", baseRef: "main" }));
      expect(e.code).toBe(ErrorCode.Workspace);
      expect(e.message).toContain("git clone failed");
      expect(e.message).not.toContain(wrong);
      expect(e.message).not.toContain(Buffer.from(`x-access-token:${wrong}`).toString("base64"));
      await expect(stat(join(tmp, "workspaces", "http-2"))).rejects.toThrow(/ENOENT/);
    });

    it("runs the install command with the network and records its result", async () => {
      const ws = await workspaces().open({ key: "install-1", branch: "shopfloor/install", baseRef: "main", installCommand: `curl -sS ${base}/registry/left-pad > installed.txt && echo installed` });
      expect(ws.install).toMatchObject({ exitCode: 0, stdout: "installed\n", timedOut: false });
      expect(await ws.readFile("installed.txt")).toBe("left-pad 1.0.0\n");
      // Later commands have no network.
      expect((await ws.run(`curl -sS --max-time 5 ${base}/registry/left-pad`)).exitCode).not.toBe(0);
      await ws.remove();
    });
  });
});

/**
 * A smart-HTTP git server (`git http-backend`) over `projectRoot` that demands the token as GitHub does, plus a
 * `/registry/<name>` path standing in for a package registry.
 */
function startGitHttp(projectRoot: string, token: string): { server: Server; authorizations: string[] } {
  const expected = `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  const authorizations: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname.startsWith("/registry/")) return void res.end(`${url.pathname.slice(10)} 1.0.0\n`);
    authorizations.push(req.headers.authorization ?? "");
    if (req.headers.authorization !== expected) return void res.writeHead(401, { "www-authenticate": 'Basic realm="test"' }).end();
    const body: Buffer[] = [];
    req.on("data", (b: Buffer) => body.push(b));
    req.on("end", () => {
      const input = Buffer.concat(body);
      const env: Record<string, string> = {
        PATH: "/usr/bin:/bin", GIT_CONFIG_NOSYSTEM: "1", GIT_PROJECT_ROOT: projectRoot, GIT_HTTP_EXPORT_ALL: "1", REMOTE_USER: "x-access-token",
        PATH_INFO: url.pathname, REQUEST_METHOD: req.method ?? "GET", QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers["content-type"] ?? "", CONTENT_LENGTH: String(input.length), HTTP_CONTENT_ENCODING: String(req.headers["content-encoding"] ?? ""),
        GIT_PROTOCOL: String(req.headers["git-protocol"] ?? ""),
      };
      const child = spawn("git", ["http-backend"], { env });
      const out: Buffer[] = [];
      child.stdout.on("data", (b: Buffer) => out.push(b));
      child.on("close", () => {
        const all = Buffer.concat(out);
        const end = all.indexOf("\r\n\r\n");
        const headers: Record<string, string> = {};
        let status = 200;
        for (const line of all.subarray(0, end).toString("latin1").split("\r\n")) {
          const [name = "", ...rest] = line.split(":");
          if (name.toLowerCase() === "status") status = Number.parseInt(rest.join(":"), 10);
          else if (name) headers[name] = rest.join(":").trim();
        }
        res.writeHead(status, headers).end(all.subarray(end + 4));
      });
      child.stdin.end(input);
    });
  });
  return { server, authorizations };
}
