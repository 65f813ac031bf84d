import type { ReviewFile } from "../../../graphs/review/review-types.js";

/**
 * Patches as GitHub returns them in a PR's files (no `diff --git` headers, no trailing newline).
 * discountPatch: src/checkout/apply-discount.ts, 3 hunks — a replaced line with 3 added below it, a deleted
 * comment, and a last line changed in a file without a final newline.
 */
export const discountPatch = [
  "@@ -14,8 +14,11 @@ export function applyDiscount(cart: Cart, discount: Discount): Money {",
  "   if (discount.percent <= 0) {",
  "     return total;",
  "   }",
  "-  const percent = discount.percent;",
  "+  const percent = Math.min(discount.percent, MAX_PERCENT);",
  "   const off = total.times(percent / 100);",
  "+  if (off.greaterThan(total)) {",
  "+    return Money.zero(total.currency);",
  "+  }",
  "   return total.minus(off);",
  " }",
  " ",
  "@@ -24,7 +27,6 @@ export function describeDiscount(discount: Discount): string {",
  " }",
  " ",
  " export function isExpired(expiresAt: Date, now: Date): boolean {",
  "-  // TODO: time zones",
  "   return expiresAt.getTime() < now.getTime();",
  " }",
  " ",
  "@@ -36,4 +38,4 @@ export function sameCode(a: string, b: string): boolean {",
  "   return normaliseCode(a) === normaliseCode(b);",
  " }",
  " ",
  "-export const DEFAULT_DISCOUNT: Discount = { code: \"NONE\", percent: 0 };",
  "\\ No newline at end of file",
  "+export const DEFAULT_DISCOUNT: Discount = { code: \"NONE\", percent: 0, expiresAt: null };",
  "\\ No newline at end of file",
].join("\n");

export const newFilePatch = [
  "@@ -0,0 +1,6 @@",
  "+import { Money } from \"./money.js\";",
  "+",
  "+/** Refunds are never larger than what was charged. */",
  "+export function refundable(charged: Money, requested: Money): Money {",
  "+  return requested.greaterThan(charged) ? charged : requested;",
  "+}",
].join("\n");

export const removedFilePatch = ["@@ -1,3 +0,0 @@", "-export function legacyTotal(): number {", "-  return 0;", "-}"].join("\n");

export const discountFile: ReviewFile = { path: "src/checkout/apply-discount.ts", status: "modified", additions: 5, deletions: 3, patch: discountPatch };
export const refundFile: ReviewFile = { path: "src/money/refund.ts", status: "added", additions: 6, deletions: 0, patch: newFilePatch };
export const legacyFile: ReviewFile = { path: "src/checkout/legacy.ts", status: "removed", additions: 0, deletions: 3, patch: removedFilePatch };
export const logoFile: ReviewFile = { path: "public/logo.png", status: "modified", additions: 0, deletions: 0 };
