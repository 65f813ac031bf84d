import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Octokit } from "@octokit/rest";
import { Webhooks } from "@octokit/webhooks";
import webhookExamples from "@octokit/webhooks-examples";
import { startFakeGithub, type FakeGithub } from "../../../src/sandbox/fake-github/index.js";

const exec = promisify(execFile);
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const OWNER = "acme";
const REPO = "fake-unit";

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec("git", ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", "-c", "commit.gpgsign=false", ...args], { cwd });
  return stdout.trim();
}

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}

async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(202, { "content-type": "text/plain" });
      res.end("accepted");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/github/webhooks`, received, server };
}

function exampleKeys(event: string, action: string): string[] {
  const definition = (webhookExamples as unknown as Array<{ name: string; examples: Array<Record<string, unknown>> }>).find((d) => d.name === event);
  const examples = (definition?.examples ?? []).filter((e) => e.action === action);
  expect(examples.length).toBeGreaterThan(0);
  // Keys every example of this action has (optional ones such as organization vary between examples).
  return Object.keys(examples[0]!).filter((k) => examples.every((e) => k in e) && k !== "installation");
}

describe("fake GitHub", () => {
  let gh: FakeGithub;
  let octokit: Octokit;
  let reviewer: Octokit;
  let work: string;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test", tokens: { ghp_reviewer: "rita" } });
    gh.repo.setPermission("rita", "write");
    await gh.repo.seed({ files: { "README.md": "# Shop\n", "src/app.ts": "export const price = 10;\nexport const tax = 2;\n" } });
    octokit = new Octokit({ baseUrl: gh.url, auth: "ghp_test", log: silent });
    reviewer = new Octokit({ baseUrl: gh.url, auth: "ghp_reviewer", log: silent });
    work = await mkdtemp(join(tmpdir(), "fake-github-unit-"));
  });

  afterAll(async () => {
    await gh?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("lets git clone, push a branch, and opens a pull request whose head is the pushed commit", async () => {
    const dir = join(work, "clone");
    await exec("git", ["clone", "--quiet", gh.cloneUrl, dir]);
    expect(await git(dir, "log", "--format=%s")).toBe("Initial commit");

    await git(dir, "checkout", "-q", "-b", "fix/price");
    await writeFile(join(dir, "src/app.ts"), "export const price = 12;\nexport const tax = 2;\n");
    await git(dir, "commit", "-q", "-am", "Raise the price");
    await git(dir, "push", "-q", "origin", "fix/price");
    const pushed = await git(dir, "rev-parse", "HEAD");

    const { data: created } = await octokit.rest.pulls.create({ owner: OWNER, repo: REPO, head: "fix/price", base: "main", title: "Raise the price", body: "Fixes nothing" });
    expect(created.head.sha).toBe(pushed);
    const { data: pr } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: created.number });
    expect(pr).toMatchObject({ state: "open", merged: false, mergeable: true, mergeable_state: "clean", additions: 1, deletions: 1, changed_files: 1, commits: 1 });
    expect(pr.head.ref).toBe("fix/price");
    const { data: files } = await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: created.number });
    expect(files.map((f) => [f.filename, f.status])).toEqual([["src/app.ts", "modified"]]);
    expect(files[0]?.patch).toContain("+export const price = 12;");

    // A second push moves the PR head at once (post-receive hook), and subscribers get `synchronize`.
    const receiver = await startReceiver();
    const subscription = gh.subscribe(receiver.url, "s3cret", { events: ["pull_request.synchronize"] });
    try {
      await writeFile(join(dir, "src/app.ts"), "export const price = 13;\nexport const tax = 2;\n");
      await git(dir, "commit", "-q", "-am", "Make it 13");
      await git(dir, "push", "-q", "origin", "fix/price");
      const second = await git(dir, "rev-parse", "HEAD");
      await subscription.idle();
      expect(receiver.received).toHaveLength(1);
      const payload = JSON.parse(receiver.received[0]!.raw);
      expect(payload).toMatchObject({ action: "synchronize", number: created.number, before: pushed, after: second });
      expect(payload.pull_request.head.sha).toBe(second);
      const { data: again } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: created.number });
      expect(again.head.sha).toBe(second);
    } finally {
      subscription.close();
      receiver.server.close();
    }
  });

  it("refuses a duplicate PR, a PR without commits and a head branch that does not exist", async () => {
    await gh.repo.commitToBranch("dup", { "a.txt": "a\n" }, "a");
    await octokit.rest.pulls.create({ owner: OWNER, repo: REPO, head: "dup", base: "main", title: "one" });
    await expect(octokit.rest.pulls.create({ owner: OWNER, repo: REPO, head: "dup", base: "main", title: "two" })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Validation Failed", errors: [{ message: `A pull request already exists for ${OWNER}:dup.` }] } },
    });
    await gh.repo.createBranch("empty");
    await expect(octokit.rest.pulls.create({ owner: OWNER, repo: REPO, head: "empty", base: "main", title: "nothing" })).rejects.toMatchObject({ status: 422 });
    await expect(octokit.rest.pulls.create({ owner: OWNER, repo: REPO, head: "nope", base: "main", title: "x" })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ field: "head", code: "invalid" }] } },
    });
  });

  it("serves review threads over GraphQL with pagination, and resolves and unresolves them", async () => {
    await gh.repo.commitToBranch("threads", { "src/app.ts": "export const price = 10;\nexport const tax = 3;\nexport const fee = 1;\n" }, "Change tax, add fee", { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: "threads", title: "Tax and fee", author: "alice" });

    // A line outside the diff is refused like GitHub does.
    await expect(
      reviewer.rest.pulls.createReview({ owner: OWNER, repo: REPO, pull_number: pr.number, event: "COMMENT", comments: [{ path: "README.md", line: 1, body: "x" }] }),
    ).rejects.toMatchObject({ status: 422, response: { data: { message: "Unprocessable Entity", errors: [expect.stringContaining("path is invalid")] } } });
    await expect(
      reviewer.rest.pulls.createReview({ owner: OWNER, repo: REPO, pull_number: pr.number, event: "COMMENT", comments: [{ path: "src/app.ts", line: 40, body: "x" }] }),
    ).rejects.toMatchObject({ status: 422, response: { data: { errors: [expect.stringContaining("line must be part of the diff")] } } });

    const { data: review } = await reviewer.rest.pulls.createReview({
      owner: OWNER,
      repo: REPO,
      pull_number: pr.number,
      event: "REQUEST_CHANGES",
      body: "Two things",
      comments: [
        { path: "src/app.ts", line: 2, body: "Why 3?" },
        { path: "src/app.ts", line: 3, body: "Document the fee" },
      ],
    });
    expect(review.state).toBe("CHANGES_REQUESTED");
    const { data: comments } = await octokit.rest.pulls.listReviewComments({ owner: OWNER, repo: REPO, pull_number: pr.number });
    await octokit.rest.pulls.createReplyForReviewComment({ owner: OWNER, repo: REPO, pull_number: pr.number, comment_id: comments[0]!.id, body: "Policy change" });

    const query = `query($owner: String!, $name: String!, $number: Int!, $after: String) {
      repository(owner: $owner, name: $name) {
        pullRequest(number: $number) {
          reviewThreads(first: 1, after: $after) {
            nodes { id isResolved isOutdated path line comments(first: 10) { nodes { id databaseId body author { login } } } }
            pageInfo { hasNextPage endCursor }
          }
        }
      }
    }`;
    type Page = { repository: { pullRequest: { reviewThreads: { nodes: Array<{ id: string; isResolved: boolean; isOutdated: boolean; path: string; line: number | null; comments: { nodes: Array<{ databaseId: number; body: string; author: { login: string } }> } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } } } };
    const first = await octokit.graphql<Page>(query, { owner: OWNER, name: REPO, number: pr.number });
    const page1 = first.repository.pullRequest.reviewThreads;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.nodes).toHaveLength(1);
    expect(page1.nodes[0]).toMatchObject({ isResolved: false, isOutdated: false, path: "src/app.ts", line: 2 });
    expect(page1.nodes[0]!.comments.nodes.map((c) => [c.body, c.author.login])).toEqual([["Why 3?", "rita"], ["Policy change", "shopfloor-bot"]]);
    expect(page1.nodes[0]!.comments.nodes[0]!.databaseId).toBe(comments[0]!.id);
    const second = await octokit.graphql<Page>(query, { owner: OWNER, name: REPO, number: pr.number, after: page1.pageInfo.endCursor });
    expect(second.repository.pullRequest.reviewThreads.pageInfo.hasNextPage).toBe(false);
    expect(second.repository.pullRequest.reviewThreads.nodes[0]!.line).toBe(3);

    const threadId = page1.nodes[0]!.id;
    const resolved = await octokit.graphql<{ resolveReviewThread: { thread: { id: string; isResolved: boolean } } }>(
      `mutation($threadId: ID!) { resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } } }`,
      { threadId },
    );
    expect(resolved.resolveReviewThread.thread).toEqual({ id: threadId, isResolved: true });
    // Aliases and inline input literals work as on GitHub.
    const undone = await octokit.graphql<{ u: { t: { resolved: boolean } } }>(`mutation { u: unresolveReviewThread(input: { threadId: "${threadId}" }) { t: thread { resolved: isResolved } } }`);
    expect(undone.u.t.resolved).toBe(false);

    // A new commit that touches the file makes the thread outdated; its line goes null.
    await gh.repo.commitToBranch("threads", { "src/app.ts": "export const price = 10;\nexport const tax = 2;\n" }, "Revert tax", { author: "alice" });
    const after = await octokit.graphql<Page>(query, { owner: OWNER, name: REPO, number: pr.number });
    expect(after.repository.pullRequest.reviewThreads.nodes[0]).toMatchObject({ isOutdated: true, line: null });

    await expect(octokit.graphql(`mutation { resolveReviewThread(input: { threadId: "PRRT_nope" }) { thread { id } } }`)).rejects.toMatchObject({
      errors: [{ type: "NOT_FOUND", message: "Could not resolve to a node with the global id of 'PRRT_nope'" }],
    });
    await expect(octokit.graphql(`query { repository(owner: "${OWNER}", name: "${REPO}") { pullRequest(number: ${pr.number}) { reviewThreads { nodes { id } } } } }`)).rejects.toMatchObject({
      errors: [{ type: "MISSING_PAGINATION_BOUNDARIES" }],
    });
    await expect(octokit.graphql(`query { repository(owner: "${OWNER}", name: "${REPO}") { nope } }`)).rejects.toMatchObject({
      errors: [{ message: "Field 'nope' doesn't exist on type 'Repository'" }],
    });
  });

  it("merges for real: a conflicting PR is refused with 405, update-branch guards the head, squash closes the linked issue", async () => {
    const issue = gh.repo.createIssue({ title: "Price is wrong", labels: ["bug"] });
    await gh.repo.commitToBranch("conflict-a", { "README.md": "# Shop A\n" }, "A");
    await gh.repo.commitToBranch("conflict-b", { "README.md": "# Shop B\n" }, "B");
    const a = await gh.repo.openPullRequest({ head: "conflict-a", title: "A", body: `Fixes #${issue.number}`, author: "alice" });
    const b = await gh.repo.openPullRequest({ head: "conflict-b", title: "B", author: "alice" });

    const headA = (await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: a.number })).data.head.sha;
    const merged = await octokit.rest.pulls.merge({ owner: OWNER, repo: REPO, pull_number: a.number, sha: headA, merge_method: "squash" });
    expect(merged.data).toMatchObject({ merged: true, message: "Pull Request successfully merged" });
    const { stdout: log } = await exec("git", ["--git-dir", gh.gitDir, "log", "-1", "--format=%H %P%n%s", "main"]);
    const [line1, subject] = log.trim().split("\n");
    expect(line1!.split(" ")).toHaveLength(2); // squash: one parent
    expect(line1!.split(" ")[0]).toBe(merged.data.sha);
    expect(subject).toBe(`A (#${a.number})`);
    const { data: closed } = await octokit.rest.issues.get({ owner: OWNER, repo: REPO, issue_number: issue.number });
    expect(closed).toMatchObject({ state: "closed", state_reason: "completed" });

    const { data: prB } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: b.number });
    expect(prB).toMatchObject({ mergeable: false, mergeable_state: "dirty" });
    await expect(octokit.rest.pulls.merge({ owner: OWNER, repo: REPO, pull_number: b.number, sha: prB.head.sha })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: "Pull Request is not mergeable" } },
    });
    await expect(octokit.rest.pulls.updateBranch({ owner: OWNER, repo: REPO, pull_number: b.number, expected_head_sha: "0".repeat(40) })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "expected head sha didn't match current head ref." } },
    });

    // A branch behind main without conflicts is brought up to date by update-branch (a merge commit on the head).
    await gh.repo.commitToBranch("behind", { "docs/notes.md": "notes\n" }, "Notes", { from: "conflict-a~1" });
    const c = await gh.repo.openPullRequest({ head: "behind", title: "Notes" });
    const before = (await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: c.number })).data.head.sha;
    const updated = await octokit.rest.pulls.updateBranch({ owner: OWNER, repo: REPO, pull_number: c.number, expected_head_sha: before });
    expect(updated.status).toBe(202);
    const { data: prC } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: c.number });
    expect(prC.head.sha).not.toBe(before);
    const { stdout: parents } = await exec("git", ["--git-dir", gh.gitDir, "log", "-1", "--format=%P", prC.head.sha]);
    expect(parents.trim().split(" ")).toEqual([before, merged.data.sha]);
  });

  it("rebase-merges by replaying the PR's commits on top of the moved base", async () => {
    await gh.repo.commitToBranch("rebase-me", { "lib/one.txt": "1\n" }, "one", { author: "alice" });
    const head = await gh.repo.commitToBranch("rebase-me", { "lib/two.txt": "2\n" }, "two", { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: "rebase-me", title: "Rebase me", author: "alice" });
    const mainMoved = await gh.repo.commitToBranch("main", { "lib/main.txt": "m\n" }, "main moves");
    const { data } = await octokit.rest.pulls.merge({ owner: OWNER, repo: REPO, pull_number: pr.number, sha: head, merge_method: "rebase" });
    const { stdout } = await exec("git", ["--git-dir", gh.gitDir, "log", "-3", "--format=%s|%an|%P", data.sha]);
    const lines = stdout.trim().split("\n").map((l) => l.split("|"));
    expect(lines.map((l) => l[0])).toEqual(["two", "one", "main moves"]);
    expect(lines[0]![1]).toBe("alice");
    expect(lines[1]![2]).toBe(mainMoved);
    const { stdout: tree } = await exec("git", ["--git-dir", gh.gitDir, "ls-tree", "-r", "--name-only", "main", "lib"]);
    expect(tree.trim().split("\n")).toEqual(["lib/main.txt", "lib/one.txt", "lib/two.txt"]);
  });

  it("paginates like GitHub, with a Link header octokit.paginate follows", async () => {
    for (let i = 0; i < 7; i++) gh.repo.createLabel({ name: `area:part-${i}` });
    const total = gh.repo.listLabels().length;
    const res = await octokit.rest.issues.listLabelsForRepo({ owner: OWNER, repo: REPO, per_page: 5, page: 2 });
    expect(res.data).toHaveLength(5);
    expect(res.headers.link).toMatch(/<[^>]+[?&]page=3[^>]*>; rel="next"/);
    expect(res.headers.link).toMatch(/rel="last"/);
    expect(res.headers.link).toMatch(/<[^>]+[?&]page=1[^>]*>; rel="prev"/);
    const all = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { owner: OWNER, repo: REPO, per_page: 5 });
    expect(all).toHaveLength(total);
    expect(new Set(all.map((l) => l.name)).size).toBe(total);
  });

  it("answers 401 for a wrong token, accepts Bearer, and counts and fails requests on demand", async () => {
    const bad = new Octokit({ baseUrl: gh.url, auth: "ghp_wrong", log: silent });
    await expect(bad.rest.repos.get({ owner: OWNER, repo: REPO })).rejects.toMatchObject({ status: 401, response: { data: { message: "Bad credentials" } } });
    const res = await fetch(`${gh.url}/repos/${OWNER}/${REPO}`, { headers: { authorization: "Bearer ghp_test" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ full_name: `${OWNER}/${REPO}`, default_branch: "main", clone_url: gh.httpCloneUrl, permissions: { push: true, admin: false } });

    const before = gh.requests("GET", /\/issues\/\d+$/);
    gh.faults.failNext("GET", /\/issues\/\d+$/, { status: 503 });
    await expect(octokit.rest.issues.get({ owner: OWNER, repo: REPO, issue_number: 1 })).rejects.toMatchObject({ status: 503 });
    gh.faults.rateLimitNext(/\/issues\/\d+$/, 42, { kind: "secondary" });
    await expect(octokit.rest.issues.get({ owner: OWNER, repo: REPO, issue_number: 1 })).rejects.toMatchObject({ status: 403, response: { headers: { "retry-after": "42" } } });
    await octokit.rest.issues.get({ owner: OWNER, repo: REPO, issue_number: 1 });
    expect(gh.requests("GET", /\/issues\/\d+$/) - before).toBe(3);
  });

  it("sends webhooks signed over the raw body, which @octokit/webhooks verifies; redelivery keeps the delivery id", async () => {
    const receiver = await startReceiver();
    try {
      const issue = gh.repo.createIssue({ title: "Checkout fails", body: "500 on /checkout", labels: ["bug"], author: "carol" });
      const sender = gh.webhooks(receiver.url, "whsec");
      const payload = await gh.payloads.issuesOpened(issue.number);
      const delivery = await sender.send("issues", payload);
      expect(delivery).toMatchObject({ status: 202, body: "accepted", event: "issues", action: "opened" });
      expect(delivery.elapsedMs).toBeGreaterThanOrEqual(0);

      const got = receiver.received[0]!;
      expect(got.headers).toMatchObject({ "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": delivery.deliveryId });
      expect(String(got.headers["user-agent"])).toMatch(/^GitHub-Hookshot\//);
      const webhooks = new Webhooks({ secret: "whsec" });
      expect(await webhooks.verify(got.raw, String(got.headers["x-hub-signature-256"]))).toBe(true);
      expect(await new Webhooks({ secret: "other" }).verify(got.raw, String(got.headers["x-hub-signature-256"]))).toBe(false);
      expect(JSON.parse(got.raw)).toMatchObject({ action: "opened", issue: { number: issue.number, title: "Checkout fails", user: { login: "carol" }, labels: [{ name: "bug" }] }, sender: { login: "carol" } });

      const again = await sender.redeliver(delivery.deliveryId);
      expect(again.deliveryId).toBe(delivery.deliveryId);
      expect(receiver.received[1]!.raw).toBe(got.raw);
      expect(receiver.received[1]!.headers["x-github-delivery"]).toBe(delivery.deliveryId);

      await sender.send("issues", payload, { signature: "sha256=deadbeef" });
      expect(await webhooks.verify(receiver.received[2]!.raw, String(receiver.received[2]!.headers["x-hub-signature-256"]))).toBe(false);
    } finally {
      receiver.server.close();
    }
  });

  it("builds payloads with the top-level keys GitHub's examples have", async () => {
    const issue = gh.repo.createIssue({ title: "Shape", author: "carol" });
    const comment = gh.repo.createComment(issue.number, "me too", "dave");
    await gh.repo.commitToBranch("shape", { "shape.txt": "x\n" }, "shape");
    const pr = await gh.repo.openPullRequest({ head: "shape", title: "Shape" });
    const run = await gh.repo.setCheck("shape", "build", "failure");

    const cases: Array<[string, string, Record<string, unknown>]> = [
      ["issues", "opened", await gh.payloads.issuesOpened(issue.number)],
      ["issue_comment", "created", await gh.payloads.issueCommentCreated(comment.id)],
      ["pull_request", "opened", await gh.payloads.pullRequestOpened(pr.number)],
      ["pull_request", "synchronize", await gh.payloads.pullRequestSynchronize(pr.number, "0".repeat(40))],
      ["check_run", "completed", await gh.payloads.checkRunCompleted(run.id)],
    ];
    for (const [event, action, payload] of cases) {
      for (const key of exampleKeys(event, action)) expect(payload, `${event}.${action} lacks ${key}`).toHaveProperty(key);
    }
    const definition = (webhookExamples as unknown as Array<{ name: string; examples: Array<Record<string, Record<string, unknown>>> }>).find((d) => d.name === "pull_request")!;
    const examplePr = definition.examples.find((e) => (e.action as unknown) === "opened")!.pull_request!;
    const ours = cases[2]![2].pull_request as Record<string, unknown>;
    for (const key of Object.keys(examplePr)) expect(ours, `pull_request lacks ${key}`).toHaveProperty(key);
    expect(cases[4]![2]).toMatchObject({ check_run: { name: "build", status: "completed", conclusion: "failure", pull_requests: [{ number: pr.number }] } });
  });
});

describe("fake GitHub issue search, contents and issue state", () => {
  let gh: FakeGithub;
  let octokit: Octokit;
  const q = (text: string) => `${text} repo:${OWNER}/${REPO}`;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test" });
    await gh.repo.seed({ files: { "README.md": "# Shop\n", "src/app.ts": "export const price = 10;\n", "src/lib/util.ts": "export {};\n" } });
    octokit = new Octokit({ baseUrl: gh.url, auth: "ghp_test", log: silent });
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));
    gh.repo.createIssue({ title: "Checkout crashes with a coupon", body: "Stack trace attached", labels: ["bug", "needs triage"], createdAt: at(1) });
    gh.repo.createIssue({ title: "Coupon field too small", body: "UI nit", labels: ["enhancement"], createdAt: at(2) });
    gh.repo.createIssue({ title: "Slow search page", body: "The checkout coupon search crashes sometimes", createdAt: at(3) });
    const closed = gh.repo.createIssue({ title: "Old coupon bug", body: "fixed long ago", labels: ["bug"], createdAt: at(4) });
    gh.repo.updateIssue(closed.number, { state: "closed", state_reason: "completed" });
    await gh.repo.commitToBranch("fix/coupon", { "src/coupon.ts": "export const coupon = 1;\n" }, "Coupon fix");
    await gh.repo.openPullRequest({ head: "fix/coupon", title: "Fix coupon checkout crashes" });
  });

  afterAll(async () => {
    await gh?.close();
  });

  const titles = (items: Array<{ title: string }>) => items.map((i) => i.title);

  it("matches any word in title or body, ranks by matching words then recency, in GitHub's response shape", async () => {
    const res = await octokit.rest.search.issuesAndPullRequests({ q: q("checkout coupon crashes is:issue") });
    expect(res.status).toBe(200);
    expect(res.data.total_count).toBe(4);
    expect(res.data.incomplete_results).toBe(false);
    // 3 words: "Slow search page" (newer) before "Checkout crashes…" (older); then 1 word, newest first.
    expect(titles(res.data.items)).toEqual(["Slow search page", "Checkout crashes with a coupon", "Old coupon bug", "Coupon field too small"]);
    expect(res.data.items[0]).toMatchObject({ number: 3, state: "open", html_url: `https://github.com/${OWNER}/${REPO}/issues/3`, user: { login: "shopfloor-bot" }, score: 3 });
    expect(res.data.items[0]).not.toHaveProperty("pull_request");
    expect(res.headers["x-ratelimit-resource"]).toBe("search");
    expect(res.headers["x-ratelimit-limit"]).toBe("30");
  });

  it("filters by is:, state:, label: (quoted too), -label: and in:", async () => {
    const search = async (text: string) => titles((await octokit.rest.search.issuesAndPullRequests({ q: q(text) })).data.items);
    expect(await search("coupon is:pr")).toEqual(["Fix coupon checkout crashes"]);
    expect(await search("coupon is:issue is:closed")).toEqual(["Old coupon bug"]);
    expect(await search("coupon is:issue state:open")).toEqual(["Slow search page", "Coupon field too small", "Checkout crashes with a coupon"]);
    expect(await search('is:issue label:"needs triage"')).toEqual(["Checkout crashes with a coupon"]);
    expect(await search("is:issue label:bug")).toEqual(["Old coupon bug", "Checkout crashes with a coupon"]);
    expect(await search("is:issue label:bug -label:\"needs triage\"")).toEqual(["Old coupon bug"]);
    expect(await search("checkout in:title is:issue")).toEqual(["Checkout crashes with a coupon"]);
    expect(await search("checkout in:body is:issue")).toEqual(["Slow search page"]);
    expect(await search('"coupon search" is:issue')).toEqual(["Slow search page"]);
  });

  it("pages search results with per_page, page and a Link header", async () => {
    for (let i = 0; i < 12; i++) gh.repo.createIssue({ title: `pelican ${i}` });
    const first = await octokit.rest.search.issuesAndPullRequests({ q: q("pelican"), per_page: 5 });
    expect(first.data.total_count).toBe(12);
    expect(first.data.items).toHaveLength(5);
    expect(first.headers.link).toMatch(/<[^>]+[?&]page=2[^>]*>; rel="next"/);
    const all = await octokit.paginate(octokit.rest.search.issuesAndPullRequests, { q: q("pelican"), per_page: 5 });
    expect(all).toHaveLength(12);
    expect(new Set(all.map((i) => i.number)).size).toBe(12);
  });

  it("refuses what GitHub refuses: no auth, no q, another repository, text over 256 characters", async () => {
    const anonymous = await fetch(`${gh.url}/search/issues?q=coupon`);
    expect(anonymous.status).toBe(401);
    await expect(octokit.rest.search.issuesAndPullRequests({ q: "" })).rejects.toMatchObject({ status: 422 });
    await expect(octokit.rest.search.issuesAndPullRequests({ q: "coupon repo:other/elsewhere" })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [expect.objectContaining({ message: expect.stringContaining("cannot be searched") })] } },
    });
    await expect(octokit.rest.search.issuesAndPullRequests({ q: q("word ".repeat(60)) })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [expect.objectContaining({ message: "The search is longer than 256 characters." })] } },
    });
  });

  it("serves files, lists directories, answers 404 for a missing path and 403 too_large over 1 MB", async () => {
    const file = await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: "src/app.ts" });
    expect(file.data).toMatchObject({ type: "file", encoding: "base64", name: "app.ts", path: "src/app.ts", size: 25 });
    expect(Buffer.from((file.data as { content: string }).content, "base64").toString("utf8")).toBe("export const price = 10;\n");

    const dir = await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: "src" });
    expect(Array.isArray(dir.data)).toBe(true);
    expect((dir.data as Array<{ name: string; type: string; path: string }>).map((e) => [e.name, e.type, e.path])).toEqual(
      expect.arrayContaining([
        ["app.ts", "file", "src/app.ts"],
        ["lib", "dir", "src/lib"],
      ]),
    );
    const root = await fetch(`${gh.url}/repos/${OWNER}/${REPO}/contents`, { headers: { authorization: "token ghp_test" } });
    expect(((await root.json()) as Array<{ name: string }>).map((e) => e.name)).toEqual(expect.arrayContaining(["README.md", "src"]));

    await expect(octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: "nope.md" })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: "README.md", ref: "no-such-branch" })).rejects.toMatchObject({ status: 404 });

    await gh.repo.commitToBranch("main", { "big.bin": "y".repeat(1024 * 1024 + 1) }, "Big file");
    await expect(octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: "big.bin" })).rejects.toMatchObject({
      status: 403,
      response: { data: { errors: [{ resource: "Blob", field: "data", code: "too_large" }] } },
    });
  });

  it("closes an issue with a state_reason and refuses an unknown one", async () => {
    const issue = gh.repo.createIssue({ title: "Not doing this" });
    const res = await octokit.rest.issues.update({ owner: OWNER, repo: REPO, issue_number: issue.number, state: "closed", state_reason: "not_planned" });
    expect(res.data).toMatchObject({ state: "closed", state_reason: "not_planned" });
    const refused = await fetch(`${gh.url}/repos/${OWNER}/${REPO}/issues/${issue.number}`, {
      method: "PATCH",
      headers: { authorization: "token ghp_test", "content-type": "application/json" },
      body: JSON.stringify({ state_reason: "bored" }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ message: "Validation Failed", errors: [{ resource: "Issue", code: "invalid", field: "state_reason" }] });
    expect(gh.repo.getIssue(issue.number).stateReason).toBe("not_planned");
  });
});
