import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { callStructured } from "../../graphs/shared/call-model.js";
import { createPostgresPromptVersionStore } from "../../src/adapters/postgres/postgres-prompt-versions.js";
import type { PromptVersionStore } from "../../src/core/ledgers/prompt-versions.js";
import { silentLogger, type Logger } from "../../src/core/logger.js";
import { compilePromptFile, createPromptRegistry, promptHash, type PromptRegistry } from "../../src/prompts/load-prompts.js";
import { createVersionedPrompts } from "../../src/prompts/versioned-prompts.js";
import migrateTestDatabase from "../setup/global-db.js";
import { FakeModel } from "../fakes/fake-ports.js";
import { MemoryRunLedger } from "../fakes/memory-ledgers.js";
import { testPool, uniqueId } from "../support/db.js";

const pool = testPool();
const store = createPostgresPromptVersionStore(pool);

/** A prompt file as it sits in prompts/<graph>/<node>.prompt.yml; `system` varies the text between versions. */
const promptFile = (system: string, user = "Diff:\n{{diff}}") => `name: Check the tests
modelParameters:
  temperature: 0.1
untrusted: [diff]
messages:
  - role: system
    content: ${JSON.stringify(system)}
  - role: user
    content: ${JSON.stringify(user)}
`;
const FILE = promptFile("You check whether a change is tested.");

/** prompt_versions and prompt_heads are shared by every test: each test has prompt ids of its own. */
const newId = () => `${uniqueId("itest")}/tests`;

function registry(files: Record<string, string>): PromptRegistry {
  return createPromptRegistry(
    Object.entries(files).map(([id, body]) => {
      const compiled = compilePromptFile(`prompts/${id}.prompt.yml`, id, body);
      if (!compiled.prompt) throw new Error(JSON.stringify(compiled.problems));
      return compiled.prompt;
    }),
  );
}

function recordingLogger() {
  const warnings: { obj: Record<string, unknown>; msg: string | undefined }[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (obj, msg) => void warnings.push({ obj: obj as Record<string, unknown>, msg }),
    error: () => {},
    child: () => logger,
  };
  return { logger, warnings };
}

const adopt = (id: string, body: string, by = "U0CAROL", extra: { baseHash?: string; proposalId?: number; on?: PromptVersionStore } = {}) =>
  (extra.on ?? store).adopt({ promptId: id, body, hash: promptHash(body), baseHash: extra.baseHash ?? promptHash(FILE), createdBy: by, ...(extra.proposalId ? { proposalId: extra.proposalId } : {}) });

const systemText = (rendered: { messages: { role: string; content: string }[] }) => rendered.messages.find((m) => m.role === "system")?.content ?? "";

beforeAll(() => migrateTestDatabase(), 60_000);
afterAll(() => pool.end());

describe("approved prompt versions", () => {
  it("an adopted version is rendered after refresh: new messages, new hash, and the run ledger records that hash", async () => {
    const id = newId();
    const files = registry({ [id]: FILE });
    const prompts = createVersionedPrompts(files, store, recordingLogger().logger);
    await prompts.refresh();
    const before = prompts.render(id, { diff: "+ a line" });
    expect(before.hash).toBe(promptHash(FILE));
    expect(prompts.version).toBe(files.version);

    const body = promptFile("You check whether a change is tested, and name each untested branch.");
    const v1 = await adopt(id, body, "U0CAROL", { proposalId: 42 });
    expect(v1).toMatchObject({ promptId: id, version: 1, hash: promptHash(body), baseHash: promptHash(FILE), proposalId: 42, createdBy: "U0CAROL" });

    // Rendering is from memory: nothing changes until the next refresh.
    expect(prompts.render(id, { diff: "+ a line" }).hash).toBe(before.hash);
    await prompts.refresh();

    const after = prompts.render(id, { diff: "+ a line" });
    expect(after.hash).toBe(promptHash(body));
    expect(systemText(after)).toContain("name each untested branch");
    expect(systemText(after)).toContain("<untrusted> blocks");
    expect(after.messages[1]?.content).toContain("+ a line");
    expect(after.parameters).toEqual({ temperature: 0.1 });
    expect(prompts.source(id)).toMatchObject({ id, origin: "version", version: 1, hash: promptHash(body), body, variables: ["diff"] });
    expect(prompts.version).not.toBe(files.version);

    const model = new FakeModel().answer("itest.check", { tested: true });
    const runs = new MemoryRunLedger();
    await callStructured(
      { model, runs, prompts, logger: silentLogger },
      { config: { configurable: { thread_id: "t-1", run_id: "run-1", graph: "itest" } }, node: "check", task: "itest.check", promptId: id, vars: { diff: "+ x" }, schema: z.object({ tested: z.boolean() }) },
    );
    expect(runs.modelCalls.map((c) => c.meta?.promptHash)).toEqual([promptHash(body)]);
  });

  it("another process's renderer on the same database picks the version up at its next refresh", async () => {
    const id = newId();
    const files = registry({ [id]: FILE });
    const here = createVersionedPrompts(files, store, recordingLogger().logger);
    const otherPool = testPool();
    try {
      const there = createVersionedPrompts(files, createPostgresPromptVersionStore(otherPool), recordingLogger().logger);
      await there.refresh();
      expect(there.source(id).origin).toBe("file");

      const body = promptFile("Second opinion on tests.");
      await adopt(id, body);
      await here.refresh();
      await there.refresh();
      expect(there.render(id, { diff: "d" }).hash).toBe(promptHash(body));
      expect(there.source(id)).toMatchObject({ origin: "version", version: 1 });
      expect(there.version).toBe(here.version);
    } finally {
      await otherPool.end();
    }
  });

  it("a rollback puts the file back in use", async () => {
    const id = newId();
    const prompts = createVersionedPrompts(registry({ [id]: FILE }), store, recordingLogger().logger);
    const v1 = await adopt(id, promptFile("Version one."));
    await prompts.refresh();
    expect(prompts.source(id).origin).toBe("version");

    const moved = await store.rollback(id, "U0DAVE");
    expect(moved).toEqual({ from: v1, to: null });
    await prompts.refresh();
    expect(prompts.render(id, { diff: "d" }).hash).toBe(promptHash(FILE));
    expect(systemText(prompts.render(id, { diff: "d" }))).toContain("You check whether a change is tested.");
    expect(prompts.source(id)).toMatchObject({ origin: "file", hash: promptHash(FILE) });
    expect((await store.heads()).some((h) => h.promptId === id)).toBe(false);
  });

  it("two versions and two rollbacks: back to v1, then to the file; a third changes nothing", async () => {
    const id = newId();
    const prompts = createVersionedPrompts(registry({ [id]: FILE }), store, recordingLogger().logger);
    const v1 = await adopt(id, promptFile("Version one."));
    const v2 = await adopt(id, promptFile("Version two."), "U0DAVE", { baseHash: v1.hash });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    await prompts.refresh();
    expect(prompts.source(id)).toMatchObject({ origin: "version", version: 2 });

    expect(await store.rollback(id, "U0CAROL")).toEqual({ from: v2, to: v1 });
    await prompts.refresh();
    expect(prompts.source(id)).toMatchObject({ origin: "version", version: 1, hash: v1.hash });
    expect(systemText(prompts.render(id, { diff: "d" }))).toContain("Version one.");

    expect(await store.rollback(id, "U0CAROL")).toEqual({ from: v1, to: null });
    await prompts.refresh();
    expect(prompts.source(id)).toMatchObject({ origin: "file", hash: promptHash(FILE) });

    const generation = await store.generation();
    expect(await store.rollback(id, "U0CAROL")).toEqual({ from: null, to: null });
    expect(await store.generation()).toBe(generation);
    expect((await store.history(id)).changes).toHaveLength(4);
  });

  it("a rollback returns to the version in use before, never to one that was rolled back earlier", async () => {
    const id = newId();
    const v1 = await adopt(id, promptFile("Version one."));
    await adopt(id, promptFile("Version two (rolled back)."));
    await store.rollback(id, "U0CAROL");
    const v3 = await adopt(id, promptFile("Version three."), "U0CAROL", { baseHash: v1.hash });
    expect(v3.version).toBe(3);
    expect(await store.rollback(id, "U0CAROL")).toEqual({ from: v3, to: v1 });
    expect((await store.history(id)).head).toEqual(v1);
  });

  it("the history lists the versions, the head moves and what is in use, newest first", async () => {
    const id = newId();
    const v1 = await adopt(id, promptFile("Version one."), "U0CAROL", { proposalId: 7 });
    const v2 = await adopt(id, promptFile("Version two."), "U0DAVE", { baseHash: v1.hash, proposalId: 8 });
    await store.rollback(id, "U0ERIN");

    const history = await store.history(id);
    expect(history.versions).toEqual([v2, v1]);
    expect(history.changes.map((c) => [c.action, c.versionId, c.changedBy])).toEqual([
      ["rollback", v1.id, "U0ERIN"],
      ["adopt", v2.id, "U0DAVE"],
      ["adopt", v1.id, "U0CAROL"],
    ]);
    expect(history.changes.every((c) => c.promptId === id && !Number.isNaN(Date.parse(c.changedAt)))).toBe(true);
    expect(history.head).toEqual(v1);
    expect((await store.heads()).filter((h) => h.promptId === id)).toEqual([v1]);

    expect(await store.history(newId())).toEqual({ versions: [], changes: [], head: null });
  });

  it("skips a stored version that no longer fits its file (variables changed) or whose file is gone, and uses the file", async () => {
    const id = newId();
    const gone = newId();
    await adopt(id, promptFile("Reads the diff.", "Diff:\n{{diff}}"));
    await adopt(gone, promptFile("Its file was deleted."));

    // The file changed under the version: it now passes `diff` and `title`.
    const changedFile = promptFile("You check whether a change is tested.", "{{title}}\n{{diff}}");
    const { logger, warnings } = recordingLogger();
    const prompts = createVersionedPrompts(registry({ [id]: changedFile }), store, logger);
    await prompts.refresh();

    expect(prompts.source(id)).toMatchObject({ origin: "file", hash: promptHash(changedFile) });
    expect(prompts.render(id, { diff: "d", title: "t" }).hash).toBe(promptHash(changedFile));
    expect(prompts.ids()).toEqual([id]);
    const mine = warnings.filter((w) => w.obj.promptId === id || w.obj.promptId === gone);
    expect(mine).toHaveLength(2);
    expect(mine).toEqual(
      expect.arrayContaining([
        { obj: expect.objectContaining({ promptId: id, version: 1, problems: [expect.stringContaining("diff, title")] }), msg: expect.stringContaining("no longer fits") },
        { obj: { promptId: gone, version: 1 }, msg: expect.stringContaining("file is gone") },
      ]),
    );
  });

  it("concurrent adopts of one prompt get distinct, consecutive version numbers", async () => {
    const id = newId();
    const bodies = Array.from({ length: 8 }, (_, i) => promptFile(`Concurrent version ${i}.`));
    const otherPool = testPool();
    try {
      const other = createPostgresPromptVersionStore(otherPool);
      const adopted = await Promise.all(bodies.map((b, i) => adopt(id, b, "U0CAROL", i % 2 ? { on: other } : {})));
      expect(adopted.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const history = await store.history(id);
      expect(history.versions.map((v) => v.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
      // Each adopt moved the head in the order the versions were numbered, so the newest is in use.
      expect(history.head?.version).toBe(8);
      expect(history.changes.map((c) => history.versions.find((v) => v.id === c.versionId)?.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    } finally {
      await otherPool.end();
    }
  });

  it("refresh asks only for the generation when no head moved", async () => {
    const id = newId();
    let headReads = 0;
    const counting: PromptVersionStore = { ...store, heads: () => (headReads++, store.heads()) };
    const prompts = createVersionedPrompts(registry({ [id]: FILE }), counting, recordingLogger().logger);
    await prompts.refresh();
    await prompts.refresh();
    await prompts.refresh();
    expect(headReads).toBe(1);

    await adopt(id, promptFile("Moved."));
    await prompts.refresh();
    expect(headReads).toBe(2);
    expect(prompts.source(id).origin).toBe("version");
  });

  it("checks a proposed body against the variables the graph passes", async () => {
    const id = newId();
    const prompts = createVersionedPrompts(registry({ [id]: FILE }), store, recordingLogger().logger);
    const good = promptFile("Better wording.");
    expect(prompts.check(id, good)).toEqual({ ok: true, hash: promptHash(good) });
    expect(prompts.check(id, promptFile("Wrong variables.", "{{diff}} {{patch}}"))).toEqual({ ok: false, problems: [expect.stringContaining("must use the variables diff; this version uses diff, patch")] });
    expect(prompts.check(id, "name: [")).toMatchObject({ ok: false });
  });
});
