import { describe, expect, it } from "vitest";
import { findingFingerprint, normaliseTitle, titleSimilarity } from "../../../graphs/review/fingerprint.js";

describe("normaliseTitle", () => {
  it("drops case, quotes, backticks, punctuation and digits", () => {
    expect(normaliseTitle("  `applyDiscount()` doesn't cap the percent at 50%!  ")).toBe("applydiscount doesnt cap the percent at");
    expect(normaliseTitle('SQL injection in "search" (line 42)')).toBe("sql injection in search line");
    expect(normaliseTitle("Missing null-check on user.id")).toBe("missing null check on user id");
  });
});

describe("findingFingerprint", () => {
  it("is 16 hex characters, stable across wording noise and line numbers", () => {
    const fp = findingFingerprint("src/checkout/apply-discount.ts", "Discount percent is not capped (line 17)");
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(findingFingerprint("src/checkout/apply-discount.ts", "discount percent is not capped, line 19")).toBe(fp);
  });

  it("differs by path and by words", () => {
    const fp = findingFingerprint("src/a.ts", "Discount percent is not capped");
    expect(findingFingerprint("src/b.ts", "Discount percent is not capped")).not.toBe(fp);
    expect(findingFingerprint("src/a.ts", "Discount amount is not capped")).not.toBe(fp);
  });
});

describe("titleSimilarity", () => {
  it("is the Jaccard index of the normalised word sets", () => {
    expect(titleSimilarity("Missing null check on user", "Null check missing for user")).toBeCloseTo(4 / 6);
    expect(titleSimilarity("Discount not capped", "`discount` NOT capped!")).toBe(1);
    expect(titleSimilarity("SQL injection in search", "Typo in heading")).toBeCloseTo(1 / 6);
  });

  it("is 0 when a title has no words", () => {
    expect(titleSimilarity("42!", "42!")).toBe(0);
    expect(titleSimilarity("", "Anything")).toBe(0);
  });
});
