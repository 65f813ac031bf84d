import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartJsChartAdapter } from "../../src/adapters/chart/chartjs-chart-adapter.js";
import type { PgPool } from "../../src/adapters/postgres/create-pg-pool.js";
import { createPostgresFactoryStats } from "../../src/adapters/postgres/postgres-factory-stats.js";
import { recapGraph } from "../../graphs/recap/index.js";
import { decodeButtonValue } from "../../src/core/button-value.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import { loadPrompts, type PromptRegistry } from "../../src/prompts/load-prompts.js";
import { scriptedModel } from "../../src/sandbox/scripted-model.js";
import { FakeForge } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "../support/graph-harness.js";
import { WEEK_END, recapLedger, weekForge } from "../support/recap-week.js";

/**
 * The weekly public update, drafted after the scheduled weekly recap and decided on in Slack. The figures come from
 * a ledger database of this file's own (they aggregate whole tables) and a seeded GitHub; the prompt is the real file.
 * The week is Mon 10 March 2031 09:00 → Mon 17 March 09:00, Europe/Berlin.
 */
const MAINTAINERS = "C0MAINT";
const RECAPS = "C0RECAPS";
const PUBLIC = "C0PUBLIC";
const DRAFT = "This week we fixed a wrong total at checkout and made a few smaller improvements. Thanks for reporting problems!";

let pool: PgPool;
let prompts: PromptRegistry;

beforeAll(async () => {
  pool = await recapLedger("shopfloor_test_recap_update");
  prompts = await loadPrompts(resolve(import.meta.dirname, "../../prompts"));
});

afterAll(async () => {
  await pool?.end();
});

function seedGithub(): FakeForge {
  const { forge, issue, pr } = weekForge();
  issue("Checkout total wrong", ["type:bug", "severity:P1"], "2031-03-10T10:00:00.000Z", "2031-03-12T09:00:00.000Z"); // #1
  issue("Dark mode", ["type:feature", "severity:P3"], "2031-03-11T09:00:00.000Z"); // #2
  pr("fix(checkout): Fix checkout total #1", "shopfloor/1-checkout-total", "Fixes #1", "2031-03-10T14:00:00.000Z", "2031-03-11T14:00:00.000Z"); // #3
  pr("Speed up the search page", "feature/search-speed", "", "2031-03-12T08:00:00.000Z", "2031-03-12T20:00:00.000Z"); // #4
  return forge;
}

interface WorldOptions {
  /** Where an approved post is published; none: it stays on the card. */
  publicChannel?: string | null;
  maintainers?: string | null;
  enabled?: boolean;
}

function world(opts: WorldOptions = {}) {
  const forge = seedGithub();
  const f = fakeGraphDeps({ forge, stats: createPostgresFactoryStats(pool), chart: createChartJsChartAdapter(), prompts, clock: { now: () => new Date(WEEK_END) } });
  const publicChannel = opts.publicChannel === undefined ? PUBLIC : opts.publicChannel;
  const maintainers = opts.maintainers === undefined ? MAINTAINERS : opts.maintainers;
  f.deps.settings = {
    ...f.deps.settings,
    channels: { ...f.deps.settings.channels, recaps: RECAPS, ...(maintainers ? { maintainers } : {}) },
    recap: { ...f.deps.settings.recap, publicUpdate: { enabled: opts.enabled ?? true, ...(publicChannel ? { channel: publicChannel } : {}) } },
  };
  const threadId = `recap:weekly:${WEEK_END}`;
  const h = graphHarness(recapGraph, f.deps, threadId);
  const cardChannel = maintainers ?? RECAPS;
  /** The card as people see it now: edited in place. */
  const card = () => f.chat.botMessages(cardChannel).find((m) => m.text.startsWith("Public update for the week"));
  const blocksText = () => JSON.stringify(card()?.blocks ?? []);
  const draftText = () => (card()?.blocks?.find((b) => b.block_id === "recap_update_text") as { text: { text: string } } | undefined)?.text.text;
  const buttons = () => (card()?.blocks?.find((b) => b.type === "actions") as { elements: { action_id: string; value?: string; style?: string }[] } | undefined)?.elements ?? [];
  /** A click (or the Edit form's submission) as the edge routes it: the button's choice and slot, and who acted. */
  const click = async (user: string, actionId: string, extra: Record<string, unknown> = {}) => {
    const target = decodeButtonValue(buttons().find((b) => b.action_id === actionId)?.value)!;
    await h.signal({ choice: target.choice, user, slot: target.interruptId, ...extra });
  };
  const recaps = () => f.chat.botMessages(RECAPS).filter((m) => !m.threadTs && m.text.startsWith("Weekly recap"));
  return { ...f, h, threadId, card, blocksText, draftText, buttons, click, recaps, scheduled: () => h.start({ period: "weekly", via: "schedule", until: WEEK_END }) };
}

describe("the weekly public update", () => {
  it("drafts the post from the week's figures and shows it to the maintainers with Approve, Edit and Discard; nothing is published", async () => {
    const w = world();
    w.model.answer("recap.public-update", { text: DRAFT });
    await w.scheduled();

    expect(w.recaps()).toHaveLength(1);
    expect(w.card()!.blocks![0]).toMatchObject({ type: "header", text: { text: "Public update for the week — draft" } });
    expect(w.draftText()).toBe(DRAFT);
    expect(w.blocksText()).toContain("Nothing is published until an approver approves it.");
    expect(w.buttons().map((b) => [b.action_id, b.style])).toEqual([
      ["recap_update_approve", "primary"],
      ["recap_update_edit", undefined],
      ["recap_update_discard", undefined],
    ]);
    expect(w.buttons().map((b) => decodeButtonValue(b.value))).toEqual(
      ["approve", "edit", "discard"].map((choice) => ({ graph: "recap", threadId: w.threadId, interruptId: "slot:update-0", choice })),
    );
    expect(w.chat.botMessages(PUBLIC)).toHaveLength(0);
    expect(await w.h.pending()).toEqual([{ id: expect.any(String), value: { kind: "card", slot: "slot:update-0", expiresAt: "2031-03-24T08:00:00.000Z" } }]);

    // What the model was asked: the week's figures, the PR titles fenced as data, and nothing about cost.
    const [call] = w.model.calls;
    expect(call).toMatchObject({ task: "recap.public-update", promptId: "recap/public-update" });
    const user = call!.messages.find((m) => m.role === "user")!.content;
    expect(user).toContain("The week: Mon 10 Mar to Mon 17 Mar 2031");
    expect(user).toContain("Changes merged: 2");
    expect(user).toContain("Issues: 2 opened, 1 closed (bug: 1 opened, 1 closed; feature: 1 opened, 0 closed)");
    expect(user).toContain("a proposed change was merged in 18 hours (2 measured)");
    expect(user).toMatch(/<untrusted name="merged">\n- Speed up the search page\n- fix\(checkout\): Fix checkout total #1\n<\/untrusted>/);
    expect(call!.messages.map((m) => m.content).join("\n")).not.toMatch(/\$|cost of|tokens/i);
  });

  it("refuses a non-approver's click privately, audits it, publishes nothing and keeps waiting", async () => {
    const w = world();
    w.model.answer("recap.public-update", { text: DRAFT });
    await w.scheduled();
    const before = w.blocksText();

    await w.click("U0MALLORY", "recap_update_approve");
    await w.click("U0MALLORY", "recap_update_edit", { text: "Everything is free this week!" });

    expect(w.chat.ephemerals).toEqual([
      expect.objectContaining({ channel: MAINTAINERS, user: "U0MALLORY", text: "Only approvers can publish the public update." }),
      expect.objectContaining({ channel: MAINTAINERS, user: "U0MALLORY", text: "Only approvers can publish the public update." }),
    ]);
    expect(await w.audit.forSubject(w.threadId)).toEqual([
      expect.objectContaining({ actor: "U0MALLORY", action: "recap.public-update", outcome: "refused", detail: expect.objectContaining({ choice: "approve", reason: "not an approver" }) }),
      expect.objectContaining({ actor: "U0MALLORY", action: "recap.public-update", outcome: "refused", detail: expect.objectContaining({ choice: "edit" }) }),
    ]);
    expect(w.chat.botMessages(PUBLIC)).toHaveLength(0);
    expect(w.blocksText()).toBe(before);
    expect(await w.h.done()).toBe(false);
  });

  it("an approver's edit replaces the draft and still waits for approval; Approve then publishes the edited text once", async () => {
    const w = world();
    w.model.answer("recap.public-update", { text: DRAFT });
    await w.scheduled();
    const firstWait = (await w.h.pending())[0]!.value;
    const staleApprove = decodeButtonValue(w.buttons()[0]!.value)!;

    const edited = "This week: checkout totals are right again & search is faster.\n• Thanks to everyone who reported <problems>!";
    await w.click("U0CAROL", "recap_update_edit", { text: `  ${edited}\n` });
    expect(w.draftText()).toBe("This week: checkout totals are right again &amp; search is faster.\n• Thanks to everyone who reported &lt;problems&gt;!");
    expect(w.blocksText()).toContain("Edited by <@U0CAROL>");
    expect(w.blocksText()).toContain("Nothing is published until an approver approves it.");
    expect(w.buttons().map((b) => decodeButtonValue(b.value)?.interruptId)).toEqual(["slot:update-1", "slot:update-1", "slot:update-1"]);
    expect(w.chat.botMessages(PUBLIC)).toHaveLength(0);
    // The deadline set when the card was posted holds across the edit.
    expect((await w.h.pending())[0]!.value).toEqual({ ...(firstWait as object), slot: "slot:update-1" });

    // A click on the card as it was drawn before the edit changes nothing.
    await w.h.signal({ choice: "approve", user: "U0CAROL", slot: staleApprove.interruptId });
    expect(w.chat.botMessages(PUBLIC)).toHaveLength(0);
    expect(await w.h.done()).toBe(false);

    await w.click("U0CAROL", "recap_update_approve");
    const published = w.chat.botMessages(PUBLIC);
    expect(published).toHaveLength(1);
    expect(published[0]!.text).toBe("This week: checkout totals are right again &amp; search is faster.\n• Thanks to everyone who reported &lt;problems&gt;!");
    expect(w.card()!.blocks![0]).toMatchObject({ text: { text: "Public update for the week — approved" } });
    expect(w.blocksText()).toContain(`Approved by <@U0CAROL> and published in <#${PUBLIC}>`);
    expect(w.buttons()).toEqual([]);
    expect(await w.h.done()).toBe(true);
    await expect(w.h.signal({ choice: "approve", user: "U0CAROL", slot: "slot:update-1" })).rejects.toThrow("nothing is waiting");
    expect(w.chat.botMessages(PUBLIC)).toHaveLength(1);

    expect(await w.audit.forSubject(w.threadId)).toEqual([
      expect.objectContaining({ actor: "U0CAROL", actorGithub: "carol", outcome: "done", detail: expect.objectContaining({ choice: "edit", round: 0, text: edited }) }),
      expect.objectContaining({ actor: "U0CAROL", outcome: "done", detail: expect.objectContaining({ choice: "approve", round: 1, text: edited, publishedIn: PUBLIC }) }),
    ]);
    expect(w.recaps()).toHaveLength(1);
  });

  it("without a public channel, Approve leaves the approved text on the card to copy", async () => {
    const w = world({ publicChannel: null });
    w.model.answer("recap.public-update", { text: DRAFT });
    await w.scheduled();
    await w.click("U0CAROL", "recap_update_approve");
    expect(w.blocksText()).toContain("Approved by <@U0CAROL> — ready to publish");
    expect(w.draftText()).toBe(DRAFT);
    expect(w.buttons()).toEqual([]);
    expect(w.chat.botMessages().filter((m) => m.channel !== MAINTAINERS && m.channel !== RECAPS)).toEqual([]);
    expect(await w.h.done()).toBe(true);
  });

  it("Discard ends the wait with who discarded it, and publishes nothing", async () => {
    const w = world();
    w.model.answer("recap.public-update", { text: DRAFT });
    await w.scheduled();
    await w.click("U0CAROL", "recap_update_discard");
    expect(w.blocksText()).toContain("Discarded by <@U0CAROL>");
    expect(w.buttons()).toEqual([]);
    expect(w.chat.botMessages(PUBLIC)).toHaveLength(0);
    expect(await w.audit.forSubject(w.threadId)).toEqual([expect.objectContaining({ actor: "U0CAROL", outcome: "done", detail: expect.objectContaining({ choice: "discard" }) })]);
    expect(await w.h.done()).toBe(true);
  });

  it("expires after a week without an approval", async () => {
    const w = world();
    w.model.answer("recap.public-update", { text: DRAFT });
    await w.scheduled();
    await w.h.signal({ kind: "timeout" });
    expect(w.blocksText()).toContain("Expired: nobody approved this week's update");
    expect(w.buttons()).toEqual([]);
    expect(w.chat.botMessages(PUBLIC)).toHaveLength(0);
    expect(await w.h.done()).toBe(true);
  });

  it("goes to the recaps channel when there is no maintainers channel", async () => {
    const w = world({ maintainers: null });
    w.model.answer("recap.public-update", { text: DRAFT });
    await w.scheduled();
    expect(w.card()).toMatchObject({ channel: RECAPS });
    expect(w.card()!.threadTs).toBeUndefined();
    expect(w.draftText()).toBe(DRAFT);
  });

  it("drafts nothing for a daily recap, a weekly recap someone asked for, or when turned off", async () => {
    const daily = world();
    await daily.h.start({ period: "daily", via: "schedule", until: WEEK_END });
    const asked = world();
    await asked.h.start({ period: "weekly", via: "command", channel: "C0TEAM", user: "U0ALICE" });
    const off = world({ enabled: false });
    await off.scheduled();
    for (const w of [daily, asked, off]) {
      expect(w.model.calls).toEqual([]);
      expect(w.card()).toBeUndefined();
      expect(await w.h.done()).toBe(true);
    }
    expect(asked.chat.botMessages("C0TEAM").filter((m) => m.text.startsWith("Weekly recap"))).toHaveLength(1);
    expect(off.recaps()).toHaveLength(1);
  });

  it("a draft the model keeps getting wrong leaves the week without one; the recap stays posted once", async () => {
    const w = world();
    // Too short for the schema: the adapter's repair and fallback are behind the port, so this is its final answer.
    w.model.answer("recap.public-update", { text: "ok" });
    await w.scheduled();
    expect(w.runs.modelCalls).toEqual([expect.objectContaining({ task: "recap.public-update", outcome: "invalid", errorCode: ErrorCode.ModelInvalidOutput })]);
    expect(w.card()).toBeUndefined();
    expect(w.recaps()).toHaveLength(1);
    expect(w.chat.uploads).toHaveLength(1);
    expect(await w.h.done()).toBe(true);
  });

  it("a model timeout fails the run for the job to retry; the retry drafts the post and the recap is still posted once", async () => {
    const w = world();
    w.model.faults.fail("structured", new AppError(ErrorCode.ModelTimeout, "model did not answer in 60 s", { retryable: true }), { times: 1 });
    w.model.answer("recap.public-update", { text: DRAFT });
    await expect(w.scheduled()).rejects.toMatchObject({ code: ErrorCode.ModelTimeout });
    expect(w.card()).toBeUndefined();

    // The retried job: a fresh run of the same thread, whose posts replay from the effects ledger.
    await graphHarness(recapGraph, w.deps, w.threadId).start({ period: "weekly", via: "schedule", until: WEEK_END });
    expect(w.recaps()).toHaveLength(1);
    expect(w.chat.uploads).toHaveLength(1);
    expect(w.draftText()).toBe(DRAFT);
  });

  it("the sandbox's scripted model writes a plain post from the figures, without numbers or commit prefixes", async () => {
    const w = world();
    w.model.answer("recap.public-update", (request) => {
      const reply = scriptedModel({ task: request.task, messages: request.prompt.messages, body: {}, model: "m", tools: [], responseFormat: null, headers: {} });
      return (reply as { json: { text: string } }).json;
    });
    await w.scheduled();
    expect(w.draftText()).toBe(
      [
        "This week we shipped 2 changes to the product:",
        "• Speed up the search page",
        "• Fix checkout total",
        "We took in 2 new reports and resolved 1.",
        "A typical change went from proposed to shipped in about 18 hours.",
        "Thanks for your reports and feedback — keep them coming.",
      ].join("\n"),
    );
  });
});
