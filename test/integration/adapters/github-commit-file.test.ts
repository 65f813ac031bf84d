import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOctokitForgeAdapter } from "../../../src/adapters/github/octokit-forge-adapter.js";
import { ErrorCode } from "../../../src/core/errors.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { ForgePort } from "../../../src/core/ports/forge-port.js";
import { startFakeGithub, type FakeGithub, type RepoEvent } from "../../../src/sandbox/fake-github/index.js";
import { caughtAppError } from "../../support/caught.js";
import { forgeFor, octokitFor, startFakeGithubApp } from "../../support/fake-github.js";

const OWNER = "acme";
const REPO = "commit-it";
const BOT = "shopfloor-bot";
const PROMPT = "prompts/triage/classify.prompt.yml";

const SEED = {
  "README.md": "# Shop\n",
  "src/price.ts": "export const price = 10;\n",
  "src/cart/total.ts": "export const total = 0;\n",
  [PROMPT]: "model: small\ntemplate: Classify {{title}}\n",
  "docs/b.md": "b\n",
  "docs/a.md": "a\n",
};

describe("Octokit forge adapter: committing one file and listing files, against the fake GitHub", () => {
  let gh: FakeGithub;
  let forge: ForgePort;
  let mainHead: string;
  let seq = 0;
  const events: RepoEvent[] = [];
  const branchName = (what: string) => `shopfloor/${what}-${++seq}`;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test", login: BOT });
    mainHead = await gh.repo.seed({ files: SEED });
    gh.repo.onEvent((e) => events.push(e));
    forge = forgeFor(gh);
  });

  afterAll(async () => {
    await gh?.close();
  });

  it("creates the branch from the default branch's head and commits a new file on it", async () => {
    const branch = branchName("new-prompt");
    const content = "model: small\ntemplate: Summarise {{title}} in one line\n";

    const { sha } = await forge.commitFile({ branch, path: "prompts/recap/summary.prompt.yml", content, message: "Add the recap summary prompt" });

    expect(await gh.repo.git.branchSha(branch)).toBe(sha);
    const commit = await gh.repo.git.commit(sha);
    expect(commit).toMatchObject({ parents: [mainHead], message: "Add the recap summary prompt", authorName: BOT });
    expect(await forge.getFileText("prompts/recap/summary.prompt.yml", branch)).toBe(content);
    // Only the branch has it: the default branch is untouched.
    expect(await gh.repo.git.branchSha("main")).toBe(mainHead);
    expect(await forge.getFileText("prompts/recap/summary.prompt.yml")).toBeNull();
    expect((await forge.listFiles({ ref: branch })).paths).toContain("prompts/recap/summary.prompt.yml");
    expect(gh.requests("PUT", /\/contents\//)).toBeGreaterThan(0);

    await gh.repo.eventsSettled();
    const pushes = events.filter((e) => e.name === "push" && (e.payload as { ref?: string }).ref === `refs/heads/${branch}`);
    expect(pushes.map((e) => (e.payload as { after?: string }).after)).toEqual([mainHead, sha]);
  });

  it("replaces a file on an existing branch, on top of its head, and the branch's open PR follows", async () => {
    const branch = branchName("tune-triage");
    const before = await gh.repo.commitToBranch(branch, { "src/price.ts": "export const price = 12;\n" }, "Raise the price", { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: branch, title: "Tune triage", author: "alice" });
    const content = "model: large\ntemplate: Classify {{title}} carefully\n";

    const { sha } = await forge.commitFile({ branch, path: PROMPT, content, message: "Use the large model for triage" });

    expect((await gh.repo.git.commit(sha)).parents).toEqual([before]);
    expect(await forge.getFileText(PROMPT, branch)).toBe(content);
    // The rest of the branch is as it was.
    expect(await forge.getFileText("src/price.ts", branch)).toBe("export const price = 12;\n");
    expect(await forge.getFileText(PROMPT)).toBe(SEED[PROMPT]);
    expect(await forge.getPullRequest(pr.number)).toMatchObject({ headSha: sha, changedFiles: 2 });
  });

  it("commits on the default branch when asked to", async () => {
    const own = await startFakeGithub({ owner: OWNER, repo: "defaults", token: "ghp_test", login: BOT });
    try {
      const head = await own.repo.seed({ files: { "README.md": "# Old\n" } });
      const { sha } = await forgeFor(own).commitFile({ branch: "main", path: "README.md", content: "# New\n", message: "Rewrite the README" });
      expect((await own.repo.git.commit(sha)).parents).toEqual([head]);
      expect(await forgeFor(own).getFileText("README.md")).toBe("# New\n");
    } finally {
      await own.close();
    }
  });

  it("makes no second commit for content the file already has, and hands back the branch head", async () => {
    const branch = branchName("same-twice");
    const input = { branch, path: "config/limits.yml", content: "maxOpenPrs: 3\n", message: "Limit open PRs" };
    const puts = gh.requests("PUT", /\/contents\//);

    const first = await forge.commitFile(input);
    const second = await forge.commitFile(input);
    const third = await forge.commitFile({ ...input, message: "A different message changes nothing" });

    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(gh.requests("PUT", /\/contents\//)).toBe(puts + 1);
    expect(await gh.repo.git.branchSha(branch)).toBe(first.sha);
    expect(await gh.repo.git.countCommits(`${mainHead}..${branch}`)).toBe(1);
  });

  it("reads the branch again when someone pushed between the read and the write, and commits on top", async () => {
    const branch = branchName("race");
    await gh.repo.commitToBranch(branch, { [PROMPT]: "model: small\ntemplate: v1\n" }, "v1", { author: "alice" });
    // The PUT waits; meanwhile alice pushes a change to the same file, so the sha the adapter read is stale.
    gh.faults.delayNext("PUT", /\/contents\//, 300);
    const puts = gh.requests("PUT", /\/contents\//);
    const committing = forge.commitFile({ branch, path: PROMPT, content: "model: small\ntemplate: v3\n", message: "v3" });
    while (gh.requests("PUT", /\/contents\//) === puts) await new Promise((r) => setTimeout(r, 10));
    const alice = await gh.repo.commitToBranch(branch, { [PROMPT]: "model: small\ntemplate: v2\n" }, "v2", { author: "alice" });

    const { sha } = await committing;

    expect(gh.requests("PUT", /\/contents\//)).toBe(puts + 2);
    expect((await gh.repo.git.commit(sha)).parents).toEqual([alice]);
    expect(await forge.getFileText(PROMPT, branch)).toBe("model: small\ntemplate: v3\n");
  });

  it("refuses to write over a directory", async () => {
    const error = await caughtAppError(forge.commitFile({ branch: branchName("dir"), path: "src/cart", content: "x\n", message: "Oops" }));
    expect(error).toMatchObject({ code: ErrorCode.Conflict, retryable: false });
    expect(error.message).toContain("src/cart is a directory");
  });

  it("lists every file of the default branch, sorted, without directories", async () => {
    const listed = await forge.listFiles();
    expect(listed).toEqual({ paths: ["README.md", "docs/a.md", "docs/b.md", PROMPT, "src/cart/total.ts", "src/price.ts"], truncated: false });
  });

  it("cuts the list at max and says so", async () => {
    expect(await forge.listFiles({ max: 2 })).toEqual({ paths: ["README.md", "docs/a.md"], truncated: true });
    expect(await forge.listFiles({ max: 6 })).toEqual({ paths: ["README.md", "docs/a.md", "docs/b.md", PROMPT, "src/cart/total.ts", "src/price.ts"], truncated: false });
    expect(await forge.listFiles({ max: 0 })).toEqual({ paths: [], truncated: true });
  });

  it("lists the files at a branch or a commit", async () => {
    const branch = branchName("listed");
    const { sha } = await forge.commitFile({ branch, path: "src/cart/coupon.ts", content: "export const coupon = 5;\n", message: "Coupons" });
    const expected = ["README.md", "docs/a.md", "docs/b.md", PROMPT, "src/cart/coupon.ts", "src/cart/total.ts", "src/price.ts"];
    expect(await forge.listFiles({ ref: branch })).toEqual({ paths: expected, truncated: false });
    expect(await forge.listFiles({ ref: sha })).toEqual({ paths: expected, truncated: false });
    expect((await forge.listFiles({ ref: mainHead })).paths).not.toContain("src/cart/coupon.ts");
  });

  it("says truncated when GitHub cut the tree", async () => {
    gh.repo.treeEntryLimit = 4;
    try {
      const listed = await forge.listFiles();
      expect(listed.truncated).toBe(true);
      expect(listed.paths.length).toBeLessThan(6);
      expect(listed.paths).toEqual([...listed.paths].sort());
    } finally {
      gh.repo.treeEntryLimit = 100_000;
    }
  });

  it("fails a ref that names nothing with NotFound", async () => {
    const error = await caughtAppError(forge.listFiles({ ref: "no-such-branch" }));
    expect(error).toMatchObject({ code: ErrorCode.NotFound, retryable: false, details: { status: 404 } });
  });

  it("reports a repository the token cannot see as a clear NotFound, for both calls", async () => {
    const missing = createOctokitForgeAdapter({ octokit: octokitFor(gh), owner: OWNER, repo: "no-such-repo", logger: silentLogger });

    const commit = await caughtAppError(missing.commitFile({ branch: "shopfloor/x", path: "a.txt", content: "a\n", message: "a" }));
    expect(commit).toMatchObject({ code: ErrorCode.NotFound, retryable: false, details: { status: 404 } });
    expect(commit.message).toContain("GitHub commit a.txt on shopfloor/x: not found");
    expect(commit.message).toContain(`${OWNER}/no-such-repo`);

    const list = await caughtAppError(missing.listFiles());
    expect(list).toMatchObject({ code: ErrorCode.NotFound, details: { status: 404 } });
    expect(list.message).toContain(`${OWNER}/no-such-repo`);
  });

  it("lists no files of an empty repository", async () => {
    const empty = await startFakeGithub({ owner: OWNER, repo: "empty", token: "ghp_test", login: BOT });
    try {
      expect(await forgeFor(empty).listFiles()).toEqual({ paths: [], truncated: false });
    } finally {
      await empty.close();
    }
  });
});

describe("the fake GitHub's contents and trees API answers as GitHub does", () => {
  let gh: FakeGithub;
  let head: string;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: "wire", token: "ghp_test", login: BOT });
    head = await gh.repo.seed({ files: { "README.md": "# Wire\n", "src/a.ts": "a\n" } });
  });

  afterAll(async () => {
    await gh?.close();
  });

  const put = (body: Record<string, unknown>, path = "README.md") =>
    octokitFor(gh).request("PUT /repos/{owner}/{repo}/contents/{path}", { owner: OWNER, repo: "wire", path, ...body } as never);
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      const err = e as { status: number; response: { data: { message: string } } };
      return { status: err.status, message: err.response.data.message };
    }
    throw new Error("expected the request to fail");
  };
  const base64 = (text: string) => Buffer.from(text).toString("base64");

  it("refuses a replace without the file's sha (422), with a stale sha (409), and on a missing branch (404)", async () => {
    expect(await failure(put({ message: "m", content: base64("x\n") }))).toEqual({ status: 422, message: 'Invalid request.\n\n"sha" wasn\'t supplied.' });
    expect(await failure(put({ message: "m", content: base64("x\n"), sha: "0".repeat(40) }))).toEqual({ status: 409, message: `README.md does not match ${"0".repeat(40)}` });
    expect(await failure(put({ message: "m", content: base64("x\n"), branch: "nope" }, "new.txt"))).toEqual({ status: 404, message: "Branch nope not found" });
    expect(await gh.repo.git.branchSha("main")).toBe(head);
  });

  it("creates (201) and replaces (200) with GitHub's content and commit shapes, and commits unchanged content too", async () => {
    const created = (await put({ message: "Add notes", content: base64("n\n"), branch: "main" }, "docs/notes.txt")) as { status: number; data: { content: { path: string; sha: string; type: string }; commit: { sha: string; parents: { sha: string }[]; message: string } } };
    expect(created.status).toBe(201);
    expect(created.data.content).toMatchObject({ path: "docs/notes.txt", name: "notes.txt", type: "file", sha: await gh.repo.git.blobSha("main", "docs/notes.txt") });
    expect(created.data.commit).toMatchObject({ message: "Add notes", parents: [{ sha: head }], tree: { sha: expect.any(String) } });

    const again = (await put({ message: "Same again", content: base64("n\n"), sha: created.data.content.sha }, "docs/notes.txt")) as typeof created;
    expect(again.status).toBe(200);
    expect(again.data.commit.parents).toEqual([expect.objectContaining({ sha: created.data.commit.sha })]);
    expect(await gh.repo.git.branchSha("main")).toBe(again.data.commit.sha);
  });

  it("serves trees by sha or branch, recursively with any recursive value, and 404 for an unknown one", async () => {
    const octokit = octokitFor(gh);
    const flat = await octokit.rest.git.getTree({ owner: OWNER, repo: "wire", tree_sha: "main" });
    expect(flat.data.tree.map((e) => [e.path, e.type])).toEqual(expect.arrayContaining([["README.md", "blob"], ["src", "tree"]]));
    expect(flat.data.tree.some((e) => e.path === "src/a.ts")).toBe(false);
    const deep = await octokit.rest.git.getTree({ owner: OWNER, repo: "wire", tree_sha: head, recursive: "false" });
    expect(deep.data.tree).toEqual(expect.arrayContaining([expect.objectContaining({ path: "src/a.ts", type: "blob", mode: "100644", size: 2 }), expect.objectContaining({ path: "src", type: "tree", mode: "040000" })]));
    expect(deep.data.truncated).toBe(false);
    expect(await failure(octokit.rest.git.getTree({ owner: OWNER, repo: "wire", tree_sha: "f".repeat(40) }))).toEqual({ status: 404, message: "Not Found" });
  });
});

describe("Octokit forge adapter as the GitHub App installation", () => {
  it("commits as the app's bot", async () => {
    const { gh, auth } = await startFakeGithubApp({ owner: OWNER, repo: "app-commits" });
    try {
      const head = await gh.repo.seed({ files: { "README.md": "# App\n" } });
      const forge = forgeFor(gh, { auth });
      const { sha } = await forge.commitFile({ branch: "shopfloor/app", path: "prompts/a.prompt.yml", content: "a: 1\n", message: "Prompt a" });
      expect(await gh.repo.git.commit(sha)).toMatchObject({ parents: [head], authorName: "shopfloor[bot]" });
      expect(await forge.listFiles({ ref: "shopfloor/app" })).toEqual({ paths: ["README.md", "prompts/a.prompt.yml"], truncated: false });
    } finally {
      await gh.close();
    }
  });
});
