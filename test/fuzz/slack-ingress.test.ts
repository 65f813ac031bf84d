import { defaultBodyLimit } from "@slack/bolt";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingressJobSchema } from "../../src/jobs/job-schemas.js";
import { signSlackRequest } from "../../src/sandbox/fake-slack/slack-signature.js";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../support/fuzz-runs.js";
import { oddJson, oddText } from "./support/arbitraries.js";
import { expectNamedRefusal } from "./support/expect-answer.js";
import { SLACK_SECRET, startFuzzWeb, type FuzzWeb } from "./support/fuzz-web.js";
import { headerBytes, postRaw, type Answer, type RawHeaders } from "./support/raw-request.js";
import { described, slackCase, type SlackDelivery } from "./support/slack-seeds.js";

/**
 * POST /slack/events of the web role `shopfloor web` runs, fuzzed: whatever a sender posts, the answer is never a 5xx,
 * the process stays up (no unhandled rejection, /healthz answers), a refusal says what was wrong and enqueues
 * nothing, and a delivery is enqueued at most once however often it comes.
 */

let web: FuzzWeb;
let n = 0;

beforeAll(async () => {
  web = await startFuzzWeb();
});

afterAll(async () => {
  await web?.close();
});

const url = () => `${web.base}/slack/events`;
const nowSec = () => Math.floor(Date.now() / 1000);
const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";

function signed(contentType: string, body: string, opts: { timestamp?: number; retry?: number } = {}): RawHeaders {
  const ts = opts.timestamp ?? nowSec();
  return {
    "content-type": contentType,
    "x-slack-request-timestamp": String(ts),
    "x-slack-signature": signSlackRequest(SLACK_SECRET, body, ts),
    ...(opts.retry ? { "x-slack-retry-num": String(opts.retry), "x-slack-retry-reason": "http_timeout" } : {}),
  };
}

/** The process is still whole: nothing rejected unhandled, and /healthz answers. */
async function expectAlive(): Promise<void> {
  expect(web.unhandled.map(String)).toEqual([]);
  expect(await web.healthy()).toBe(true);
}

/** Any body a sender might post: text, JSON of any shape, form fields, a JSON payload field. */
const anyBody: fc.Arbitrary<{ contentType: string; body: string }> = fc.oneof(
  fc.record({ contentType: fc.constantFrom(JSON_TYPE, FORM_TYPE, "text/plain"), body: oddText(20) }),
  fc.record({ contentType: fc.constant(JSON_TYPE), body: oddJson.map((v) => JSON.stringify(v) ?? "null") }),
  fc.record({
    contentType: fc.constant(FORM_TYPE),
    body: fc.array(fc.tuple(oddText(3), oddText(5)), { maxLength: 5 }).map((pairs) => new URLSearchParams(pairs).toString()),
  }),
  fc.record({ contentType: fc.constant(FORM_TYPE), body: oddJson.map((v) => new URLSearchParams({ payload: JSON.stringify(v) ?? "null" }).toString()) }),
);

/** Slack answers `ssl_check=1` without a signature (Bolt does, by design); such a body proves nothing here. */
const isSslCheck = (b: { contentType: string; body: string }) => b.contentType === FORM_TYPE && new URLSearchParams(b.body).get("ssl_check") === "1";

/** What may be wrong with the signing of a request. */
const badSigning = fc.oneof(
  fc.constant({ kind: "no signature" as const }),
  fc.constant({ kind: "no timestamp" as const }),
  fc.record({ kind: fc.constant("garbage signature" as const), value: fc.oneof(oddText(8), fc.constantFrom("", "v0=", "v0=zz", "v1=00", `v0=${"f".repeat(64)}`, `v0=${"0".repeat(63)}`, "=", "v0==")) }),
  fc.record({ kind: fc.constant("garbage timestamp" as const), value: fc.oneof(oddText(4), fc.constantFrom("", "1e9", "-1", "0x10", "NaN", "Infinity", "99999999999999999999")) }),
  fc.record({ kind: fc.constant("other secret" as const), secret: oddText(6).filter((s) => s !== SLACK_SECRET && s.length > 0) }),
  fc.record({ kind: fc.constant("stale" as const), ago: fc.integer({ min: 301, max: 10 * 365 * 86_400 }) }),
  fc.record({ kind: fc.constant("future" as const), ahead: fc.integer({ min: 301, max: 10 * 365 * 86_400 }) }),
  fc.record({ kind: fc.constant("body changed" as const), extra: oddText(4).filter((s) => s.length > 0) }),
  fc.record({ kind: fc.constant("signature changed" as const), at: fc.nat(63), digit: fc.nat(15) }),
  fc.record({ kind: fc.constant("repeated header" as const) }),
);

type BadSigning = typeof badSigning extends fc.Arbitrary<infer T> ? T : never;

function tampered(contentType: string, body: string, bad: BadSigning): { headers: RawHeaders; body: string } {
  const ts = nowSec();
  const headers = signed(contentType, body, { timestamp: ts });
  switch (bad.kind) {
    case "no signature":
      delete headers["x-slack-signature"];
      return { headers, body };
    case "no timestamp":
      delete headers["x-slack-request-timestamp"];
      return { headers, body };
    case "garbage signature":
      return { headers: { ...headers, "x-slack-signature": headerBytes(bad.value) }, body };
    case "garbage timestamp":
      return { headers: { ...headers, "x-slack-request-timestamp": headerBytes(bad.value) }, body };
    case "other secret":
      return { headers: { ...headers, "x-slack-signature": signSlackRequest(bad.secret, body, ts) }, body };
    case "stale":
      return { headers: signed(contentType, body, { timestamp: ts - bad.ago }), body };
    case "future":
      return { headers: signed(contentType, body, { timestamp: ts + bad.ahead }), body };
    case "body changed":
      return { headers, body: body + bad.extra };
    case "signature changed": {
      const sig = headers["x-slack-signature"] as string;
      const i = 3 + bad.at;
      const digit = ((parseInt(sig[i]!, 16) + 1 + (bad.digit % 15)) % 16).toString(16);
      return { headers: { ...headers, "x-slack-signature": sig.slice(0, i) + digit + sig.slice(i + 1) }, body };
    }
    case "repeated header":
      // Node joins a repeated header with ", ": two signatures, the right one first, are not a signature.
      return { headers: { ...headers, "x-slack-signature": [headers["x-slack-signature"] as string, "v0=00"] }, body };
  }
}

/** A raw body as a case of its own, so the two kinds of input share one property. */
const rawCase = (b: { contentType: string; body: string }) => described("raw", b, () => ({ ...b, jobId: null, pristine: false }) as SlackDelivery);

describe("Slack requests that are not correctly signed", () => {
  it("are refused with 401 (413 when too large to read) and a reason, enqueue nothing, and leave the process whole", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyBody.map(rawCase), slackCase), badSigning, async (c, bad) => {
        const sent = c.delivery(++n);
        fc.pre(!isSslCheck(sent));
        const { headers, body } = tampered(sent.contentType, sent.body, bad);
        const before = await web.jobs();
        const answer = await postRaw(url(), headers, body);
        // The body is read (up to Bolt's limit) before the signature over it can be checked: a body too large to read
        // is refused as such, unless its headers alone (a timestamp in the future) refused it first.
        expect(Buffer.byteLength(body) > defaultBodyLimit ? [401, 413] : [401], answer.body).toContain(answer.status);
        expectNamedRefusal(answer);
        expect(await web.jobs()).toBe(before);
        await expectAlive();
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT_MS);
});

/** Sends a signed delivery twice (the second time as Slack's retry) and checks both answers. */
async function deliverTwice(d: { contentType: string; body: string }): Promise<{ first: Answer; again: Answer; added: number }> {
  const before = await web.jobs();
  const first = await postRaw(url(), signed(d.contentType, d.body), d.body);
  const again = await postRaw(url(), signed(d.contentType, d.body, { retry: 1 }), d.body);
  return { first, again, added: (await web.jobs()) - before };
}

function expectNoFailure(answer: Answer): void {
  expect(answer.status, answer.body.slice(0, 300)).toBeLessThan(500);
  if (answer.status >= 400) expectNamedRefusal(answer);
  else expect(answer.status).toBe(200);
}

describe("Correctly signed Slack requests", () => {
  it("never answer 5xx: a refusal names what was wrong and enqueues nothing; a delivery is enqueued at most once", async () => {
    await fc.assert(
      fc.asyncProperty(slackCase, async (c) => {
        const d: SlackDelivery = c.delivery(++n);
        const { first, again, added } = await deliverTwice(d);
        expectNoFailure(first);
        expectNoFailure(again);
        expect(again.status).toBe(first.status);
        if (first.status !== 200) expect(added).toBe(0);
        expect(added).toBeLessThanOrEqual(1);
        if (added === 1) {
          // A mutation may change the delivery's id; an unmutated delivery keeps the one Slack gave it.
          const job = d.pristine && d.jobId ? await web.ingressJob(d.jobId) : await web.newestIngressJob();
          expect(ingressJobSchema.safeParse(job).success, JSON.stringify(job)?.slice(0, 300)).toBe(true);
        }
        await expectAlive();
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT_MS);

  it("never answer 5xx to any body at all, and refuse what is no Slack request by name", async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, async (sent) => {
        fc.pre(!isSslCheck(sent));
        const { first, again, added } = await deliverTwice(sent);
        expectNoFailure(first);
        expectNoFailure(again);
        expect(added).toBeLessThanOrEqual(1);
        if (first.status !== 200) expect(added).toBe(0);
        await expectAlive();
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT_MS);

  it("enqueue every unmutated event Shopfloor listens to exactly once, under its event_id", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("app_mention", "message", "app_home_opened"),
        oddText(),
        async (type, text) => {
          const id = `EvFUZZONCE${++n}`;
          const event = { type, user: "U0ALICE", text, ts: "1700000000.000100", channel: "C0BUGS", event_ts: "1700000000.000100", ...(type === "app_home_opened" ? { tab: "home" } : {}) };
          const body = JSON.stringify({ token: "x", team_id: "T0FUZZ", api_app_id: "A0FUZZ", type: "event_callback", event_id: id, event_time: 1_700_000_000, event });
          const { first, again, added } = await deliverTwice({ contentType: JSON_TYPE, body });
          expect([first.status, again.status]).toEqual([200, 200]);
          expect(added).toBe(1);
          expect(await web.ingressJob(`slack-ev-${id}`)).toMatchObject({ source: "slack", type: "event", eventId: id, event: { type, text } });
        },
      ),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT_MS);
});

/** Each counter-example fuzzing found, kept as a named case (the answer before the fix is in the title). */
describe("Slack regressions found by fuzzing", () => {
  const post = (contentType: string, body: string) => postRaw(url(), signed(contentType, body), body);
  const payload = (p: unknown) => new URLSearchParams({ payload: JSON.stringify(p) }).toString();
  const user = { id: "U0ALICE", team_id: "T0FUZZ" };
  const team = { id: "T0FUZZ" };
  /** The answer, and how many jobs it added. */
  async function answered(send: () => Promise<Answer>): Promise<Answer & { added: number }> {
    const before = await web.jobs();
    const answer = await send();
    return { ...answer, added: (await web.jobs()) - before };
  }

  it("a signed JSON null (or payload=null) is refused with 400; it was an unhandled rejection in Bolt, which ends the process", async () => {
    for (const [type, body] of [[JSON_TYPE, "null"], [FORM_TYPE, "payload=null"]] as const) {
      const answer = await answered(() => post(type, body));
      expect([answer.status, JSON.parse(answer.body), answer.added]).toEqual([400, { error: "the body must be a JSON object, not null" }, 0]);
    }
    await expectAlive();
  });

  it("a signed body that is no Slack request is refused at once; it was held 2.5 s and answered 404 with no body", async () => {
    for (const body of ["{}", "[]", "5", '"text"']) {
      const answer = await answered(() => post(JSON_TYPE, body));
      expect(answer.status).toBe(400);
      expect(expectNamedRefusal(answer)).toMatch(/^(not a Slack request|the body must be a JSON object)/);
      expect(answer.added).toBe(0);
    }
  });

  it("an event that is no object, or whose channel is null, is refused with 400 naming it; it was 500 (a TypeError in Bolt)", async () => {
    const envelope = (event: unknown) => JSON.stringify({ type: "event_callback", team_id: "T0FUZZ", event_id: `EvREG${++n}`, event });
    const notObject = await answered(() => post(JSON_TYPE, envelope("hi")));
    expect([notObject.status, JSON.parse(notObject.body), notObject.added]).toEqual([400, { error: "event must be a JSON object, not a string" }, 0]);
    const nullChannel = await answered(() => post(JSON_TYPE, envelope({ type: "app_mention", channel: null, user: "U0ALICE", text: "hi", ts: "1.2" })));
    expect([nullChannel.status, JSON.parse(nullChannel.body), nullChannel.added]).toEqual([400, { error: "event.channel must be a string or a JSON object, not null" }, 0]);
  });

  it("an event whose fields have the wrong type is acknowledged and dropped; it was 500, so Slack would redeliver it for ever", async () => {
    const body = JSON.stringify({ type: "event_callback", team_id: "T0FUZZ", event_id: 7, event: { type: "message", subtype: 5, channel: "C0BUGS", user: "U0ALICE", ts: "1.2" } });
    const answer = await answered(() => post(JSON_TYPE, body));
    expect([answer.status, answer.added]).toEqual([200, 0]);
  });

  it("slash commands without text, with a field twice, or with a bad response_url; they were 500, 500 and 'queue unreachable'", async () => {
    const form = (fields: Array<[string, string]>) => new URLSearchParams([["command", "/shopfloor"], ["team_id", "T0FUZZ"], ["channel_id", "C0BUGS"], ["user_id", "U0ALICE"], ["trigger_id", `tr-${++n}`], ...fields]).toString();
    const noText = await answered(() => post(FORM_TYPE, form([["response_url", "https://hooks.slack.com/commands/T/1/x"]])));
    expect([noText.status, noText.added]).toEqual([200, 0]);
    expect(noText.body).toContain("/shopfloor status");
    const twice = await answered(() => post(FORM_TYPE, form([["text", "status"], ["text", "bug it broke"], ["response_url", "https://hooks.slack.com/commands/T/1/x"]])));
    expect([twice.status, JSON.parse(twice.body), twice.added]).toEqual([400, { error: "form field text is sent more than once" }, 0]);
    const badUrl = await answered(() => post(FORM_TYPE, form([["text", "status"], ["response_url", "not a url"]])));
    expect([badUrl.status, badUrl.added]).toEqual([200, 0]);
    expect(JSON.parse(badUrl.body)).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("response_url: Invalid URL") });
    expect(badUrl.body).not.toContain("unreachable");
  });

  it("interactions whose ids, actions or view have the wrong type are refused with 400 naming the field; they were 500", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: "block_actions", team, user: { id: 6 }, actions: [{ action_id: "x", action_ts: "1.1" }] }, /^Slack interaction not taken: user\.id: Invalid input: expected string, received number$/],
      [{ type: "view_submission", team, user, view: { id: "V1", callback_id: "report_bug", app_installed_team_id: { toString: null } } }, /^view\.app_installed_team_id must be a string, not an object$/],
      [{ type: "block_actions", team, user, actions: null }, /^actions must be a non-empty JSON array$/],
      [{ type: "block_actions", team, user, actions: [null] }, /^actions\[0\] must be a JSON object, not null$/],
      [{ type: "block_actions", team, user, actions: [{ action_id: 5 }] }, /^actions\[0\]\.action_id must be a string, not a number$/],
      [{ type: "block_actions", team, user: null, actions: [{ action_id: "x" }] }, /^user must be a JSON object, not null$/],
      [{ type: "view_submission", team, user }, /^view is missing$/],
      [{ type: "view_submission", team, user, view: { id: "V1", callback_id: null } }, /^view\.callback_id must be a string, not null$/],
      [{ type: "message_action", callback_id: "report_bug_message", trigger_id: "t", team, user }, /^Slack message shortcut not taken: it needs channel\.id, message_ts and message$/],
    ];
    for (const [p, error] of cases) {
      const answer = await answered(() => post(FORM_TYPE, payload(p)));
      expect(answer.status, JSON.stringify(p)).toBe(400);
      expect(expectNamedRefusal(answer)).toMatch(error);
      expect(answer.added).toBe(0);
    }
  });

  it("a view whose id is an object that cannot become text is still taken; it was 500 (String() threw)", async () => {
    const view = { id: { toString: 1 }, callback_id: "squarebot_create_project", state: { values: {} } };
    const answer = await answered(() => post(FORM_TYPE, payload({ type: "view_submission", team, user, trigger_id: `tr-${++n}`, view })));
    expect([answer.status, answer.added]).toEqual([200, 1]);
  });

  it("an unknown command, shortcut or payload type is refused at once with 404 naming it; it was held 2.5 s, then 404 with no body", async () => {
    const unknown = [
      post(FORM_TYPE, new URLSearchParams({ command: "/other", text: "x", team_id: "T0FUZZ", channel_id: "C0BUGS", user_id: "U0ALICE", trigger_id: "t", response_url: "https://hooks.slack.com/x" }).toString()),
      post(FORM_TYPE, payload({ type: "shortcut", callback_id: "no_such_shortcut", trigger_id: "t", team, user })),
      post(FORM_TYPE, payload({ type: "view_closed", team, user, view: { id: "V1", callback_id: "report_bug" } })),
    ];
    for (const answer of await Promise.all(unknown)) {
      expect(answer.status).toBe(404);
      expect(expectNamedRefusal(answer)).toMatch(/^no Shopfloor listener handles this Slack request/);
    }
  });

  it("a click without action_ts is enqueued once however often it comes; it was enqueued once per delivery", async () => {
    const click = payload({ type: "block_actions", team, user, actions: [{ action_id: "merge_approve", value: `v-${++n}` }] });
    const { first, again, added } = await deliverTwice({ contentType: FORM_TYPE, body: click });
    expect([first.status, again.status, added]).toEqual([200, 200, 1]);
  });

  it("a body over 4 MB gets its 413; the connection used to be reset before the answer was read", async () => {
    const body = JSON.stringify({ type: "event_callback", event_id: "EvHUGE", event: { type: "message", text: "a".repeat(4_300_000) } });
    const answer = await answered(() => post(JSON_TYPE, body));
    expect([answer.status, JSON.parse(answer.body), answer.added]).toEqual([413, { error: `body larger than ${defaultBodyLimit} bytes` }, 0]);
  });
});
