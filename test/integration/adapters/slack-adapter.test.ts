import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { ChatPort } from "../../../src/core/ports/chat-port.js";
import { createSlackWebClient, createWebChatAdapter } from "../../../src/adapters/slack/web-chat-adapter.js";
import { startFakeSlack, type FakeSlack } from "../../../src/sandbox/fake-slack/index.js";

const BOT_TOKEN = "xoxb-adapter-test";

function adapterFor(slack: FakeSlack, token = BOT_TOKEN): ChatPort {
  return createWebChatAdapter({ client: createSlackWebClient({ token, apiUrl: slack.apiUrl, retries: 0 }), logger: silentLogger });
}

async function caught(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("Slack ChatPort adapter against the fake workspace", () => {
  let slack: FakeSlack;
  let chat: ChatPort;

  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: "secret", channels: ["bugs"] });
    chat = adapterFor(slack);
  });
  afterEach(() => slack.close());

  it("replies in the thread of a report, where a person reads it", async () => {
    const report = slack.workspace.postMessage({ channel: "C0BUGS", user: "U0ALICE", text: "Export crashes" });
    const reply = await chat.postMessage({ channel: "C0BUGS", threadTs: report.ts, text: "Thanks <@U0ALICE>, looking into it." });
    await chat.postEphemeral({ channel: "C0BUGS", user: "U0BOB", threadTs: report.ts, text: "Only approvers can merge." });

    expect(reply.channel).toBe("C0BUGS");
    expect(slack.transcript("bugs")).toMatch(
      /^\[\d\d:\d\d\] alice: Export crashes\n {2}↳ Shopfloor: Thanks @alice, looking into it\.\n {2}↳ \(only visible to @bob\) Shopfloor: Only approvers can merge\.$/,
    );
  });

  it("updates a message in place and drops its buttons", async () => {
    const card = await chat.postMessage({
      channel: "C0BUGS",
      text: "Merge #12?",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "Merge *#12*?" } },
        { type: "actions", elements: [{ type: "button", action_id: "approve", text: { type: "plain_text", text: "Approve & merge" } }] },
      ],
    });
    expect(slack.transcript("bugs")).toContain("Shopfloor: Merge *#12*?\n    [Approve & merge]");

    const updated = await chat.updateMessage({ channel: card.channel, ts: card.ts, text: "Merged by @carol" });
    expect(updated).toEqual(card);
    expect(slack.workspace.history("C0BUGS")).toHaveLength(1);
    expect(slack.transcript("bugs")).toMatch(/Shopfloor: Merged by @carol \(edited\)$/);
    expect(slack.transcript("bugs")).not.toContain("[Approve & merge]");
  });

  it("treats a reaction already there, or already gone, as done", async () => {
    const report = slack.workspace.postMessage({ channel: "C0BUGS", user: "U0ALICE", text: "Export crashes" });
    await chat.addReaction({ channel: "C0BUGS", ts: report.ts, name: "eyes" });
    await chat.addReaction({ channel: "C0BUGS", ts: report.ts, name: "eyes" });
    expect(slack.transcript("bugs")).toMatch(/alice: Export crashes\n {2}:eyes: 1$/);
    expect(slack.workspace.callLog.filter((c) => c.method === "reactions.add").map((c) => c.error)).toEqual([undefined, "already_reacted"]);

    await chat.removeReaction({ channel: "C0BUGS", ts: report.ts, name: "eyes" });
    await chat.removeReaction({ channel: "C0BUGS", ts: report.ts, name: "eyes" });
    expect(slack.transcript("bugs")).not.toContain(":eyes:");

    const missing = await caught(chat.addReaction({ channel: "C0BUGS", ts: "1.000001", name: "eyes" }));
    expect(missing.details.slackError).toBe("message_not_found");
  });

  it("finds a message Slack accepted although the poster never saw the answer", async () => {
    const report = slack.workspace.postMessage({ channel: "C0BUGS", user: "U0ALICE", text: "Export crashes" });
    const metadata = { eventType: "shopfloor_effect", payload: { key: "effect-key-1" } };
    const held = slack.faults.hold("chat.postMessage");
    const lost = chat.postMessage({ channel: "C0BUGS", threadTs: report.ts, text: "Filed #42", metadata });
    await held.arrived;

    // The worker "crashed" here: its retry looks before posting again.
    const found = await chat.findMessageByMetadata({ channel: "C0BUGS", threadTs: report.ts, eventType: "shopfloor_effect", key: "effect-key-1" });
    expect(found).toEqual({ channel: "C0BUGS", ts: slack.workspace.replies("C0BUGS", report.ts)[0]?.ts });
    expect(await chat.findMessageByMetadata({ channel: "C0BUGS", threadTs: report.ts, eventType: "shopfloor_effect", key: "other" })).toBeNull();
    expect(await chat.findMessageByMetadata({ channel: "C0BUGS", threadTs: report.ts, eventType: "other_type", key: "effect-key-1" })).toBeNull();

    held.release();
    expect(await lost).toEqual(found);
    expect(slack.workspace.replies("C0BUGS", report.ts)).toHaveLength(1);
  });

  it("finds top-level messages by metadata beyond the first page of history", async () => {
    const top = await chat.postMessage({ channel: "C0BUGS", text: "Daily recap", metadata: { eventType: "shopfloor_effect", payload: { key: "recap-1" } } });
    for (let i = 0; i < 120; i++) slack.workspace.postMessage({ channel: "C0BUGS", user: "U0BOB", text: `chatter ${i}` });
    expect(await chat.findMessageByMetadata({ channel: "C0BUGS", eventType: "shopfloor_effect", key: "recap-1" })).toEqual(top);
    expect(slack.workspace.calls("conversations.history")).toBe(2);
  });

  it("reads a report as it is now: with its files, edited text after an edit, null after a delete", async () => {
    const screenshot = slack.workspace.addFile({ name: "crash.png", content: Buffer.from([0x89, 0x50, 0x4e, 0x47]), user: "U0ALICE", mimetype: "image/png" });
    const report = slack.workspace.postMessage({ channel: "C0BUGS", user: "U0ALICE", text: "Export crashes", fileIds: [screenshot.id] });
    slack.workspace.postMessage({ channel: "C0BUGS", user: "U0BOB", text: "later chatter" });

    const read = await chat.getMessage("C0BUGS", report.ts);
    expect(read).toEqual({
      channel: "C0BUGS",
      ts: report.ts,
      user: "U0ALICE",
      text: "Export crashes",
      files: [{ id: screenshot.id, name: "crash.png", url: expect.stringMatching(/\/files-pri\/T0SHOPFLR-F\w+\/crash\.png$/), mimetype: "image/png" }],
    });
    expect(read).not.toHaveProperty("threadTs");
    // The file link is one the bot token can download.
    const download = await fetch(read!.files[0]!.url, { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    expect(download.status).toBe(200);

    slack.workspace.updateMessage("C0BUGS", report.ts, { text: "Export crashes on large files" }, "U0ALICE");
    expect((await chat.getMessage("C0BUGS", report.ts))?.text).toBe("Export crashes on large files");

    slack.workspace.deleteMessage("C0BUGS", report.ts, "U0ALICE");
    expect(await chat.getMessage("C0BUGS", report.ts)).toBeNull();
    expect(await chat.getMessage("C0BUGS", "1000000000.000100")).toBeNull(); // never existed
  });

  it("reads thread replies, and treats a deleted thread parent (a tombstone) as gone", async () => {
    const report = slack.workspace.postMessage({ channel: "C0BUGS", user: "U0ALICE", text: "Export crashes" });
    const ask = await chat.postMessage({ channel: "C0BUGS", threadTs: report.ts, text: "Which browser?" });
    const answer = slack.workspace.postMessage({ channel: "C0BUGS", user: "U0ALICE", threadTs: report.ts, text: "Firefox 128" });
    slack.workspace.postMessage({ channel: "C0BUGS", user: "U0BOB", text: "top-level after the thread" });

    expect(await chat.getMessage("C0BUGS", answer.ts)).toEqual({ channel: "C0BUGS", ts: answer.ts, user: "U0ALICE", text: "Firefox 128", threadTs: report.ts, files: [] });
    expect(await chat.getMessage("C0BUGS", ask.ts)).toMatchObject({ user: "U0SHOPBOT", text: "Which browser?", threadTs: report.ts });
    expect((await chat.getMessage("C0BUGS", report.ts))?.text).toBe("Export crashes");

    slack.workspace.deleteMessage("C0BUGS", report.ts, "U0ALICE");
    expect(slack.workspace.message("C0BUGS", report.ts)?.tombstone).toBe(true);
    expect(await chat.getMessage("C0BUGS", report.ts)).toBeNull();
    expect((await chat.getMessage("C0BUGS", answer.ts))?.text).toBe("Firefox 128");

    slack.workspace.deleteMessage("C0BUGS", answer.ts, "U0ALICE");
    expect(await chat.getMessage("C0BUGS", answer.ts)).toBeNull();

    const missing = await caught(chat.getMessage("C0NOWHERE", report.ts));
    expect(missing.details.slackError).toBe("channel_not_found");
  });

  it("links to a message and to a thread reply", async () => {
    const report = slack.workspace.postMessage({ channel: "C0BUGS", user: "U0ALICE", text: "Export crashes" });
    const reply = slack.workspace.postMessage({ channel: "C0BUGS", user: "U0BOB", threadTs: report.ts, text: "Same here" });
    expect(await chat.getPermalink("C0BUGS", report.ts)).toBe(`https://shopfloor-sandbox.slack.com/archives/C0BUGS/p${report.ts.replace(".", "")}`);
    expect(await chat.getPermalink("C0BUGS", reply.ts)).toBe(
      `https://shopfloor-sandbox.slack.com/archives/C0BUGS/p${reply.ts.replace(".", "")}?thread_ts=${report.ts}&cid=C0BUGS`,
    );
    expect((await caught(chat.getPermalink("C0BUGS", "1000000000.000100"))).details.slackError).toBe("message_not_found");
  });

  it("names people by display name, caches the answer, and falls back to the id", async () => {
    slack.workspace.addUser({ id: "U0DANA", name: "", realName: "Dana Scully" });
    expect(await chat.userName("U0ALICE")).toBe("alice");
    expect(await chat.userName("U0ALICE")).toBe("alice");
    expect(slack.workspace.calls("users.info")).toBe(1);
    expect(await chat.userName("U0DANA")).toBe("Dana Scully"); // no display name: the real name
    expect(await chat.userName("U0NOBODY")).toBe("U0NOBODY"); // user_not_found

    slack.faults.failNext("users.info", { error: "internal_error" });
    expect(await chat.userName("U0BOB")).toBe("U0BOB");
    expect(await chat.userName("U0BOB")).toBe("bob"); // a failure is not cached
  });

  it("maps ok:false answers to SLACK_API errors, retryable only where a retry can help", async () => {
    slack.faults.failNext("chat.postMessage", { error: "internal_error" });
    const transient = await caught(chat.postMessage({ channel: "C0BUGS", text: "hello" }));
    expect(transient).toMatchObject({ code: ErrorCode.SlackApi, retryable: true, details: { slackError: "internal_error", method: "chat.postMessage" } });
    expect(transient.message).toContain("internal_error");

    const missing = await caught(chat.postMessage({ channel: "C0NOWHERE", text: "hello" }));
    expect(missing).toMatchObject({ code: ErrorCode.SlackApi, retryable: false, details: { slackError: "channel_not_found" } });
    expect(slack.workspace.history("C0BUGS")).toHaveLength(0);
  });

  it("maps HTTP 429 to RATE_LIMITED with Retry-After", async () => {
    slack.faults.rateLimitNext("chat.update", 7);
    const card = await chat.postMessage({ channel: "C0BUGS", text: "card" });
    const limited = await caught(chat.updateMessage({ channel: "C0BUGS", ts: card.ts, text: "new" }));
    expect(limited).toMatchObject({ code: ErrorCode.RateLimited, retryable: true, retryAfterMs: 7000 });
    expect(slack.workspace.message("C0BUGS", card.ts)?.text).toBe("card");
    expect(slack.workspace.calls("chat.update")).toBe(1);
  });

  it("does not retry a bad token, and reports identity with scopes for a good one", async () => {
    const bad = await caught(adapterFor(slack, "xoxb-revoked").postMessage({ channel: "C0BUGS", text: "hello" }));
    expect(bad).toMatchObject({ code: ErrorCode.SlackApi, retryable: false, details: { slackError: "invalid_auth" } });

    const me = await chat.identity();
    expect(me).toMatchObject({ teamId: "T0SHOPFLR", userId: "U0SHOPBOT", botId: "B0SHOPBOT" });
    expect(me.scopes).toEqual(expect.arrayContaining(["chat:write", "reactions:write", "channels:history"]));
  });

  it("treats a network failure as retryable", async () => {
    const url = slack.apiUrl;
    await slack.close();
    const offline = createWebChatAdapter({ client: createSlackWebClient({ token: BOT_TOKEN, apiUrl: url, retries: 0 }), logger: silentLogger });
    const err = await caught(offline.postMessage({ channel: "C0BUGS", text: "hello" }));
    expect(err).toMatchObject({ code: ErrorCode.SlackApi, retryable: true });
    slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: "secret" });
  });

  it("publishes App Home and answers through a command's response_url", async () => {
    await chat.publishHome({ userId: "U0CAROL", blocks: [{ type: "section", text: { type: "mrkdwn", text: "*Automations*: all healthy" } }] });
    expect(slack.workspace.homeView("carol")?.definition).toMatchObject({ type: "home", blocks: [{ type: "section" }] });

    const responseUrl = slack.responseUrl({ kind: "command", channel: "C0BUGS", user: "U0ALICE" });
    await chat.respond({ responseUrl, text: "Paused build.", responseType: "in_channel" });
    await chat.respond({ responseUrl, text: "Only you see this.", responseType: "ephemeral" });
    expect(slack.transcript("bugs")).toMatch(/Shopfloor: Paused build\.\n {2}\(only visible to @alice\) Shopfloor: Only you see this\.$/);

    const expired = await caught(chat.respond({ responseUrl: `${slack.url}/response/commands-unknown`, text: "late", responseType: "ephemeral" }));
    expect(expired).toMatchObject({ code: ErrorCode.SlackApi, retryable: false, details: { slackError: "expired_url" } });
  });
});
