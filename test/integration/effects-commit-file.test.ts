import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresEffectsLedger } from "../../src/adapters/postgres/postgres-effects-ledger.js";
import { createExecutors } from "../../src/core/effects/create-executors.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import type { ForgePort } from "../../src/core/ports/forge-port.js";
import { startFakeGithub, type FakeGithub } from "../../src/sandbox/fake-github/index.js";
import { FakeChat, FakeForge } from "../fakes/fake-ports.js";
import { testPool, uniqueId } from "../support/db.js";
import { forgeFor } from "../support/fake-github.js";

const pool = testPool();
afterAll(() => pool.end());

const PROMPT = "prompts/triage/classify.prompt.yml";
const APPROVED = "model: large\ntemplate: Classify {{title}} carefully\n";

function commitRequest(threadId: string, branch: string) {
  return {
    threadId,
    node: "apply-proposal",
    intent: "commit",
    kind: "github.commit-file" as const,
    input: { branch, path: PROMPT, content: APPROVED, message: "Triage: use the large model (approved in Slack)" },
  };
}

/** GitHub commits, then the answer is lost (a 502 or a dead worker) — once. */
function loseCommitAnswerOnce(forge: ForgePort): ForgePort {
  let lost = false;
  return {
    ...forge,
    commitFile: async (input) => {
      const result = await forge.commitFile(input);
      if (lost) return result;
      lost = true;
      throw new AppError(ErrorCode.GithubApi, "GitHub answered 502 after the write", { retryable: true });
    },
  };
}

describe("github.commit-file through the PostgreSQL effects ledger and the real adapter", () => {
  let gh: FakeGithub;
  let mainHead: string;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: "acme", repo: "effects-commit", token: "ghp_test", login: "shopfloor-bot" });
    mainHead = await gh.repo.seed({ files: { "README.md": "# Shop\n", [PROMPT]: "model: small\ntemplate: Classify {{title}}\n" } });
  });

  afterAll(async () => {
    await gh?.close();
  });

  it("commits once and hands the stored commit back when the node runs again", async () => {
    const forge = forgeFor(gh);
    const effects = createPostgresEffectsLedger({ pool, executors: createExecutors({ chat: new FakeChat(), forge }), dryRun: false });
    const threadId = uniqueId("proposal");
    const branch = `shopfloor/${threadId}`;

    const first = await effects.apply(commitRequest(threadId, branch));
    const puts = gh.requests("PUT", /\/contents\//);
    const second = await effects.apply(commitRequest(threadId, branch));

    expect(second).toEqual(first);
    expect(gh.requests("PUT", /\/contents\//)).toBe(puts);
    expect(await gh.repo.git.branchSha(branch)).toBe(first.sha);
    expect(await gh.repo.git.countCommits(`${mainHead}..${branch}`)).toBe(1);
    expect(await forge.getFileText(PROMPT, branch)).toBe(APPROVED);
    const [record] = await effects.list(threadId);
    expect(record).toMatchObject({ kind: "github.commit-file", status: "applied", attempts: 1, dryRun: false, result: { sha: first.sha } });
  });

  it("finds the commit whose answer was lost instead of committing again", async () => {
    const forge = loseCommitAnswerOnce(forgeFor(gh));
    const effects = createPostgresEffectsLedger({ pool, executors: createExecutors({ chat: new FakeChat(), forge }), dryRun: false });
    const threadId = uniqueId("proposal");
    const branch = `shopfloor/${threadId}`;

    await expect(effects.apply(commitRequest(threadId, branch))).rejects.toMatchObject({ code: ErrorCode.GithubApi, retryable: true });
    const committed = await gh.repo.git.branchSha(branch);
    expect((await effects.list(threadId))[0]).toMatchObject({ status: "planned", attempts: 1 });

    const { sha } = await effects.apply(commitRequest(threadId, branch));

    expect(sha).toBe(committed);
    expect(await gh.repo.git.countCommits(`${mainHead}..${branch}`)).toBe(1);
    expect((await effects.list(threadId))[0]).toMatchObject({ status: "applied", attempts: 2, result: { sha } });
  });

  it("only plans the commit in dry run: no branch, no write on GitHub", async () => {
    const effects = createPostgresEffectsLedger({ pool, executors: createExecutors({ chat: new FakeChat(), forge: forgeFor(gh) }), dryRun: true });
    const threadId = uniqueId("proposal");
    const branch = `shopfloor/${threadId}`;
    const writes = gh.requests("PUT", /\/contents\//) + gh.requests("POST", /\/git\/refs$/);

    expect(await effects.apply(commitRequest(threadId, branch))).toEqual({ sha: "dry-run" });

    expect(await gh.repo.git.branchSha(branch)).toBeNull();
    expect(gh.requests("PUT", /\/contents\//) + gh.requests("POST", /\/git\/refs$/)).toBe(writes);
    const [record] = await effects.list(threadId);
    expect(record).toMatchObject({ kind: "github.commit-file", status: "planned", dryRun: true, input: { branch, path: PROMPT, content: APPROVED } });
  });
});

describe("github.commit-file against the FakeForge the graph tests use", () => {
  it("keeps the same facts: one commit, the file on the branch, the default branch untouched", async () => {
    const forge = new FakeForge({ files: { "README.md": "# Shop\n", [PROMPT]: "model: small\n" } });
    const effects = createPostgresEffectsLedger({ pool, executors: createExecutors({ chat: new FakeChat(), forge }), dryRun: false });
    const threadId = uniqueId("proposal");
    const branch = `shopfloor/${threadId}`;

    const { sha } = await effects.apply(commitRequest(threadId, branch));
    // A second proposal thread asking for the same content finds it there.
    const again = await effects.apply(commitRequest(uniqueId("proposal"), branch));

    expect(again.sha).toBe(sha);
    expect(forge.commits).toEqual([{ branch, path: PROMPT, content: APPROVED, message: "Triage: use the large model (approved in Slack)", sha, parent: forge.branches.get("main") }]);
    expect(forge.branches.get(branch)).toBe(sha);
    expect(await forge.getFileText(PROMPT, branch)).toBe(APPROVED);
    expect(await forge.getFileText(PROMPT)).toBe("model: small\n");
    expect(await forge.listFiles({ ref: branch })).toEqual({ paths: ["README.md", PROMPT], truncated: false });
    expect(await forge.listFiles({ max: 1 })).toEqual({ paths: ["README.md"], truncated: true });
  });
});
