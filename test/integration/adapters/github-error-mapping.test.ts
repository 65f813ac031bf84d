import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GithubClient } from "../../../src/adapters/github/create-octokit.js";
import { mapGithubError, retryAfterMsFrom } from "../../../src/adapters/github/map-github-error.js";
import { ErrorCode } from "../../../src/core/errors.js";
import { startFakeGithub, type FakeGithub } from "../../../src/sandbox/fake-github/index.js";
import { octokitFor } from "../../support/fake-github.js";

/** Real Octokit errors (REST and GraphQL) from the fake, through mapGithubError. */
describe("mapGithubError", () => {
  let gh: FakeGithub;
  let octokit: GithubClient;
  const base = { owner: "acme", repo: "errors-it" };

  async function mapped(promise: Promise<unknown>) {
    try {
      await promise;
    } catch (e) {
      return mapGithubError(e, { operation: "test call", repository: "acme/errors-it" });
    }
    throw new Error("expected the call to fail");
  }

  beforeAll(async () => {
    gh = await startFakeGithub({ ...base, tokens: { ghp_reader: "rick" } });
    await gh.repo.seed({ files: { "a.txt": "a\n" } });
    octokit = octokitFor(gh);
  });

  afterAll(async () => {
    await gh?.close();
  });

  it("keeps GitHub's 422 message and does not retry it", async () => {
    const error = await mapped(octokit.rest.pulls.create({ ...base, head: "missing", base: "main", title: "x" }));
    expect(error).toMatchObject({ code: ErrorCode.GithubApi, retryable: false, details: { status: 422, method: "POST", path: "/repos/acme/errors-it/pulls" } });
    expect(error.message).toContain("Validation Failed");
    expect(error.message).toContain("head invalid");
  });

  it("maps a 409 to a non-retryable Conflict and a 5xx Retry-After to retryAfterMs", async () => {
    gh.faults.failNext("PUT", /\/merge$/, { status: 409, body: { message: "Head branch was modified. Review and try the merge again." } });
    expect(await mapped(octokit.rest.pulls.merge({ ...base, pull_number: 1, sha: "a".repeat(40) }))).toMatchObject({ code: ErrorCode.Conflict, retryable: false });

    gh.faults.failNext("GET", /\/issues\/1$/, { status: 503, headers: { "retry-after": "3" } });
    expect(await mapped(octokit.rest.issues.get({ ...base, issue_number: 1 }))).toMatchObject({ code: ErrorCode.GithubApi, retryable: true, retryAfterMs: 3000 });

    gh.faults.failNext("GET", /\/issues\/1$/, { status: 502 });
    const noHint = await mapped(octokit.rest.issues.get({ ...base, issue_number: 1 }));
    expect(noHint).toMatchObject({ code: ErrorCode.GithubApi, retryable: true });
    expect(noHint.retryAfterMs).toBeUndefined();
  });

  it("maps GraphQL NOT_FOUND and FORBIDDEN errors", async () => {
    const notFound = await mapped(octokit.graphql(`mutation { resolveReviewThread(input: { threadId: "PRRT_missing" }) { thread { id } } }`));
    expect(notFound).toMatchObject({ code: ErrorCode.NotFound, retryable: false });

    await gh.repo.commitToBranch("f", { "a.txt": "b\n" }, "b", { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: "f", title: "F", author: "alice" });
    gh.repo.setPermission("rita", "write");
    await gh.repo.pulls.createReview(pr.number, { event: "COMMENT", comments: [{ path: "a.txt", line: 1, body: "hm" }] }, "rita");
    const [thread] = gh.repo.pulls.threadsOf(pr.number);
    gh.repo.setPermission("rick", "read");
    const reader = octokitFor(gh, { auth: { kind: "token", token: "ghp_reader" } });
    const forbidden = await mapped(reader.graphql(`mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id } } }`, { id: thread!.id }));
    expect(forbidden).toMatchObject({ code: ErrorCode.GithubApi, retryable: false });
    expect(forbidden.message).toMatch(/write access/);
    expect(thread!.isResolved).toBe(false);
  });

  it("reads Retry-After as seconds or an HTTP date, else x-ratelimit-reset", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMsFrom({ "retry-after": "120" }, now)).toBe(120_000);
    expect(retryAfterMsFrom({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }, now)).toBe(30_000);
    expect(retryAfterMsFrom({ "x-ratelimit-reset": String(now / 1000 + 90) }, now)).toBe(90_000);
    expect(retryAfterMsFrom({}, now)).toBeUndefined();
  });

  it("never copies the token into the error", async () => {
    const wrong = octokitFor(gh, { auth: { kind: "token", token: "ghp_supersecret" } });
    const error = await mapped(wrong.rest.repos.get(base));
    expect(error.code).toBe(ErrorCode.GithubApi);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain("ghp_supersecret");
  });
});
