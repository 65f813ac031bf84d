import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { triageGraph } from "../../graphs/triage/index.js";
import type { TriageInput } from "../../graphs/triage/triage-state.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import { loadPrompts, type PromptRegistry } from "../../src/prompts/load-prompts.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "../support/graph-harness.js";

let prompts: PromptRegistry;
beforeAll(async () => {
  prompts = await loadPrompts(resolve(import.meta.dirname, "../../prompts"));
});

const bug = {
  type: "bug",
  severity: "P1",
  severityReason: "checkout, a main flow, is broken for Safari users",
  area: "checkout",
  actionable: true,
  missing: [],
  title: "Checkout button does nothing on Safari 17",
  summary: "Clicking Pay on the checkout page does nothing in Safari 17.",
  steps: ["Add an item to the cart", "Open checkout in Safari 17", "Click Pay"],
  expected: "The payment form opens",
  actual: "Nothing happens",
  environment: "Safari 17, macOS 14",
} as const;

function world() {
  const f = fakeGraphDeps();
  f.deps.prompts = prompts;
  const report = (text: string, user = "U0ALICE") => {
    const m = f.chat.addUserMessage({ channel: "C0BUGS", user, text });
    const input: TriageInput = { source: "slack", via: "message", teamId: "T1", user, channel: "C0BUGS", messageTs: m.ts, text };
    return { ts: m.ts, input, harness: graphHarness(triageGraph, f.deps, `slack:T1:C0BUGS:${m.ts}`) };
  };
  const issues = () => [...f.forge.issues.values()].filter((i) => !i.isPullRequest);
  const progress = (ts: string) => f.chat.threadReplies("C0BUGS", ts)[0];
  return { ...f, report, issues, progress };
}

describe("triage graph", () => {
  it("files a clear bug with the right labels, links it in the thread, and swaps 👀 for ✅", async () => {
    const w = world();
    w.model.answer("triage.classify", bug);
    const r = w.report("The checkout button does nothing on Safari 17 since this morning. Expected the payment form.");
    await r.harness.start(r.input);

    const [issue] = w.issues();
    expect(issue).toMatchObject({ title: bug.title, labels: ["type:bug", "severity:P1", "area:checkout", "factory:ready"] });
    expect(issue!.body).toContain("### Steps to reproduce\n1. Add an item to the cart");
    expect(issue!.body).toContain("Reported by alice in [Slack](https://acme.slack.com/archives/C0BUGS/p");
    expect([...w.forge.labels.values()].map((l) => l.name)).toEqual(expect.arrayContaining(["type:bug", "severity:P1", "area:checkout", "factory:ready"]));

    const replies = w.chat.threadReplies("C0BUGS", r.ts);
    expect(replies).toHaveLength(1); // one message, updated in place
    expect(replies[0]!.text).toContain(`#${issue!.number}`);
    expect(replies[0]!.edits.map((e) => e.text)).toEqual(expect.arrayContaining([expect.stringContaining("Triaging… bug · P1 · checkout")]));
    expect(JSON.stringify(replies[0]!.blocks)).toContain("triage_change_severity");
    expect(w.chat.reactions("C0BUGS", r.ts)).toEqual(["white_check_mark"]);
    expect(w.runs.modelCalls.map((c) => [c.task, c.outcome])).toEqual([["triage.classify", "ok"]]);
    // The report reached the model fenced as data.
    expect(w.model.calls[0]!.messages.at(-1)!.content).toContain('<untrusted name="report">');
  });

  it("asks for missing details, files the issue after the reporter's answer, and ignores other people's replies", async () => {
    const w = world();
    w.model.answer("triage.classify", { ...bug, actionable: false, missing: ["Which page were you on?", "What did you expect?"], severity: "P2" });
    w.model.answer("triage.classify", bug);
    const r = w.report("it's broken again");
    await r.harness.start(r.input);
    expect(w.issues()).toHaveLength(0);
    const question = w.chat.threadReplies("C0BUGS", r.ts).find((m) => m.text.includes("before I file this"));
    expect(question?.text).toContain("<@U0ALICE>");
    expect(question?.text).toContain("Which page were you on?");
    expect((await r.harness.pending())[0]?.value).toMatchObject({ kind: "details" });

    await r.harness.signal({ kind: "reply", user: "U0BOB", text: "same here", ts: "2.2" });
    expect(w.issues()).toHaveLength(0);
    expect((await r.harness.pending()).length).toBe(1);

    await r.harness.signal({ kind: "reply", user: "U0ALICE", text: "The checkout page, Pay does nothing on Safari", ts: "3.3" });
    const [issue] = w.issues();
    expect(issue?.labels).toContain("severity:P1");
    expect(issue?.body).toContain("The checkout page, Pay does nothing on Safari");
    expect(w.model.calls.filter((c) => c.task === "triage.classify")[1]!.messages.at(-1)!.content).toContain("Reporter added: The checkout page");
  });

  it("files the issue labelled needs-info when the reporter does not answer in time", async () => {
    const w = world();
    w.model.answer("triage.classify", { ...bug, actionable: false, missing: ["Steps to reproduce"] });
    const r = w.report("search is weird");
    await r.harness.start(r.input);
    await r.harness.signal({ kind: "timeout" });
    const [issue] = w.issues();
    expect(issue?.labels).toContain("needs-info");
    expect(issue?.labels).not.toContain("factory:ready");
    expect(w.chat.reactions("C0BUGS", r.ts)).toEqual(["grey_question"]);
  });

  it("cancels when the report is deleted while it waits, and says so", async () => {
    const w = world();
    w.model.answer("triage.classify", { ...bug, actionable: false, missing: ["Steps"] });
    const r = w.report("broken");
    await r.harness.start(r.input);
    await r.harness.signal({ kind: "deleted" });
    expect(w.issues()).toHaveLength(0);
    expect(w.progress(r.ts)?.text).toContain("Triage cancelled: the report was deleted");
    expect(await r.harness.done()).toBe(true);
  });

  it("adds a confirmed duplicate to the existing issue instead of filing a new one", async () => {
    const w = world();
    const existing = w.forge.addIssue({ title: "Checkout button does nothing on Safari 17", body: "Pay button dead on Safari 17 checkout page" });
    w.model.answer("triage.classify", bug);
    w.model.answer("triage.check-duplicates", { duplicateOf: existing.number, reason: "same Safari checkout button" });
    const r = w.report("Safari 17: the checkout Pay button does nothing");
    await r.harness.start(r.input);
    expect(w.issues()).toHaveLength(1);
    const comments = await w.forge.listComments(existing.number);
    expect(comments[0]?.body).toContain("Reported again by alice");
    expect(w.progress(r.ts)?.text).toContain(`duplicate of #${existing.number}`);
    expect(w.chat.reactions("C0BUGS", r.ts)).toEqual(["link"]);
  });

  it("files a feature request as a feature, not ready for the build automation", async () => {
    const w = world();
    w.model.answer("triage.classify", { ...bug, type: "feature", severity: "P3", severityReason: "nice to have", title: "Export orders as CSV", actionable: true });
    const r = w.report("Would be nice to export orders as CSV");
    await r.harness.start(r.input);
    expect(w.issues()[0]?.labels).toEqual(["type:feature", "severity:P3", "area:checkout"]);
  });

  it("answers a question in the thread and opens an issue only when asked", async () => {
    const w = world();
    w.forge.files.set("README.md", "# shop\nTo reset your password, use Settings → Security.");
    w.model.answer("triage.classify", { ...bug, type: "question", severity: "P3", title: "How do I reset my password?" });
    w.model.answer("triage.answer-question", { canAnswer: true, answer: "Use Settings → Security → Reset password." });
    const r = w.report("How do I reset my password?");
    await r.harness.start(r.input);
    expect(w.issues()).toHaveLength(0);
    expect(w.progress(r.ts)?.text).toContain("Settings → Security → Reset password");
    expect(JSON.stringify(w.progress(r.ts)?.blocks)).toContain("triage_open_issue");

    await r.harness.signal({ kind: "reply", user: "U0BOB", text: "thanks", ts: "5.5" });
    expect(w.issues()).toHaveLength(0);
    await r.harness.signal({ choice: "open-issue", user: "U0ALICE", slot: "slot:answer" });
    expect(w.issues()[0]?.labels).toContain("type:question");
  });

  it("falls back to rules when the model keeps answering garbage, and says so in the issue and the thread", async () => {
    const w = world();
    w.model.faults.fail("structured", new AppError(ErrorCode.ModelInvalidOutput, "model output does not match the schema"), { times: 5 });
    const r = w.report("Production is down: every checkout returns a 500 error since the deploy");
    await r.harness.start(r.input);
    const [issue] = w.issues();
    expect(issue?.labels).toEqual(expect.arrayContaining(["type:bug", "severity:P0"]));
    expect(issue?.labels).not.toContain("factory:ready"); // rule-based results are not handed to the build automation
    expect(issue?.body).toContain("Rule-based triage (the model kept failing (MODEL_INVALID_OUTPUT))");
    expect(JSON.stringify(w.progress(r.ts)?.blocks)).toContain("Rule-based triage");
    expect(w.runs.modelCalls.map((c) => c.outcome)).toEqual(["invalid"]);
  });

  it("applies card corrections to the issue and records who made them", async () => {
    const w = world();
    w.model.answer("triage.classify", bug);
    const r = w.report("The checkout button does nothing on Safari 17");
    await r.harness.start(r.input);
    const [issue] = w.issues();
    await r.harness.signal({ choice: "severity", severity: "P2", user: "U0CAROL", slot: "slot:card-7" }); // a stale card
    expect(w.forge.issues.get(issue!.number)?.labels).toContain("severity:P1");
    await r.harness.signal({ choice: "severity", severity: "P2", user: "U0CAROL", slot: "slot:card-0" });
    expect(w.forge.issues.get(issue!.number)?.labels).toEqual(expect.arrayContaining(["severity:P2"]));
    expect(w.forge.issues.get(issue!.number)?.labels).not.toContain("severity:P1");
    expect(w.progress(r.ts)?.text).toBeDefined();
    expect(JSON.stringify(w.progress(r.ts)?.blocks)).toContain("Severity P1 → P2 by <@U0CAROL>");
    await r.harness.signal({ choice: "not-bug", user: "U0CAROL", slot: "slot:card-1" });
    expect(w.forge.issues.get(issue!.number)?.state).toBe("closed");
    expect(w.audit.entries.map((e) => [e.actor, e.actorGithub, e.action])).toEqual([
      ["U0CAROL", "carol", "triage.change-severity"],
      ["U0CAROL", "carol", "triage.not-a-bug"],
    ]);
    expect(await r.harness.done()).toBe(true);
  });

  it("triages an issue opened on GitHub in place: labels and one assessment comment", async () => {
    const w = world();
    const opened = w.forge.addIssue({ title: "Search returns nothing for 'shoes'", body: "Since Monday the search page shows no results.", author: "dana" });
    w.model.answer("triage.classify", { ...bug, area: "search", title: "Search returns nothing", severity: "P2" });
    const h = graphHarness(triageGraph, w.deps, `gh-issue:acme/shop#${opened.number}`);
    await h.start({ source: "github", issueNumber: opened.number, title: opened.title, body: opened.body, author: "dana" });
    expect(w.issues()).toHaveLength(1);
    expect(w.forge.issues.get(opened.number)?.labels).toEqual(expect.arrayContaining(["type:bug", "severity:P2", "area:search"]));
    const comments = await w.forge.listComments(opened.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("**Triage:** bug · P2 · area search");
  });
});
