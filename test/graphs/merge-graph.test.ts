import { describe, expect, it } from "vitest";
import { mergeGraph } from "../../graphs/merge/index.js";
import { decodeButtonValue } from "../../src/core/button-value.js";
import { FakeForge } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "../support/graph-harness.js";

const SHA = "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4";
const NEW = "e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5";

function world(opts: { risk?: "low" | "medium" | "high"; approvedByPolicy?: boolean; requireHumanMerge?: boolean } = {}) {
  const forge = new FakeForge();
  const f = fakeGraphDeps({ forge });
  f.deps.settings = { ...f.deps.settings, risk: { ...f.deps.settings.risk, requireHumanMerge: opts.requireHumanMerge ?? true } };
  const issue = forge.addIssue({ title: "Checkout crashes on Safari" });
  const pr = forge.addPullRequest({ title: "Fix the checkout button on Safari", body: `Fixes #${issue.number}`, headSha: SHA, author: "dave", headRef: "fix/safari", additions: 12, deletions: 3, changedFiles: 1 });
  forge.checks.set(SHA, [{ name: "ci/test", status: "completed", conclusion: "success", source: "check-run" }]);
  const h = graphHarness(mergeGraph, f.deps, `gh-pr:acme/shop#${pr.number}:merge:${SHA.slice(0, 12)}`);
  const start = async () => {
    await f.links.record({ slackChannel: "C0BUGS", slackThreadTs: "100.1" }, { issueNumber: issue.number });
    await h.start({ pr: pr.number, reviewedSha: SHA, risk: opts.risk ?? "medium", riskReasons: ["1 major finding"], bottomLine: "Guards the cart total.", approvedByPolicy: opts.approvedByPolicy ?? false });
  };
  /** The card as people see it now: the first bot message in the report's thread, edited in place. */
  const card = () => f.chat.botMessages("C0BUGS").find((m) => m.text.startsWith("Merge request"))!;
  const buttons = () => (card().blocks?.find((b) => b.type === "actions") as { elements: { action_id: string; value?: string; confirm?: unknown }[] } | undefined)?.elements ?? [];
  /** A click as the edge routes it: the button's choice and slot, and who clicked. */
  const click = async (user: string, actionId = "merge_approve", extra: Record<string, unknown> = {}) => {
    const target = decodeButtonValue(buttons().find((b) => b.action_id === actionId)?.value)!;
    await h.signal({ choice: target.choice, user, slot: target.interruptId, ...extra });
  };
  return { ...f, forge, issue, pr, h, start, card, buttons, click };
}

describe("merge graph", () => {
  it("posts the card in the report's thread, and an approver's click merges exactly the reviewed commit", async () => {
    const w = world();
    await w.start();
    expect(JSON.stringify(w.card().blocks)).toContain("Guards the cart total.");
    expect(w.buttons().map((b) => b.action_id)).toEqual(["merge_approve", "merge_request_changes", "merge_snooze_1h", "merge_snooze_1d", "merge_open_pr"]);
    expect(w.forge.merges).toHaveLength(0);

    await w.click("U0CAROL");
    expect(w.forge.merges).toEqual([{ number: w.pr.number, sha: SHA, method: "squash" }]);
    expect(w.forge.deletedBranches).toEqual(["fix/safari"]);
    expect(w.card().text).toContain("Merged");
    expect(JSON.stringify(w.card().blocks)).toContain("<@U0CAROL>");
    expect(w.buttons()).toEqual([]);
    expect(w.chat.botMessages("C0BUGS").some((m) => m.threadTs === "100.1" && m.text.includes("merged by <@U0CAROL>"))).toBe(true);
    expect(await w.audit.forSubject(`pr#${w.pr.number}`)).toEqual([
      expect.objectContaining({ actor: "U0CAROL", actorGithub: "carol", action: "merge.merge", outcome: "done", detail: expect.objectContaining({ sha: SHA, risk: "medium", policy: "approver click" }) }),
    ]);
    expect(w.started).toEqual([expect.objectContaining({ graph: "verify", input: expect.objectContaining({ pr: w.pr.number, mergedBy: "U0CAROL", issueNumber: w.issue.number }) })]);
    expect(await w.h.done()).toBe(true);
  });

  it("refuses a non-approver privately, audits it, merges nothing, and still lets an approver merge once", async () => {
    const w = world();
    await w.start();
    await w.click("U0MALLORY");
    expect(w.forge.merges).toHaveLength(0);
    expect(w.chat.ephemerals.at(-1)).toMatchObject({ user: "U0MALLORY", text: expect.stringContaining("Only approvers") });
    expect(await w.audit.forSubject(`pr#${w.pr.number}`)).toEqual([expect.objectContaining({ actor: "U0MALLORY", action: "merge.approve", outcome: "refused" })]);

    await w.click("U0CAROL");
    expect(w.forge.merges).toHaveLength(1);
    await expect(w.click("U0CAROL")).rejects.toThrow();
    expect(w.forge.merges).toHaveLength(1);
  });

  it("does not merge when the PR moved after the review, and says what changed", async () => {
    const w = world();
    await w.start();
    w.forge.pulls.set(w.pr.number, { ...w.forge.pulls.get(w.pr.number)!, headSha: NEW });
    w.forge.comparisons.set(`${SHA}...${NEW}`, { status: "ahead", aheadBy: 2, files: [] });
    await w.click("U0CAROL");
    expect(w.forge.merges).toHaveLength(0);
    expect(JSON.stringify(w.card().blocks)).toContain("2 new commits since review — reviewing again");
    expect(w.buttons()).toEqual([]);
    expect(await w.h.done()).toBe(true);
  });

  it("keeps the card open while checks fail, and merges on a later click once they pass", async () => {
    const w = world();
    await w.start();
    w.forge.checks.set(SHA, [{ name: "ci/test", status: "completed", conclusion: "failure", source: "check-run" }]);
    await w.click("U0CAROL");
    expect(w.forge.merges).toHaveLength(0);
    expect(JSON.stringify(w.card().blocks)).toContain("failing checks: ci/test");
    w.forge.checks.set(SHA, [{ name: "ci/test", status: "completed", conclusion: "success", source: "check-run" }]);
    await w.click("U0CAROL");
    expect(w.forge.merges).toHaveLength(1);
  });

  it("asks for confirmation before merging a high-risk PR", async () => {
    const w = world({ risk: "high" });
    await w.start();
    expect(w.buttons().find((b) => b.action_id === "merge_approve")?.confirm).toMatchObject({ title: { text: "Merge a high-risk PR?" } });
  });

  it("keeps the card's 14-day deadline when a refused click makes it wait again", async () => {
    const w = world();
    await w.start();
    const [first] = await w.h.pending();
    expect(first!.value).toMatchObject({ expiresAt: "2026-01-29T10:00:00.000Z" });
    w.deps.clock = { now: () => new Date("2026-01-20T10:00:00.000Z") };
    await w.click("U0MALLORY");
    const [again] = await w.h.pending();
    expect(again!.value).toMatchObject({ expiresAt: "2026-01-29T10:00:00.000Z" });
  });

  it("posts an approver's reason for changes as text that cannot ping or link", async () => {
    const w = world();
    await w.start();
    await w.click("U0CAROL", "merge_request_changes", { reason: "<!channel> see <https://evil.test|here>" });
    const note = w.chat.botMessages("C0BUGS").find((m) => m.text.includes("asked for changes"))!;
    expect(note.text).toContain("&lt;!channel&gt; see &lt;https://evil.test|here&gt;");
    expect(note.text).not.toContain("<!channel>");
  });

  it("turns Request changes into a review asking for changes on the PR and ends the card", async () => {
    const w = world();
    await w.start();
    await w.click("U0CAROL", "merge_request_changes", { reason: "Please add a test for an empty cart." });
    const [review] = w.forge.reviews.get(w.pr.number)!;
    expect(review).toMatchObject({ state: "CHANGES_REQUESTED", body: expect.stringContaining("Please add a test for an empty cart.") });
    expect(review!.body).toContain("@carol");
    expect(JSON.stringify(w.card().blocks)).toContain("Changes requested by <@U0CAROL>");
    expect(w.forge.merges).toHaveLength(0);
    expect(await w.h.done()).toBe(true);
  });

  it("snoozes for an hour, then reminds the thread and waits again", async () => {
    const w = world();
    await w.start();
    await w.click("U0CAROL", "merge_snooze_1h");
    expect(JSON.stringify(w.card().blocks)).toContain("Snoozed by <@U0CAROL>");
    const [pending] = await w.h.pending();
    expect(pending!.value).toMatchObject({ expiresAt: "2026-01-15T11:00:00.000Z" });
    await w.h.signal({ kind: "timeout" });
    expect(w.chat.botMessages("C0BUGS").at(-1)!.text).toContain("The snooze is over");
    expect(w.buttons().map((b) => b.action_id)).toContain("merge_approve");
    await w.click("U0CAROL");
    expect(w.forge.merges).toHaveLength(1);
  });

  it("merges a policy-approved low-risk PR without a click only when the operator turned human merges off", async () => {
    const guarded = world({ risk: "low", approvedByPolicy: true });
    await guarded.start();
    expect(guarded.forge.merges).toHaveLength(0);

    const auto = world({ risk: "low", approvedByPolicy: true, requireHumanMerge: false });
    await auto.start();
    expect(auto.forge.merges).toEqual([{ number: auto.pr.number, sha: SHA, method: "squash" }]);
    expect(JSON.stringify(auto.card().blocks)).toContain("Merged* by policy");
    expect(await auto.audit.forSubject(`pr#${auto.pr.number}`)).toEqual([expect.objectContaining({ actor: "shopfloor", action: "merge.merge", detail: expect.objectContaining({ policy: expect.stringContaining("risk.autoApprove") }) })]);
  });
});
