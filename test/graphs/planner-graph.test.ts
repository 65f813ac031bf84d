import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plannerGraph } from "../../graphs/planner/index.js";
import type { PlannerInput } from "../../graphs/planner/planner-input.js";
import { createPostgresProposalStore } from "../../src/adapters/postgres/postgres-proposals.js";
import { loadPrompts, type PromptRegistry } from "../../src/prompts/load-prompts.js";
import { FakeForge } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import migrateTestDatabase from "../setup/global-db.js";
import { testPool, uniqueId } from "../support/db.js";
import { graphHarness } from "../support/graph-harness.js";

/**
 * The planner, on the real proposals ledger and the real prompt file; the specification and the code are files of
 * a FakeForge, the grade is scripted. Proposals are one global table: gap titles carry each test's own tag, so open
 * proposals left by another test or an earlier run are never mistaken for its own, and every proposal made here is
 * rejected at the end.
 */
const pool = testPool();
const proposals = createPostgresProposalStore(pool);
const made: number[] = [];
let prompts: PromptRegistry;

beforeAll(async () => {
  await migrateTestDatabase();
  prompts = await loadPrompts(resolve(import.meta.dirname, "../../prompts"));
}, 60_000);
afterAll(async () => {
  for (const id of made) await proposals.decide(id, { status: "rejected", by: "test-cleanup" });
  await pool.end();
});

const CHANNEL = "C0MAINT";
const RESPONSE_URL = "https://hooks.slack.com/commands/T1/1/x";
const SPEC = `# Acme shop

## Checkout
Shoppers pay by card or by invoice. A cart can be saved for later and restored on another device.

## Search
Search suggests products while the shopper types.
`;
const CODE = ["README.md", "package.json", "src/checkout/cart.ts", "src/checkout/pay-card.ts", "src/search/search.ts", "test/checkout/cart.test.ts"];

type Size = "small" | "medium" | "large";
type GapExtra = Partial<{ body: string; specSection: string; evidence: string }>;

/** A gap as the model answers it; its title carries the test's tag. */
const gap = (tag: string, title: string, size: Size, extra: GapExtra = {}) => ({
  title: `${title} ${tag}`,
  body: `${title}: described for a developer.`,
  specSection: "A cart can be saved for later and restored on another device.",
  size,
  evidence: "src/checkout has cart.ts and pay-card.ts only.",
  ...extra,
});

function world(opts: { specPath?: string | null; files?: Record<string, string> } = {}) {
  const files = opts.files ?? { "docs/spec.md": SPEC, ...Object.fromEntries(CODE.map((p) => [p, "// code"])) };
  const forge = new FakeForge({ files });
  // The real clock: "rejected recently" compares it with decision times PostgreSQL stamps.
  const f = fakeGraphDeps({ forge, proposals, prompts, clock: { now: () => new Date() } });
  const specPath = opts.specPath === undefined ? "docs/spec.md" : opts.specPath;
  f.deps.settings = { ...f.deps.settings, planner: { maxProposals: 3, ...(specPath ? { specPath } : {}) } };
  const threadId = uniqueId("planner:2026-01-12T08:00:00.000Z");
  const tag = randomUUID().slice(0, 6);
  const h = graphHarness(plannerGraph, f.deps, threadId);
  const run = async (input: PlannerInput) => {
    await h.start(input);
    const created = (await proposals.open()).filter((p) => p.batch === threadId);
    made.push(...created.map((p) => p.id));
    return created;
  };
  const reports = () => f.chat.botMessages(CHANNEL);
  const reportText = () => reports().map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`).join("\n");
  return { ...f, forge, h, threadId, tag, gap: (title: string, size: Size, extra?: GapExtra) => gap(tag, title, size, extra), run, reports, reportText };
}

const scheduled: PlannerInput = { via: "schedule", firedAt: "2026-01-12T08:00:00.000Z" };
const command: PlannerInput = { via: "command", user: "U0CAROL", channel: "C0BUGS", responseUrl: RESPONSE_URL };

describe("the planner", () => {
  it("grades the repository against the spec and proposes the largest gaps, filing nothing itself", async () => {
    const w = world();
    w.model.answer("planner.grade", {
      summary: "Checkout covers card payments; saved carts, invoices and search suggestions are missing.",
      gaps: [
        w.gap("Suggest products while the shopper types", "medium"),
        w.gap("Let shoppers pay by invoice", "large", { specSection: "Shoppers pay by card or by invoice.", evidence: "Only src/checkout/pay-card.ts handles payment." }),
        w.gap("Show the saved-cart count in the header", "small"),
        w.gap("Save a cart and restore it on another device", "large"),
      ],
    });

    const created = await w.run(scheduled);

    // Largest first, in the model's order within a size, at most planner.maxProposals.
    expect(created.map((p) => p.title)).toEqual([
      `Let shoppers pay by invoice ${w.tag}`,
      `Save a cart and restore it on another device ${w.tag}`,
      `Suggest products while the shopper types ${w.tag}`,
    ]);
    const invoice = created[0]!;
    expect(invoice).toMatchObject({
      source: "planner",
      batch: w.threadId,
      fingerprint: `issue:let-shoppers-pay-by-invoice-${w.tag}`,
      status: "open",
      metric: null,
      change: { kind: "issue", title: `Let shoppers pay by invoice ${w.tag}`, labels: ["type:feature"] },
    });
    const body = (invoice.change as { body: string }).body;
    expect(body).toContain("Let shoppers pay by invoice: described for a developer.");
    expect(body).toContain("### What the specification says\nFrom `docs/spec.md`:\n\n> Shoppers pay by card or by invoice.");
    expect(body).toContain("### Evidence in the repository\nOnly src/checkout/pay-card.ts handles payment.");

    expect(w.started).toEqual(created.map((p) => ({ graph: "proposal", threadId: `proposal:${p.id}`, jobId: `run-proposal-${p.id}`, input: { proposalId: p.id } })));
    expect(w.forge.issues.size).toBe(0);
    expect(w.effects.records.size).toBe(4);

    expect(w.reports()).toHaveLength(1);
    expect(w.reportText()).toContain("graded the repository against `docs/spec.md`: 4 gaps (2 large, 1 medium, 1 small), 3 proposals to decide on");
    expect(w.reportText()).toContain("saved carts, invoices and search suggestions are missing.");
    expect(w.reportText()).toContain(`#${invoice.id} Let shoppers pay by invoice ${w.tag}`);
    expect(w.chat.responses).toEqual([]);

    // What the model saw: the spec and the map fenced as data, the map with the top directories and the files.
    const [call] = w.model.calls;
    expect(call).toMatchObject({ task: "planner.grade", promptId: "planner/grade" });
    const user = call!.messages.find((m) => m.role === "user")!.content;
    expect(user).toContain(`<untrusted name="spec">\n${SPEC}`);
    expect(user).toMatch(/<untrusted name="map">\n7 files\.\nTop directories: src\/ 3 files, \(root\) 2 files, docs\/ 1 file, test\/ 1 file\./);
    expect(user).toContain("src/checkout/pay-card.ts");
    expect(await w.h.done()).toBe(true);
  });

  it("leaves out gaps that are open issues, open proposals of another run or rejected lately, and proposes the next ones", async () => {
    const w = world();
    w.forge.addIssue({ title: `let shoppers pay by INVOICE! ${w.tag}` });
    const earlier = (title: string) =>
      proposals.create({
        source: "planner",
        batch: uniqueId("planner:earlier"),
        fingerprint: `issue:${title.toLowerCase().replace(/ /g, "-")}-${w.tag}`,
        title: `${title} ${w.tag}`,
        rationale: "an earlier run",
        change: { kind: "issue", title: `${title} ${w.tag}`, body: "x", labels: [] },
        metric: null,
      });
    const open = await earlier("Save a cart and restore it on another device");
    const rejected = await earlier("Show the saved-cart count in the header");
    made.push(open.proposal.id, rejected.proposal.id);
    await proposals.decide(rejected.proposal.id, { status: "rejected", by: "U0CAROL" });
    w.model.answer("planner.grade", {
      summary: "Three gaps are known already.",
      gaps: [
        w.gap("Let shoppers pay by invoice", "large"),
        w.gap("Save a cart and restore it on another device", "large"),
        w.gap("Show the saved-cart count in the header", "medium"),
        w.gap("Suggest products while the shopper types", "small"),
      ],
    });

    const created = await w.run(command);

    expect(created.map((p) => p.title)).toEqual([`Suggest products while the shopper types ${w.tag}`]);
    expect(w.started).toHaveLength(1);
    expect(w.reportText()).toContain("1 proposal to decide on");
    expect(w.reportText()).toContain(`Let shoppers pay by invoice ${w.tag} (an open issue)`);
    expect(w.reportText()).toContain(`Save a cart and restore it on another device ${w.tag} (proposed already)`);
    expect(w.reportText()).toContain(`Show the saved-cart count in the header ${w.tag} (rejected recently)`);
    // The person who asked gets the same report privately.
    expect(w.chat.responses).toEqual([
      expect.objectContaining({ responseUrl: RESPONSE_URL, responseType: "ephemeral", text: expect.stringContaining("4 gaps against docs/spec.md, 1 proposal") }),
    ]);
  });

  it("without planner.specPath a command is told what to set, and a schedule does nothing", async () => {
    const asked = world({ specPath: null });
    await asked.run(command);
    expect(asked.chat.responses).toEqual([expect.objectContaining({ responseUrl: RESPONSE_URL, responseType: "ephemeral", text: expect.stringContaining("the planner needs planner.specPath in shopfloor.yml") })]);
    expect(asked.reports()).toEqual([]);
    expect(asked.model.calls).toEqual([]);

    const scheduledRun = world({ specPath: null });
    await scheduledRun.run(scheduled);
    expect(scheduledRun.chat.messages).toEqual([]);
    expect(scheduledRun.chat.responses).toEqual([]);
    expect(scheduledRun.effects.records.size).toBe(0);
    expect(await scheduledRun.h.done()).toBe(true);
  });

  it("a spec file that is not in the repository is an alert on the schedule and an answer to a command", async () => {
    const w = world({ specPath: "docs/product.md" });
    await w.run(scheduled);
    expect(w.reportText()).toContain("planner.specPath is docs/product.md, but there is no such file on the default branch of acme/shop.");
    expect(w.model.calls).toEqual([]);

    const asked = world({ specPath: "docs/product.md" });
    await asked.run(command);
    expect(asked.chat.responses).toEqual([expect.objectContaining({ text: expect.stringContaining("there is no such file") })]);
  });

  it("a grade the model garbles is reported clearly and nothing is proposed", async () => {
    const unreadable = (w: ReturnType<typeof world>) =>
      // The answer, then the smaller-context try: both unreadable.
      w.model.answer("planner.grade", { gaps: "the checkout is missing things" }).answer("planner.grade", { verdict: "bad" });
    const w = world();
    unreadable(w);

    const created = await w.run(scheduled);

    expect(created).toEqual([]);
    expect(w.started).toEqual([]);
    expect(w.forge.issues.size).toBe(0);
    expect(w.model.calls).toHaveLength(2);
    expect(w.reports()).toHaveLength(1);
    expect(w.reportText()).toContain("the model's grade of docs/spec.md could not be read");
    expect(w.reportText()).toContain("Nothing was proposed.");
    expect(await w.h.done()).toBe(true);

    const asked = world();
    unreadable(asked);
    await asked.run(command);
    expect(asked.started).toEqual([]);
    expect(asked.chat.responses).toEqual([expect.objectContaining({ responseType: "ephemeral", text: expect.stringContaining("could not be read") })]);
  });

  it("a large tree is folded by directory to fit the prompt", async () => {
    const files: Record<string, string> = { "docs/spec.md": SPEC };
    for (let i = 0; i < 2500; i++) files[`src/modules/mod${String(i % 50).padStart(2, "0")}/deep/file${i}.ts`] = "";
    const w = world({ files });
    w.model.answer("planner.grade", { summary: "Fine.", gaps: [] });

    await w.run(scheduled);

    const user = w.model.calls[0]!.messages.find((m) => m.role === "user")!.content;
    const map = user.slice(user.indexOf('<untrusted name="map">'));
    expect(map).toContain("2000 files (GitHub's list was cut short: more files exist).");
    expect(map).toContain("Files (directories deeper than");
    expect(map).toMatch(/src\/modules\/mod00\/(deep\/)? \(\d+ files\)/);
    expect(map.length).toBeLessThan(26_000);
    expect(w.reportText()).toContain("0 gaps");
    expect(w.started).toEqual([]);
  });
});
