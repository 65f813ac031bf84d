import { describe, expect, it } from "vitest";
import { shepherdGraph } from "../../graphs/shepherd/index.js";
import { FakeForge } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "../support/graph-harness.js";

const SHA = "f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6";
const LATER = "a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7";
const NOW = Date.parse("2026-01-15T10:00:00.000Z");

function world(pr: Record<string, unknown> = {}) {
  const forge = new FakeForge();
  const f = fakeGraphDeps({ forge });
  let now = NOW;
  f.deps.clock = { now: () => new Date(now) };
  f.deps.settings = { ...f.deps.settings, channels: { ...f.deps.settings.channels, merge: "C0MERGE" } };
  const p = forge.addPullRequest({ title: "Fix the cart total", headSha: SHA, author: "dave", headRef: "shopfloor/12-cart", updatedAt: "2026-01-13T09:00:00.000Z", ...pr });
  // Shopfloor reviewed this head already, so "awaiting review" is not among the reasons unless a test wants it.
  void f.reviews.save({ repository: "acme/shop", prNumber: p.number, headSha: SHA, baseSha: null, runKey: "r1", mode: "full", outcome: "clean", risk: "low", riskReasons: [], round: 1, findings: [], resolved: [], coverage: {}, promptTokens: 0, reviewId: null });
  const h = graphHarness(shepherdGraph, f.deps, `gh-pr:acme/shop#${p.number}:shepherd`);
  let n = 0;
  const run = () => h.start({ pr: p.number, trigger: { kind: "hourly", id: `h${n++}` } });
  const advance = (hours: number) => void (now += hours * 3_600_000);
  const update = (patch: Record<string, unknown>) => forge.pulls.set(p.number, { ...forge.pulls.get(p.number)!, ...patch });
  return { ...f, forge, pr: p, run, advance, update };
}

describe("shepherd graph", () => {
  it("updates a branch that is behind once per head SHA, never twice", async () => {
    const w = world({ mergeableState: "behind" });
    await w.run();
    await w.run();
    expect(w.forge.branchUpdates).toEqual([expect.objectContaining({ number: w.pr.number, expectedHeadSha: SHA })]);
  });

  it("re-runs failed checks once, escalates a stalled PR when they fail again, pings after the deadline, and closes when the PR merges", async () => {
    const w = world();
    w.forge.checks.set(SHA, [{ name: "ci/test", status: "completed", conclusion: "failure", source: "check-run", id: 901, completedAt: "2026-01-15T07:00:00.000Z" }]);
    await w.run();
    expect(w.forge.rerequested).toEqual([901]);
    expect(w.escalations.all).toHaveLength(0);

    // The re-run failed again: the shepherd has nothing left to try at this SHA, so people get it.
    w.forge.checks.set(SHA, [{ name: "ci/test", status: "completed", conclusion: "failure", source: "check-run", id: 902, completedAt: "2026-01-15T08:00:00.000Z" }]);
    await w.run();
    expect(w.forge.rerequested).toEqual([901]);
    const [esc] = w.escalations.all;
    expect(esc).toMatchObject({ status: "open", owner: "@dave", headSha: SHA, slackChannel: "C0MERGE" });
    const [posted] = w.chat.botMessages("C0MERGE");
    expect(posted!.text).toContain(`#${w.pr.number} Fix the cart total is stuck`);
    expect(JSON.stringify(posted!.blocks)).toContain("ci/test");

    await w.run();
    expect(w.chat.botMessages("C0MERGE")).toHaveLength(1);
    w.advance(25);
    await w.run();
    expect(w.chat.botMessages("C0MERGE").at(-1)!.text).toContain("Still stuck");
    expect(w.escalations.all[0]!.pings).toBe(1);

    w.update({ state: "closed", merged: true, mergeCommitSha: LATER });
    await w.run();
    expect(w.escalations.all[0]).toMatchObject({ status: "closed", closedReason: "merged" });
    expect(w.chat.botMessages("C0MERGE").at(-1)!.text).toContain("escalation closed");
  });

  it("asks for a review of a head Shopfloor has not reviewed", async () => {
    const w = world();
    w.update({ headSha: LATER });
    await w.run();
    expect(w.started).toEqual([expect.objectContaining({ graph: "review", threadId: `gh-pr:acme/shop#${w.pr.number}`, input: { pr: w.pr.number, trigger: { kind: "shepherd", id: `shepherd-${LATER}` } } })]);
    await w.run();
    expect(w.started).toHaveLength(1);
  });
});
