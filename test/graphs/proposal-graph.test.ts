import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposalGraph } from "../../graphs/proposal/index.js";
import { createPostgresPromptVersionStore } from "../../src/adapters/postgres/postgres-prompt-versions.js";
import { createPostgresProposalStore } from "../../src/adapters/postgres/postgres-proposals.js";
import { decodeButtonValue } from "../../src/core/button-value.js";
import type { NewProposal, ProposalChange } from "../../src/core/ledgers/proposals.js";
import { silentLogger } from "../../src/core/logger.js";
import { compilePromptFile, createPromptRegistry } from "../../src/prompts/load-prompts.js";
import { createVersionedPrompts } from "../../src/prompts/versioned-prompts.js";
import { FakeForge } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import migrateTestDatabase from "../setup/global-db.js";
import { testPool, uniqueId } from "../support/db.js";
import { graphHarness } from "../support/graph-harness.js";

/**
 * A proposal's card and decision, on the real proposals and prompt-versions ledgers. Each test makes its own prompt
 * (a unique id, compiled from the file below), so versions adopted here never reach another test's prompts.
 */
const pool = testPool();
const proposals = createPostgresProposalStore(pool);
const promptVersions = createPostgresPromptVersionStore(pool);
/** Proposals made here: any left open are closed at the end, so other tests' lists of open proposals stay theirs. */
const made: number[] = [];

beforeAll(() => migrateTestDatabase(), 60_000);
afterAll(async () => {
  for (const id of made) await proposals.decide(id, { status: "rejected", by: "test-cleanup" });
  await pool.end();
});

const CHANNEL = "C0MAINT";
const CAROL = "U0CAROL";
const MALLORY = "U0MALLORY";
/** fakeGraphDeps' clock plus audit.proposalDays (7). */
const EXPIRES = "2026-01-22T10:00:00.000Z";

const PROMPT_FILE = `name: Review the tests of a change
messages:
  - role: system
    content: |
      You review whether the changed logic of {{repository}} is tested.
  - role: user
    content: |
      {{diff}}
untrusted: [diff]
`;
const NEW_PROMPT_FILE = PROMPT_FILE.replace("is tested.", "is tested.\n      Name the function that lacks a test.");
const PROMPT_DIFF = ["@@ -4,3 +4,4 @@", "     content: |", "       You review whether the changed logic of {{repository}} is tested.", "+      Name the function that lacks a test."].join("\n");

function world(opts: { pullRequests?: boolean; forge?: FakeForge } = {}) {
  const forge = opts.forge ?? new FakeForge();
  const promptId = `${uniqueId("t")}/tests`;
  const compiled = compilePromptFile(`prompts/${promptId}.prompt.yml`, promptId, PROMPT_FILE).prompt!;
  const prompts = createVersionedPrompts(createPromptRegistry([compiled]), promptVersions, silentLogger);
  const f = fakeGraphDeps({ forge, proposals, promptVersions, prompts });
  f.deps.settings = {
    ...f.deps.settings,
    audit: { ...f.deps.settings.audit, pullRequests: { enabled: opts.pullRequests ?? false, promptsPath: "prompts", configPath: "shopfloor.yml" } },
  };
  const batch = uniqueId("audit:batch");

  const propose = async (change: ProposalChange, extra: Partial<NewProposal> = {}) => {
    const { proposal } = await proposals.create({
      source: "audit",
      batch,
      fingerprint: `${change.kind}:${uniqueId("fp")}`,
      title: "Ask the tests reviewer to name the untested function",
      rationale: "Half of the tests findings were dismissed as too vague last week.",
      change,
      metric: {
        metric: { name: "dismissal-rate", dimension: "tests" },
        before: { value: 0.235, n: 40 },
        window: { start: "2026-01-08T10:00:00.000Z", end: "2026-01-15T10:00:00.000Z" },
      },
      ...extra,
    });
    made.push(proposal.id);
    const threadId = `proposal:${proposal.id}`;
    const h = graphHarness(proposalGraph, f.deps, threadId);
    await h.start({ proposalId: proposal.id });
    return { id: proposal.id, threadId, h };
  };
  const promptChange = (baseHash = compiled.hash): ProposalChange => ({ kind: "prompt", promptId, baseHash, body: NEW_PROMPT_FILE, diff: PROMPT_DIFF });

  /** The card as people see it now: edited in place. */
  const card = (id: number) => f.chat.botMessages(CHANNEL).find((m) => m.text.startsWith(`Proposal #${id}:`));
  const cardText = (id: number) => JSON.stringify(card(id)?.blocks ?? []);
  const buttons = (id: number) => (card(id)?.blocks?.find((b) => b.type === "actions") as { elements: { action_id: string; value?: string; style?: string }[] } | undefined)?.elements ?? [];
  /** A click as the edge routes it: the button's choice and slot, and who clicked. */
  const click = async (p: { id: number; h: { signal(value: unknown): Promise<void> } }, user: string, actionId: "proposal_approve" | "proposal_reject") => {
    const target = decodeButtonValue(buttons(p.id).find((b) => b.action_id === actionId)?.value)!;
    await p.h.signal({ choice: target.choice, user, actionId, slot: target.interruptId });
  };
  const effects = (kind: string) => [...f.effects.records.values()].filter((r) => r.kind === kind);
  return { ...f, forge, prompts, promptId, compiled, propose, promptChange, card, cardText, buttons, click, effects };
}

describe("a prompt proposal", () => {
  it("shows the change, the metric and the expiry with Approve and Reject, then adopts the version on approval", async () => {
    const w = world();
    const p = await w.propose(w.promptChange());

    const posted = w.card(p.id)!;
    expect(posted.blocks![0]).toMatchObject({ type: "header", text: { text: "Proposal: Ask the tests reviewer to name the untested function" } });
    expect(w.cardText(p.id)).toContain("Half of the tests findings were dismissed as too vague last week.");
    expect(w.cardText(p.id)).toContain("+      Name the function that lacks a test.");
    expect(w.cardText(p.id)).toContain("now 23.5% of 40 findings");
    expect(w.cardText(p.id)).toContain("dismissal rate of tests review findings");
    expect(w.cardText(p.id)).toContain(`Expires <!date^${Date.parse(EXPIRES) / 1000}^`);
    expect(w.buttons(p.id).map((b) => [b.action_id, b.style])).toEqual([
      ["proposal_approve", "primary"],
      ["proposal_reject", undefined],
    ]);
    expect(w.buttons(p.id).map((b) => decodeButtonValue(b.value))).toEqual(
      ["approve", "reject"].map((choice) => ({ graph: "proposal", threadId: p.threadId, interruptId: `slot:proposal-${p.id}`, choice })),
    );
    expect(await p.h.pending()).toEqual([{ id: expect.any(String), value: { kind: "card", slot: `slot:proposal-${p.id}`, expiresAt: EXPIRES } }]);
    expect((await promptVersions.history(w.promptId)).versions).toHaveLength(0);

    await w.click(p, CAROL, "proposal_approve");

    const { versions, head } = await promptVersions.history(w.promptId);
    expect(versions).toHaveLength(1);
    expect(head).toMatchObject({ version: 1, body: NEW_PROMPT_FILE, baseHash: w.compiled.hash, proposalId: p.id, createdBy: CAROL });
    expect(w.prompts.source(w.promptId)).toMatchObject({ origin: "version", version: 1, body: NEW_PROMPT_FILE });
    expect(await proposals.get(p.id)).toMatchObject({ status: "approved", decidedBy: CAROL, result: { version: 1 } });
    expect(w.chat.botMessages(CHANNEL)).toHaveLength(1);
    expect(w.cardText(p.id)).toContain(`Approved by <@${CAROL}>`);
    expect(w.cardText(p.id)).toContain(`v1 of \`${w.promptId}\` is in use.`);
    expect(w.buttons(p.id)).toEqual([]);
    expect(await w.audit.forSubject(`proposal:${p.id}`)).toEqual([
      expect.objectContaining({ actor: CAROL, actorGithub: "carol", action: "proposal.approve", outcome: "done", detail: expect.objectContaining({ kind: "prompt", version: 1 }) }),
    ]);
    expect(await p.h.done()).toBe(true);
    expect(w.effects("github.commit-file")).toHaveLength(0);
  });

  it("rejected: nothing is adopted and the card says who rejected it", async () => {
    const w = world();
    const p = await w.propose(w.promptChange());

    await w.click(p, CAROL, "proposal_reject");

    expect((await promptVersions.history(w.promptId)).versions).toHaveLength(0);
    expect(w.prompts.source(w.promptId).origin).toBe("file");
    expect(await proposals.get(p.id)).toMatchObject({ status: "rejected", decidedBy: CAROL, result: null });
    expect(w.cardText(p.id)).toContain(`Rejected by <@${CAROL}>`);
    expect(w.cardText(p.id)).toContain("Nothing was changed.");
    expect(w.buttons(p.id)).toEqual([]);
    expect(await w.audit.forSubject(`proposal:${p.id}`)).toEqual([expect.objectContaining({ actor: CAROL, action: "proposal.reject", outcome: "done" })]);
    expect(await p.h.done()).toBe(true);
  });

  it("refuses a non-approver privately and audits it, keeps the card; the approver's click still works", async () => {
    const w = world();
    const p = await w.propose(w.promptChange());
    const before = w.cardText(p.id);

    await w.click(p, MALLORY, "proposal_approve");
    await w.click(p, MALLORY, "proposal_approve");

    expect(w.chat.ephemerals).toEqual([
      expect.objectContaining({ channel: CHANNEL, user: MALLORY, text: "Only approvers can approve or reject proposals." }),
      expect.objectContaining({ channel: CHANNEL, user: MALLORY, text: "Only approvers can approve or reject proposals." }),
    ]);
    expect(await w.audit.forSubject(`proposal:${p.id}`)).toEqual([
      expect.objectContaining({ actor: MALLORY, action: "proposal.approve", outcome: "refused", detail: expect.objectContaining({ reason: "not an approver" }) }),
      expect.objectContaining({ actor: MALLORY, action: "proposal.approve", outcome: "refused" }),
    ]);
    expect(w.cardText(p.id)).toBe(before);
    expect(await proposals.get(p.id)).toMatchObject({ status: "open" });
    expect((await promptVersions.history(w.promptId)).versions).toHaveLength(0);
    expect(await p.h.done()).toBe(false);
    // The same deadline on every wait.
    expect((await p.h.pending())[0]!.value).toMatchObject({ expiresAt: EXPIRES });

    await w.click(p, CAROL, "proposal_approve");

    expect(await proposals.get(p.id)).toMatchObject({ status: "approved", decidedBy: CAROL });
    expect((await promptVersions.history(w.promptId)).versions).toHaveLength(1);
    expect(await p.h.done()).toBe(true);
  });

  it("a click from another card's slot changes nothing", async () => {
    const w = world();
    const p = await w.propose(w.promptChange());

    await p.h.signal({ choice: "approve", user: CAROL, slot: "slot:proposal-999999999" });

    expect(await proposals.get(p.id)).toMatchObject({ status: "open" });
    expect(await w.audit.forSubject(`proposal:${p.id}`)).toEqual([]);
    expect(await p.h.done()).toBe(false);
  });

  it("expires when nobody decides: the card says so and nothing is adopted", async () => {
    const w = world();
    const p = await w.propose(w.promptChange());

    await p.h.signal({ kind: "timeout" });

    expect(await proposals.get(p.id)).toMatchObject({ status: "expired", decidedBy: "shopfloor" });
    expect(w.cardText(p.id)).toContain(":hourglass: Expired");
    expect(w.cardText(p.id)).toContain("nobody decided in time");
    expect(w.buttons(p.id)).toEqual([]);
    expect((await promptVersions.history(w.promptId)).versions).toHaveLength(0);
    expect(await w.audit.forSubject(`proposal:${p.id}`)).toEqual([expect.objectContaining({ actor: "shopfloor", action: "proposal.expire", outcome: "done" })]);
    expect(await p.h.done()).toBe(true);
  });

  it("out of date: the prompt in use changed since the proposal, so nothing is adopted and the card says why", async () => {
    const w = world();
    const p = await w.propose(w.promptChange());
    // Another version was adopted in the meantime (an earlier proposal, approved while this one waited).
    const other = PROMPT_FILE.replace("is tested.", "is tested, briefly.");
    const checked = w.prompts.check(w.promptId, other);
    if (!checked.ok) throw new Error(checked.problems.join("; "));
    await promptVersions.adopt({ promptId: w.promptId, body: other, hash: checked.hash, baseHash: w.compiled.hash, createdBy: "U0DAVE" });

    await w.click(p, CAROL, "proposal_approve");

    const { versions, head } = await promptVersions.history(w.promptId);
    expect(versions).toHaveLength(1);
    expect(head?.body).toBe(other);
    const stored = await proposals.get(p.id);
    expect(stored).toMatchObject({ status: "failed", decidedBy: CAROL });
    expect(String(stored!.result!.reason)).toMatch(/^out of date: .* changed since this was proposed from [0-9a-f]{12}; v1 \([0-9a-f]{12}\) is in use now\. Nothing was adopted\.$/);
    expect(w.cardText(p.id)).toContain(`Approved by <@${CAROL}>`);
    expect(w.cardText(p.id)).toContain("but it could not be applied: out of date");
    expect(await w.audit.forSubject(`proposal:${p.id}`)).toEqual([expect.objectContaining({ actor: CAROL, action: "proposal.approve", outcome: "failed" })]);
  });

  it("a proposal that is gone or already decided ends quietly", async () => {
    const w = world();
    const p = await w.propose(w.promptChange());
    await w.click(p, CAROL, "proposal_reject");
    const h = graphHarness(proposalGraph, w.deps, `${p.threadId}:again`);

    await h.start({ proposalId: p.id });
    await graphHarness(proposalGraph, w.deps, uniqueId("proposal:missing")).start({ proposalId: 2_000_000_000 });

    expect(w.chat.botMessages(CHANNEL)).toHaveLength(1);
    expect(await h.done()).toBe(true);
  });
});

describe("a config proposal", () => {
  it("on approval the card gives the exact YAML for shopfloor.yml and says a restart applies it", async () => {
    const w = world();
    const p = await w.propose({ kind: "config", key: "review.maxRounds", from: 3, to: 4 });
    expect(w.cardText(p.id)).toContain("`review.maxRounds` in shopfloor.yml: `3` → `4`");

    await w.click(p, CAROL, "proposal_approve");

    expect(await proposals.get(p.id)).toMatchObject({ status: "approved", decidedBy: CAROL, result: {} });
    expect(w.cardText(p.id)).toContain("put this in shopfloor.yml and restart Shopfloor to apply it");
    expect(w.cardText(p.id)).toContain("```\\nreview:\\n  maxRounds: 4\\n```");
    expect(w.effects("github.commit-file")).toHaveLength(0);
    expect(w.effects("github.create-pr")).toHaveLength(0);
    expect(await w.audit.forSubject(`proposal:${p.id}`)).toEqual([expect.objectContaining({ action: "proposal.approve", outcome: "done", detail: expect.objectContaining({ kind: "config" }) })]);
  });
});

describe("an issue proposal", () => {
  const change: ProposalChange = {
    kind: "issue",
    title: "Let shoppers save a cart for later",
    body: "The specification asks for saved carts; nothing in src/checkout keeps one.",
    labels: ["type:feature"],
  };

  it("files exactly one issue with its labels, and only after the approval", async () => {
    const w = world();
    const p = await w.propose(change, { source: "planner", metric: null });
    expect(w.forge.issues.size).toBe(0);
    expect(w.cardText(p.id)).toContain("Let shoppers save a cart for later");
    expect(w.cardText(p.id)).toContain("`type:feature`");

    await w.click(p, MALLORY, "proposal_approve");
    expect(w.forge.issues.size).toBe(0);

    await w.click(p, CAROL, "proposal_approve");

    const issues = [...w.forge.issues.values()];
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ title: "Let shoppers save a cart for later", labels: ["type:feature"] });
    expect(issues[0]!.body).toContain("nothing in src/checkout keeps one.");
    expect(issues[0]!.body).toContain(`proposal #${p.id}`);
    expect(issues[0]!.body).toMatch(/<!-- shopfloor:key=[0-9a-f]{24} -->/);
    expect(await proposals.get(p.id)).toMatchObject({ status: "approved", result: { issue: { number: issues[0]!.number, url: issues[0]!.url } } });
    expect(w.cardText(p.id)).toContain(`filed <${issues[0]!.url}|#${issues[0]!.number}>`);
    await expect(w.click(p, CAROL, "proposal_approve")).rejects.toThrow();
    expect(w.forge.issues.size).toBe(1);
  });

  it("GitHub refusing the issue marks the proposal failed with the reason and keeps the approval", async () => {
    const w = world();
    const p = await w.propose({ ...change, title: " " });

    await w.click(p, CAROL, "proposal_approve");

    expect(w.forge.issues.size).toBe(0);
    const stored = await proposals.get(p.id);
    expect(stored).toMatchObject({ status: "failed", decidedBy: CAROL });
    expect(String(stored!.result!.reason)).toMatch(/^GitHub refused the issue: /);
    expect(w.cardText(p.id)).toContain("could not be applied: GitHub refused the issue");
  });
});

describe("with audit.pullRequests.enabled", () => {
  it("an approved prompt also becomes one commit and one PR against the default branch, linked on the card", async () => {
    const w = world({ pullRequests: true });
    const p = await w.propose(w.promptChange());

    await w.click(p, CAROL, "proposal_approve");

    expect(w.effects("github.commit-file")).toHaveLength(1);
    expect(w.effects("github.create-pr")).toHaveLength(1);
    expect(w.forge.commits).toEqual([
      expect.objectContaining({ branch: `shopfloor/proposal-${p.id}`, path: `prompts/${w.promptId}.prompt.yml`, content: NEW_PROMPT_FILE }),
    ]);
    const pr = [...w.forge.pulls.values()][0]!;
    expect(pr).toMatchObject({ headRef: `shopfloor/proposal-${p.id}`, baseRef: "main", state: "open" });
    expect(pr.body).toContain(`Approved in Slack by @carol: [proposal #${p.id}](https://acme.slack.com/archives/${CHANNEL}/p`);
    expect(await proposals.get(p.id)).toMatchObject({ status: "approved", result: { version: 1, pr: { number: pr.number, url: pr.url } } });
    expect(w.cardText(p.id)).toContain(`Pull request: <${pr.url}|#${pr.number}>`);
  });

  it("an approved setting changes the one key of the repository's shopfloor.yml, comments kept, in one PR", async () => {
    const forge = new FakeForge({ files: { "shopfloor.yml": "# Shopfloor for acme/shop\nreview:\n  maxRounds: 3 # rounds before a person looks\n  maxNits: 3\n" } });
    const w = world({ pullRequests: true, forge });
    const p = await w.propose({ kind: "config", key: "review.maxRounds", from: 3, to: 4 });

    await w.click(p, CAROL, "proposal_approve");

    expect(w.effects("github.commit-file")).toHaveLength(1);
    expect(w.effects("github.create-pr")).toHaveLength(1);
    expect(forge.commits).toEqual([
      expect.objectContaining({
        branch: `shopfloor/proposal-${p.id}`,
        path: "shopfloor.yml",
        content: "# Shopfloor for acme/shop\nreview:\n  maxRounds: 4 # rounds before a person looks\n  maxNits: 3\n",
      }),
    ]);
    expect(forge.files.get("shopfloor.yml")).toContain("maxRounds: 3");
    const pr = [...forge.pulls.values()][0]!;
    expect(await proposals.get(p.id)).toMatchObject({ status: "approved", result: { pr: { number: pr.number } } });
    expect(w.cardText(p.id)).toContain("restart Shopfloor");
    expect(w.cardText(p.id)).toContain(`Pull request: <${pr.url}|#${pr.number}>`);
  });
});
