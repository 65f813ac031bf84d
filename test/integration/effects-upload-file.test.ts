import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPostgresEffectsLedger } from "../../src/adapters/postgres/postgres-effects-ledger.js";
import { createSlackWebClient, createWebChatAdapter } from "../../src/adapters/slack/web-chat-adapter.js";
import { toUploadFileEffectInput } from "../../src/core/effects/effect-kinds.js";
import { createExecutors } from "../../src/core/effects/create-executors.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import { silentLogger } from "../../src/core/logger.js";
import { startFakeSlack, type FakeSlack } from "../../src/sandbox/fake-slack/index.js";
import { FakeChat, FakeForge } from "../fakes/fake-ports.js";
import { testPool, uniqueId } from "../support/db.js";

const pool = testPool();
afterAll(() => pool.end());

/** Bytes that a JSON or text round trip would mangle: every byte value, a PNG signature first. */
const BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 256 }, (_, i) => i)]);

function uploadRequest(threadId: string, channel: string, threadTs?: string) {
  return {
    threadId,
    node: "post-recap",
    intent: "chart",
    kind: "slack.upload-file" as const,
    input: toUploadFileEffectInput({
      channel,
      ...(threadTs ? { threadTs } : {}),
      filename: "recap-weekly.png",
      title: "Week 12",
      altText: "Merged PRs and opened issues per day",
      bytes: BYTES,
      initialComment: "This week in charts",
    }),
  };
}

describe("slack.upload-file through the PostgreSQL effects ledger", () => {
  it("uploads once and hands the stored file id back when the node runs again", async () => {
    const chat = new FakeChat();
    const effects = createPostgresEffectsLedger({ pool, executors: createExecutors({ chat, forge: new FakeForge() }), dryRun: false });
    const threadId = uniqueId("thread");
    const parent = await chat.postMessage({ channel: "C1", text: "Weekly recap" });
    const req = uploadRequest(threadId, "C1", parent.ts);

    const first = await effects.apply(req);
    const second = await effects.apply(req);
    expect(second).toEqual(first);
    expect(chat.uploads).toHaveLength(1);
    expect(chat.uploads[0]).toMatchObject({ channel: "C1", threadTs: parent.ts, filename: "recap-weekly.png", title: "Week 12", initialComment: "This week in charts", fileId: first.fileId });
    expect([...chat.uploads[0]!.bytes]).toEqual([...BYTES]);
    expect(chat.threadReplies("C1", parent.ts)).toMatchObject([{ user: "bot", text: "This week in charts", files: [{ id: first.fileId, name: "recap-weekly.png", mimetype: "image/png" }] }]);

    const [record] = await effects.list(threadId);
    expect(record).toMatchObject({ kind: "slack.upload-file", status: "applied", attempts: 1, result: { fileId: first.fileId } });
    expect(record!.input).toMatchObject({ filename: "recap-weekly.png", contentBase64: Buffer.from(BYTES).toString("base64") });
  });

  it("keeps a retryable failure planned and uploads on the next attempt", async () => {
    const chat = new FakeChat();
    const effects = createPostgresEffectsLedger({ pool, executors: createExecutors({ chat, forge: new FakeForge() }), dryRun: false });
    const threadId = uniqueId("thread");
    chat.faults.fail("uploadFile", new AppError(ErrorCode.RateLimited, "Slack files.getUploadURLExternal was rate limited", { retryable: true, retryAfterMs: 3000 }), { times: 1 });

    await expect(effects.apply(uploadRequest(threadId, "C1"))).rejects.toMatchObject({ code: ErrorCode.RateLimited, retryable: true });
    expect((await effects.list(threadId))[0]).toMatchObject({ status: "planned", attempts: 1 });

    await effects.apply(uploadRequest(threadId, "C1"));
    expect(chat.uploads).toHaveLength(1);
    expect((await effects.list(threadId))[0]).toMatchObject({ status: "applied", attempts: 2 });
  });
});

describe("slack.upload-file through the ledger and the real Slack adapter", () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: "xoxb-effects", signingSecret: "secret", channels: ["eng"] });
  });
  afterEach(() => slack.close());

  it("reaches Slack byte for byte once, however often the node runs", async () => {
    const chat = createWebChatAdapter({ client: createSlackWebClient({ token: "xoxb-effects", apiUrl: slack.apiUrl, retries: 0 }), logger: silentLogger });
    const effects = createPostgresEffectsLedger({ pool, executors: createExecutors({ chat, forge: new FakeForge() }), dryRun: false });
    const parent = await chat.postMessage({ channel: "C0ENG", text: "Weekly recap" });
    const req = uploadRequest(uniqueId("thread"), "C0ENG", parent.ts);

    const { fileId } = await effects.apply(req);
    await effects.apply(req);

    expect(slack.workspace.calls("files.completeUploadExternal")).toBe(1);
    expect(slack.workspace.replies("C0ENG", parent.ts).map((m) => m.fileIds)).toEqual([[fileId]]);
    expect(slack.workspace.file(fileId)!.content.equals(Buffer.from(BYTES))).toBe(true);
  });
});
