import { Webhooks } from "@octokit/webhooks";
import { isValidSlackRequest } from "@slack/bolt";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signSentryBody, verifySentrySignature } from "../../src/adapters/sentry/verify-signature.js";
import { signWebhookBody } from "../../src/sandbox/fake-github/webhook-sender.js";
import { signSlackRequest } from "../../src/sandbox/fake-slack/slack-signature.js";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../support/fuzz-runs.js";
import { oddText } from "./support/arbitraries.js";

/**
 * The signature checks the web role relies on, with any secret, body and timestamp: Bolt's v0 check (what the Slack
 * guard and Bolt's receiver run), @octokit/webhooks' X-Hub-Signature-256 check and our Sentry-Hook-Signature check.
 * A correct signature verifies; a change to the body, the signature or the timestamp fails; a garbage header value
 * fails without throwing. Through HTTP the same is fuzzed in slack-ingress.test.ts and webhooks.test.ts.
 */

const secret = oddText(8).filter((s) => s.length > 0);
const body = fc.oneof(oddText(20), fc.string({ unit: "binary", maxLength: 200 }));
/** Any header value, and the near misses: empty, a bare prefix, the wrong length, upper case, non-hex, huge. */
const garbage = fc.oneof(
  oddText(8),
  fc.constantFrom("", "v0=", "sha256=", "v0=zz", "sha256=zz", `v0=${"0".repeat(64)}`, `sha256=${"0".repeat(64)}`, "0".repeat(63), "v1=00", "=", "v0==", "sha256==", "x".repeat(100_000)),
);
/**
 * Whether two secrets are one HMAC key: a key is its UTF-8 bytes (a lone surrogate becomes U+FFFD), and a key of at
 * most 64 bytes is padded with zero bytes, so "k" and "k\0" sign alike. That is HMAC, not a weakness of the checks.
 */
const sameKey = (a: string, b: string) => {
  const key = (k: string) => {
    const bytes = Buffer.from(k, "utf8");
    return bytes.length > 64 ? bytes.toString("hex") : bytes.toString("hex").replace(/(00)+$/, "");
  };
  return key(a) === key(b);
};

/** A different hex digit at one place of a hex signature. */
const flipHex = (sig: string, at: number, step: number) => {
  const i = sig.length - 64 + (at % 64);
  return sig.slice(0, i) + ((parseInt(sig[i]!, 16) + 1 + (step % 15)) % 16).toString(16) + sig.slice(i + 1);
};

describe("Slack v0 (Bolt's verifySlackRequest)", () => {
  const nowSec = () => Math.floor(Date.now() / 1000);
  const valid = (signingSecret: string, text: string, ts: number, signature: string) =>
    isValidSlackRequest({ signingSecret, body: text, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": ts } });

  it("verifies a correct signature stamped within five minutes", () => {
    fc.assert(
      fc.property(secret, body, fc.integer({ min: -290, max: 290 }), (s, text, skew) => {
        const ts = nowSec() + skew;
        expect(valid(s, text, ts, signSlackRequest(s, text, ts))).toBe(true);
      }),
      fuzzParams({ pure: true }),
    );
  }, FUZZ_TIMEOUT_MS);

  it("fails a changed body, signature, secret or timestamp, and a stale stamp, without throwing", () => {
    const change = fc.oneof(
      fc.record({ body: oddText(3).filter((t) => t.length > 0) }),
      fc.record({ flip: fc.nat(), step: fc.nat() }),
      fc.record({ secret }),
      fc.record({ ts: fc.integer({ min: 1, max: 1_000_000 }) }),
      fc.record({ stale: fc.integer({ min: 310, max: 10 * 365 * 86_400 }) }),
    );
    fc.assert(
      fc.property(secret, body, change, (s, text, c) => {
        const ts = nowSec();
        const signature = signSlackRequest(s, text, ts);
        if ("body" in c) expect(valid(s, text + c.body, ts, signature)).toBe(false);
        else if ("flip" in c) expect(valid(s, text, ts, flipHex(signature, c.flip, c.step))).toBe(false);
        else if ("secret" in c) expect(valid(s, text, ts, signSlackRequest(c.secret, text, ts))).toBe(sameKey(c.secret, s));
        else if ("ts" in c) expect(valid(s, text, ts - c.ts, signature)).toBe(false);
        else expect(valid(s, text, ts - c.stale, signSlackRequest(s, text, ts - c.stale))).toBe(false);
      }),
      fuzzParams({ pure: true }),
    );
  }, FUZZ_TIMEOUT_MS);

  it("fails a garbage signature or timestamp without throwing", () => {
    fc.assert(
      fc.property(secret, body, garbage, fc.oneof(fc.constant(Number.NaN), fc.double()), (s, text, signature, ts) => {
        expect(valid(s, text, nowSec(), signature)).toBe(false);
        expect(valid(s, text, ts, signSlackRequest(s, text, nowSec()))).toBe(false);
      }),
      fuzzParams({ pure: true }),
    );
  }, FUZZ_TIMEOUT_MS);
});

describe("GitHub X-Hub-Signature-256 (@octokit/webhooks, as the route calls it)", () => {
  /** The route treats a rejected verify as a wrong signature. */
  const verify = (s: string, text: string, signature: string) => new Webhooks({ secret: s }).verify(text, signature).catch(() => false);

  it("verifies a correct signature of any non-empty body", async () => {
    await fc.assert(
      fc.asyncProperty(secret, body.filter((t) => t.length > 0), async (s, text) => {
        expect(await verify(s, text, signWebhookBody(s, text).sha256)).toBe(true);
      }),
      fuzzParams({ pure: true }),
    );
  }, FUZZ_TIMEOUT_MS);

  it("fails a changed body, signature or secret, and any garbage signature", async () => {
    const change = fc.oneof(fc.record({ body: oddText(3).filter((t) => t.length > 0) }), fc.record({ flip: fc.nat(), step: fc.nat() }), fc.record({ secret }), fc.record({ garbage }));
    await fc.assert(
      fc.asyncProperty(secret, body.filter((t) => t.length > 0), change, async (s, text, c) => {
        const signature = signWebhookBody(s, text).sha256;
        if ("body" in c) expect(await verify(s, text + c.body, signature)).toBe(false);
        else if ("flip" in c) expect(await verify(s, text, flipHex(signature, c.flip, c.step))).toBe(false);
        else if ("secret" in c) expect(await verify(s, text, signWebhookBody(c.secret, text).sha256)).toBe(sameKey(c.secret, s));
        else expect(await verify(s, text, c.garbage)).toBe(false);
      }),
      fuzzParams({ pure: true }),
    );
  }, FUZZ_TIMEOUT_MS);
});

describe("Sentry-Hook-Signature (src/adapters/sentry/verify-signature.ts)", () => {
  it("verifies a correct signature of any body, as bytes or as text", () => {
    fc.assert(
      fc.property(secret, body, (s, text) => {
        const signature = signSentryBody(text, s);
        expect(verifySentrySignature(text, signature, s)).toBe(true);
        expect(verifySentrySignature(Buffer.from(text, "utf8"), signature, s)).toBe(true);
      }),
      fuzzParams({ pure: true }),
    );
  }, FUZZ_TIMEOUT_MS);

  it("fails a changed body, signature or secret, a missing signature and any garbage, without throwing", () => {
    const change = fc.oneof(
      fc.record({ body: oddText(3).filter((t) => t.length > 0) }),
      fc.record({ flip: fc.nat(), step: fc.nat() }),
      fc.record({ secret }),
      fc.record({ garbage: fc.option(garbage, { nil: undefined }) }),
    );
    fc.assert(
      fc.property(secret, body, change, (s, text, c) => {
        const signature = signSentryBody(text, s);
        if ("body" in c) expect(verifySentrySignature(text + c.body, signature, s)).toBe(false);
        else if ("flip" in c) expect(verifySentrySignature(text, flipHex(signature, c.flip, c.step), s)).toBe(false);
        else if ("secret" in c) expect(verifySentrySignature(text, signSentryBody(text, c.secret), s)).toBe(sameKey(c.secret, s));
        else expect(verifySentrySignature(text, c.garbage, s)).toBe(false);
      }),
      fuzzParams({ pure: true }),
    );
  }, FUZZ_TIMEOUT_MS);
});
