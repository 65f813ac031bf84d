import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySlackRequest } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { startFakeSlack, type FakeSlack } from "../../../src/sandbox/fake-slack/index.js";

const BOT_TOKEN = "xoxb-sandbox-token";
const SIGNING_SECRET = "sandbox-signing-secret";

/** A stand-in for the app's /slack/events: records what Slack delivered, answers 200. */
interface Delivery {
  headers: IncomingMessage["headers"];
  body: string;
}
async function startReceiver(): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    deliveries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function verify(d: Delivery, secret = SIGNING_SECRET): void {
  verifySlackRequest({
    signingSecret: secret,
    body: d.body,
    headers: {
      "x-slack-signature": String(d.headers["x-slack-signature"]),
      "x-slack-request-timestamp": Number(d.headers["x-slack-request-timestamp"]),
    },
  });
}

function client(slack: FakeSlack, token = BOT_TOKEN): WebClient {
  return new WebClient(token, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}

describe("fake Slack Web API", () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await startFakeSlack({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      channels: ["bugs"],
      clock: { now: () => new Date("2024-11-24T10:15:00Z") },
    });
  });
  afterEach(() => slack.close());

  it("pages conversations.history newest first with next_cursor until has_more is false", async () => {
    for (let i = 1; i <= 7; i++) slack.workspace.postMessage({ channel: "C0BUGS", user: "U0ALICE", text: `report ${i}` });
    const web = client(slack);
    const texts: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await web.conversations.history({ channel: "C0BUGS", limit: 3, ...(cursor ? { cursor } : {}) });
      texts.push((page.messages ?? []).map((m) => m.text ?? ""));
      cursor = page.response_metadata?.next_cursor || undefined;
      expect(page.has_more).toBe(cursor !== undefined);
    } while (cursor);
    expect(texts).toEqual([
      ["report 7", "report 6", "report 5"],
      ["report 4", "report 3", "report 2"],
      ["report 1"],
    ]);
  });

  it("returns metadata only when include_all_metadata is set, and pages thread replies after the parent", async () => {
    const web = client(slack);
    const parent = await web.chat.postMessage({ channel: "C0BUGS", text: "parent" });
    for (let i = 1; i <= 3; i++) {
      await web.chat.postMessage({
        channel: "C0BUGS",
        thread_ts: parent.ts,
        text: `reply ${i}`,
        metadata: { event_type: "shopfloor_effect", event_payload: { key: `k${i}` } },
      });
    }
    const plain = await web.conversations.replies({ channel: "C0BUGS", ts: parent.ts ?? "" });
    expect(plain.messages?.some((m) => m.metadata)).toBe(false);
    expect(plain.messages?.[0]).toMatchObject({ text: "parent", reply_count: 3, thread_ts: parent.ts });

    const first = await web.conversations.replies({ channel: "C0BUGS", ts: parent.ts ?? "", limit: 2, include_all_metadata: true });
    expect(first.messages?.map((m) => m.text)).toEqual(["parent", "reply 1", "reply 2"]);
    expect(first.messages?.[1]?.metadata).toEqual({ event_type: "shopfloor_effect", event_payload: { key: "k1" } });
    const second = await web.conversations.replies({
      channel: "C0BUGS",
      ts: parent.ts ?? "",
      limit: 2,
      cursor: first.response_metadata?.next_cursor ?? "",
    });
    expect(second.messages?.map((m) => m.text)).toEqual(["parent", "reply 3"]);
    expect(second.has_more).toBe(false);
  });

  it("speaks Slack's wire format for auth, bodies, errors and faults", async () => {
    const post = (method: string, body: string, headers: Record<string, string>) =>
      fetch(`${slack.apiUrl}${method}`, { method: "POST", body, headers }).then(async (r) => ({ status: r.status, headers: r.headers, json: (await r.json()) as Record<string, unknown> }));
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const json = { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${BOT_TOKEN}` };

    const viaFormToken = await post("auth.test", new URLSearchParams({ token: BOT_TOKEN }).toString(), form);
    expect(viaFormToken.json).toMatchObject({ ok: true, team_id: "T0SHOPFLR", user_id: "U0SHOPBOT", bot_id: "B0SHOPBOT" });
    expect(viaFormToken.headers.get("x-oauth-scopes")).toContain("chat:write");

    expect((await post("auth.test", "", form)).json).toEqual({ ok: false, error: "not_authed" });
    expect((await post("auth.test", "token=xoxb-wrong", form)).json).toEqual({ ok: false, error: "invalid_auth" });
    expect((await post("chat.nope", "", json)).json).toEqual({ ok: false, error: "unknown_method" });
    // The manifest does not grant channels:join, so Slack would refuse the join.
    expect((await post("conversations.join", JSON.stringify({ channel: "C0BUGS" }), json)).json).toMatchObject({
      ok: false,
      error: "missing_scope",
      needed: "channels:join",
    });

    const viaJson = await post("chat.postMessage", JSON.stringify({ channel: "C0BUGS", text: "hello", blocks: [{ type: "divider" }] }), json);
    expect(viaJson).toMatchObject({ status: 200, json: { ok: true, channel: "C0BUGS", message: { text: "hello", bot_id: "B0SHOPBOT" } } });
    expect((await post("chat.postMessage", JSON.stringify({ channel: "C0BUGS" }), json)).json).toMatchObject({ ok: false, error: "no_text" });
    expect((await post("chat.postMessage", JSON.stringify({ channel: "C0NOPE", text: "x" }), json)).json).toMatchObject({
      ok: false,
      error: "channel_not_found",
    });
    const badBlocks = await post("chat.postMessage", JSON.stringify({ channel: "C0BUGS", text: "x", blocks: [{ type: "section" }] }), json);
    expect(badBlocks.json).toMatchObject({ ok: false, error: "invalid_blocks" });

    slack.faults.failNext("chat.postMessage", { error: "internal_error" });
    const failed = await post("chat.postMessage", JSON.stringify({ channel: "C0BUGS", text: "lost" }), json);
    expect(failed).toMatchObject({ status: 200, json: { ok: false, error: "internal_error" } });
    slack.faults.rateLimitNext("chat.postMessage", 7);
    const limited = await post("chat.postMessage", JSON.stringify({ channel: "C0BUGS", text: "lost" }), json);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(slack.workspace.history("C0BUGS").map((m) => m.text)).toEqual(["hello"]);
    expect(slack.workspace.calls("chat.postMessage")).toBe(6);
  });

  it("applies a held call before answering it", async () => {
    const web = client(slack);
    const held = slack.faults.hold("chat.postMessage");
    let answered = false;
    const posting = web.chat.postMessage({ channel: "C0BUGS", text: "accepted" }).then((r) => {
      answered = true;
      return r;
    });
    await held.arrived;
    expect(slack.workspace.history("C0BUGS").map((m) => m.text)).toEqual(["accepted"]);
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    held.release();
    expect((await posting).ts).toBe(slack.workspace.history("C0BUGS")[0]?.ts);
  });
});

describe("SlackUserDriver", () => {
  let slack: FakeSlack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await slack.close();
    await receiver.close();
  });

  it("signs every delivery as Slack does", async () => {
    const driver = slack.driver(receiver.url);
    const posted = await driver.postMessage({ user: "alice", channel: "C0BUGS", text: "@Shopfloor export crashes" });
    await driver.command({ user: "bob", channel: "C0BUGS", text: "why 12" });

    expect(receiver.deliveries).toHaveLength(3);
    for (const d of receiver.deliveries) verify(d);
    expect(() => verify(receiver.deliveries[0] as Delivery, "other-secret")).toThrow();
    const tampered = { ...(receiver.deliveries[0] as Delivery), body: (receiver.deliveries[0] as Delivery).body.replace("export", "import") };
    expect(() => verify(tampered)).toThrow();

    const [message, mention, command] = receiver.deliveries.map((d) => d.body);
    const envelope = JSON.parse(message ?? "{}") as { event_id: string; event: Record<string, unknown> };
    expect(envelope.event_id).toBe(posted.eventId);
    expect(envelope.event).toMatchObject({
      type: "message",
      channel: "C0BUGS",
      channel_type: "channel",
      user: "U0ALICE",
      text: "<@U0SHOPBOT> export crashes",
      ts: posted.ts,
    });
    const mentionEnvelope = JSON.parse(mention ?? "{}") as { event_id: string; event: Record<string, unknown> };
    expect(mentionEnvelope.event.type).toBe("app_mention");
    expect(mentionEnvelope.event_id).not.toBe(posted.eventId);

    const fields = new URLSearchParams(command);
    expect(Object.fromEntries(fields)).toMatchObject({ command: "/shopfloor", text: "why 12", user_id: "U0BOB", channel_id: "C0BUGS" });
    expect(fields.get("response_url")).toMatch(new RegExp(`^${slack.url}/response/`));
  });

  it("sends retries with the same event id and lets tests break the signature", async () => {
    const driver = slack.driver(receiver.url);
    const posted = await driver.postMessage({ user: "alice", channel: "C0BUGS", text: "hello" });
    await driver.redeliver(posted.envelope, 1);
    await driver.sendRaw({ type: "event_callback" }, { signature: "omit" });
    const retry = receiver.deliveries[1] as Delivery;
    expect(retry.body).toBe((receiver.deliveries[0] as Delivery).body);
    expect(retry.headers["x-slack-retry-num"]).toBe("1");
    expect(retry.headers["x-slack-retry-reason"]).toBe("http_timeout");
    expect(receiver.deliveries[2]?.headers["x-slack-signature"]).toBeUndefined();
  });

  it("turns response_url posts into ephemeral or channel messages", async () => {
    const driver = slack.driver(receiver.url);
    const { responseUrl } = await driver.command({ user: "alice", channel: "C0BUGS", text: "status" });
    const respond = (body: Record<string, unknown>) =>
      fetch(responseUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

    expect((await respond({ text: "Working on it…" })).status).toBe(200);
    expect(slack.workspace.ephemerals("C0BUGS")).toMatchObject([{ visibleTo: "U0ALICE", text: "Working on it…" }]);
    await respond({ text: "All automations healthy", replace_original: true });
    expect(slack.workspace.ephemerals("C0BUGS").map((e) => e.text)).toEqual(["All automations healthy"]);
    await respond({ text: "Recap posted", response_type: "in_channel" });
    expect(slack.workspace.history("C0BUGS").map((m) => [m.user, m.text])).toEqual([["U0SHOPBOT", "Recap posted"]]);
    expect((await respond({ response_type: "in_channel" })).status).toBe(400);
    await respond({ text: "fifth" });
    const sixth = await respond({ text: "sixth" });
    expect(sixth.status).toBe(404);
    expect(slack.transcript("C0BUGS")).toBe(
      [
        "  (only visible to @alice) Shopfloor: All automations healthy",
        `[${hhmm(slack.workspace.history("C0BUGS")[0]?.ts ?? "")}] Shopfloor: Recap posted`,
        "  (only visible to @alice) Shopfloor: fifth",
      ].join("\n"),
    );
  });

  it("delivers edits, deletions, Home opens and shortcuts in Slack's shapes", async () => {
    const driver = slack.driver(receiver.url);
    const posted = await driver.postMessage({ user: "alice", channel: "C0BUGS", text: "export crashes" });
    await driver.editMessage({ user: "alice", channel: "C0BUGS", ts: posted.ts, text: "export to CSV crashes" });
    await driver.deleteMessage({ user: "alice", channel: "C0BUGS", ts: posted.ts });
    slack.workspace.publishHome("U0CAROL", { type: "home", blocks: [{ type: "actions", elements: [{ type: "button", action_id: "approve_proposal", value: "p1", text: { type: "plain_text", text: "Approve" } }] }] });
    await driver.openHome("carol");
    await driver.shortcut({ user: "bob", callbackId: "report_bug" });
    const other = await driver.postMessage({ user: "bob", channel: "C0BUGS", text: "checkout is slow" });
    await driver.shortcut({ user: "carol", callbackId: "report_bug_from_message", channel: "C0BUGS", messageTs: other.ts });
    await driver.clickButton({ user: "carol", viewId: slack.workspace.homeView("carol")?.id ?? "", actionId: "approve_proposal" });

    const bodies = receiver.deliveries.map((d) => {
      const payload = new URLSearchParams(d.body).get("payload");
      return JSON.parse(d.headers["content-type"] === "application/json" ? d.body : (payload ?? "{}")) as Record<string, unknown>;
    });
    expect(bodies.map((b) => (b.event as { type?: string; subtype?: string } | undefined) ?? { type: b.type })).toEqual([
      expect.objectContaining({ type: "message", text: "export crashes" }),
      expect.objectContaining({ type: "message", subtype: "message_changed", message: expect.objectContaining({ text: "export to CSV crashes", edited: expect.anything() }) }),
      expect.objectContaining({ type: "message", subtype: "message_deleted", deleted_ts: posted.ts }),
      expect.objectContaining({ type: "app_home_opened", user: "U0CAROL", tab: "home", view: expect.objectContaining({ type: "home" }) }),
      { type: "shortcut" },
      expect.objectContaining({ type: "message", text: "checkout is slow" }),
      { type: "message_action" },
      { type: "block_actions" },
    ]);
    expect(bodies[6]).toMatchObject({ callback_id: "report_bug_from_message", message_ts: other.ts, message: { text: "checkout is slow" } });
    expect(bodies[7]).toMatchObject({ container: { type: "view" }, actions: [{ action_id: "approve_proposal", value: "p1" }] });
    expect(slack.workspace.history("C0BUGS").map((m) => m.text)).toEqual(["checkout is slow"]);

    slack.workspace.createChannel({ name: "random", botIsMember: false });
    const unseen = await driver.postMessage({ user: "bob", channel: "random", text: "@Shopfloor hello?" });
    expect(unseen.response.status).toBe(0);
    expect(unseen.mention).toBeUndefined();
    expect(receiver.deliveries).toHaveLength(8);
  });

  it("refuses to click a button the person cannot see", async () => {
    const web = client(slack);
    slack.workspace.createChannel({ name: "merges" });
    const card = await web.chat.postMessage({
      channel: "C0MERGES",
      text: "Merge #12?",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "Merge *#12*?" } },
        {
          type: "actions",
          block_id: "merge",
          elements: [{ type: "button", action_id: "approve_merge", value: "thread-1:int-1", text: { type: "plain_text", text: "Approve & merge" } }],
        },
      ],
    });
    const driver = slack.driver(receiver.url);
    await expect(driver.clickButton({ user: "carol", channel: "C0MERGES", messageTs: card.ts ?? "", actionId: "reject" })).rejects.toThrow(/no button/);
    await driver.clickButton({ user: "carol", channel: "C0MERGES", messageTs: card.ts ?? "", actionId: "approve_merge" });
    const payload = JSON.parse(new URLSearchParams(receiver.deliveries[0]?.body).get("payload") ?? "{}") as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: "U0CAROL" },
      container: { type: "message", message_ts: card.ts, channel_id: "C0MERGES", is_ephemeral: false },
      actions: [{ action_id: "approve_merge", block_id: "merge", value: "thread-1:int-1", type: "button" }],
      message: { ts: card.ts, bot_id: "B0SHOPBOT" },
    });
  });
});

describe("transcript", () => {
  it("renders a channel as a person reads it", async () => {
    const slack = await startFakeSlack({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      clock: { now: () => new Date("2024-11-24T10:15:00Z") },
    });
    try {
      const ws = slack.workspace;
      const receiver = await startReceiver();
      const driver = slack.driver(receiver.url);
      const report = await driver.postMessage({
        user: "alice",
        channel: "bugs",
        text: "Export to CSV crashes with &lt;500&gt;\nsteps: open report, click export",
        files: [{ name: "trace.log", content: "TypeError: x is undefined" }],
      });
      await receiver.close();
      const web = client(slack);
      await web.reactions.add({ channel: "C0BUGS", timestamp: report.ts, name: "eyes" });
      await web.chat.postMessage({ channel: "C0BUGS", thread_ts: report.ts, text: "Thanks <@U0ALICE>, I filed <https://github.com/acme/app/issues/42|#42>." });
      await web.chat.postMessage({
        channel: "C0BUGS",
        thread_ts: report.ts,
        text: "Merge request",
        blocks: [
          { type: "header", text: { type: "plain_text", text: "Ready to merge #43" } },
          { type: "section", text: { type: "mrkdwn", text: "Risk: *low*" } },
          { type: "context", elements: [{ type: "mrkdwn", text: "checks green" }, { type: "mrkdwn", text: "2 approvals" }] },
          { type: "actions", elements: [{ type: "button", action_id: "approve", text: { type: "plain_text", text: "Approve & merge" } }] },
        ],
      });
      await web.chat.postEphemeral({ channel: "C0BUGS", user: "U0BOB", thread_ts: report.ts, text: "Only approvers can merge." });
      ws.postMessage({ channel: "C0BUGS", user: "U0BOB", text: "same here" });

      expect(slack.transcript("bugs")).toBe(
        [
          "[10:15] alice: Export to CSV crashes with <500>",
          "    steps: open report, click export",
      "  📎 trace.log (text/plain, 25 B)",
          "  :eyes: 1",
          "  ↳ Shopfloor: Thanks @alice, I filed #42 (https://github.com/acme/app/issues/42).",
          "  ↳ Shopfloor: Ready to merge #43",
          "        Risk: *low*",
          "        checks green  2 approvals",
          "        [Approve & merge]",
          "  ↳ (only visible to @bob) Shopfloor: Only approvers can merge.",
          "[10:15] bob: same here",
        ].join("\n"),
      );
    } finally {
      await slack.close();
    }
  });
});

function hhmm(ts: string): string {
  const d = new Date(Number(ts.split(".")[0]) * 1000);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}
