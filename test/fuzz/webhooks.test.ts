import { readFileSync } from "node:fs";
import examples from "@octokit/webhooks-examples" with { type: "json" };
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSentryBody } from "../../src/adapters/sentry/verify-signature.js";
import { ingressJobSchema } from "../../src/jobs/job-schemas.js";
import { ingressJobId } from "../../src/jobs/route-ingress.js";
import { signWebhookBody } from "../../src/sandbox/fake-github/webhook-sender.js";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../support/fuzz-runs.js";
import { mutate, mutations, oddJson, oddText } from "./support/arbitraries.js";
import { expectNamedRefusal } from "./support/expect-answer.js";
import { GITHUB_SECRET, SENTRY_SECRET, startFuzzWeb, type FuzzWeb } from "./support/fuzz-web.js";
import { headerBytes, postRaw, type Answer, type RawHeaders } from "./support/raw-request.js";

/**
 * POST /github/webhooks and /sentry/webhooks of the web role, fuzzed with every GitHub example delivery and Sentry's
 * documented ones, mutated, under any event name or resource and any delivery id: the answer is 202 or a 4xx that
 * names the problem, never a 5xx; a 202 means this delivery is in the queue, once however often it comes; anything
 * not correctly signed is refused with 401 and enqueues nothing.
 */

/** The Sentry route's body limit (src/http/routes/sentry-webhook-route.ts). */
const SENTRY_MAX_BODY = 5 * 1024 * 1024;

let web: FuzzWeb;
let n = 0;

beforeAll(async () => {
  web = await startFuzzWeb();
});

afterAll(async () => {
  await web?.close();
});

const GITHUB_DELIVERIES = (examples as unknown as { name: string; examples: Record<string, unknown>[] }[]).flatMap((def) =>
  def.examples.map((payload) => ({ event: def.name, payload })),
);
const sentrySample = (file: string) => JSON.parse(readFileSync(new URL(`fixtures/${file}`, import.meta.url), "utf8")) as Record<string, unknown>;
const SENTRY_DELIVERIES = [
  { resource: "issue", payload: sentrySample("issue-webhook.created.json") },
  { resource: "event_alert", payload: sentrySample("event_alert.triggered.json") },
];

/** A header value: usually what the sender would send, sometimes any text at all (as the bytes node:http puts on the wire). */
const headerText = (usual: fc.Arbitrary<string>) => fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: oddText(4).map(headerBytes), weight: 1 });

/** A header value as the server reads it: HTTP drops the spaces and tabs around it. */
const onWire = (value: string) => value.replace(/^[ \t]+|[ \t]+$/g, "");

/** A delivery id, unique to its run unless it is empty: odd text gets the run number after it. */
const deliveryId = fc.oneof({ arbitrary: fc.uuid(), weight: 4 }, { arbitrary: oddText(4).map(headerBytes), weight: 1 }, { arbitrary: fc.constantFrom("", " "), weight: 1 });
const unique = (id: string) => (onWire(id) === "" ? id : `${id}~${++n}`);

/** A body: an example as sent, mutated, any JSON at all, or any text (empty included). */
function jsonBody<T extends { payload: Record<string, unknown> }>(seeds: readonly T[]): fc.Arbitrary<{ seed: T; body: string }> {
  const seed = fc.constantFrom(...seeds);
  // A counter-example shows what was generated and the start of the body, not the whole example payload.
  const shown = (seed: T, made: unknown, body: string) => ({
    seed,
    body,
    [fc.toStringMethod]: () => `${fc.stringify({ ...seed, payload: "…" })} ${fc.stringify(made)} body(${body.length}): ${JSON.stringify(body.slice(0, 300))}`,
  });
  return fc.oneof(
    {
      arbitrary: fc.record({ seed, changes: fc.option(mutations, { freq: 3, nil: null }) }).map((c) => shown(c.seed, c.changes, JSON.stringify(c.changes ? mutate(c.seed.payload, c.changes) : c.seed.payload))),
      weight: 5,
    },
    { arbitrary: fc.record({ seed, any: oddJson }).map((c) => shown(c.seed, c.any, JSON.stringify(c.any) ?? "")), weight: 1 },
    { arbitrary: fc.record({ seed, text: oddText(6) }).map((c) => shown(c.seed, "text", c.text)), weight: 1 },
  );
}

async function expectAlive(): Promise<void> {
  expect(web.unhandled.map(String)).toEqual([]);
  expect(await web.healthy()).toBe(true);
}

/**
 * 202 naming the delivery (the id it was sent with; a Sentry delivery sent without one gets one), or a named refusal;
 * never 5xx. Returns the id a 202 names.
 */
function expectAnswered(answer: Answer, sentId: string): string | null {
  expect(answer.status, answer.body.slice(0, 300)).toBeLessThan(500);
  if (answer.status !== 202) {
    expectNamedRefusal(answer);
    return null;
  }
  const { accepted } = JSON.parse(answer.body) as { accepted: unknown };
  if (sentId) expect(accepted).toBe(sentId);
  else expect(accepted).toMatch(/^[0-9a-f]{32}$/);
  return accepted as string;
}

/** Sends a delivery twice (a redelivery carries the same id) and checks that it is queued once, as sent. */
async function deliverTwice(url: string, headers: RawHeaders, body: string, sent: { id: string; source: "github" | "sentry" }) {
  const before = await web.jobs();
  const first = await postRaw(url, headers, body);
  const again = await postRaw(url, headers, body);
  const added = (await web.jobs()) - before;
  const accepted = expectAnswered(first, sent.id);
  expect(expectAnswered(again, sent.id)).toBe(accepted);
  expect(again.status).toBe(first.status);
  if (accepted !== null) {
    // A delivery sent without an id is named by its content: the same content sent by an earlier run is the same delivery.
    if (sent.id) expect(added).toBe(1);
    else expect(added).toBeLessThanOrEqual(1);
    const id = ingressJobId(sent.source === "github" ? { source: "github", deliveryId: accepted, event: "", payload: {} } : { source: "sentry", requestId: accepted, resource: "", payload: {} });
    const job = await web.ingressJob(id);
    expect(ingressJobSchema.safeParse(job).success).toBe(true);
    // The job carries this delivery's payload, not another one that collapsed onto the same job id. A top-level
    // "__proto__" key does not survive zod's record (it sets the copy's prototype instead), and carries nothing anyway.
    const { ["__proto__"]: _dropped, ...sentPayload } = JSON.parse(body) as Record<string, unknown>;
    expect((job as { payload: unknown }).payload).toEqual(sentPayload);
  } else {
    expect(added).toBe(0);
  }
  await expectAlive();
  return first;
}

describe("GitHub webhooks", () => {
  const url = () => `${web.base}/github/webhooks`;
  const event = headerText(fc.constantFrom(...new Set([...GITHUB_DELIVERIES.map((d) => d.event), "ping"])));

  it("answer any correctly signed delivery with 202 or a named 4xx, and queue it at most once", async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody(GITHUB_DELIVERIES), event, deliveryId, fc.constantFrom("application/json", "application/json; charset=utf-8"), async ({ body }, eventName, anyId, contentType) => {
        const id = unique(anyId);
        const headers = { "content-type": contentType, "x-github-event": eventName, "x-github-delivery": id, "x-hub-signature-256": signWebhookBody(GITHUB_SECRET, body).sha256 };
        const first = await deliverTwice(url(), headers, body, { id: onWire(id), source: "github" });
        // Correctly signed: whatever else is wrong, the signature is not.
        expect(first.status, first.body).not.toBe(401);
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT_MS);

  it("refuse anything not correctly signed with 401, and queue nothing", async () => {
    const badSignature = fc.oneof(
      fc.constant(null),
      oddText(8).map(headerBytes),
      fc.constantFrom("", "sha256=", "sha1=00", `sha256=${"0".repeat(64)}`, `sha256=${"f".repeat(63)}`, "sha256==", "SHA256=00"),
      fc.record({ secret: oddText(4).filter((s) => s.length > 0 && s !== GITHUB_SECRET) }),
      fc.record({ append: oddText(3).filter((s) => s.length > 0) }),
      fc.record({ at: fc.nat(63), digit: fc.nat(14) }),
    );
    await fc.assert(
      fc.asyncProperty(jsonBody(GITHUB_DELIVERIES), badSignature, async ({ seed, body }, bad) => {
        const good = signWebhookBody(GITHUB_SECRET, body).sha256;
        let sent = body;
        let signature: string | null;
        if (bad === null || typeof bad === "string") signature = bad;
        else if ("secret" in bad) signature = signWebhookBody(bad.secret, body).sha256;
        else if ("append" in bad) {
          signature = good;
          sent = body + bad.append;
        } else {
          const i = 7 + bad.at;
          signature = good.slice(0, i) + ((parseInt(good[i]!, 16) + 1 + bad.digit) % 16).toString(16) + good.slice(i + 1);
        }
        const headers: RawHeaders = { "content-type": "application/json", "x-github-event": seed.event, "x-github-delivery": `fuzz-${++n}` };
        if (signature !== null) headers["x-hub-signature-256"] = signature;
        const before = await web.jobs();
        const answer = await postRaw(url(), headers, sent);
        expect(answer.status, answer.body).toBe(401);
        expect(expectNamedRefusal(answer)).toBe("signature does not match");
        expect(await web.jobs()).toBe(before);
        await expectAlive();
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT_MS);
});

describe("Sentry webhooks", () => {
  const url = () => `${web.base}/sentry/webhooks`;
  const resource = headerText(fc.constantFrom("issue", "event_alert", "metric_alert", "installation", "error", "comment"));
  const nowSec = () => Math.floor(Date.now() / 1000);

  it("answer any correctly signed delivery with 202 or a named 4xx, and queue it at most once per request id", async () => {
    await fc.assert(
      fc.asyncProperty(
        jsonBody(SENTRY_DELIVERIES),
        resource,
        deliveryId,
        fc.option(fc.integer({ min: -290, max: 290 }), { nil: undefined }),
        async ({ body }, res, anyId, skew) => {
          const id = unique(anyId);
          const headers: RawHeaders = {
            "content-type": "application/json",
            "sentry-hook-resource": res,
            "request-id": id,
            "sentry-hook-signature": signSentryBody(body, SENTRY_SECRET),
            ...(skew === undefined ? {} : { "sentry-hook-timestamp": String(nowSec() + skew) }),
          };
          const first = await deliverTwice(url(), headers, body, { id: onWire(id), source: "sentry" });
          expect(first.status, first.body).not.toBe(401);
        },
      ),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT_MS);

  it("refuse a wrong signature or a timestamp outside five minutes with 401, and queue nothing", async () => {
    const bad = fc.oneof(
      fc.record({ signature: fc.oneof(fc.constant(null), oddText(8).map(headerBytes), fc.constantFrom("", "0".repeat(64), "f".repeat(63), "sha256=00")) }),
      fc.record({ secret: oddText(4).filter((s) => s.length > 0 && s !== SENTRY_SECRET) }),
      fc.record({ append: oddText(3).filter((s) => s.length > 0) }),
      fc.record({ skew: fc.oneof(fc.integer({ min: 310, max: 10 * 365 * 86_400 }), fc.integer({ min: -10 * 365 * 86_400, max: -310 })) }),
    );
    await fc.assert(
      fc.asyncProperty(jsonBody(SENTRY_DELIVERIES), bad, async ({ seed, body }, b) => {
        let sent = body;
        const headers: RawHeaders = { "content-type": "application/json", "sentry-hook-resource": seed.resource, "request-id": `fuzz-${++n}` };
        const good = signSentryBody(body, SENTRY_SECRET);
        if ("signature" in b) {
          if (b.signature !== null) headers["sentry-hook-signature"] = b.signature;
        } else if ("secret" in b) headers["sentry-hook-signature"] = signSentryBody(body, b.secret);
        else if ("append" in b) {
          headers["sentry-hook-signature"] = good;
          sent = body + b.append;
        } else {
          headers["sentry-hook-signature"] = good;
          headers["sentry-hook-timestamp"] = String(nowSec() + b.skew);
        }
        const before = await web.jobs();
        const answer = await postRaw(url(), headers, sent);
        // The signature is over the body: one too large to read is refused as such first.
        if (Buffer.byteLength(sent) > SENTRY_MAX_BODY) expect(answer.status, answer.body).toBe(413);
        else {
          expect(answer.status, answer.body).toBe(401);
          expect(expectNamedRefusal(answer)).toBe("skew" in b ? "timestamp too old or in the future" : "signature does not match");
        }
        expect(await web.jobs()).toBe(before);
        await expectAlive();
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT_MS);
});

/** Each counter-example fuzzing found, kept as a named case (the answer before the fix is in the title). */
describe("Webhook regressions found by fuzzing", () => {
  const github = (id: string, body: string) =>
    postRaw(`${web.base}/github/webhooks`, { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": id, "x-hub-signature-256": signWebhookBody(GITHUB_SECRET, body).sha256 }, body);
  const sentry = (id: string | null, body: string) =>
    postRaw(`${web.base}/sentry/webhooks`, { "content-type": "application/json", "sentry-hook-resource": "issue", ...(id === null ? {} : { "request-id": id }), "sentry-hook-signature": signSentryBody(body, SENTRY_SECRET) }, body);

  it("a correctly signed empty GitHub body is refused as empty; it was refused as a wrong signature", async () => {
    const answer = await github(`empty-${++n}`, "");
    expect([answer.status, JSON.parse(answer.body)]).toEqual([400, { error: "body is empty" }]);
  });

  it("two GitHub deliveries whose ids differ only where a job id cannot hold the character are both queued; the second was dropped", async () => {
    const [a, b] = [`reg:${++n}`, `reg/${n}`];
    const before = await web.jobs();
    expect((await github(a, '{"action":"opened","n":1}')).status).toBe(202);
    expect((await github(b, '{"action":"opened","n":2}')).status).toBe(202);
    expect(await web.jobs()).toBe(before + 2);
    expect(await web.ingressJob(ingressJobId({ source: "github", deliveryId: b, event: "issues", payload: {} }))).toMatchObject({ deliveryId: b, payload: { n: 2 } });
  });

  it("Sentry deliveries with an empty Request-ID are each queued, and a redelivery still collapses; the second one was dropped", async () => {
    const before = await web.jobs();
    const first = await sentry("", `{"action":"created","n":${++n}}`);
    const second = await sentry("", `{"action":"created","n":${++n}}`);
    const again = await sentry(null, `{"action":"created","n":${n}}`);
    expect([first.status, second.status, again.status]).toEqual([202, 202, 202]);
    expect(JSON.parse(again.body)).toEqual(JSON.parse(second.body));
    expect(await web.jobs()).toBe(before + 2);
  });

  it("a body over the limit gets its 413; the connection used to be reset before the answer was read", async () => {
    const answer = await sentry(`huge-${++n}`, JSON.stringify({ data: "a".repeat(SENTRY_MAX_BODY) }));
    expect([answer.status, JSON.parse(answer.body)]).toEqual([413, { error: `body larger than ${SENTRY_MAX_BODY} bytes` }]);
  });
});
