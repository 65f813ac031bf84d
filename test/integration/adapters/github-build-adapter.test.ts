import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitToken } from "../../../src/adapters/github/git-token.js";
import { ErrorCode } from "../../../src/core/errors.js";
import type { ForgePort } from "../../../src/core/ports/forge-port.js";
import { startFakeGithub, type FakeGithub, type RepoEvent } from "../../../src/sandbox/fake-github/index.js";
import { FakeForge } from "../../fakes/fake-ports.js";
import { caughtAppError, expectSameAppError } from "../../support/caught.js";
import { forgeFor, startFakeGithubApp } from "../../support/fake-github.js";

const exec = promisify(execFile);
const OWNER = "acme";
const REPO = "build-it";
const BOT = "shopfloor-bot";

let work: string;

/** git as a build worker runs it: no machine configuration, no prompts, the token in an Authorization header. */
async function git(cwd: string, token: string | null, ...args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: work,
    XDG_CONFIG_HOME: work,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ASKPASS: "",
    GIT_AUTHOR_NAME: "Shopfloor",
    GIT_AUTHOR_EMAIL: "bot@example.com",
    GIT_COMMITTER_NAME: "Shopfloor",
    GIT_COMMITTER_EMAIL: "bot@example.com",
    ...(token === null
      ? {}
      : { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "http.extraHeader", GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}` }),
  };
  const { stdout } = await exec("git", ["-c", "commit.gpgsign=false", ...args], { cwd, env });
  return stdout.trim();
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "github-build-adapter-"));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("Octokit forge adapter: opening pull requests from pushed branches, against the fake GitHub", () => {
  let gh: FakeGithub;
  let forge: ForgePort;
  let seq = 0;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test", login: BOT });
    await gh.repo.seed({ files: { "README.md": "# Shop\n", "src/price.ts": "export const price = 10;\n" } });
    forge = forgeFor(gh, { retryAfterBaseMs: 1 });
  });

  afterAll(async () => {
    await gh?.close();
  });

  /** Clones through the repository's clone_url, commits a change on a new branch and pushes it, as a build does. */
  async function pushBranch(branch: string, price: number): Promise<string> {
    const dir = join(work, `clone-${++seq}`);
    await git(work, "ghp_test", "clone", "--quiet", (await forge.getRepository()).cloneUrl, dir);
    await git(dir, null, "checkout", "-q", "-b", branch);
    await writeFile(join(dir, "src/price.ts"), `export const price = ${price};\n`);
    await git(dir, null, "commit", "-q", "-am", `Price ${price}`);
    await git(dir, "ghp_test", "push", "-q", "origin", branch);
    return git(dir, null, "rev-parse", "HEAD");
  }

  it("opens a draft PR from a pushed branch, authored by the token's login", async () => {
    const head = await pushBranch("shopfloor/build-1", 11);
    const events: RepoEvent[] = [];
    const off = gh.repo.onEvent((e) => events.push(e));
    try {
      const pr = await forge.createPullRequest({ title: "Raise the price", body: "Closes #1", head: "shopfloor/build-1", base: "main", draft: true });

      expect(pr).toMatchObject({ title: "Raise the price", body: "Closes #1", state: "open", merged: false, draft: true, headRef: "shopfloor/build-1", headSha: head, baseRef: "main", author: BOT });
      expect(pr.url).toBe(`https://github.com/${OWNER}/${REPO}/pull/${pr.number}`);
      expect(await forge.getPullRequest(pr.number)).toMatchObject({ number: pr.number, draft: true, headSha: head, changedFiles: 1, additions: 1, deletions: 1 });
      await gh.repo.eventsSettled();
      expect(events.filter((e) => e.name === "pull_request").map((e) => [e.action, (e.payload.sender as { login: string }).login])).toEqual([["opened", BOT]]);
    } finally {
      off();
    }

    await pushBranch("shopfloor/build-2", 12);
    const ready = await forge.createPullRequest({ title: "Ready one", body: "", head: "shopfloor/build-2", base: "main" });
    expect(ready).toMatchObject({ draft: false, headRef: "shopfloor/build-2" });
  });

  it("maps GitHub's 422 for a branch that does not exist, and opens nothing", async () => {
    const before = (await forge.listPullRequests({ state: "all" })).length;
    const error = await caughtAppError(forge.createPullRequest({ title: "Ghost", body: "", head: "shopfloor/never-pushed", base: "main" }));
    expect(error).toMatchObject({ code: ErrorCode.GithubApi, retryable: false, details: { status: 422, method: "POST" } });
    expect(error.message).toContain("422 Validation Failed");
    expect(error.details.githubMessage).toBe("Validation Failed: head invalid");
    expect((await forge.listPullRequests({ state: "all" })).length).toBe(before);
  });

  it("never re-sends the create after a 5xx, even with the retry plugin on", async () => {
    await pushBranch("shopfloor/build-flaky", 13);
    const retrying = forgeFor(gh, { retries: 3, retryAfterBaseMs: 1 });
    gh.faults.failNext("POST", new RegExp(`/repos/${OWNER}/${REPO}/pulls$`), { status: 502 });
    const before = gh.requests("POST", /\/pulls$/);

    const error = await caughtAppError(retrying.createPullRequest({ title: "Flaky", body: "", head: "shopfloor/build-flaky", base: "main" }));

    expect(error).toMatchObject({ code: ErrorCode.GithubApi, retryable: true, details: { status: 502 } });
    expect(gh.requests("POST", /\/pulls$/) - before).toBe(1);
    expect(await forge.findPullRequestByHead("shopfloor/build-flaky")).toBeNull();
  });

  it("finds the newest PR of a branch in any state, and null when there is none", async () => {
    await pushBranch("shopfloor/build-find", 14);
    expect(await forge.findPullRequestByHead("shopfloor/build-find")).toBeNull();

    const first = await forge.createPullRequest({ title: "First try", body: "", head: "shopfloor/build-find", base: "main" });
    expect(await forge.findPullRequestByHead("shopfloor/build-find")).toMatchObject({ number: first.number, state: "open" });

    await gh.repo.pulls.update(first.number, { state: "closed" });
    expect(await forge.findPullRequestByHead("shopfloor/build-find")).toMatchObject({ number: first.number, state: "closed", merged: false });

    const second = await forge.createPullRequest({ title: "Second try", body: "", head: "shopfloor/build-find", base: "main" });
    expect(await forge.findPullRequestByHead("shopfloor/build-find")).toMatchObject({ number: second.number, title: "Second try", state: "open" });
    // Other branches' PRs never match, not even one whose name starts the same.
    expect(await forge.findPullRequestByHead("shopfloor/build")).toBeNull();
    expect(gh.requestLog.filter((r) => r.method === "GET" && r.path.endsWith("/pulls")).at(-1)?.query).toContain(`head=${encodeURIComponent(`${OWNER}:shopfloor/build`)}`);
  });

  it("FakeForge opens and finds PRs, and refuses what GitHub refuses with the same AppError", async () => {
    await pushBranch("shopfloor/build-twin", 15);
    await forge.createPullRequest({ title: "Twin", body: "", head: "shopfloor/build-twin", base: "main" });
    await gh.repo.createBranch("shopfloor/build-empty");
    const fake = new FakeForge({ owner: OWNER, name: REPO, botLogin: BOT });
    fake.pushBranch("shopfloor/build-twin");
    await fake.createPullRequest({ title: "Twin", body: "", head: "shopfloor/build-twin", base: "main" });
    fake.pushBranch("shopfloor/build-empty", fake.branches.get("main"));
    const ghost = { title: "Ghost", body: "", head: "shopfloor/never-pushed", base: "main" };
    await expectSameAppError(() => forge.createPullRequest(ghost), () => fake.createPullRequest(ghost), { message: true });
    const noBase = { title: "No base", body: "", head: "shopfloor/build-twin", base: "release" };
    await expectSameAppError(() => forge.createPullRequest(noBase), () => fake.createPullRequest(noBase), { message: true });
    const twin = { title: "Twin again", body: "", head: "shopfloor/build-twin", base: "main" };
    await expectSameAppError(() => forge.createPullRequest(twin), () => fake.createPullRequest(twin), { message: true });
    const empty = { title: "Nothing", body: "", head: "shopfloor/build-empty", base: "main" };
    await expectSameAppError(() => forge.createPullRequest(empty), () => fake.createPullRequest(empty), { message: true });

    const draftHead = fake.pushBranch("shopfloor/build-draft");
    const opened = await fake.createPullRequest({ title: "Draft", body: "b", head: "shopfloor/build-draft", base: "main", draft: true });
    expect(opened).toMatchObject({ title: "Draft", body: "b", draft: true, state: "open", author: BOT, headRef: "shopfloor/build-draft", headSha: draftHead });
    expect(await fake.findPullRequestByHead("shopfloor/build-draft")).toMatchObject({ number: opened.number });
    expect(await fake.findPullRequestByHead("shopfloor/build")).toBeNull();
  });
});

describe("createGitToken: the token git pushes with", () => {
  it("is the personal token, or null without credentials", async () => {
    expect(await createGitToken({ kind: "token", token: "ghp_abc" }, "https://api.github.com")()).toBe("ghp_abc");
    expect(await createGitToken({ kind: "none" }, "https://api.github.com")()).toBeNull();
  });

  it("mints a cached installation token for a GitHub App, which clones and pushes as the app's bot", async () => {
    const { gh: appGh, auth } = await startFakeGithubApp({ owner: OWNER, repo: REPO });
    const events: RepoEvent[] = [];
    const off = appGh.repo.onEvent((e) => events.push(e));
    const dir = await mkdtemp(join(work, "app-"));
    try {
      await appGh.repo.seed({ files: { "README.md": "app\n" } });
      const gitToken = createGitToken(auth, `${appGh.url}/`);

      const token = await gitToken();
      expect(token).toMatch(/^ghs_/);
      expect(await gitToken()).toBe(token);
      expect(appGh.requests("POST", /\/app\/installations\/77\/access_tokens$/)).toBe(1);

      await git(dir, token, "clone", "--quiet", appGh.httpCloneUrl, "repo");
      const clone = join(dir, "repo");
      expect(await readFile(join(clone, "README.md"), "utf8")).toBe("app\n");
      await git(clone, null, "checkout", "-q", "-b", "shopfloor/app-build");
      await writeFile(join(clone, "README.md"), "app, built\n");
      await git(clone, null, "commit", "-q", "-am", "Build");
      await git(clone, token, "push", "-q", "origin", "shopfloor/app-build");
      await appGh.repo.eventsSettled();
      const push = events.find((e) => e.name === "push" && e.payload.ref === "refs/heads/shopfloor/app-build");
      expect(push?.payload).toMatchObject({ sender: { login: "shopfloor[bot]" }, pusher: { name: "shopfloor[bot]" } });

      const wrongApp = createGitToken({ ...auth, appId: "9999" }, appGh.url);
      expect(await caughtAppError(wrongApp())).toMatchObject({ code: ErrorCode.GithubApi, retryable: false, details: { status: 401 } });
    } finally {
      off();
      await appGh.close();
    }
  });
});
