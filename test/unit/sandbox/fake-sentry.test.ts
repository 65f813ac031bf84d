import * as Sentry from "@sentry/node";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFakeSentry, type FakeSentry } from "../../../src/sandbox/fake-sentry/fake-sentry-server.js";
import { defaultFrames } from "../../../src/sandbox/fake-sentry/sentry-shapes.js";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe("fake Sentry", () => {
  let sentry: FakeSentry;
  const api = async (path: string) => {
    const res = await fetch(new URL(path, sentry.apiUrl), { headers: { authorization: `Bearer ${sentry.token}` } });
    return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    sentry = await createFakeSentry({
      issues: [
        {
          id: "11",
          title: "TypeError: cart is undefined",
          count: 3,
          lastSeen: minutesAgo(90),
          firstSeen: minutesAgo(300),
          release: "shop-web@1.2.3",
          exception: {
            type: "TypeError",
            value: "cart is undefined",
            frames: [
              { filename: "node_modules/express/lib/router/index.js", function: "next", lineNo: 280, inApp: false },
              { filename: "src/cart.js", function: "countItems", lineNo: 42, inApp: true, contextLine: "  return cart.items.length;" },
            ],
          },
        },
        { id: "12", title: "Timeout calling payments", count: 50, lastSeen: minutesAgo(30), firstSeen: minutesAgo(200), errorType: "TimeoutError", errorValue: "payments took 30s" },
        { id: "13", title: "Old crash", status: "resolved", substatus: null, lastSeen: minutesAgo(600), firstSeen: minutesAgo(900) },
      ],
    });
  });
  afterEach(() => {
    sentry.requests.length = 0;
    sentry.ownEvents.length = 0;
  });
  afterAll(() => sentry.close());

  it("serves an issue's latest event in the REST shape, built from the seeded exception", async () => {
    const { status, body } = await api("organizations/acme/issues/11/events/latest/");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      eventID: sentry.events.get("11")?.eventId,
      groupID: "11",
      title: "TypeError: cart is undefined",
      dateCreated: sentry.issues[0]?.lastSeen,
      release: { version: "shop-web@1.2.3" },
      tags: expect.arrayContaining([{ key: "environment", value: "production" }, { key: "release", value: "shop-web@1.2.3" }]),
      entries: [
        {
          type: "exception",
          data: {
            values: [
              {
                type: "TypeError",
                value: "cart is undefined",
                stacktrace: {
                  frames: [
                    { filename: "node_modules/express/lib/router/index.js", function: "next", lineNo: 280, inApp: false, context: [] },
                    { filename: "src/cart.js", function: "countItems", lineNo: 42, inApp: true, context: [[42, "  return cart.items.length;"]] },
                  ],
                },
              },
            ],
          },
        },
        { type: "request" },
      ],
    });
  });

  it("derives the event of an issue seeded without frames from the sample stack, and 404s unknown issues", async () => {
    const { body } = await api("organizations/acme/issues/12/events/latest/");
    const exception = (body as { entries: { data: { values: { type: string; stacktrace: { frames: { filename: string }[] } }[] } }[] }).entries[0]?.data.values[0];
    expect(exception?.type).toBe("TimeoutError");
    expect(exception?.stacktrace.frames.map((f) => f.filename)).toEqual(defaultFrames.map((f) => f.filename));
    expect((body as { release: unknown }).release).toBeNull();

    expect(await api("organizations/acme/issues/999/events/latest/")).toMatchObject({ status: 404, body: { detail: expect.any(String) } });
  });

  it("bumpIssue makes an issue spike or regress: new lastSeen, counts, substatus, a new latest event", async () => {
    const before = sentry.events.get("11")?.eventId;
    const spiked = sentry.bumpIssue("11", { count: 480, userCount: 90 });
    expect(Date.now() - Date.parse(spiked.lastSeen)).toBeLessThan(5_000);
    expect(sentry.events.get("11")?.eventId).not.toBe(before);

    sentry.bumpIssue("13", { substatus: "regressed", lastSeen: minutesAgo(1) });

    // The live list answers with the bumped issues, the spike first under sort=date.
    const { body } = await api("organizations/acme/issues/?query=is:unresolved&sort=date");
    const list = body as { id: string; count: string; userCount: number; status: string; substatus: string }[];
    expect(list.map((i) => i.id)).toEqual(["11", "13", "12"]);
    expect(list[0]).toMatchObject({ count: "480", userCount: 90 });
    expect(list[1]).toMatchObject({ status: "unresolved", substatus: "regressed" });
    expect(() => sentry.bumpIssue("404")).toThrow(/no issue 404/);
  });

  it("filters on lastSeen windows and dates, sorts by freq and new, and pages with Link results and cursor", async () => {
    const ids = async (query: string) => ((await api(`organizations/acme/issues/?${query}`)).body as { id: string }[]).map((i) => i.id);
    expect(await ids(`query=${encodeURIComponent(`is:unresolved lastSeen:>${minutesAgo(20)}`)}`)).toEqual(["11", "13"]);
    expect(await ids(`query=${encodeURIComponent(`is:unresolved lastSeen:<${minutesAgo(20)}`)}`)).toEqual(["12"]);
    expect(await ids(`query=${encodeURIComponent("is:unresolved lastSeen:-15m")}`)).toEqual(["11", "13"]);
    expect(await ids(`query=${encodeURIComponent("is:unresolved lastSeen:+15m")}`)).toEqual(["12"]);
    expect(await ids("sort=freq")).toEqual(["11", "12", "13"]);
    expect(await ids("sort=new")).toEqual(["12", "11", "13"]);
    expect((await api("organizations/acme/issues/?sort=sideways")).status).toBe(400);

    const first = await api("organizations/acme/issues/?limit=2");
    expect(first.headers.get("link")).toMatch(/rel="previous"; results="false"; cursor="0:0:1", <[^>]+cursor=0%3A2%3A0>; rel="next"; results="true"; cursor="0:2:0"/);
    const second = await api("organizations/acme/issues/?limit=2&cursor=0:2:0");
    expect((second.body as unknown[]).length).toBe(1);
    expect(second.headers.get("link")).toContain('rel="next"; results="false"');
  });

  it("gives a DSN that points at the fake", () => {
    const dsn = new URL(sentry.dsn("42"));
    expect(dsn).toMatchObject({ protocol: "http:", username: sentry.publicKey, hostname: "127.0.0.1", port: String(sentry.port), pathname: "/42" });
    expect(sentry.dsn()).toMatch(/\/1$/);
  });

  it("receives @sentry/node error events on the envelope endpoint", async () => {
    Sentry.init({ dsn: sentry.dsn(), tracesSampleRate: 0, defaultIntegrations: false });
    try {
      Sentry.withScope((scope) => {
        scope.setTag("graph", "triage");
        Sentry.captureException(new Error("boom"));
      });
      expect(await Sentry.flush(2_000)).toBe(true);
    } finally {
      await Sentry.close(2_000);
    }

    expect(sentry.ownEvents).toHaveLength(1);
    expect(sentry.ownEvents[0]).toMatchObject({
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      projectId: "1",
      level: "error",
      exception: { type: "Error", value: "boom" },
      tags: { graph: "triage" },
    });
    const post = sentry.requests.find((r) => r.method === "POST");
    expect(post?.path).toBe("/api/1/envelope/");
    expect(post?.query.sentry_key).toEqual([sentry.publicKey]);
  });

  it("reads gzip envelopes with length-prefixed items, ignores non-event items and refuses unknown keys", async () => {
    const event = JSON.stringify({ event_id: "a".repeat(32), level: "fatal", message: "line one\nline two", tags: { worker: "2" } });
    const envelope = [
      JSON.stringify({ event_id: "a".repeat(32), sent_at: new Date().toISOString() }),
      JSON.stringify({ type: "session" }),
      JSON.stringify({ sid: "s1", status: "ok" }),
      JSON.stringify({ type: "event", length: Buffer.byteLength(event) }),
      event,
      JSON.stringify({ type: "client_report" }),
      JSON.stringify({ discarded_events: [] }),
      "",
    ].join("\n");
    const post = (key: string) =>
      fetch(`http://127.0.0.1:${sentry.port}/api/7/envelope/?sentry_key=${key}&sentry_version=7`, {
        method: "POST",
        headers: { "content-type": "application/x-sentry-envelope", "content-encoding": "gzip" },
        body: gzipSync(envelope),
      });

    const ok = await post(sentry.publicKey);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: "a".repeat(32) });
    expect(sentry.ownEvents).toEqual([
      { eventId: "a".repeat(32), projectId: "7", level: "fatal", message: "line one\nline two", tags: { worker: "2" }, receivedAt: expect.any(String) },
    ]);

    expect((await post("someone-elses-key")).status).toBe(403);
    const broken = await fetch(`http://127.0.0.1:${sentry.port}/api/7/envelope/?sentry_key=${sentry.publicKey}`, { method: "POST", body: "not json\n" });
    expect(broken.status).toBe(400);
    expect(sentry.ownEvents).toHaveLength(1);
  });
});
