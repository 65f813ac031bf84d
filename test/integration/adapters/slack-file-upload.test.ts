import type { WebAPIPlatformError, WebClient } from "@slack/web-api";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createChartJsChartAdapter } from "../../../src/adapters/chart/chartjs-chart-adapter.js";
import { createSlackWebClient, createWebChatAdapter } from "../../../src/adapters/slack/web-chat-adapter.js";
import { ErrorCode } from "../../../src/core/errors.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { ChatPort, UploadFileInput } from "../../../src/core/ports/chat-port.js";
import { DEFAULT_BOT_SCOPES, startFakeSlack, type FakeSlack } from "../../../src/sandbox/fake-slack/index.js";
import { caughtAppError } from "../../support/caught.js";

const BOT_TOKEN = "xoxb-upload-test";

function adapterFor(slack: FakeSlack, fetchFn?: typeof fetch): ChatPort {
  return createWebChatAdapter({
    client: createSlackWebClient({ token: BOT_TOKEN, apiUrl: slack.apiUrl, retries: 0 }),
    logger: silentLogger,
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
}

let chartPng: Uint8Array;

beforeAll(async () => {
  chartPng = await createChartJsChartAdapter().renderTrend({
    title: "Shopfloor weekly recap",
    labels: ["Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Sat 21", "Sun 22"],
    series: [
      { name: "PRs merged", kind: "bar", values: [4, 7, 5, 9, 6, 1, 2] },
      { name: "Issues opened", kind: "bar", values: [6, 3, 8, 4, 5, 2, 1] },
      { name: "Automation rate", kind: "line", unit: "percent", values: [50, 71, 60, 78, 83, 100, 50] },
    ],
  });
});

describe("Slack file upload through the ChatPort adapter against the fake workspace", () => {
  let slack: FakeSlack;
  let chat: ChatPort;

  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: "secret", channels: ["eng"] });
    chat = adapterFor(slack);
  });
  afterEach(() => slack.close());

  function recap(overrides: Partial<UploadFileInput> = {}): UploadFileInput {
    return {
      channel: "C0ENG",
      filename: "recap-weekly.png",
      title: "Week 12: merged PRs, opened issues, automation rate",
      altText: "Bar chart of merged PRs and opened issues per day, with the automation rate as a line",
      bytes: chartPng,
      initialComment: "This week in charts",
      ...overrides,
    };
  }

  it("shares a chart into the recap thread as one bot message carrying the PNG", async () => {
    const parent = await chat.postMessage({ channel: "C0ENG", text: "Weekly recap" });
    const { fileId } = await chat.uploadFile(recap({ threadTs: parent.ts }));

    const [reply, ...more] = slack.workspace.replies("C0ENG", parent.ts);
    expect(more).toHaveLength(0);
    expect(reply).toMatchObject({ user: "U0SHOPBOT", botId: "B0SHOPBOT", text: "This week in charts", fileIds: [fileId] });
    const file = slack.workspace.file(fileId);
    expect(file).toMatchObject({ name: "recap-weekly.png", title: "Week 12: merged PRs, opened issues, automation rate", mimetype: "image/png" });
    expect(file!.content.equals(Buffer.from(chartPng))).toBe(true);

    // What the app reads back: the message with its file, downloadable with the bot token, byte for byte.
    const read = await chat.getMessage("C0ENG", reply!.ts);
    expect(read).toMatchObject({ user: "U0SHOPBOT", text: "This week in charts", threadTs: parent.ts });
    expect(read!.files).toEqual([{ id: fileId, name: "recap-weekly.png", url: expect.stringContaining("/files-pri/"), mimetype: "image/png" }]);
    const download = await fetch(read!.files[0]!.url, { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(chartPng))).toBe(true);

    const kb = Math.round(chartPng.byteLength / 1024);
    expect(slack.transcript("eng")).toMatch(
      new RegExp(`Shopfloor: Weekly recap\\n {2}↳ Shopfloor: This week in charts\\n {6}📎 recap-weekly\\.png \\(image/png, ${kb} KB\\)$`),
    );
    expect(slack.workspace.callLog.map((c) => c.method)).toEqual([
      "chat.postMessage",
      "files.getUploadURLExternal",
      "files.upload",
      "files.completeUploadExternal",
      "conversations.history",
      "conversations.replies",
    ]);
    // Slack's argument for the screen-reader text.
    expect(slack.workspace.callLog[1]!.args).toMatchObject({ filename: "recap-weekly.png", length: String(chartPng.byteLength), alt_txt: expect.stringMatching(/^Bar chart/) });
  });

  it("shares into the channel itself when no thread is given", async () => {
    const { fileId } = await chat.uploadFile(recap({ initialComment: undefined }));
    const [top] = slack.workspace.history("C0ENG");
    expect(top).toMatchObject({ text: "", fileIds: [fileId] });
    expect(top).not.toHaveProperty("threadTs");
  });

  it("maps ok:false answers to SLACK_API errors with Slack's error code, and shares nothing", async () => {
    const parent = await chat.postMessage({ channel: "C0ENG", text: "Weekly recap" });

    const nowhere = await caughtAppError(chat.uploadFile(recap({ threadTs: parent.ts, channel: "C0NOWHERE" })));
    expect(nowhere).toMatchObject({
      code: ErrorCode.SlackApi,
      retryable: false,
      details: { method: "files.completeUploadExternal", slackError: "channel_not_found" },
    });

    slack.workspace.createChannel({ name: "private-ops", isPrivate: true, botIsMember: false });
    const outside = await caughtAppError(chat.uploadFile(recap({ channel: "G0PRIVATEOPS" })));
    expect(outside.details).toMatchObject({ method: "files.completeUploadExternal", slackError: "not_in_channel" });

    slack.faults.failNext("files.completeUploadExternal", { error: "internal_error" });
    const transient = await caughtAppError(chat.uploadFile(recap({ threadTs: parent.ts })));
    expect(transient).toMatchObject({ code: ErrorCode.SlackApi, retryable: true, details: { slackError: "internal_error" } });

    expect(slack.workspace.replies("C0ENG", parent.ts)).toHaveLength(0);
  });

  it("maps a 429 from the API or from the upload service to RATE_LIMITED with Retry-After", async () => {
    slack.faults.rateLimitNext("files.getUploadURLExternal", 3);
    expect(await caughtAppError(chat.uploadFile(recap()))).toMatchObject({ code: ErrorCode.RateLimited, retryable: true, retryAfterMs: 3000 });

    slack.faults.rateLimitNext("files.upload", 9);
    expect(await caughtAppError(chat.uploadFile(recap()))).toMatchObject({
      code: ErrorCode.RateLimited,
      retryable: true,
      retryAfterMs: 9000,
      details: { method: "files.upload", status: 429 },
    });

    slack.faults.failNext("files.upload", { error: "upstream unavailable" });
    expect(await caughtAppError(chat.uploadFile(recap()))).toMatchObject({ code: ErrorCode.SlackApi, retryable: true, details: { status: 500 } });

    expect(slack.workspace.history("C0ENG")).toHaveLength(0);
    expect(slack.workspace.calls("files.completeUploadExternal")).toBe(0);
  });

  it("needs the files:write scope the manifest grants", async () => {
    expect(DEFAULT_BOT_SCOPES).toContain("files:write");
    const narrow = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: "secret", channels: ["eng"], scopes: DEFAULT_BOT_SCOPES.filter((s) => s !== "files:write") });
    try {
      const err = await caughtAppError(adapterFor(narrow).uploadFile(recap()));
      expect(err.details).toMatchObject({ method: "files.getUploadURLExternal", slackError: "missing_scope" });
    } finally {
      await narrow.close();
    }
  });

  it("fails clearly when the upload lost bytes on the way, and shares nothing", async () => {
    // A transport that cuts the body short: Slack's upload service counts what arrived.
    const truncating: typeof fetch = (url, init) => fetch(url, { ...init, body: (init?.body as Uint8Array).subarray(0, 1000) });
    const err = await caughtAppError(adapterFor(slack, truncating).uploadFile(recap()));
    expect(err).toMatchObject({ code: ErrorCode.SlackApi, retryable: true, details: { method: "files.upload", sent: chartPng.byteLength, received: 1000 } });
    expect(err.message).toBe(`Slack received 1000 of the ${chartPng.byteLength} bytes of "recap-weekly.png"`);
    expect(slack.workspace.history("C0ENG")).toHaveLength(0);
    expect(slack.workspace.calls("files.completeUploadExternal")).toBe(0);
  });
});

describe("the fake Slack's upload flow on the wire", () => {
  let slack: FakeSlack;
  let web: WebClient;

  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: "secret", channels: ["eng"] });
    web = createSlackWebClient({ token: BOT_TOKEN, apiUrl: slack.apiUrl, retries: 0 });
  });
  afterEach(() => slack.close());

  async function slackError(p: Promise<unknown>): Promise<string> {
    const e = (await p.then(
      () => undefined,
      (err: unknown) => err,
    )) as WebAPIPlatformError | undefined;
    return String(e?.data.error);
  }

  it("hands out an upload URL on its own address, and refuses a ticket without a name or a length", async () => {
    const ticket = await web.files.getUploadURLExternal({ filename: "a.png", length: 10 });
    expect(ticket.upload_url).toBe(`${slack.url}/upload/v1/${ticket.file_id}`);
    expect(ticket.file_id).toMatch(/^F0[0-9A-Z]{9}$/);

    expect(await slackError(web.apiCall("files.getUploadURLExternal", { length: 10 }))).toBe("invalid_arguments");
    expect(await slackError(web.apiCall("files.getUploadURLExternal", { filename: "a.png" }))).toBe("invalid_arguments");
  });

  it("refuses to complete an upload whose bytes differ from the announced length, and completes a file once", async () => {
    const ticket = await web.files.getUploadURLExternal({ filename: "chart.png", length: 100 });
    const upload = await fetch(ticket.upload_url!, { method: "POST", body: new Uint8Array(60) });
    expect(await upload.text()).toBe("OK - 60");

    const complete = () => web.files.completeUploadExternal({ files: [{ id: ticket.file_id! }], channel_id: "C0ENG" });
    const mismatch = await complete().catch((e: WebAPIPlatformError) => e.data);
    expect(mismatch).toMatchObject({ ok: false, error: "file_update_failed", response_metadata: { messages: ["[ERROR] the upload of chart.png carried 60 bytes, 100 were announced"] } });
    expect(slack.workspace.history("C0ENG")).toHaveLength(0);

    await fetch(ticket.upload_url!, { method: "POST", body: new Uint8Array(100) });
    expect((await complete()).files).toEqual([{ id: ticket.file_id, title: "chart.png" }]);
    expect(slack.workspace.history("C0ENG")).toHaveLength(1);
    expect(await slackError(complete())).toBe("file_not_found");
  });

  it("refuses to complete an upload whose bytes never came, or an id it never handed out", async () => {
    const ticket = await web.files.getUploadURLExternal({ filename: "chart.png", length: 100 });
    expect(await slackError(web.files.completeUploadExternal({ files: [{ id: ticket.file_id! }], channel_id: "C0ENG" }))).toBe("file_not_found");
    expect(await slackError(web.files.completeUploadExternal({ files: [{ id: "F0NOSUCHFILE" }], channel_id: "C0ENG" }))).toBe("file_not_found");
    expect((await fetch(`${slack.url}/upload/v1/F0NOSUCHFILE`, { method: "POST", body: "x" })).status).toBe(404);
  });
});
