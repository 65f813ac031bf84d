import { describe, expect, it } from "vitest";
import { triageGraph } from "../../graphs/triage/index.js";
import { verifyGraph } from "../../graphs/verify/index.js";
import type { VerifyInput } from "../../graphs/verify/verify-input.js";
import { decodeButtonValue } from "../../src/core/button-value.js";
import type { ForgeCheck } from "../../src/core/ports/forge-port.js";
import { FakeForge } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "../support/graph-harness.js";

const SHA = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
const THREAD = "gh-pr:acme/shop#1:merge:verify";
const T0 = Date.parse("2026-01-15T10:00:00.000Z");

const check = (name: string, conclusion: string | null, source: ForgeCheck["source"] = "check-run"): ForgeCheck => ({
  name,
  status: conclusion === null ? "in_progress" : "completed",
  conclusion,
  source,
  url: `https://ci.example.com/${name}`,
});

function world(opts: { smoke?: { url: string; expectStatus: number; expectText?: string; timeoutMs: number } } = {}) {
  const forge = new FakeForge();
  let now = T0;
  const f = fakeGraphDeps({ forge, clock: { now: () => new Date(now) } });
  f.deps.settings = { ...f.deps.settings, verify: { ...f.deps.settings.verify, ...(opts.smoke ? { smoke: opts.smoke } : {}) } };
  const pr = forge.addPullRequest({ title: "Add coupon field to checkout", headSha: "abc", author: "alice", state: "closed", merged: true, mergeCommitSha: SHA });
  const issue = forge.addIssue({ title: "Customers cannot enter coupons" });
  const root = f.chat.addUserMessage({ channel: "C0MERGE", user: "U0CAROL", text: "Merge #1?" });
  const input: VerifyInput = {
    pr: pr.number,
    mergeSha: SHA,
    title: pr.title,
    url: pr.url,
    author: "alice",
    mergedBy: "U0CAROL",
    issueNumber: issue.number,
    slack: { channel: "C0MERGE", threadTs: root.ts },
  };
  const run = graphHarness(verifyGraph, f.deps, THREAD);
  const replies = () => f.chat.threadReplies("C0MERGE", root.ts);
  const advance = (ms: number) => void (now += ms);
  return { ...f, forge, pr, issue, input, run, replies, advance };
}

const hasButton = (blocks: unknown) => (blocks as { type: string }[]).some((b) => b.type === "actions");

/** The click a person makes on the alert's button, as the router turns it into a signal. */
function click(blocks: unknown, user: string) {
  const actions = (blocks as { type: string; elements?: { value?: string }[] }[]).find((b) => b.type === "actions");
  const target = decodeButtonValue(actions?.elements?.[0]?.value);
  if (!target) throw new Error("no button on the alert");
  return { target, value: { choice: target.choice, user, actionId: "verify_open_revert", slot: target.interruptId } };
}

describe("verify graph", () => {
  it("replies ✅ in the merge's thread and closes the linked issue when the checks pass", async () => {
    const w = world();
    w.forge.setChecks(SHA, [check("build", "success"), check("test", "success"), check("lint", "skipped"), check("ci/deploy", "success", "status")]);
    await w.run.start(w.input);

    expect(await w.run.done()).toBe(true);
    expect(w.forge.issues.get(w.issue.number)?.state).toBe("closed");
    expect(w.forge.closeReasons.get(w.issue.number)).toBe("completed");
    const [reply] = w.replies();
    expect(w.replies()).toHaveLength(1);
    expect(reply!.text).toContain(":white_check_mark: Merge of #1 Add coupon field to checkout");
    expect(reply!.text).toContain("verified at `9f8e7d6`: 4 check(s) passed");
    expect(reply!.text).toContain(`Closed #${w.issue.number}.`);
    expect(w.started).toHaveLength(0);
  });

  it("leaves an issue GitHub already closed alone and says so", async () => {
    const w = world();
    await w.forge.closeIssue(w.issue.number, "not_planned");
    w.forge.setChecks(SHA, [check("build", "success")]);
    await w.run.start(w.input);
    expect(w.forge.closeReasons.get(w.issue.number)).toBe("not_planned");
    expect(w.replies()[0]!.text).toContain(`#${w.issue.number} is closed.`);
  });

  it("waits a poll interval while checks run, then reports success once they pass", async () => {
    const w = world();
    w.forge.setChecks(SHA, [check("build", "success"), check("test", null)]);
    await w.run.start(w.input);

    expect(await w.run.pending()).toEqual([expect.objectContaining({ value: { kind: "wait", expiresAt: "2026-01-15T10:01:00.000Z", pending: ["test"] } })]);
    expect(w.replies()).toHaveLength(0);

    w.advance(60_000);
    w.forge.setChecks(SHA, [check("build", "success"), check("test", "success")]);
    await w.run.signal({ kind: "timeout" });
    expect(w.replies().map((m) => m.text)).toEqual([expect.stringContaining("2 check(s) passed")]);
    expect(w.forge.issues.get(w.issue.number)?.state).toBe("closed");
  });

  it("counts a merge commit without any check as passed after one poll interval, and says so", async () => {
    const w = world();
    await w.run.start(w.input);
    expect(await w.run.pending()).toHaveLength(1);
    w.advance(60_000);
    await w.run.signal({ kind: "timeout" });
    expect(w.replies()[0]!.text).toContain("no checks or statuses were reported on the merge commit");
  });

  it("files a P1 through triage naming the PR and the commit, and alerts the thread with an Open revert PR button", async () => {
    const w = world();
    w.forge.setChecks(SHA, [check("build", "success"), check("test", "failure"), check("ci/lint", "error", "status")]);
    await w.run.start(w.input);

    expect(w.started).toHaveLength(1);
    const [start] = w.started;
    expect(start).toMatchObject({
      graph: "triage",
      threadId: `${THREAD}:triage`,
      input: {
        source: "verify",
        title: "Merge of #1 broke checks (test, ci/lint)",
        link: w.pr.url,
        severityHint: "P1",
        labels: [],
        announce: { channel: "C0MERGE", threadTs: w.input.slack!.threadTs },
      },
    });
    const text = String(start!.input.text);
    expect(text).toContain(`merge of #1 "Add coupon field to checkout" (${w.pr.url}), by @alice, merged by @carol`);
    expect(text).toContain(`Merge commit: ${SHA}.`);
    expect(text).toContain("- test (check run): failure https://ci.example.com/test");
    expect(text).toContain("- ci/lint (status): error https://ci.example.com/ci/lint");
    expect(text).toContain("- Passed: build");
    // Triage accepts it as it is.
    expect(triageGraph.input.safeParse(start!.input).success).toBe(true);

    const [alert] = w.replies();
    expect(alert!.text).toContain("P1: the merge of #1 Add coupon field to checkout");
    expect(alert!.text).toContain("failed verification: checks failing on the merge commit: test (failure), ci/lint (error)");
    expect(hasButton(alert!.blocks)).toBe(true);
    expect(JSON.stringify(alert!.blocks)).toContain('"text":"Open revert PR"');
    expect(click(alert!.blocks, "U0BOB").target).toMatchObject({ graph: "verify", threadId: THREAD, interruptId: "slot:revert", choice: "revert" });
    expect(w.forge.issues.get(w.issue.number)?.state).toBe("open");
    expect((await w.run.pending())[0]?.value).toMatchObject({ kind: "revert-offer", slot: "slot:revert" });
  });

  it("files a P0 when the smoke check answers 503, with the status and the body it saw", async () => {
    const w = world({ smoke: { url: "https://shop.example.com/healthz", expectStatus: 200, expectText: "ok", timeoutMs: 5000 } });
    w.forge.setChecks(SHA, [check("build", "success")]);
    w.probe.next = { status: 503, bodyText: "upstream connect error", ms: 41 };
    await w.run.start(w.input);

    expect(w.probe.requests).toEqual([{ url: "https://shop.example.com/healthz", timeoutMs: 5000 }]);
    const [start] = w.started;
    expect(start?.input).toMatchObject({ source: "verify", severityHint: "P0", title: "Merge of #1 broke the smoke check (HTTP 503)" });
    expect(String(start!.input.text)).toContain('GET https://shop.example.com/healthz → 503 in 41 ms (expected 200 with "ok" in the body)');
    expect(String(start!.input.text)).toContain('Body: "upstream connect error"');
    expect(w.replies()[0]!.text).toContain("P0: the merge of #1");
  });

  it("reports a smoke check that answers without the expected text", async () => {
    const w = world({ smoke: { url: "https://shop.example.com/healthz", expectStatus: 200, expectText: "ok", timeoutMs: 5000 } });
    w.forge.setChecks(SHA, [check("build", "success")]);
    w.probe.next = { status: 200, bodyText: "maintenance mode", ms: 9 };
    await w.run.start(w.input);
    expect(w.started[0]?.input).toMatchObject({ severityHint: "P0", title: "Merge of #1 broke the smoke check (expected text missing)" });
    expect(w.replies()[0]!.text).toContain('answered 200 but the body does not contain "ok"');
  });

  it("reports success with the smoke check when it answers as expected", async () => {
    const w = world({ smoke: { url: "https://shop.example.com/healthz", expectStatus: 200, expectText: "ok", timeoutMs: 5000 } });
    w.forge.setChecks(SHA, [check("build", "success")]);
    await w.run.start(w.input);
    expect(w.started).toHaveLength(0);
    expect(w.replies()[0]!.text).toContain("smoke check GET https://shop.example.com/healthz answered 200 in 12 ms");
  });

  it("opens the revert PR when someone clicks the button, and replies with its link", async () => {
    const w = world();
    w.forge.setChecks(SHA, [check("test", "failure")]);
    await w.run.start(w.input);
    const [alert] = w.replies();
    const { value } = click(alert!.blocks, "U0BOB");

    // Another choice or an older slot is not a request to revert.
    await w.run.signal({ ...value, slot: "slot:other" });
    expect([...w.forge.pulls.values()]).toHaveLength(1);

    await w.run.signal(value);
    const revert = [...w.forge.pulls.values()].find((p) => p.number !== w.pr.number);
    expect(revert).toMatchObject({ title: 'Revert "Add coupon field to checkout"', state: "open" });
    expect(revert!.body).toContain("Reverts #1 (merge 9f8e7d6): checks failing on the merge commit: test (failure).");
    const reply = w.replies().at(-1)!;
    expect(reply.text).toContain(`<@U0BOB> asked for a revert of #1: #${revert!.number} Revert "Add coupon field to checkout" (${revert!.url}) is open`);
    const updated = w.chat.message("C0MERGE", alert!.ts)!;
    expect(hasButton(updated.blocks)).toBe(false);
    expect(JSON.stringify(updated.blocks)).toContain(`<@U0BOB> opened the revert: <${revert!.url}|#${revert!.number}>`);
    expect(await w.audit.forSubject("pr#1")).toEqual([expect.objectContaining({ actor: "U0BOB", action: "verify.open-revert", outcome: "done" })]);
    expect(await w.run.done()).toBe(true);
  });

  it("withdraws the button when nobody asks for a revert within three days", async () => {
    const w = world();
    w.forge.setChecks(SHA, [check("test", "failure")]);
    await w.run.start(w.input);
    const [alert] = w.replies();
    const { expiresAt } = (await w.run.pending())[0]!.value as { expiresAt: string };
    expect(Date.parse(expiresAt) - Number(alert!.ts.split(".")[0]) * 1000).toBe(3 * 86_400_000);

    await w.run.signal({ kind: "timeout" });
    const updated = w.chat.message("C0MERGE", alert!.ts)!;
    expect(hasButton(updated.blocks)).toBe(false);
    expect(JSON.stringify(updated.blocks)).toContain("button expired after 3 day(s)");
    expect(w.forge.pulls.size).toBe(1);
    expect(await w.run.done()).toBe(true);
  });

  it("fails the merge when checks are still pending at the deadline, naming them", async () => {
    const w = world();
    w.forge.setChecks(SHA, [check("build", "success"), check("e2e", null), check("ci/deploy", null, "status")]);
    await w.run.start(w.input);

    // The last wait is cut short by the deadline (30 minutes from the first look).
    w.advance(29 * 60_000 + 30_000);
    await w.run.signal({ kind: "timeout" });
    expect((await w.run.pending())[0]?.value).toMatchObject({ kind: "wait", expiresAt: "2026-01-15T10:30:00.000Z" });
    expect(w.started).toHaveLength(0);

    w.advance(30_000);
    await w.run.signal({ kind: "timeout" });
    const [start] = w.started;
    expect(start?.input).toMatchObject({ source: "verify", severityHint: "P1", title: "Merge of #1 broke checks (e2e, ci/deploy still pending)" });
    expect(String(start!.input.text)).toContain("What failed: checks still pending after 30 minutes: e2e, ci/deploy.");
    expect(w.replies()[0]!.text).toContain("checks still pending after 30 minutes: e2e, ci/deploy");
  });
});
