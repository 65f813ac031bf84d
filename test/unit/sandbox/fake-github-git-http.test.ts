import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGithub, type FakeGithub } from "../../../src/sandbox/fake-github/index.js";

const exec = promisify(execFile);
const OWNER = "acme";
const REPO = "git-http";

let home: string;

/** git isolated from the machine's configuration and credential helpers, never prompting. */
function gitEnv(token?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ASKPASS: "",
    SSH_ASKPASS: "",
    GIT_AUTHOR_NAME: "Dev",
    GIT_AUTHOR_EMAIL: "dev@example.com",
    GIT_COMMITTER_NAME: "Dev",
    GIT_COMMITTER_EMAIL: "dev@example.com",
  };
  if (token !== undefined) {
    env.GIT_CONFIG_COUNT = "1";
    env.GIT_CONFIG_KEY_0 = "http.extraHeader";
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  }
  return env;
}

async function git(cwd: string, token: string | undefined, ...args: string[]): Promise<string> {
  const { stdout } = await exec("git", ["-c", "commit.gpgsign=false", ...args], { cwd, env: gitEnv(token) });
  return stdout.trim();
}

/** The stderr of a git command that must fail. */
async function gitFails(cwd: string, token: string | undefined, ...args: string[]): Promise<string> {
  try {
    await git(cwd, token, ...args);
  } catch (e) {
    return String((e as { stderr?: unknown }).stderr ?? e);
  }
  throw new Error(`git ${args.join(" ")} succeeded`);
}

async function startReceiver(): Promise<{ url: string; bodies: Record<string, unknown>[]; server: Server }> {
  const bodies: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, bodies, server };
}

describe("fake GitHub: git over smart HTTP", () => {
  let gh: FakeGithub;
  let work: string;
  let n = 0;
  const dir = () => join(work, `clone-${++n}`);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "fake-github-git-http-"));
    home = await mkdtemp(join(tmpdir(), "fake-github-git-home-"));
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_bot", tokens: { ghp_rita: "rita", ghp_reader: "rex" } });
    gh.repo.setPermission("rita", "write");
    gh.repo.setPermission("rex", "read");
    await gh.repo.seed({ files: { "README.md": "# Shop\n", "src/price.ts": "export const price = 10;\n" } });
  });

  afterAll(async () => {
    await gh?.close();
    for (const d of [work, home]) if (d) await rm(d, { recursive: true, force: true });
  });

  it("clones with a token in an Authorization header, and logs the git requests", async () => {
    const target = dir();
    expect(gh.httpCloneUrl).toBe(`${gh.url}/${OWNER}/${REPO}.git`);
    await git(work, "ghp_bot", "clone", "--quiet", gh.httpCloneUrl, target);

    expect(await readFile(join(target, "src/price.ts"), "utf8")).toBe("export const price = 10;\n");
    expect(await git(target, undefined, "rev-parse", "HEAD")).toBe((await gh.repo.git.branchSha("main"))!);
    // Protocol v2 asks for the refs (ls-refs) and then the pack (fetch): one GET, then POSTs.
    const [first, ...rest] = gh.requestLog.filter((r) => r.path.startsWith(`/${OWNER}/${REPO}.git/`)).map((r) => [r.method, r.path, r.query, r.status]);
    expect(first).toEqual(["GET", `/${OWNER}/${REPO}.git/info/refs`, "?service=git-upload-pack", 200]);
    expect(rest.length).toBeGreaterThanOrEqual(1);
    for (const r of rest) expect(r).toEqual(["POST", `/${OWNER}/${REPO}.git/git-upload-pack`, "", 200]);
  });

  it("gives the HTTP URL as the repository's clone_url", async () => {
    const res = await fetch(`${gh.url}/repos/${OWNER}/${REPO}`, { headers: { authorization: "token ghp_bot" } });
    expect(await res.json()).toMatchObject({ clone_url: gh.httpCloneUrl });
  });

  it("refuses a clone without a token or with an unknown one, as GitHub does", async () => {
    const before = gh.requests("GET", /info\/refs$/);
    const none = await gitFails(work, undefined, "clone", "--quiet", gh.httpCloneUrl, dir());
    expect(none).toMatch(/could not read Username|Authentication failed/);

    const wrongHeader = await gitFails(work, "ghp_nope", "clone", "--quiet", gh.httpCloneUrl, dir());
    expect(wrongHeader).toMatch(/could not read Username|Authentication failed/);

    // Credentials in the URL: git has nothing left to ask for and says so.
    const withUser = gh.httpCloneUrl.replace("http://", "http://x-access-token:ghp_nope@");
    const wrongUrl = await gitFails(work, undefined, "clone", "--quiet", withUser, dir());
    expect(wrongUrl).toContain("Authentication failed");
    expect(wrongUrl).toContain("Invalid username or token");

    const answers = gh.requestLog.filter((r) => r.path.endsWith("/info/refs")).slice(before);
    expect(answers.length).toBeGreaterThanOrEqual(3);
    expect(answers.every((r) => r.status === 401)).toBe(true);
    const res = await fetch(`${gh.httpCloneUrl}/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="GitHub"');
  });

  it("pushes a new branch over HTTP into the bare repository", async () => {
    const target = dir();
    await git(work, "ghp_bot", "clone", "--quiet", gh.httpCloneUrl, target);
    await git(target, undefined, "checkout", "-q", "-b", "feature/http");
    await writeFile(join(target, "src/price.ts"), "export const price = 11;\n");
    await git(target, undefined, "commit", "-q", "-am", "Raise the price");
    const sha = await git(target, undefined, "rev-parse", "HEAD");

    await git(target, "ghp_bot", "push", "-q", "origin", "feature/http");

    expect(await gh.repo.git.branchSha("feature/http")).toBe(sha);
    const { stdout } = await exec("git", ["--git-dir", gh.gitDir, "log", "-1", "--format=%s", "feature/http"]);
    expect(stdout.trim()).toBe("Raise the price");
    expect(gh.requests("POST", /\/git-receive-pack$/)).toBeGreaterThanOrEqual(1);
  });

  it("moves an open PR's head on a push and sends synchronize from the token's login", async () => {
    await gh.repo.commitToBranch("fix/tax", { "src/tax.ts": "export const tax = 2;\n" }, "Add tax", { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: "fix/tax", title: "Tax", author: "alice" });
    const before = (await gh.repo.pulls.read(pr.number)).pull.headSha;

    const target = dir();
    await git(work, "ghp_rita", "clone", "--quiet", "--branch", "fix/tax", gh.httpCloneUrl, target);
    await writeFile(join(target, "src/tax.ts"), "export const tax = 3;\n");
    await git(target, undefined, "commit", "-q", "-am", "Tax is 3");
    const after = await git(target, undefined, "rev-parse", "HEAD");

    const receiver = await startReceiver();
    const subscription = gh.subscribe(receiver.url, "s3cret", { events: ["push", "pull_request.synchronize"] });
    try {
      await git(target, "ghp_rita", "push", "-q", "origin", "fix/tax");
      await subscription.idle();

      expect((await gh.repo.pulls.read(pr.number)).pull.headSha).toBe(after);
      const sync = receiver.bodies.find((b) => b.action === "synchronize");
      expect(sync).toMatchObject({ action: "synchronize", number: pr.number, before, after, sender: { login: "rita" }, pull_request: { head: { sha: after } } });
      const push = receiver.bodies.find((b) => b.ref === "refs/heads/fix/tax");
      expect(push).toMatchObject({ before, after, pusher: { name: "rita" }, sender: { login: "rita" } });
    } finally {
      subscription.close();
      receiver.server.close();
    }
  });

  it("keeps pushes through the file:// URL attributed to the default login", async () => {
    const target = dir();
    await git(work, undefined, "clone", "--quiet", gh.cloneUrl, target);
    await git(target, undefined, "checkout", "-q", "-b", "feature/file");
    await writeFile(join(target, "notes.md"), "notes\n");
    await git(target, undefined, "add", "notes.md");
    await git(target, undefined, "commit", "-q", "-m", "Notes");

    const receiver = await startReceiver();
    const subscription = gh.subscribe(receiver.url, "s3cret", { events: ["push"] });
    try {
      await git(target, undefined, "push", "-q", "origin", "feature/file");
      await subscription.idle();
      expect(receiver.bodies).toHaveLength(1);
      expect(receiver.bodies[0]).toMatchObject({ ref: "refs/heads/feature/file", sender: { login: "shopfloor-bot" } });
    } finally {
      subscription.close();
      receiver.server.close();
    }
  });

  it("refuses a push from a login without write access, and leaves the branch alone", async () => {
    const target = dir();
    await git(work, "ghp_reader", "clone", "--quiet", gh.httpCloneUrl, target);
    await git(target, undefined, "checkout", "-q", "-b", "feature/reader");
    await writeFile(join(target, "README.md"), "# Mine\n");
    await git(target, undefined, "commit", "-q", "-am", "Take over");

    const stderr = await gitFails(target, "ghp_reader", "push", "-q", "origin", "feature/reader");
    expect(stderr).toContain(`Permission to ${OWNER}/${REPO}.git denied to rex.`);
    expect(await gh.repo.git.branchSha("feature/reader")).toBeNull();
  });

  it("applies armed faults to git requests", async () => {
    gh.faults.failNext("GET", /\/info\/refs$/, { status: 503 });
    const stderr = await gitFails(work, "ghp_bot", "clone", "--quiet", gh.httpCloneUrl, dir());
    expect(stderr).toContain("503");
    // The fault is used up: the next clone works.
    await git(work, "ghp_bot", "clone", "--quiet", gh.httpCloneUrl, dir());
  });

  it("serves a public repository to anyone, but takes pushes only with a token", async () => {
    const pub = await startFakeGithub({ owner: OWNER, repo: "open", token: "ghp_pub", private: false });
    try {
      await pub.repo.seed({ files: { "README.md": "# Open\n" } });
      const target = dir();
      await git(work, undefined, "clone", "--quiet", pub.httpCloneUrl, target);
      expect(await readFile(join(target, "README.md"), "utf8")).toBe("# Open\n");

      await git(target, undefined, "checkout", "-q", "-b", "anon");
      await writeFile(join(target, "README.md"), "# Anon\n");
      await git(target, undefined, "commit", "-q", "-am", "Anonymous change");
      expect(await gitFails(target, undefined, "push", "-q", "origin", "anon")).toMatch(/could not read Username|Authentication failed/);
      expect(await pub.repo.git.branchSha("anon")).toBeNull();

      await git(target, "ghp_pub", "push", "-q", "origin", "anon");
      expect(await pub.repo.git.branchSha("anon")).toBe(await git(target, undefined, "rev-parse", "HEAD"));
    } finally {
      await pub.close();
    }
  });
});
