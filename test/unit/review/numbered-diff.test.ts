import { describe, expect, it } from "vitest";
import { formatDiffForModel, parseNumberedDiff } from "../../../graphs/review/numbered-diff.js";
import { discountFile, legacyFile, logoFile, refundFile } from "./fixtures.js";

describe("formatDiffForModel", () => {
  it("prints new-side numbers on kept and added lines, none on deleted ones, and drops no-newline notes", () => {
    expect(formatDiffForModel([discountFile])).toBe(
      [
        "=== FILE: src/checkout/apply-discount.ts (modified, +5 -3) ===",
        "@@ -14,8 +14,11 @@ export function applyDiscount(cart: Cart, discount: Discount): Money {",
        "   14 |   if (discount.percent <= 0) {",
        "   15 |     return total;",
        "   16 |   }",
        "      |-  const percent = discount.percent;",
        "   17 |+  const percent = Math.min(discount.percent, MAX_PERCENT);",
        "   18 |   const off = total.times(percent / 100);",
        "   19 |+  if (off.greaterThan(total)) {",
        "   20 |+    return Money.zero(total.currency);",
        "   21 |+  }",
        "   22 |   return total.minus(off);",
        "   23 | }",
        "   24 | ",
        "@@ -24,7 +27,6 @@ export function describeDiscount(discount: Discount): string {",
        "   27 | }",
        "   28 | ",
        "   29 | export function isExpired(expiresAt: Date, now: Date): boolean {",
        "      |-  // TODO: time zones",
        "   30 |   return expiresAt.getTime() < now.getTime();",
        "   31 | }",
        "   32 | ",
        "@@ -36,4 +38,4 @@ export function sameCode(a: string, b: string): boolean {",
        "   38 |   return normaliseCode(a) === normaliseCode(b);",
        "   39 | }",
        "   40 | ",
        '      |-export const DEFAULT_DISCOUNT: Discount = { code: "NONE", percent: 0 };',
        '   41 |+export const DEFAULT_DISCOUNT: Discount = { code: "NONE", percent: 0, expiresAt: null };',
      ].join("\n"),
    );
  });

  it("separates files by a blank line and says when a file has no textual diff", () => {
    expect(formatDiffForModel([logoFile, legacyFile])).toBe(
      [
        "=== FILE: public/logo.png (modified, +0 -0) ===",
        "(no textual diff: binary or too large)",
        "",
        "=== FILE: src/checkout/legacy.ts (removed, +0 -3) ===",
        "@@ -1,3 +0,0 @@",
        "      |-export function legacyTotal(): number {",
        "      |-  return 0;",
        "      |-}",
      ].join("\n"),
    );
  });

  it("returns an empty text for no files", () => {
    expect(formatDiffForModel([])).toBe("");
  });
});

describe("parseNumberedDiff", () => {
  it("gives back each file's added lines with their numbers", () => {
    const text = formatDiffForModel([discountFile, logoFile, refundFile, legacyFile]);
    expect(parseNumberedDiff(text)).toEqual([
      {
        path: "src/checkout/apply-discount.ts",
        added: [
          { line: 17, text: "  const percent = Math.min(discount.percent, MAX_PERCENT);" },
          { line: 19, text: "  if (off.greaterThan(total)) {" },
          { line: 20, text: "    return Money.zero(total.currency);" },
          { line: 21, text: "  }" },
          { line: 41, text: 'export const DEFAULT_DISCOUNT: Discount = { code: "NONE", percent: 0, expiresAt: null };' },
        ],
      },
      { path: "public/logo.png", added: [] },
      {
        path: "src/money/refund.ts",
        added: [
          { line: 1, text: 'import { Money } from "./money.js";' },
          { line: 2, text: "" },
          { line: 3, text: "/** Refunds are never larger than what was charged. */" },
          { line: 4, text: "export function refundable(charged: Money, requested: Money): Money {" },
          { line: 5, text: "  return requested.greaterThan(charged) ? charged : requested;" },
          { line: 6, text: "}" },
        ],
      },
      { path: "src/checkout/legacy.ts", added: [] },
    ]);
  });

  it("reads paths with parentheses and line numbers wider than the column", () => {
    const file = { path: "web/app/(shop)/cart/page.tsx", status: "modified", additions: 1, deletions: 0, patch: "@@ -123455,1 +123455,2 @@\n x\n+y" };
    const text = formatDiffForModel([file]);
    expect(text).toContain("123456 |+y");
    expect(parseNumberedDiff(text)).toEqual([{ path: "web/app/(shop)/cart/page.tsx", added: [{ line: 123456, text: "y" }] }]);
  });
});
