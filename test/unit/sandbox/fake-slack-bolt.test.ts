import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { startFakeSlack, type FakeSlack, type SlackUserDriver } from "../../../src/sandbox/fake-slack/index.js";

const BOT_TOKEN = "xoxb-bolt-token";
const SIGNING_SECRET = "bolt-signing-secret";

/**
 * The real Bolt app against the fake: proves the fake's deliveries are what Bolt accepts and the fake's
 * Web API answers are what Bolt's WebClient expects, with no adapter of ours in between.
 */
describe("fake Slack with a real Bolt app", () => {
  let slack: FakeSlack;
  let app: App;
  let driver: SlackUserDriver;
  const seen: Array<{ kind: string; retryNum?: number | undefined }> = [];

  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, channels: ["bugs"] });
    app = new App({
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.message(async ({ message, context }) => {
      seen.push({ kind: "message", retryNum: context.retryNum });
      if ("text" in message && message.text === "ping") seen.push({ kind: "ping" });
    });
    app.event("app_mention", async ({ event, say }) => {
      seen.push({ kind: "app_mention" });
      await say({ text: `On it, <@${event.user}>.`, thread_ts: event.ts });
    });
    app.command("/shopfloor", async ({ ack, command, respond, client }) => {
      await ack();
      if (command.text === "bug") {
        await client.views.open({
          trigger_id: command.trigger_id,
          view: {
            type: "modal",
            callback_id: "report_bug",
            title: { type: "plain_text", text: "Report a bug" },
            submit: { type: "plain_text", text: "Report" },
            blocks: [
              {
                type: "input",
                block_id: "summary",
                label: { type: "plain_text", text: "What happened?" },
                element: { type: "plain_text_input", action_id: "text" },
              },
            ],
          },
        });
        return;
      }
      await respond({ text: `You asked: ${command.text}` });
    });
    app.view("report_bug", async ({ ack, view, body, client }) => {
      const text = view.state.values.summary?.text?.value ?? "";
      if (text.length < 10) {
        await ack({ response_action: "errors", errors: { summary: "Please describe it in a sentence." } });
        return;
      }
      await ack();
      await client.chat.postMessage({ channel: "C0BUGS", text: `<@${body.user.id}> reported: ${text}` });
    });
    app.action("approve", async ({ ack, respond, body }) => {
      await ack();
      await respond({ replace_original: true, text: `Approved by <@${body.user.id}>` });
    });
    const server = (await app.start(0)) as Server;
    const { port } = server.address() as AddressInfo;
    driver = slack.driver(`http://127.0.0.1:${port}/slack/events`);
  });

  afterAll(async () => {
    await app.stop();
    await slack.close();
  });

  it("delivers messages and mentions that Bolt dispatches, and Bolt's replies land in the thread", async () => {
    const posted = await driver.postMessage({ user: "alice", channel: "bugs", text: "@Shopfloor export crashes" });
    expect(posted.response.status).toBe(200);
    expect(posted.mention?.response.status).toBe(200);
    await vi.waitFor(() => expect(slack.workspace.replies("C0BUGS", posted.ts)).toHaveLength(1));
    expect(slack.transcript("bugs")).toMatch(/alice: @Shopfloor export crashes\n {2}↳ Shopfloor: On it, @alice\.$/);
    expect(seen.map((s) => s.kind)).toEqual(expect.arrayContaining(["message", "app_mention"]));

    const retry = await driver.redeliver(posted.envelope, 1);
    expect(retry.status).toBe(200);
    await vi.waitFor(() => expect(seen.some((s) => s.kind === "message" && s.retryNum === 1)).toBe(true));
  });

  it("gets 401 from Bolt for a bad signature or a stale timestamp", async () => {
    const body = { type: "event_callback", event: { type: "message", text: "ping", channel: "C0BUGS", user: "U0ALICE", ts: "1.000001" } };
    expect((await driver.sendRaw(body, { signature: "v0=deadbeef" })).status).toBe(401);
    expect((await driver.sendRaw(body, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect(seen.some((s) => s.kind === "ping")).toBe(false);
  });

  it("answers slash commands through response_url and opens modals with the trigger id", async () => {
    const res = await driver.command({ user: "bob", channel: "bugs", text: "why 12" });
    expect(res.status).toBe(200);
    expect(res.acked).toBe(true);
    await vi.waitFor(() =>
      expect(slack.workspace.ephemerals("C0BUGS")).toEqual([expect.objectContaining({ visibleTo: "U0BOB", text: "You asked: why 12" })]),
    );

    await driver.command({ user: "alice", channel: "bugs", text: "bug" });
    await vi.waitFor(() => expect(slack.workspace.modalStack("alice")).toHaveLength(1));
    const modal = slack.workspace.modalStack("alice")[0];
    const tooShort = await driver.submitView({ user: "alice", viewId: modal?.id ?? "", values: { summary: { text: "broken" } } });
    expect(tooShort.outcome).toBe("errors");
    expect(tooShort.errors).toEqual({ summary: "Please describe it in a sentence." });
    const ok = await driver.submitView({ user: "alice", viewId: modal?.id ?? "", values: { summary: { text: "Export to CSV crashes" } } });
    expect(ok.outcome).toBe("closed");
    expect(slack.workspace.modalStack("alice")).toHaveLength(0);
    await vi.waitFor(() => expect(slack.transcript("bugs")).toContain("Shopfloor: @alice reported: Export to CSV crashes"));
  });

  it("replaces the original message when a button's response_url says so", async () => {
    const card = await app.client.chat.postMessage({
      channel: "C0BUGS",
      text: "Merge #12?",
      blocks: [{ type: "actions", elements: [{ type: "button", action_id: "approve", text: { type: "plain_text", text: "Approve" } }] }],
    });
    const click = await driver.clickButton({ user: "carol", channel: "bugs", messageTs: card.ts ?? "", actionId: "approve" });
    expect(click.status).toBe(200);
    await vi.waitFor(() => expect(slack.workspace.message("C0BUGS", card.ts ?? "")?.text).toBe("Approved by <@U0CAROL>"));
    expect(slack.workspace.message("C0BUGS", card.ts ?? "")?.blocks).toBeUndefined();
  });
});
