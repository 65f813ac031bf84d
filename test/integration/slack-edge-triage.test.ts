import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { readReportBugMetadata, readReportBugSubmission } from "../../src/blocks/report-bug-modal.js";
import { readDuplicateSubmission, readSeveritySubmission } from "../../src/blocks/card-modals.js";
import { parseConfig } from "../../src/config/load-config.js";
import { decodeButtonValue, encodeButtonValue } from "../../src/core/button-value.js";
import type { Logger } from "../../src/core/logger.js";
import { startWebServer, type WebServer } from "../../src/http/create-web-server.js";
import { ingressJobSchema, type IngressJob, type SlackCommandJob, type SlackInteractionJob } from "../../src/jobs/job-schemas.js";
import { startFakeSlack, type FakeSlack, type SlackUserDriver, type SlackView } from "../../src/sandbox/fake-slack/index.js";

/**
 * The Slack edge for bug reports, as a person meets it: the real Bolt app of `shopfloor web` (startWebServer)
 * against the fake Slack workspace, which sends signed payloads in Slack's wire format and keeps the modals a
 * person has open. `enqueue` records what would go to the ingress queue (validated as the real producer does).
 */

const BOT_TOKEN = "xoxb-edge-triage";
const SIGNING_SECRET = "edge-triage-signing-secret";

let slack: FakeSlack;
let web: WebServer;
let driver: SlackUserDriver;
let bot: WebClient;
let bugs: string;
let queueDown = false;
const jobs: IngressJob[] = [];
const logged: Array<{ level: string; msg: string | undefined; obj: object }> = [];

const logger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (obj, msg) => logged.push({ level: "warn", msg, obj }),
  error: (obj, msg) => logged.push({ level: "error", msg, obj }),
  child: () => logger,
};

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, channels: ["bugs"] });
  bugs = slack.workspace.requireChannel("bugs").id;
  const config = parseConfig({
    env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: "0" },
  });
  web = await startWebServer({
    config,
    routes: [],
    logger,
    listeners: {
      logger,
      enqueue: async (job) => {
        if (queueDown) throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
        jobs.push(ingressJobSchema.parse(job));
      },
    },
  });
  driver = slack.driver(`http://127.0.0.1:${web.port}/slack/events`);
  bot = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});

afterAll(async () => {
  await web?.stop();
  await slack?.close();
});

beforeEach(() => {
  jobs.length = 0;
  logged.length = 0;
  queueDown = false;
  slack.faults.clear();
  // Each test starts with no modal open, as if everyone had closed theirs.
  for (const user of slack.workspace.users) slack.workspace.closeModals(user.id);
});

/** The one modal the person has open, once it is there. */
async function openModal(user: string): Promise<SlackView> {
  await vi.waitFor(() => expect(slack.workspace.modalStack(user)).toHaveLength(1));
  return slack.workspace.modalStack(user)[0]!;
}

function blockElement(view: SlackView, blockId: string): Record<string, unknown> {
  const blocks = view.definition.blocks as Array<{ block_id?: string; element?: Record<string, unknown> }>;
  const element = blocks.find((b) => b.block_id === blockId)?.element;
  if (!element) throw new Error(`modal has no input ${blockId}`);
  return element;
}

const interactionJobs = () => jobs.filter((j): j is SlackInteractionJob => j.source === "slack" && j.type === "interaction");

describe("Report a bug shortcuts", () => {
  it("global shortcut: opens the Report a bug modal at once and enqueues nothing", async () => {
    const res = await driver.shortcut({ user: "alice", callbackId: "report_bug_global" });
    expect(res.status).toBe(200);
    expect(res.acked).toBe(true);
    const modal = await openModal("alice");
    expect(modal.definition).toMatchObject({ callback_id: "report_bug", title: { text: "Report a bug" }, submit: { text: "Report" } });
    expect(readReportBugMetadata(modal.definition)).toEqual({ source: "global" });
    expect(blockElement(modal, "what").initial_value).toBeUndefined();
    expect(jobs).toEqual([]);
  });

  it("message shortcut: pre-fills What happened? and remembers the message and its thread", async () => {
    const parent = await driver.postMessage({ user: "alice", channel: "bugs", text: "Anyone else seeing checkout errors?", deliver: [] });
    const reply = await driver.postMessage({
      user: "alice",
      channel: "bugs",
      text: "Checkout shows a 500 when the coupon field is empty",
      threadTs: parent.ts,
      deliver: [],
    });
    const res = await driver.shortcut({ user: "bob", callbackId: "report_bug_message", channel: "bugs", messageTs: reply.ts });
    expect(res.status).toBe(200);
    const modal = await openModal("bob");
    expect(modal.definition.callback_id).toBe("report_bug");
    expect(blockElement(modal, "what").initial_value).toBe("Checkout shows a 500 when the coupon field is empty");
    expect(readReportBugMetadata(modal.definition)).toEqual({ source: "message", channel: bugs, messageTs: reply.ts, threadTs: parent.ts });
    expect(jobs).toEqual([]);
  });

  it("message shortcut on a top-level message: no thread in the metadata", async () => {
    const message = await driver.postMessage({ user: "carol", channel: "bugs", text: "Search returns nothing for accented names", deliver: [] });
    await driver.shortcut({ user: "carol", callbackId: "report_bug_message", channel: "bugs", messageTs: message.ts });
    const modal = await openModal("carol");
    expect(readReportBugMetadata(modal.definition)).toEqual({ source: "message", channel: bugs, messageTs: message.ts });
  });

  it("when Slack refuses to open the modal, the person is told ephemerally and the failure is logged", async () => {
    const message = await driver.postMessage({ user: "bob", channel: "bugs", text: "The logo is blurry on retina", deliver: [] });
    slack.faults.failNext("views.open", { error: "expired_trigger_id" });
    const before = slack.workspace.ephemerals(bugs).length;
    const res = await driver.shortcut({ user: "bob", callbackId: "report_bug_message", channel: "bugs", messageTs: message.ts });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(slack.workspace.ephemerals(bugs).length).toBe(before + 1));
    const notice = slack.workspace.ephemerals(bugs).at(-1)!;
    expect(notice.visibleTo).toBe("U0BOB");
    expect(notice.text).toMatch(/couldn't open the bug report form/);
    expect(notice.text).toContain("/shopfloor bug");
    expect(slack.workspace.modalStack("bob")).toHaveLength(0);
    expect(logged).toContainEqual(expect.objectContaining({ level: "error", obj: expect.objectContaining({ slackError: "expired_trigger_id" }) }));
    expect(jobs).toEqual([]);
  });
});

describe("Report a bug submissions", () => {
  it("an empty title or description keeps the modal open with errors, and nothing is enqueued", async () => {
    await driver.shortcut({ user: "alice", callbackId: "report_bug_global" });
    const modal = await openModal("alice");

    const empty = await driver.submitView({ user: "alice", viewId: modal.id, values: { title: { title: "   " }, what: { what: "" } } });
    expect(empty.status).toBe(200);
    expect(empty.outcome).toBe("errors");
    expect(Object.keys(empty.errors ?? {}).sort()).toEqual(["title", "what"]);
    expect(empty.errors?.title).toMatch(/title/i);

    const noTitle = await driver.submitView({ user: "alice", viewId: modal.id, values: { title: { title: "" }, what: { what: "Login loops back to the login page" } } });
    expect(noTitle.outcome).toBe("errors");
    expect(Object.keys(noTitle.errors ?? {})).toEqual(["title"]);

    expect(slack.workspace.modalStack("alice")).toHaveLength(1);
    expect(jobs).toEqual([]);
  });

  it("a valid submission closes the modal and enqueues one view_submission with the whole payload", async () => {
    const message = await driver.postMessage({ user: "alice", channel: "bugs", text: "Login loops back to the login page", deliver: [] });
    await driver.shortcut({ user: "alice", callbackId: "report_bug_message", channel: "bugs", messageTs: message.ts });
    const modal = await openModal("alice");
    const res = await driver.submitView({
      user: "alice",
      viewId: modal.id,
      values: {
        title: { title: "Login redirect loop" },
        what: { what: "Login loops back to the login page" },
        steps: { steps: "1. Log out\n2. Log in with SSO" },
        severity: { severity: "P1" },
      },
    });
    expect(res.status).toBe(200);
    expect(res.outcome).toBe("closed");
    expect(slack.workspace.modalStack("alice")).toHaveLength(0);

    expect(jobs).toHaveLength(1);
    const job = interactionJobs()[0]!;
    expect(job).toMatchObject({ source: "slack", type: "interaction", kind: "view_submission", id: modal.id, user: "U0ALICE", teamId: "T0SHOPFLR" });
    const view = job.payload.view as { callback_id: string };
    expect(view.callback_id).toBe("report_bug");
    expect(readReportBugSubmission(view)).toEqual({
      title: "Login redirect loop",
      what: "Login loops back to the login page",
      expected: "",
      steps: "1. Log out\n2. Log in with SSO",
      severity: "P1",
    });
    expect(readReportBugMetadata(view)).toEqual({ source: "message", channel: bugs, messageTs: message.ts });
  });

  it("when the queue is unreachable, the modal stays open with the person's text and says so", async () => {
    await driver.shortcut({ user: "bob", callbackId: "report_bug_global" });
    const modal = await openModal("bob");
    queueDown = true;
    const res = await driver.submitView({ user: "bob", viewId: modal.id, values: { title: { title: "Dark mode flickers" }, what: { what: "Switching themes flickers" } } });
    expect(res.outcome).toBe("errors");
    expect(res.errors?.title).toMatch(/cannot take this right now/);
    expect(slack.workspace.modalStack("bob")).toHaveLength(1);
    expect(jobs).toEqual([]);
  });
});

describe("triage card buttons that open modals", () => {
  const target = { graph: "triage", threadId: "triage:T0SHOPFLR:C0BUGS-1700000000.000100", interruptId: "confirm-1", choice: "P2" };

  /** The triage result card, posted by the bot through the Web API as the triage graph would. */
  async function postCard(): Promise<string> {
    const posted = await bot.chat.postMessage({
      channel: bugs,
      text: "Triaged: bug · P2 · area checkout",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "*Triaged* bug · P2 · area checkout" } },
        {
          type: "actions",
          block_id: "triage_card",
          elements: [
            { type: "button", action_id: "triage_change_severity", text: { type: "plain_text", text: "Change severity" }, value: encodeButtonValue(target) },
            { type: "button", action_id: "triage_duplicate_of", text: { type: "plain_text", text: "Duplicate of…" }, value: encodeButtonValue({ ...target, choice: "duplicate" }) },
            { type: "button", action_id: "triage_not_bug", text: { type: "plain_text", text: "Not a bug" }, value: encodeButtonValue({ ...target, choice: "not_bug" }) },
          ],
        },
      ],
    });
    return posted.ts!;
  }

  it("Change severity opens the severity modal on the current severity, enqueues nothing; submitting P1 enqueues one job", async () => {
    const ts = await postCard();
    const click = await driver.clickButton({ user: "carol", channel: "bugs", messageTs: ts, actionId: "triage_change_severity" });
    expect(click.status).toBe(200);
    expect(click.acked).toBe(true);
    const modal = await openModal("carol");
    expect(modal.definition.callback_id).toBe("triage_severity");
    expect(decodeButtonValue(String(modal.definition.private_metadata))).toEqual(target);
    expect(blockElement(modal, "severity").initial_option).toMatchObject({ value: "P2" });
    expect(jobs).toEqual([]);

    const res = await driver.submitView({ user: "carol", viewId: modal.id, values: { severity: { severity: "P1" } } });
    expect(res.outcome).toBe("closed");
    expect(jobs).toHaveLength(1);
    const job = interactionJobs()[0]!;
    expect(job).toMatchObject({ kind: "view_submission", id: modal.id, user: "U0CAROL" });
    const view = job.payload.view as { private_metadata: string };
    expect(readSeveritySubmission(view)).toBe("P1");
    expect(decodeButtonValue(view.private_metadata)).toEqual(target);
  });

  it("Duplicate of… opens the duplicate modal; a pull request link is refused, #42 is enqueued", async () => {
    const ts = await postCard();
    await driver.clickButton({ user: "bob", channel: "bugs", messageTs: ts, actionId: "triage_duplicate_of" });
    const modal = await openModal("bob");
    expect(modal.definition.callback_id).toBe("triage_duplicate");
    expect(jobs).toEqual([]);

    const wrong = await driver.submitView({ user: "bob", viewId: modal.id, values: { issue: { issue: "https://github.com/acme/shop/pull/42" } } });
    expect(wrong.outcome).toBe("errors");
    expect(Object.keys(wrong.errors ?? {})).toEqual(["issue"]);
    expect(jobs).toEqual([]);

    const ok = await driver.submitView({ user: "bob", viewId: modal.id, values: { issue: { issue: "#42" } } });
    expect(ok.outcome).toBe("closed");
    expect(jobs).toHaveLength(1);
    const view = interactionJobs()[0]!.payload.view as { private_metadata: string };
    expect(readDuplicateSubmission(view)).toBe(42);
    expect(decodeButtonValue(view.private_metadata)?.choice).toBe("duplicate");
  });

  it("Not a bug stays a plain resume button: enqueued once as block_actions, no modal", async () => {
    const ts = await postCard();
    const click = await driver.clickButton({ user: "alice", channel: "bugs", messageTs: ts, actionId: "triage_not_bug" });
    expect(click.status).toBe(200);
    expect(jobs).toHaveLength(1);
    expect(interactionJobs()[0]).toMatchObject({ kind: "block_actions", user: "U0ALICE" });
    expect(slack.workspace.modalStack("alice")).toHaveLength(0);
  });

  it("a stale client's modal button without a resume target opens nothing and says why", async () => {
    const ts = await postCard();
    const before = slack.workspace.ephemerals(bugs).length;
    const click = await driver.clickButton({ user: "alice", channel: "bugs", messageTs: ts, actionId: "triage_change_severity", value: "garbage" });
    expect(click.status).toBe(200);
    await vi.waitFor(() => expect(slack.workspace.ephemerals(bugs).length).toBe(before + 1));
    expect(slack.workspace.ephemerals(bugs).at(-1)?.visibleTo).toBe("U0ALICE");
    expect(slack.workspace.modalStack("alice")).toHaveLength(0);
    expect(jobs).toEqual([]);
  });
});

describe("/shopfloor bug", () => {
  it("with a description: enqueues one command job and acknowledges ephemerally", async () => {
    const res = await driver.command({ user: "bob", channel: "bugs", text: "bug the cart is empty after login" });
    expect(res.status).toBe(200);
    expect(res.acked).toBe(true);
    expect(res.json).toMatchObject({ response_type: "ephemeral", text: "Got it — triaging your report. I'll reply in a thread." });
    expect(jobs).toEqual([
      expect.objectContaining({ source: "slack", type: "command", subcommand: "bug", args: "the cart is empty after login", channel: bugs, user: "U0BOB", triggerId: res.triggerId }),
    ]);
    expect(slack.workspace.ephemerals(bugs).at(-1)).toMatchObject({ visibleTo: "U0BOB", text: "Got it — triaging your report. I'll reply in a thread." });
    expect(slack.workspace.modalStack("bob")).toHaveLength(0);
  });

  it("keeps the line breaks of a multi-line report", async () => {
    await driver.command({ user: "bob", channel: "bugs", text: "BUG Export hangs\n1. open reports\n2. click export" });
    expect((jobs[0] as SlackCommandJob).args).toBe("Export hangs\n1. open reports\n2. click export");
  });

  it("alone: opens the Report a bug modal for the command's channel and enqueues nothing", async () => {
    const res = await driver.command({ user: "alice", channel: "bugs", text: "bug" });
    expect(res.status).toBe(200);
    expect(res.body).toBe("");
    const modal = await openModal("alice");
    expect(modal.definition.callback_id).toBe("report_bug");
    expect(readReportBugMetadata(modal.definition)).toEqual({ source: "global", channel: bugs });
    expect(jobs).toEqual([]);
  });

  it("alone, when the modal cannot open: says so through the command's response_url", async () => {
    slack.faults.failNext("views.open", { error: "trigger_exchanged" });
    await driver.command({ user: "carol", channel: "bugs", text: "bug" });
    await vi.waitFor(() => expect(slack.workspace.ephemerals(bugs).at(-1)).toMatchObject({ visibleTo: "U0CAROL", text: expect.stringContaining("trigger_exchanged") }));
    expect(jobs).toEqual([]);
  });
});

describe("/shopfloor review", () => {
  it("with a PR number: enqueues one command job and says where the result will come", async () => {
    const res = await driver.command({ user: "bob", channel: "bugs", text: "review #42" });
    expect(res.json).toMatchObject({ response_type: "ephemeral", text: "Reviewing #42 — the result will be posted in this channel." });
    expect(jobs).toEqual([expect.objectContaining({ source: "slack", type: "command", subcommand: "review", args: "#42", user: "U0BOB" })]);
  });

  it("without one: explains the usage and enqueues nothing", async () => {
    const res = await driver.command({ user: "bob", channel: "bugs", text: "review the login PR" });
    expect(res.json).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("Usage: `/shopfloor review <PR number>`") });
    expect(jobs).toEqual([]);
  });
});
