import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { explainGraph } from "../../graphs/explain/index.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import type { ForgeTimelineEvent } from "../../src/core/ports/forge-port.js";
import { loadPrompts, type PromptRegistry } from "../../src/prompts/load-prompts.js";
import { scriptedModel } from "../../src/sandbox/scripted-model.js";
import { FakeForge } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "../support/graph-harness.js";
import { readable } from "../support/readable.js";

let prompts: PromptRegistry;
beforeAll(async () => {
  prompts = await loadPrompts(resolve(import.meta.dirname, "../../prompts"));
});

/** The clock of fakeGraphDeps and FakeForge. */
const NOW = Date.parse("2026-01-15T10:00:00.000Z");
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();
const HEAD = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0";

function world() {
  const forge = new FakeForge();
  const f = fakeGraphDeps({ forge });
  f.deps.prompts = prompts;
  /** A PR Shopfloor reviewed at its head, so only what a test adds stands in the way. */
  const pr = (partial: Parameters<FakeForge["addPullRequest"]>[0]) => {
    const created = forge.addPullRequest({ author: "alice", ...partial });
    void f.reviews.save({
      repository: "acme/shop",
      prNumber: created.number,
      headSha: created.headSha,
      baseSha: null,
      runKey: `review-${created.number}`,
      mode: "full",
      outcome: "approved",
      risk: "low",
      riskReasons: [],
      round: 1,
      findings: [],
      resolved: [],
      coverage: null,
      promptTokens: 0,
      reviewId: null,
      createdAt: hoursAgo(5),
    });
    return created;
  };
  const mention = (text: string) => f.chat.addUserMessage({ channel: "C0GEN", user: "U0DAVE", text });
  const ask = (number: number, messageTs: string) =>
    graphHarness(explainGraph, f.deps, `slack-req:T1:C0GEN-${messageTs}`).start({ via: "mention", number, channel: "C0GEN", user: "U0DAVE", messageTs });
  return { ...f, forge, pr, mention, ask };
}

function onlyReply(w: ReturnType<typeof world>, ts: string) {
  const replies = w.chat.threadReplies("C0GEN", ts);
  expect(replies).toHaveLength(1);
  return replies[0]!;
}

describe("explain graph", () => {
  it("tells why a conflicting PR is stuck: the conflict, its evidence, and that its author moves next", async () => {
    const w = world();
    const pr = w.pr({ title: "Fix cart total", headSha: HEAD, mergeable: false, mergeableState: "dirty" });
    w.forge.timelines.set(pr.number, [
      { event: "committed", actor: "alice", at: hoursAgo(30), detail: "a1b2c3d Fix cart total" },
      { event: "subscribed", actor: "bob", at: hoursAgo(29), detail: "" },
      { event: "reviewed", actor: "shopfloor[bot]", at: hoursAgo(5), detail: "approved" },
    ]);
    w.model.answer("explain.write-paragraph", { paragraph: "Fix cart total cannot merge: main moved and now conflicts with it. Alice needs to merge main in." });
    const m = w.mention(`<@U0SHOPFLOOR> why is #${pr.number} stuck?`);
    await w.ask(pr.number, m.ts);

    const text = readable(onlyReply(w, m.ts));
    expect(text).toContain(`Why #${pr.number} isn't merged yet`);
    expect(text).toContain(`<${pr.url}|#${pr.number} Fix cart total>`);
    expect(text).toContain("*1. Merge conflicts with main*");
    expect(text).toContain("GitHub cannot merge main into the branch without conflicts");
    expect(text).toContain("*Next:* Merge the base branch and resolve the conflicts (@alice)");
    expect(text).toContain("Alice needs to merge main in.");
    // The timeline, relative to the facts' time, without the noise events.
    expect(text).toContain("1 day ago · @alice pushed: a1b2c3d Fix cart total");
    expect(text).toContain("5 h ago · @shopfloor[bot] reviewed: approved");
    expect(text).not.toContain("subscribed");
    expect(w.chat.reactions("C0GEN", m.ts)).toEqual(["white_check_mark"]);

    // The model was given the facts (fenced, like the PR's own text) and recorded in the run ledger.
    const sent = w.model.calls[0]!.messages.map((x) => x.content).join("\n");
    expect(sent).toMatch(/<untrusted name="facts">[\s\S]*1\. merge conflicts with main[\s\S]*Next: merge the base branch and resolve the conflicts \(owner: @alice\)/);
    expect(sent).toMatch(/<untrusted name="title">\s*Fix cart total/);
    expect(w.runs.modelCalls).toEqual([expect.objectContaining({ task: "explain.write-paragraph", outcome: "ok", node: "write-paragraph" })]);
  });

  it("tells who owes the next move on unresolved review threads, and still answers with the facts when the model fails", async () => {
    const w = world();
    const pr = w.pr({ title: "Empty cart handling", headSha: HEAD });
    w.forge.threads.set(pr.number, [
      { id: "RT1", isResolved: false, isOutdated: false, path: "src/cart.ts", line: 12, originalLine: 12, startLine: null, comments: [{ id: 1, author: "bob", body: "This crashes on an empty cart." }] },
      { id: "RT2", isResolved: true, isOutdated: false, path: "src/cart.ts", line: 30, originalLine: 30, startLine: null, comments: [{ id: 2, author: "bob", body: "Typo" }] },
    ]);
    w.model.faults.fail("structured", new AppError(ErrorCode.ModelApi, "model unavailable"));
    const m = w.mention(`<@U0SHOPFLOOR> why is #${pr.number} stuck?`);
    await w.ask(pr.number, m.ts);

    const reply = onlyReply(w, m.ts);
    const text = readable(reply);
    expect(text).toContain("*1. 1 unresolved review thread (1 waits for @alice)*");
    expect(text).toContain("src/cart.ts:12 waits for @alice, last comment by @bob");
    expect(text).not.toContain("src/cart.ts:30");
    expect(text).toContain("*Next:* Reply to or fix each open thread, then resolve it (@alice)");
    // No paragraph and no claim that a model wrote one.
    expect(text).not.toContain("written by a model");
    expect(w.runs.modelCalls).toEqual([expect.objectContaining({ task: "explain.write-paragraph", outcome: "error", errorCode: ErrorCode.ModelApi })]);
    expect(w.chat.reactions("C0GEN", m.ts)).toEqual(["white_check_mark"]);
  });

  it("answers /shopfloor why in the channel through the response_url: a PR waiting for an approver's click", async () => {
    const w = world();
    const pr = w.pr({ title: "Add coupons", headSha: HEAD });
    const run = await w.runs.startRun({ graph: "merge", threadId: `gh-pr:acme/shop#${pr.number}:merge:${HEAD.slice(0, 12)}`, kind: "start" });
    await w.runs.finishRun(run, { status: "waiting" });
    w.runs.runs.find((r) => r.id === run)!.startedAt = hoursAgo(5);
    const events: ForgeTimelineEvent[] = [{ event: "reviewed", actor: "shopfloor[bot]", at: hoursAgo(5), detail: "approved" }];
    w.forge.timelines.set(pr.number, events);
    w.model.answer("explain.write-paragraph", { paragraph: "Add coupons has passed review and waits for an approver to click Approve on its merge card." });

    await graphHarness(explainGraph, w.deps, "slack-req:T1:trig.1").start({
      via: "command",
      number: pr.number,
      channel: "C0GEN",
      user: "U0DAVE",
      responseUrl: "https://hooks.slack.test/cmd/1",
    });

    expect(w.chat.responses).toHaveLength(1);
    const response = w.chat.responses[0]!;
    expect(response).toMatchObject({ responseUrl: "https://hooks.slack.test/cmd/1", responseType: "in_channel" });
    const text = readable(response);
    expect(text).toContain("*1. Waiting for an approver to merge*");
    expect(text).toContain("merge card waiting for 5 h");
    expect(text).toContain("*Next:* An approver approves the merge card (or requests changes) (approvers)");
    expect(text).toContain("waits for an approver to click Approve");
    expect(w.chat.botMessages()).toHaveLength(0);
  });

  it("gets the sandbox's scripted paragraph from the first reason and its next step", async () => {
    const w = world();
    const pr = w.pr({ title: "Fix cart total", headSha: HEAD, mergeable: false, mergeableState: "dirty" });
    w.model.answer("explain.write-paragraph", (request) => {
      const reply = scriptedModel({ task: request.task, messages: request.prompt.messages, body: {}, model: "m", tools: [], responseFormat: null, headers: {} });
      return (reply as { json: { paragraph: string } }).json;
    });
    const m = w.mention(`<@U0SHOPFLOOR> why is #${pr.number} stuck?`);
    await w.ask(pr.number, m.ts);
    expect(readable(onlyReply(w, m.ts))).toContain(`#${pr.number} is waiting on this: merge conflicts with main. Next: merge the base branch and resolve the conflicts (@alice).`);
  });

  it("says nothing is in the way of a PR that is ready, without asking the model", async () => {
    const w = world();
    const pr = w.pr({ title: "Ready one", headSha: HEAD });
    const m = w.mention(`<@U0SHOPFLOOR> why ${pr.number}`);
    await w.ask(pr.number, m.ts);
    expect(readable(onlyReply(w, m.ts))).toContain("Nothing is in the way that I can see: it is ready to merge.");
    expect(w.model.calls).toHaveLength(0);
  });

  it("says a merged PR is merged rather than diagnosing it", async () => {
    const w = world();
    const pr = w.pr({ title: "Done already", headSha: HEAD, state: "closed", merged: true });
    w.forge.issues.get(pr.number)!.state = "closed";
    const m = w.mention(`<@U0SHOPFLOOR> why is #${pr.number} stuck?`);
    await w.ask(pr.number, m.ts);
    const text = readable(onlyReply(w, m.ts));
    expect(text).toContain(`#${pr.number} is merged`);
    expect(text).not.toContain("What's in the way");
    expect(w.model.calls).toHaveLength(0);
  });

  it("says a number is an issue, not a PR, with its state, labels and the PR that belongs to it", async () => {
    const w = world();
    const issue = w.forge.addIssue({ title: "Checkout is slow", labels: ["type:bug", "severity:P2"] });
    await w.links.record({ issueNumber: issue.number }, { prNumber: 42 });
    const m = w.mention(`<@U0SHOPFLOOR> why is #${issue.number} stuck?`);
    await w.ask(issue.number, m.ts);
    const text = readable(onlyReply(w, m.ts));
    expect(text).toContain(`#${issue.number} is an issue, not a pull request`);
    expect(text).toContain("Open · Labels: `type:bug`, `severity:P2`");
    expect(text).toContain("Its pull request is #42");
    expect(w.chat.reactions("C0GEN", m.ts)).toEqual(["white_check_mark"]);
  });

  it("says plainly when the number is not in the repository", async () => {
    const w = world();
    const m = w.mention("<@U0SHOPFLOOR> why is #123 stuck?");
    await w.ask(123, m.ts);
    expect(onlyReply(w, m.ts).text).toBe("I can't find #123 in acme/shop.");

    // Asked by command, only the asker needs to know.
    await graphHarness(explainGraph, w.deps, "slack-req:T1:trig.2").start({ via: "command", number: 123, channel: "C0GEN", user: "U0DAVE", responseUrl: "https://hooks.slack.test/cmd/2" });
    expect(w.chat.responses).toEqual([expect.objectContaining({ responseType: "ephemeral", text: "I can't find #123 in acme/shop." })]);
  });

  it("replays its reply instead of posting it twice when the thread runs again", async () => {
    const w = world();
    const pr = w.pr({ title: "Fix cart total", headSha: HEAD, mergeable: false });
    w.model.answer("explain.write-paragraph", { paragraph: "Conflicts." });
    const m = w.mention(`<@U0SHOPFLOOR> why is #${pr.number} stuck?`);
    await w.ask(pr.number, m.ts);
    await w.ask(pr.number, m.ts); // a fresh checkpointer: every node runs again, the effects ledger answers
    expect(w.chat.threadReplies("C0GEN", m.ts)).toHaveLength(1);
  });

  it("does not look up a link to another repository's PR in this one", async () => {
    const w = world();
    w.pr({ title: "Unrelated PR with the same number", headSha: HEAD });
    const m = w.mention("<@U0SHOPFLOOR> https://github.com/other/repo/pull/1");
    await graphHarness(explainGraph, w.deps, "slack-req:T1:x").start({ via: "mention", number: 1, repository: "other/repo", channel: "C0GEN", user: "U0DAVE", messageTs: m.ts });
    expect(onlyReply(w, m.ts).text).toBe("#1 is in other/repo, and I only look after acme/shop.");
  });
});
