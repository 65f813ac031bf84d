import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { nextCursor } from "../../../src/adapters/sentry/parse-link-header.js";
import { createSentryApiAdapter, type SentryLogger } from "../../../src/adapters/sentry/sentry-api-adapter.js";
import { signSentryBody, verifySentrySignature } from "../../../src/adapters/sentry/verify-signature.js";
import { ErrorCode } from "../../../src/core/errors.js";
import type { TrackedIssue } from "../../../src/core/ports/error-tracker-port.js";
import { toTrackedEvent } from "../../../src/adapters/sentry/map-event.js";
import { createFakeSentry, type FakeSentry } from "../../../src/sandbox/fake-sentry/fake-sentry-server.js";
import type { SeedFrame } from "../../../src/sandbox/fake-sentry/sentry-shapes.js";
import { caughtAppError } from "../../support/caught.js";

const quiet: SentryLogger = { debug: () => {}, warn: () => {} };
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const otherProject = { id: "7", slug: "shop-api", name: "Shop API", platform: "node" };
const longLine = `  const total = cart.items.reduce((sum, item) => sum + item.price * item.quantity, 0); // ${"x".repeat(250)}`;
/** Outermost first, as Sentry sends them: two in-app frames among library frames. */
const cartFrames: SeedFrame[] = [
  { filename: "node:internal/process/task_queues", function: "process.processTicksAndRejections", lineNo: 95, inApp: false },
  { filename: "node_modules/express/lib/router/layer.js", function: "Layer.handle", lineNo: 95, inApp: false, contextLine: "    fn(req, res, next);" },
  { filename: "src/server.ts", function: "handle", lineNo: 88, inApp: true, contextLine: "  await handler(req, res);" },
  { filename: "node_modules/lodash/get.js", function: "baseGet", lineNo: 12, inApp: false },
  { filename: "src/cart.ts", function: "countItems", lineNo: 42, inApp: true, contextLine: longLine },
];
const deepFrames: SeedFrame[] = Array.from({ length: 12 }, (_, i) => ({ filename: `src/deep-${i}.ts`, function: `level${i}`, lineNo: i + 1, inApp: i % 2 === 0 }));


describe("Sentry API adapter against the fake Sentry", () => {
  let sentry: FakeSentry;
  beforeAll(async () => {
    sentry = await createFakeSentry({
      token: "sntry-int-token",
      org: "acme",
      issues: [
        {
          id: "101",
          title: "TypeError: cart is undefined",
          culprit: "countItems(src/cart)",
          count: 42,
          userCount: 7,
          lastSeen: hoursAgo(1),
          exception: { type: "TypeError", value: "cart is undefined", frames: cartFrames },
          release: "shop-web@2.4.1",
          environment: "staging",
        },
        { id: "102", title: "Timeout calling payments", level: "warning", lastSeen: hoursAgo(2) },
        { id: "103", title: "Unhandled rejection in checkout", level: "fatal", lastSeen: hoursAgo(3) },
        { id: "104", title: "Search index stale", lastSeen: hoursAgo(4) },
        { id: "105", title: "Image resize failed", lastSeen: hoursAgo(5) },
        { id: "106", title: "Old resolved crash", status: "resolved", lastSeen: hoursAgo(0.5) },
        { id: "107", title: "RangeError: too deep", status: "resolved", lastSeen: hoursAgo(30), exception: { type: "RangeError", value: "too deep", frames: deepFrames } },
        { id: "201", title: "API 500 on /orders", project: otherProject, lastSeen: hoursAgo(0.1) },
      ],
    });
  });
  afterEach(() => {
    sentry.faults.length = 0;
    sentry.requests.length = 0;
  });
  afterAll(() => sentry.close());

  const adapter = (overrides: Partial<Parameters<typeof createSentryApiAdapter>[0]> = {}) =>
    createSentryApiAdapter({ apiUrl: sentry.apiUrl, token: "sntry-int-token", org: "acme", project: "shop-web", logger: quiet, ...overrides });

  it("follows cursors until Sentry says results=\"false\", newest first, unresolved only", async () => {
    const tracker = adapter();
    const seen: TrackedIssue[] = [];
    const cursors: (string | undefined)[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      cursors.push(cursor);
      const result = await tracker.listUnresolvedIssues({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...result.issues);
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }

    expect(seen.map((i) => i.id)).toEqual(["101", "102", "103", "104", "105"]);
    expect(cursors).toEqual([undefined, "0:2:0", "0:4:0"]);
    expect(sentry.requests.map((r) => r.query.query?.[0])).toEqual(Array(3).fill("is:unresolved project:shop-web"));
    expect(sentry.requests[0]?.headers.authorization).toBe("Bearer sntry-int-token");
    expect(seen[0]).toEqual({
      id: "101",
      shortId: "SHOP-WEB-101",
      title: "TypeError: cart is undefined",
      culprit: "countItems(src/cart)",
      level: "error",
      status: "unresolved",
      substatus: "new",
      count: 42,
      userCount: 7,
      firstSeen: expect.any(String),
      lastSeen: expect.any(String),
      permalink: "https://sentry.example.com/organizations/acme/issues/101/",
      project: "shop-web",
    });
  });

  it("filters by numeric project id with the project parameter, and adds the caller's query", async () => {
    const page = await adapter({ project: "7" }).listUnresolvedIssues({ query: "firstSeen:-24h" });
    expect(page.issues.map((i) => i.id)).toEqual(["201"]);
    expect(page.nextCursor).toBeNull();
    expect(sentry.requests[0]?.query).toMatchObject({ project: ["7"], query: ["is:unresolved firstSeen:-24h"], limit: ["100"] });
  });

  it("turns 429 into a retryable RateLimited error with Retry-After, and 5xx into a retryable error", async () => {
    sentry.faults.push({ status: 429, retryAfter: 3 });
    expect(await caughtAppError(adapter().listUnresolvedIssues({}))).toMatchObject({ code: ErrorCode.RateLimited, retryable: true, retryAfterMs: 3_000 });

    sentry.faults.push({ status: 502 });
    expect(await caughtAppError(adapter().listUnresolvedIssues({}))).toMatchObject({ code: ErrorCode.SentryApi, retryable: true });

    // After the faults are used up the same call works.
    expect((await adapter().listUnresolvedIssues({ limit: 1 })).issues).toHaveLength(1);
  });

  it("explains token scopes when the token is refused, without retrying", async () => {
    const error = await caughtAppError(adapter({ token: "sntrys_org_token" }).listUnresolvedIssues({}));
    expect(error).toMatchObject({ code: ErrorCode.SentryApi, retryable: false });
    expect(error.message).toContain("event:read");
    expect(error.message).toContain("internal integration");
    expect(error.message).not.toContain("sntrys_org_token");
  });

  it("reads one issue, and reports a missing one as NotFound", async () => {
    expect(await adapter().getIssue("103")).toMatchObject({ id: "103", level: "fatal", title: "Unhandled rejection in checkout" });
    expect(await caughtAppError(adapter().getIssue("999"))).toMatchObject({ code: ErrorCode.NotFound, retryable: false });
  });

  it("pings the organization and its issues", async () => {
    expect(await adapter().ping()).toEqual({ organization: "acme" });
    expect(sentry.requests.map((r) => r.path)).toEqual(["/api/0/organizations/acme/", "/api/0/organizations/acme/issues/"]);
    expect(await caughtAppError(adapter({ org: "other" }).ping())).toMatchObject({ code: ErrorCode.NotFound });
  });

  it("reads the latest event: in-app frames first, innermost first, release and environment", async () => {
    const event = await adapter().getLatestEvent("101");
    expect(sentry.requests.map((r) => r.path)).toEqual(["/api/0/organizations/acme/issues/101/events/latest/"]);
    expect(event).toEqual({
      eventId: sentry.events.get("101")?.eventId,
      message: "TypeError: cart is undefined",
      exceptionType: "TypeError",
      exceptionValue: "cart is undefined",
      release: "shop-web@2.4.1",
      environment: "staging",
      frames: [
        { filename: "src/cart.ts", function: "countItems", lineNo: 42, inApp: true, context: longLine.trim().slice(0, 200) },
        { filename: "src/server.ts", function: "handle", lineNo: 88, inApp: true, context: "await handler(req, res);" },
        { filename: "node_modules/lodash/get.js", function: "baseGet", lineNo: 12, inApp: false },
        { filename: "node_modules/express/lib/router/layer.js", function: "Layer.handle", lineNo: 95, inApp: false, context: "fn(req, res, next);" },
        { filename: "node:internal/process/task_queues", function: "process.processTicksAndRejections", lineNo: 95, inApp: false },
      ],
    });
    expect(event?.frames[0]?.context).toHaveLength(200);
  });

  it("keeps at most 8 frames of a deep stack, the in-app ones first", async () => {
    const event = await adapter().getLatestEvent("107");
    expect(event?.frames.map((f) => f.function)).toEqual(["level10", "level8", "level6", "level4", "level2", "level0", "level11", "level9"]);
    expect(event).toMatchObject({ exceptionType: "RangeError", environment: "production" });
    expect(event).not.toHaveProperty("release");
  });

  it("maps the event of an event_alert webhook the same way as the REST event", async () => {
    const receiver = createServer((req, res) => req.resume().on("end", () => res.writeHead(200).end()));
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
    try {
      const hook = await sentry.sendWebhook(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, { resource: "event_alert", secret: "s", issueId: "101" });
      const fromHook = toTrackedEvent((hook.payload.data as { event: unknown }).event, "webhook");
      expect(fromHook).toEqual(await adapter().getLatestEvent("101"));
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it("answers null for an issue Sentry has no event for, and maps rate limits and refusals", async () => {
    expect(await adapter().getLatestEvent("999")).toBeNull();

    sentry.faults.push({ status: 429, retryAfter: 2 });
    expect(await caughtAppError(adapter().getLatestEvent("101"))).toMatchObject({ code: ErrorCode.RateLimited, retryable: true, retryAfterMs: 2_000 });

    sentry.faults.push({ status: 503 });
    expect(await caughtAppError(adapter().getLatestEvent("101"))).toMatchObject({ code: ErrorCode.SentryApi, retryable: true });

    sentry.faults.push({ status: 403, detail: "You do not have permission to perform this action." });
    const refused = await caughtAppError(adapter().getLatestEvent("101"));
    expect(refused).toMatchObject({ code: ErrorCode.SentryApi, retryable: false });
    expect(refused.message).toContain("event:read");

    expect((await adapter().getLatestEvent("101"))?.exceptionValue).toBe("cart is undefined");
  });

  it("reaches a server that is down as a retryable error", async () => {
    const down = createSentryApiAdapter({ apiUrl: "http://127.0.0.1:9/api/0/", token: "t", org: "acme", logger: quiet, timeoutMs: 2_000 });
    expect(await caughtAppError(down.listUnresolvedIssues({}))).toMatchObject({ code: ErrorCode.SentryApi, retryable: true });
  });
});

describe("Sentry Link header", () => {
  it("reads the next cursor only while results=\"true\"", () => {
    const more =
      '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=1735689600000:0:1>; rel="previous"; results="false"; cursor="1735689600000:0:1", ' +
      '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=1735689600000:100:0>; rel="next"; results="true"; cursor="1735689600000:100:0"';
    expect(nextCursor(more)).toBe("1735689600000:100:0");
    expect(nextCursor(more.replace('results="true"', 'results="false"'))).toBeNull();
    expect(nextCursor(undefined)).toBeNull();
  });
});

describe("Sentry webhook signatures", () => {
  let receiver: Server;
  let url: string;
  const received: { headers: IncomingHttpHeaders; raw: string; valid: boolean }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks);
        const header = req.headers["sentry-hook-signature"];
        const valid = verifySentrySignature(raw, typeof header === "string" ? header : undefined, "client-secret");
        received.push({ headers: req.headers, raw: raw.toString("utf8"), valid });
        res.writeHead(valid ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sentry/webhooks`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it("signs issue and event_alert hooks so the receiver can verify them over the raw body", async () => {
    const sentry = await createFakeSentry({ issues: [{ id: "555", title: "RangeError: bad index", errorType: "RangeError", errorValue: "bad index" }] });
    try {
      const issueHook = await sentry.sendWebhook(url, { resource: "issue", secret: "client-secret", requestId: "req-1" });
      const alertHook = await sentry.sendWebhook(url, { resource: "event_alert", secret: "client-secret", rule: "Checkout errors" });
      const forged = await sentry.sendWebhook(url, { resource: "issue", secret: "someone-else" });

      expect([issueHook.status, alertHook.status, forged.status]).toEqual([200, 200, 401]);
      const first = received[0];
      expect(first?.headers).toMatchObject({ "request-id": "req-1", "sentry-hook-resource": "issue", "content-type": "application/json" });
      expect(Number(first?.headers["sentry-hook-timestamp"])).toBeGreaterThan(1_700_000_000);
      expect(JSON.parse(first?.raw ?? "{}")).toMatchObject({ action: "created", data: { issue: { id: "555", status: "unresolved" } }, installation: { uuid: expect.any(String) } });
      expect(JSON.parse(received[1]?.raw ?? "{}")).toMatchObject({
        action: "triggered",
        data: { event: { issue_id: "555", title: "RangeError: bad index", exception: { values: [{ type: "RangeError" }] } }, triggered_rule: "Checkout errors" },
      });
    } finally {
      await sentry.close();
    }
  });

  it("rejects a tampered body, a missing or malformed signature", () => {
    const body = '{"action":"created"}';
    const signature = signSentryBody(body, "s3cret");
    expect(verifySentrySignature(body, signature, "s3cret")).toBe(true);
    expect(verifySentrySignature(Buffer.from(body), signature.toUpperCase(), "s3cret")).toBe(true);
    expect(verifySentrySignature('{"action":"resolved"}', signature, "s3cret")).toBe(false);
    expect(verifySentrySignature(body, undefined, "s3cret")).toBe(false);
    expect(verifySentrySignature(body, signature.slice(0, 10), "s3cret")).toBe(false);
    expect(verifySentrySignature(body, signature, "")).toBe(false);
  });
});
