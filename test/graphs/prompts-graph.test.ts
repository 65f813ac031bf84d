import { MemorySaver } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promptsGraph } from "../../graphs/prompts/index.js";
import type { PromptsInput } from "../../graphs/prompts/prompts-input.js";
import { createPostgresPromptVersionStore } from "../../src/adapters/postgres/postgres-prompt-versions.js";
import { silentLogger } from "../../src/core/logger.js";
import { compilePromptFile, createPromptRegistry, promptHash, type PromptRegistry } from "../../src/prompts/load-prompts.js";
import { createVersionedPrompts } from "../../src/prompts/versioned-prompts.js";
import migrateTestDatabase from "../setup/global-db.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { MemoryAuditLog } from "../fakes/memory-ledgers.js";
import { testPool, uniqueId } from "../support/db.js";
import { graphHarness } from "../support/graph-harness.js";

const pool = testPool();
const store = createPostgresPromptVersionStore(pool);
const RESPONSE_URL = "https://hooks.slack.com/commands/T1/1/x";

const promptFile = (system: string) => `name: A prompt
messages:
  - role: system
    content: ${JSON.stringify(system)}
  - role: user
    content: "Diff: {{diff}}"
`;
const FILE = promptFile("The file's wording.");
const V1 = promptFile("Version one's wording.");
const V2 = promptFile("Version two's wording.");

function registry(ids: string[]): PromptRegistry {
  return createPromptRegistry(ids.map((id) => compilePromptFile(`prompts/${id}.prompt.yml`, id, FILE).prompt!));
}

/** The tables are shared: every test has prompts of its own, `<unique graph>/tests` and `<unique graph>/summary`. */
function world() {
  const graph = uniqueId("gtest");
  const ids = [`${graph}/summary`, `${graph}/tests`] as const;
  const files = registry([...ids]);
  const prompts = createVersionedPrompts(files, store, silentLogger);
  const f = fakeGraphDeps({ promptVersions: store, prompts, clock: { now: () => new Date() } });
  return { ...f, files, prompts, summary: ids[0], tests: ids[1] };
}
type World = ReturnType<typeof world>;

const adopt = (id: string, body: string, by = "U0CAROL", proposalId?: number) =>
  store.adopt({ promptId: id, body, hash: promptHash(body), baseHash: promptHash(FILE), createdBy: by, ...(proposalId ? { proposalId } : {}) });

const request = (action: PromptsInput["action"], user: string, name?: string, where: "command" | "channel" = "command"): PromptsInput => ({
  action,
  user,
  ...(name ? { name } : {}),
  ...(where === "command" ? { responseUrl: RESPONSE_URL, channel: "C0GEN" } : { channel: "C0GEN" }),
});

async function run(w: World, input: PromptsInput) {
  await graphHarness(promptsGraph, w.deps, uniqueId("slack-req:T1:prompts")).start(input);
}

const answers = (w: World) => w.chat.responses.map((r) => ({ text: r.text, blocks: JSON.stringify(r.blocks), responseType: r.responseType }));

beforeAll(() => migrateTestDatabase(), 60_000);
afterAll(() => pool.end());

describe("/shopfloor prompts", () => {
  it("lists every prompt with what is in use: the file's hash, or the approved version with who and when", async () => {
    const w = world();
    const v1 = await adopt(w.tests, V1, "U0CAROL");
    await run(w, request("list", "U0BOB"));

    const [answer] = answers(w);
    expect(w.chat.responses).toHaveLength(1);
    expect(answer).toMatchObject({ responseType: "ephemeral", text: "Prompts: 2 prompts, 1 on an approved version." });
    expect(answer?.blocks).toContain(`• \`${w.summary}\` — the file \`${promptHash(FILE)}\``);
    expect(answer?.blocks).toContain(`• \`${w.tests}\` — *v1* \`${v1.hash}\` by <@U0CAROL>, <!date^${Math.floor(Date.parse(v1.createdAt) / 1000)}^`);
  });

  it("shows a prompt's history: versions and head moves newest first, and which is in use", async () => {
    const w = world();
    const v1 = await adopt(w.tests, V1, "U0CAROL", 7);
    const v2 = await adopt(w.tests, V2, "U0DAVE", 8);
    await store.rollback(w.tests, "U0ERIN");
    await run(w, request("history", "U0BOB", w.tests));

    const [answer] = answers(w);
    expect(answer?.text).toBe(`History of ${w.tests}: 2 versions. In use: *v1* \`${v1.hash}\` by <@U0CAROL>, ${slackDate(v1.createdAt)}.`);
    const blocks = answer?.blocks ?? "";
    expect(blocks).toContain(`• *v2* \`${v2.hash}\` by <@U0DAVE>`);
    expect(blocks).toContain(", proposal #8, made from");
    expect(blocks).toContain(", proposal #7, made from");
    expect(blocks.indexOf("*v2*")).toBeLessThan(blocks.indexOf("• *v1*"));
    expect(blocks).toMatch(/<@U0ERIN> rolled back to v1.*<@U0DAVE> adopted v2.*<@U0CAROL> adopted v1/);
    expect(blocks).toContain("— *head*");
  });

  it("says when a prompt has never had a version", async () => {
    const w = world();
    await run(w, request("history", "U0BOB", w.summary));
    expect(answers(w).map((a) => a.text)).toEqual([`\`${w.summary}\` has no approved versions: the file \`${promptHash(FILE)}\` has always been in use.`]);
  });

  it("rolls back for an approver: the store moves, the renderer follows, it is audited, answered and announced", async () => {
    const w = world();
    const v1 = await adopt(w.tests, V1);
    const v2 = await adopt(w.tests, V2);
    await w.prompts.refresh();
    expect(w.prompts.render(w.tests, { diff: "d" }).hash).toBe(v2.hash);

    await run(w, request("rollback", "U0CAROL", w.tests));
    expect(answers(w).map((a) => a.text)).toEqual([`Rolled back \`${w.tests}\` from v2 to v1 (\`${v1.hash}\`). Model calls from now on use it.`]);
    expect(w.chat.botMessages("C0MAINT").map((m) => m.text)).toEqual([`:rewind: <@U0CAROL> rolled back \`${w.tests}\` from v2 to v1 (\`${v1.hash}\`)`]);
    expect(w.audit.entries).toEqual([
      expect.objectContaining({ actor: "U0CAROL", action: "prompt.rollback", subject: `prompt:${w.tests}`, outcome: "done", detail: expect.objectContaining({ from: 2, to: 1 }) }),
    ]);
    expect(w.prompts.render(w.tests, { diff: "d" }).hash).toBe(v1.hash);

    await run(w, request("rollback", "U0CAROL", w.tests));
    expect(answers(w)[1]?.text).toBe(`Rolled back \`${w.tests}\` from v1 to its file (\`${promptHash(FILE)}\`). Model calls from now on use it.`);
    expect(w.chat.botMessages("C0MAINT").map((m) => m.text)[1]).toBe(`:rewind: <@U0CAROL> rolled back \`${w.tests}\` from v1 to its file (\`${promptHash(FILE)}\`)`);
    expect(w.audit.entries[1]).toMatchObject({ outcome: "done", detail: { from: 1, to: "file" } });
    expect(w.prompts.source(w.tests)).toMatchObject({ origin: "file", hash: promptHash(FILE) });
    expect(w.prompts.render(w.tests, { diff: "d" }).messages[0]?.content).toBe("The file's wording.");
    expect((await store.history(w.tests)).head).toBeNull();
  });

  it("refuses a non-approver privately, audits the refusal and changes nothing", async () => {
    const w = world();
    const v1 = await adopt(w.tests, V1);
    const generation = await store.generation();
    await run(w, request("rollback", "U0BOB", w.tests));

    expect(answers(w)).toEqual([
      expect.objectContaining({ responseType: "ephemeral", text: `Only approvers can roll back \`${w.tests}\`. Ask one of them, or an admin to add you to \`approvers\` in shopfloor.yml.` }),
    ]);
    expect(w.audit.entries).toEqual([expect.objectContaining({ actor: "U0BOB", action: "prompt.rollback", subject: `prompt:${w.tests}`, outcome: "refused" })]);
    expect((await store.history(w.tests)).head).toEqual(v1);
    expect(await store.generation()).toBe(generation);
    expect(w.chat.botMessages("C0MAINT")).toEqual([]);
  });

  it("answers an unknown name with the prompts there are", async () => {
    const w = world();
    await run(w, request("rollback", "U0CAROL", "review/tsets"));
    expect(answers(w).map((a) => a.text)).toEqual([
      `There is no prompt called \`review/tsets\`. Prompts: \`${w.summary}\`, \`${w.tests}\`. \`/shopfloor prompts\` lists the prompts, \`/shopfloor prompts history <graph/node>\` shows one prompt's versions, \`/shopfloor prompts rollback <graph/node>\` goes back one version.`,
    ]);
    expect(w.audit.entries).toEqual([]);

    await run(w, request("history", "U0CAROL", "review/tsets"));
    expect(answers(w)[1]?.text).toContain("There is no prompt called `review/tsets`.");
  });

  it("says so when the prompt already uses its file, and changes nothing", async () => {
    const w = world();
    const generation = await store.generation();
    await run(w, request("rollback", "U0CAROL", w.summary));
    expect(answers(w).map((a) => a.text)).toEqual([`\`${w.summary}\` already uses its file (\`${promptHash(FILE)}\`): there is no approved version to roll back. Nothing changed.`]);
    expect(w.audit.entries).toEqual([]);
    expect(w.chat.botMessages("C0MAINT")).toEqual([]);
    expect(await store.generation()).toBe(generation);
  });

  it("answers in the channel, privately, when there is no response_url", async () => {
    const w = world();
    await run(w, request("list", "U0BOB", undefined, "channel"));
    expect(w.chat.responses).toEqual([]);
    expect(w.chat.ephemerals).toEqual([expect.objectContaining({ channel: "C0GEN", user: "U0BOB", text: "Prompts: 2 prompts, all on their files." })]);
  });

  it("a rollback that runs again after a failure does not roll back a second time", async () => {
    const w = world();
    await adopt(w.tests, V1);
    const v2 = await adopt(w.tests, V2);
    // The audit write fails once after the store moved: the node fails and runs again.
    const audit = new MemoryAuditLog();
    let failures = 1;
    w.deps.audit = {
      append: async (entry) => {
        if (entry.outcome === "done" && failures-- > 0) throw new Error("connection reset");
        await audit.append(entry);
      },
      forSubject: (s) => audit.forSubject(s),
      recent: (n) => audit.recent(n),
    };
    const graph = promptsGraph.build(w.deps, new MemorySaver());
    const config = { configurable: { thread_id: uniqueId("slack-req:T1:prompts"), run_id: "run-1", graph: "prompts" } };
    const drain = async (input: unknown) => {
      for await (const _ of await graph.stream(input, { ...config, streamMode: "updates" })) {
        // each chunk is one finished step
      }
    };
    await expect(drain({ request: promptsGraph.input.parse(request("rollback", "U0CAROL", w.tests)) })).rejects.toThrow("connection reset");
    await drain(null);

    const history = await store.history(w.tests);
    expect(history.head?.version).toBe(1);
    expect(history.changes.filter((c) => c.action === "rollback")).toHaveLength(1);
    expect(audit.entries).toEqual([expect.objectContaining({ outcome: "done", detail: expect.objectContaining({ from: v2.version, to: 1 }) })]);
    expect(w.chat.responses.map((r) => r.text)).toEqual([expect.stringContaining(`from v2 to v1`)]);
  });
});

function slackDate(iso: string): string {
  return `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} {time}|${iso.slice(0, 16).replace("T", " ")} UTC>`;
}
