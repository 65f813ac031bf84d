import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { publicUpdateCard } from "../../src/blocks/recap-update-blocks.js";
import { parseConfig } from "../../src/config/load-config.js";
import { silentLogger } from "../../src/core/logger.js";
import { startWebServer, type WebServer } from "../../src/http/create-web-server.js";
import { ingressJobSchema, type IngressJob } from "../../src/jobs/job-schemas.js";
import { routeIngress } from "../../src/jobs/route-ingress.js";
import { startFakeSlack, type FakeSlack, type SlackUserDriver } from "../../src/sandbox/fake-slack/index.js";

/**
 * The public update card's Edit, as an approver meets it: the real Bolt app of `shopfloor web` against the fake Slack
 * workspace. The form opens on the draft the card shows; its submission is checked in the edge and routed to the run.
 */
const BOT_TOKEN = "xoxb-edge-recap-update";
const SIGNING_SECRET = "edge-recap-update-signing-secret";
const THREAD = "recap:weekly:2031-03-17T08:00:00.000Z";
const DRAFT = "Checkout totals are right again & search is <faster>.\n• Thanks for your reports!";

let slack: FakeSlack;
let web: WebServer;
let driver: SlackUserDriver;
let bot: WebClient;
let maintainers: string;
const jobs: IngressJob[] = [];

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, channels: ["maintainers"] });
  maintainers = slack.workspace.requireChannel("maintainers").id;
  const config = parseConfig({ env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: "0" } });
  web = await startWebServer({
    config,
    routes: [],
    logger: silentLogger,
    listeners: { logger: silentLogger, enqueue: async (job) => void jobs.push(ingressJobSchema.parse(job)) },
  });
  driver = slack.driver(`http://127.0.0.1:${web.port}/slack/events`);
  bot = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});

afterAll(async () => {
  await web?.stop();
  await slack?.close();
});

describe("the public update card's Edit", () => {
  it("opens the form on the card's draft; an emptied post is refused in the form; the new text signals the run", async () => {
    const card = publicUpdateCard({ text: DRAFT, status: { kind: "waiting" }, buttons: { threadId: THREAD, slot: "slot:update-0" } });
    const posted = await bot.chat.postMessage({ channel: maintainers, ...card });

    const click = await driver.clickButton({ user: "carol", channel: "maintainers", messageTs: posted.ts!, actionId: "recap_update_edit" });
    expect(click.acked).toBe(true);
    await vi.waitFor(() => expect(slack.workspace.modalStack("U0CAROL")).toHaveLength(1));
    const modal = slack.workspace.modalStack("U0CAROL")[0]!;
    expect(modal.definition).toMatchObject({ callback_id: "recap_edit_update", title: { text: "Edit the public update" } });
    expect((modal.definition.blocks as { element: { initial_value?: string } }[])[0]!.element.initial_value).toBe(DRAFT);
    expect(jobs).toEqual([]);

    const empty = await driver.submitView({ user: "carol", viewId: modal.id, values: { text: { text: "   " } } });
    expect(empty.outcome).toBe("errors");
    expect(Object.keys(empty.errors ?? {})).toEqual(["text"]);
    expect(jobs).toEqual([]);

    const saved = await driver.submitView({ user: "carol", viewId: modal.id, values: { text: { text: "Faster search, and checkout totals are right again." } } });
    expect(saved.outcome).toBe("closed");
    expect(jobs).toHaveLength(1);
    const route = routeIngress(jobs[0]!, { botUserId: "U0SHOPBOT", bugChannels: [], typeLabels: [], triageGithubIssues: false });
    expect(route).toMatchObject({
      kind: "graph",
      job: { type: "signal", graph: "recap", threadId: THREAD, value: { choice: "edit", text: "Faster search, and checkout totals are right again.", slot: "slot:update-0", user: "U0CAROL" } },
    });
  });
});
