import { describe, expect, it } from "vitest";
import { parseHunks } from "../../../graphs/review/diff-hunks.js";
import { consolidate, threadMatches } from "../../../graphs/review/consolidate.js";
import { findingFingerprint } from "../../../graphs/review/fingerprint.js";
import type { Dimension, OpenThread, RawFinding } from "../../../graphs/review/review-types.js";
import { discountPatch, newFilePatch } from "./fixtures.js";

const DISCOUNT = "src/checkout/apply-discount.ts";
const REFUND = "src/money/refund.ts";
const hunks = { [DISCOUNT]: parseHunks(discountPatch), [REFUND]: parseHunks(newFilePatch) };

const raw = (dimension: Dimension, finding: RawFinding) => ({ dimension, finding });

const deadBranch = raw("correctness", {
  path: DISCOUNT,
  startLine: 19,
  endLine: 21,
  severity: "major",
  title: "Dead branch: off can never exceed total after the cap",
  reason: "The guard is unreachable.",
  suggestion: "Remove the branch.",
});
const deadBranchFromTests = raw("tests", {
  path: DISCOUNT,
  startLine: 20,
  endLine: 22,
  severity: "minor",
  title: "Dead branch: off never exceeds the total after the cap",
  reason: "Once the percent is capped at 50, `off` is at most half the total, so no test can reach this branch.",
});
const expiresAtSecurity = raw("security", {
  path: DISCOUNT,
  startLine: 41,
  endLine: 38,
  severity: "blocker",
  title: "DEFAULT_DISCOUNT exposes expiresAt: null",
  reason: "A null expiry makes the default discount valid forever.",
});
const expiresAtArchitecture = raw("architecture", {
  path: DISCOUNT,
  startLine: 5,
  endLine: 5,
  severity: "minor",
  title: "`default_discount` exposes expiresAt null",
  reason: "The Discount interface has no expiresAt field.",
  suggestion: "Add expiresAt to Discount.",
});
const timeZones = raw("correctness", { path: DISCOUNT, startLine: 29, endLine: 30, severity: "minor", title: "isExpired ignores time zones", reason: "The TODO was removed but not done." });
const cartTotals = raw("correctness", { path: "src/cart/cart.ts", startLine: 12, endLine: 14, severity: "major", title: "Cart total is not rounded", reason: "Callers now rely on a rounded total." });
const capUntested = raw("tests", { path: DISCOUNT, startLine: 17, endLine: 17, severity: "minor", title: "No test covers the 50% percent cap", reason: "The cap is new behaviour." });
const refundEqual = raw("correctness", {
  path: REFUND,
  startLine: 4,
  endLine: 5,
  severity: "major",
  title: "refundable returns requested amount when it equals charged",
  reason: "Equal amounts take the requested branch.",
});
const nitImport = raw("architecture", { path: REFUND, startLine: 0, endLine: 1, severity: "nit", title: "Import order", reason: "Sort imports." });
const nitComment = raw("ui", { path: REFUND, startLine: 3, endLine: 3, severity: "nit", title: "Comment wording", reason: "Say 'charged amount'." });
const nitReturn = raw("correctness", { path: REFUND, startLine: 5, endLine: 5, severity: "nit", title: "Prefer an early return", reason: "Reads better." });

const thread = (overrides: Partial<OpenThread>): OpenThread => ({
  threadId: "PRRT_1",
  commentId: 1,
  fingerprint: "ffffffffffffffff",
  path: DISCOUNT,
  line: null,
  originalLine: null,
  isOutdated: false,
  title: "Something else entirely",
  ...overrides,
});

const openThreads: OpenThread[] = [
  thread({ threadId: "PRRT_tz", fingerprint: findingFingerprint(DISCOUNT, "isExpired ignores time zones"), line: 29 }),
  thread({ threadId: "PRRT_refund", path: REFUND, line: null, originalLine: 4, isOutdated: true, title: "refundable returns requested when equal" }),
  // Same words, but far from any finding's lines and with another fingerprint: does not hide anything.
  thread({ threadId: "PRRT_far", path: REFUND, line: 40, title: "Import order" }),
];

describe("consolidate", () => {
  const result = consolidate({
    raw: [deadBranch, deadBranchFromTests, expiresAtSecurity, expiresAtArchitecture, timeZones, cartTotals, capUntested, refundEqual, nitImport, nitComment, nitReturn],
    hunks,
    openThreads,
    maxNits: 2,
  });

  it("merges what several dimensions reported about one problem and places each finding", () => {
    expect(result.findings).toEqual([
      {
        path: DISCOUNT,
        startLine: 38,
        endLine: 41,
        severity: "blocker",
        title: "DEFAULT_DISCOUNT exposes expiresAt: null",
        reason: "A null expiry makes the default discount valid forever.",
        suggestion: "Add expiresAt to Discount.",
        dimensions: ["security", "architecture"],
        fingerprint: findingFingerprint(DISCOUNT, "DEFAULT_DISCOUNT exposes expiresAt: null"),
        placement: "inline",
        anchor: { line: 41, startLine: 38 },
      },
      {
        path: "src/cart/cart.ts",
        startLine: 12,
        endLine: 14,
        severity: "major",
        title: "Cart total is not rounded",
        reason: "Callers now rely on a rounded total.",
        dimensions: ["correctness"],
        fingerprint: findingFingerprint("src/cart/cart.ts", "Cart total is not rounded"),
        placement: "summary",
      },
      {
        path: DISCOUNT,
        startLine: 19,
        endLine: 21,
        severity: "major",
        title: "Dead branch: off can never exceed total after the cap",
        reason: "Once the percent is capped at 50, `off` is at most half the total, so no test can reach this branch.",
        suggestion: "Remove the branch.",
        dimensions: ["correctness", "tests"],
        fingerprint: findingFingerprint(DISCOUNT, "Dead branch: off can never exceed total after the cap"),
        placement: "inline",
        anchor: { line: 21, startLine: 19 },
      },
      {
        path: DISCOUNT,
        startLine: 17,
        endLine: 17,
        severity: "minor",
        title: "No test covers the 50% percent cap",
        reason: "The cap is new behaviour.",
        dimensions: ["tests"],
        fingerprint: findingFingerprint(DISCOUNT, "No test covers the 50% percent cap"),
        placement: "inline",
        anchor: { line: 17 },
      },
      {
        path: REFUND,
        startLine: 1,
        endLine: 1,
        severity: "nit",
        title: "Import order",
        reason: "Sort imports.",
        dimensions: ["architecture"],
        fingerprint: findingFingerprint(REFUND, "Import order"),
        placement: "inline",
        anchor: { line: 1 },
      },
      {
        path: REFUND,
        startLine: 3,
        endLine: 3,
        severity: "nit",
        title: "Comment wording",
        reason: "Say 'charged amount'.",
        dimensions: ["ui"],
        fingerprint: findingFingerprint(REFUND, "Comment wording"),
        placement: "inline",
        anchor: { line: 3 },
      },
    ]);
  });

  it("does not re-post what an open thread already raises, matched by fingerprint or by place and title", () => {
    expect(result.alreadyOpen.map((f) => [f.path, f.startLine, f.title, f.placement])).toEqual([
      [REFUND, 4, "refundable returns requested amount when it equals charged", "inline"],
      [DISCOUNT, 29, "isExpired ignores time zones", "summary"],
    ]);
  });

  it("keeps only the first nits up to the limit and counts the rest", () => {
    expect(result.droppedNits).toBe(1);
    expect(result.findings.some((f) => f.title === "Prefer an early return")).toBe(false);
  });

  it("anchors a range that spans context lines to the part inside the hunk", () => {
    const { findings } = consolidate({
      raw: [raw("correctness", { path: DISCOUNT, startLine: 10, endLine: 30, severity: "major", title: "Whole function rewritten unsafely", reason: "r" })],
      hunks,
      openThreads: [],
      maxNits: 5,
    });
    expect(findings[0]?.anchor).toEqual({ line: 24, startLine: 14 });
  });

  it("does not merge findings on nearby lines whose titles differ, nor similar titles far apart", () => {
    const { findings } = consolidate({
      raw: [
        deadBranch,
        capUntested,
        raw("tests", { ...deadBranch.finding, startLine: 38, endLine: 38, title: "Dead branch: off can never exceed total", severity: "minor" }),
      ],
      hunks,
      openThreads: [],
      maxNits: 5,
    });
    expect(findings.map((f) => [f.startLine, f.dimensions])).toEqual([
      [19, ["correctness"]],
      [17, ["tests"]],
      [38, ["tests"]],
    ]);
  });

  it("drops every nit when none are allowed and finds nothing in nothing", () => {
    const noNits = consolidate({ raw: [nitImport, nitComment, refundEqual], hunks, openThreads: [], maxNits: 0 });
    expect(noNits.findings.map((f) => f.severity)).toEqual(["major"]);
    expect(noNits.droppedNits).toBe(2);
    expect(consolidate({ raw: [], hunks, openThreads, maxNits: 3 })).toEqual({ findings: [], alreadyOpen: [], droppedNits: 0 });
  });
});

describe("threadMatches", () => {
  const finding = { path: REFUND, startLine: 4, endLine: 5, title: "refundable returns requested amount when it equals charged", fingerprint: "0000000000000000" };

  it("matches an outdated thread by its original line and a similar title, within two lines", () => {
    const outdated = thread({ path: REFUND, line: null, originalLine: 7, isOutdated: true, title: "refundable returns requested when equal" });
    expect(threadMatches(finding, outdated)).toBe(true);
    expect(threadMatches(finding, { ...outdated, originalLine: 8 })).toBe(false);
    expect(threadMatches(finding, { ...outdated, title: "Import order" })).toBe(false);
    expect(threadMatches(finding, { ...outdated, path: DISCOUNT })).toBe(false);
  });

  it("prefers the current line and matches any place when the fingerprint is the same", () => {
    expect(threadMatches(finding, thread({ path: REFUND, line: 30, originalLine: 4, title: "refundable returns requested when equal" }))).toBe(false);
    expect(threadMatches(finding, thread({ path: DISCOUNT, line: 99, fingerprint: "0000000000000000" }))).toBe(true);
    expect(threadMatches(finding, thread({ path: REFUND, line: null, originalLine: null, title: finding.title }))).toBe(false);
  });
});
