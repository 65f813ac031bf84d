import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROPOSAL_REFUSAL } from "../../src/blocks/proposal-blocks.js";
import { AUTOMATION_PAUSE_ACTION, AUTOMATION_RESUME_ACTION } from "../../src/blocks/home-blocks.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import { silentLogger } from "../../src/core/logger.js";
import { createCircuitBreaker } from "../../src/jobs/circuit-breaker.js";
import { promptHash } from "../../src/prompts/load-prompts.js";
import { uniqueId } from "../support/db.js";
import { until } from "../support/pipeline.js";
import { SANDBOX } from "../../src/sandbox/start-sandbox.js";
import { capturedLog } from "./support/captured-log.js";
import { approverWorld, CHANNELS, PEOPLE, PROMPT_FILE, type ApproverWorld } from "./support/approver-world.js";

/**
 * DESIGN §9: only configured approvers can merge, approve proposals, pause or resume; everyone else gets an ephemeral
 * refusal and an audit entry. Each privileged action is tried the way a person reaches it — a click on the card in
 * Slack, or the slash command — through the real Slack edge, the ingress router and the graph, against the sandbox's
 * Slack and GitHub. For each: what the person is told (privately), the audit entry naming them and the action, that
 * nothing privileged happened, and that an approver doing the same succeeds.
 */
const { carol, dave, mallory, lookalike } = PEOPLE;
const ASK_AN_APPROVER = "Ask one of them, or an admin to add you to `approvers` in shopfloor.yml.";

const log = capturedLog();
let w: ApproverWorld;

beforeAll(async () => {
  w = await approverWorld(log.logger);
});

afterAll(async () => {
  await w?.close();
});

/** Waits until `user` has been told, privately in `channel`, something that starts with `text`. */
const told = (user: string, channel: string, text: string) => until(() => w.toldPrivately(user, channel).some((t) => t.startsWith(text)), 20_000);

describe("the merge card", () => {
  it("refuses Approve & merge and Snooze from a non-approver and from a lookalike of an approver, merges nothing; an approver merges", async () => {
    const repo = w.sandbox.github.repo;
    await repo.commitToBranch("docs/coupons", { "docs/coupons.md": "# Coupons\n\nOne per order.\n" }, "Document coupons", { author: "dave" });
    const pr = (await repo.openPullRequest({ head: "docs/coupons", title: "Document coupons", body: "A small, clean change.", author: "dave" })).number;
    const sha = repo.pulls.get(pr).pull.headSha;
    const threadId = uniqueId("sec-merge");
    await w.start("merge", threadId, { pr, reviewedSha: sha, risk: "medium", riskReasons: ["touches the docs"], bottomLine: "Documents the coupon rule." });
    const card = () => w.ws.history(CHANNELS.merge).find((m) => m.text.startsWith(`Merge request: #${pr} `));
    await until(() => card() !== undefined, 20_000);
    const click = async (user: string, actionId: string) => {
      const answer = await w.driver.clickButton({ user, actionId, channel: CHANNELS.merge, messageTs: card()!.ts });
      expect(answer.status).toBe(200);
    };
    const audited = async () => (await w.audit(`pr#${pr}`)).filter((e) => e.detail?.sha === sha).map(({ actor, action, outcome }) => ({ actor, action, outcome }));

    await click(mallory, "merge_approve");
    await told(mallory, CHANNELS.merge, `Only approvers can merge #${pr}. ${ASK_AN_APPROVER}`);
    await click(mallory, "merge_snooze_1h");
    await told(mallory, CHANNELS.merge, `Only approvers can decide on #${pr}.`);
    await click(lookalike, "merge_approve");
    await told(lookalike, CHANNELS.merge, `Only approvers can merge #${pr}.`);

    expect(await audited()).toEqual([
      { actor: mallory, action: "merge.approve", outcome: "refused" },
      { actor: mallory, action: "merge.snooze", outcome: "refused" },
      { actor: lookalike, action: "merge.approve", outcome: "refused" },
    ]);
    expect(repo.pulls.get(pr).pull.merged).toBe(false);
    expect(await w.effects(threadId, "github.merge")).toBe(0);
    const shown = JSON.stringify(card()!.blocks);
    expect(shown).toContain("merge_approve");
    expect(shown).not.toMatch(/Snoozed|Merged/);
    // The refusals were private: nobody else in the channel saw them.
    expect(w.publicTexts(CHANNELS.merge).join("\n")).not.toContain("Only approvers");

    await click(carol, "merge_approve");
    await until(() => repo.pulls.get(pr).pull.merged, 20_000);
    expect(repo.pulls.get(pr).pull.mergeCommitSha).toBeTruthy();
    await until(async () => (await audited()).length === 4);
    expect((await audited())[3]).toEqual({ actor: carol, action: "merge.merge", outcome: "done" });
    expect(w.toldPrivately(carol, CHANNELS.merge).filter((t) => t.startsWith("Only approvers"))).toEqual([]);
  });

  it("has no merge command: `/shopfloor merge <PR>` gets the help, privately, and nothing is enqueued", async () => {
    const before = w.enqueued.length;
    const answer = await w.driver.command({ user: mallory, channel: CHANNELS.merge, text: "merge 1" });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(answer.json)).toContain("I don't know `merge 1`");
    expect(w.enqueued.length).toBe(before);
  });
});

describe("/shopfloor pause and resume", () => {
  it("refuses a non-approver and a lookalike; a member of the approvers' group pauses and an approver resumes", async () => {
    const name = w.pausable;
    const automations = w.pipeline.automations;
    const command = async (user: string, text: string) => {
      const answer = await w.driver.command({ user, channel: CHANNELS.merge, text });
      expect(answer.status).toBe(200);
    };

    await command(mallory, `pause ${name} because I can`);
    await told(mallory, CHANNELS.merge, `Only approvers can pause *${name}*. ${ASK_AN_APPROVER}`);
    expect(await automations.isPaused(name)).toBe(false);

    await command(dave, `pause ${name} release freeze`);
    await told(dave, CHANNELS.merge, `Paused *${name}*.`);
    expect(await automations.isPaused(name)).toBe(true);

    await command(mallory, `resume ${name}`);
    await told(mallory, CHANNELS.merge, `Only approvers can resume *${name}*.`);
    await command(lookalike, `resume ${name}`);
    await told(lookalike, CHANNELS.merge, `Only approvers can resume *${name}*.`);
    expect(await automations.isPaused(name)).toBe(true);
    expect((await automations.list()).find((s) => s.automation === name)?.changedBy).toBe(dave);

    await command(carol, `resume ${name}`);
    await told(carol, CHANNELS.merge, `Resumed *${name}*`);
    expect(await automations.isPaused(name)).toBe(false);

    expect((await w.audit(`automation:${name}`)).map(({ actor, action, outcome }) => ({ actor, action, outcome }))).toEqual([
      { actor: mallory, action: "automation.pause", outcome: "refused" },
      { actor: dave, action: "automation.pause", outcome: "done" },
      { actor: mallory, action: "automation.resume", outcome: "refused" },
      { actor: lookalike, action: "automation.resume", outcome: "refused" },
      { actor: carol, action: "automation.resume", outcome: "done" },
    ]);
    // Only the approvers' changes were announced to the maintainers.
    const notes = () => w.publicTexts(CHANNELS.maintainers).filter((t) => t.includes(`*${name}*`)).map((t) => t.split(" ").slice(0, 3).join(" "));
    await until(() => notes().length === 2);
    expect(notes()).toEqual([`:double_vertical_bar: <@${dave}> paused`, `:arrow_forward: <@${carol}> resumed`]);
  });

  it("refuses the circuit breaker's Resume button to a non-approver, who leaves the automation paused; an approver resumes it", async () => {
    const name = w.pausable;
    const automations = w.pipeline.automations;
    const breaker = createCircuitBreaker({ automations, effects: w.deps.effects, audit: w.deps.audit, logger: silentLogger, watched: [name], threshold: 1, channel: CHANNELS.maintainers });
    expect(await breaker.failed(name, new AppError(ErrorCode.ModelInvalidOutput, "findings: expected array"), uniqueId("job"))).toBe(true);
    const alert = () => w.ws.history(CHANNELS.maintainers).find((m) => m.text.startsWith(`:rotating_light: Paused *${name}*`));
    await until(() => alert() !== undefined);
    const resume = async (user: string) => {
      const answer = await w.driver.clickButton({ user, actionId: AUTOMATION_RESUME_ACTION, channel: CHANNELS.maintainers, messageTs: alert()!.ts });
      expect(answer.status).toBe(200);
    };

    await resume(mallory);
    await told(mallory, CHANNELS.maintainers, `Only approvers can resume *${name}*.`);
    expect(await automations.isPaused(name)).toBe(true);
    const resumes = async () => (await w.audit(`automation:${name}`)).filter((e) => e.detail?.via === "card").map(({ actor, action, outcome }) => ({ actor, action, outcome }));
    expect(await resumes()).toEqual([{ actor: mallory, action: "automation.resume", outcome: "refused" }]);

    await resume(carol);
    await told(carol, CHANNELS.maintainers, `Resumed *${name}*`);
    expect(await automations.isPaused(name)).toBe(false);
    expect(await resumes()).toEqual([
      { actor: mallory, action: "automation.resume", outcome: "refused" },
      { actor: carol, action: "automation.resume", outcome: "done" },
    ]);
  });
});

describe("Pause on the App Home", () => {
  it("refuses a Pause a non-approver's client sends anyway (their Home has no such button); an approver's Pause button pauses", async () => {
    const name = w.pausable;
    const automations = w.pipeline.automations;
    expect(await automations.isPaused(name)).toBe(false);

    await w.driver.openHome(mallory);
    await until(() => w.home(mallory).includes(name), 20_000);
    expect(w.home(mallory)).not.toContain(AUTOMATION_PAUSE_ACTION);
    const forged = await w.driver.clickButton({ user: mallory, viewId: w.ws.homeView(mallory)!.id, actionId: AUTOMATION_PAUSE_ACTION, value: name, force: true });
    expect(forged.status).toBe(200);
    await until(() => w.home(mallory).includes(`Only approvers can pause *${name}*.`), 20_000);
    expect(await automations.isPaused(name)).toBe(false);
    const fromHome = async () => (await w.audit(`automation:${name}`)).filter((e) => e.detail?.via === "home").map(({ actor, action, outcome }) => ({ actor, action, outcome }));
    expect(await fromHome()).toEqual([{ actor: mallory, action: "automation.pause", outcome: "refused" }]);

    await w.driver.openHome(carol);
    await until(() => w.home(carol).includes(AUTOMATION_PAUSE_ACTION), 20_000);
    expect((await w.driver.clickButton({ user: carol, viewId: w.ws.homeView(carol)!.id, actionId: AUTOMATION_PAUSE_ACTION })).status).toBe(200);
    await until(() => w.home(carol).includes(`Paused *${name}*.`), 20_000);
    expect(await automations.isPaused(name)).toBe(true);
    expect(await fromHome()).toEqual([
      { actor: mallory, action: "automation.pause", outcome: "refused" },
      { actor: carol, action: "automation.pause", outcome: "done" },
    ]);
  });
});

describe("an audit proposal's card", () => {
  it("refuses Approve from a non-approver: the proposal stays open and no prompt version is adopted; an approver's Approve adopts it", async () => {
    const promptId = w.promptIds.proposal;
    const body = PROMPT_FILE.replace("is tested.", "is tested.\n      Name the function that lacks a test.");
    const id = await w.propose({
      title: "Security: ask the tests reviewer to name the untested function",
      rationale: "Half of the tests findings were dismissed as too vague last week.",
      change: { kind: "prompt", promptId, baseHash: w.compiled[promptId]!.hash, body, diff: "+      Name the function that lacks a test." },
      metric: null,
    });
    const card = () => w.ws.history(CHANNELS.maintainers).find((m) => m.text.startsWith(`Proposal #${id}:`));
    await until(() => card() !== undefined, 20_000);
    const approve = async (user: string) => {
      const answer = await w.driver.clickButton({ user, actionId: "proposal_approve", channel: CHANNELS.maintainers, messageTs: card()!.ts });
      expect(answer.status).toBe(200);
    };

    await approve(mallory);
    await told(mallory, CHANNELS.maintainers, PROPOSAL_REFUSAL);
    expect((await w.deps.proposals.get(id))?.status).toBe("open");
    expect((await w.deps.promptVersions.history(promptId)).versions).toEqual([]);
    expect(JSON.stringify(card()!.blocks)).toContain("proposal_approve");
    expect((await w.audit(`proposal:${id}`)).map(({ actor, action, outcome }) => ({ actor, action, outcome }))).toEqual([
      { actor: mallory, action: "proposal.approve", outcome: "refused" },
    ]);

    await approve(carol);
    await until(async () => (await w.deps.promptVersions.history(promptId)).head !== null, 20_000);
    expect((await w.deps.proposals.get(id))?.status).toBe("approved");
    expect((await w.deps.promptVersions.history(promptId)).head).toMatchObject({ version: 1, hash: promptHash(body), createdBy: carol });
    expect(w.toldPrivately(carol, CHANNELS.maintainers).filter((t) => t.startsWith("Only approvers"))).toEqual([]);
  });
});

describe("/shopfloor prompts rollback", () => {
  it("refuses a non-approver: the prompt's head stays; an approver rolls it back to the file", async () => {
    const promptId = w.promptIds.rollback;
    const body = PROMPT_FILE.replace("is tested.", "is tested, edge cases first.");
    const v1 = await w.deps.promptVersions.adopt({ promptId, body, hash: promptHash(body), baseHash: w.compiled[promptId]!.hash, createdBy: carol });
    const rollback = async (user: string) => {
      const answer = await w.driver.command({ user, channel: CHANNELS.merge, text: `prompts rollback ${promptId}` });
      expect(answer.status).toBe(200);
    };

    await rollback(mallory);
    await told(mallory, CHANNELS.merge, `Only approvers can roll back \`${promptId}\`. ${ASK_AN_APPROVER}`);
    expect((await w.deps.promptVersions.history(promptId)).head?.id).toBe(v1.id);
    expect((await w.audit(`prompt:${promptId}`)).map(({ actor, action, outcome }) => ({ actor, action, outcome }))).toEqual([
      { actor: mallory, action: "prompt.rollback", outcome: "refused" },
    ]);

    await rollback(carol);
    await told(carol, CHANNELS.merge, `Rolled back \`${promptId}\` from v1`);
    expect((await w.deps.promptVersions.history(promptId)).head).toBeNull();
  });
});

describe("the weekly public update's card", () => {
  it("refuses Approve and Edit from a non-approver: nothing is published and the draft stays; an approver's Approve publishes it", async () => {
    const REFUSED_UPDATE = "Only approvers can publish the public update.";
    const threadId = `recap:weekly:${uniqueId("sec")}`;
    await w.start("recap", threadId, { period: "weekly", via: "schedule", until: new Date().toISOString() });
    const card = () => w.ws.history(CHANNELS.maintainers).find((m) => m.text.startsWith("Public update for the week"));
    await until(() => card() !== undefined, 30_000);
    const draft = JSON.stringify(card()!.blocks);
    const click = (user: string, actionId: string) => w.driver.clickButton({ user, actionId, channel: CHANNELS.maintainers, messageTs: card()!.ts });

    expect((await click(mallory, "recap_update_approve")).status).toBe(200);
    await told(mallory, CHANNELS.maintainers, REFUSED_UPDATE);

    // Edit opens the form for anyone (the edge cannot know who approves); its submission is what is refused.
    expect((await click(mallory, "recap_update_edit")).status).toBe(200);
    await until(() => w.ws.modalStack(mallory).length === 1);
    const form = w.ws.modalStack(mallory)[0]!;
    expect((await w.driver.submitView({ user: mallory, viewId: form.id, values: { text: { text: "Mallory's own announcement" } } })).outcome).toBe("closed");
    await until(() => w.toldPrivately(mallory, CHANNELS.maintainers).filter((t) => t === REFUSED_UPDATE).length === 2, 20_000);

    expect(w.publicTexts(CHANNELS.public)).toEqual([]);
    expect(JSON.stringify(card()!.blocks)).toBe(draft);
    expect((await w.audit(threadId)).map(({ actor, action, outcome, detail }) => ({ actor, action, outcome, choice: detail?.choice }))).toEqual([
      { actor: mallory, action: "recap.public-update", outcome: "refused", choice: "approve" },
      { actor: mallory, action: "recap.public-update", outcome: "refused", choice: "edit" },
    ]);

    expect((await click(carol, "recap_update_approve")).status).toBe(200);
    await until(() => w.publicTexts(CHANNELS.public).length === 1, 20_000);
    expect(w.publicTexts(CHANNELS.public)[0]).not.toContain("Mallory");
    await until(async () => (await w.audit(threadId)).length === 3);
    expect((await w.audit(threadId)).at(-1)).toMatchObject({ actor: carol, action: "recap.public-update", outcome: "done", detail: { choice: "approve" } });
  });
});

describe("what people and operators read", () => {
  it("holds no secret: not in any Slack message, private reply or Home tab, nor in the log", () => {
    const secrets = [SANDBOX.slackBotToken, SANDBOX.slackSigningSecret, SANDBOX.githubToken, SANDBOX.githubWebhookSecret, SANDBOX.openaiKey, SANDBOX.sentryToken, SANDBOX.sentryWebhookSecret];
    const slack = [
      ...w.ws.channels.flatMap((ch) => w.publicTexts(ch.id)),
      ...w.ws.ephemerals().map((e) => `${e.text} ${JSON.stringify(e.blocks ?? [])}`),
      ...Object.values(PEOPLE).map((user) => w.home(user)),
    ].join("\n");
    // The tests above did write there: the check reads real output.
    expect(slack).toContain("Only approvers");
    expect(log.all()).toContain('"level"');
    for (const secret of secrets) {
      expect(slack).not.toContain(secret);
      expect(log.all()).not.toContain(secret);
    }
  });
});
