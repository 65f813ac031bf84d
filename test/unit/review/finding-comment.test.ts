import { describe, expect, it } from "vitest";
import { findingMarker, fixedReplyBody, inlineCommentBody, looksLikeCode, parseFindingMarker } from "../../../graphs/review/finding-comment.js";
import type { Finding } from "../../../graphs/review/review-types.js";

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  path: "src/checkout/apply-discount.ts",
  startLine: 19,
  endLine: 21,
  severity: "major",
  title: "Guard compares the discount with the total after it was capped",
  reason: "`off` can never exceed `total` once the percent is capped at 50, so the branch is dead code.",
  dimensions: ["correctness", "tests"],
  fingerprint: "0123456789abcdef",
  placement: "inline",
  anchor: { line: 21, startLine: 19 },
  ...overrides,
});

describe("inlineCommentBody", () => {
  it("leads with severity, dimensions and title, and ends with the marker", () => {
    const body = inlineCommentBody(finding({ suggestion: "Remove the branch, or test the uncapped path." }));
    expect(body).toBe(
      [
        "🟠 **Major** · correctness, tests · **Guard compares the discount with the total after it was capped**",
        "",
        "`off` can never exceed `total` once the percent is capped at 50, so the branch is dead code.",
        "",
        "Suggested change: Remove the branch, or test the uncapped path.",
        "",
        "<!-- shopfloor:finding=0123456789abcdef -->",
      ].join("\n"),
    );
  });

  it("fences a code suggestion, with a longer fence when the code holds backticks", () => {
    const body = inlineCommentBody(finding({ severity: "blocker", dimensions: ["security"], suggestion: "const sql = `SELECT * FROM t WHERE id = $1`;\nawait db.query(sql, [id]);" }));
    expect(body.split("\n")[0]).toBe("🔴 **Blocker** · security · **Guard compares the discount with the total after it was capped**");
    expect(body).toContain("Suggested change:\n\n```\nconst sql = `SELECT * FROM t WHERE id = $1`;\nawait db.query(sql, [id]);\n```\n\n<!-- shopfloor:finding=");
    const withFence = inlineCommentBody(finding({ suggestion: 'const usage = "```sh\\nnpm test\\n```";' }));
    expect(withFence).toContain('Suggested change:\n\n````\nconst usage = "```sh\\nnpm test\\n```";\n````\n\n');
  });

  it("keeps a suggestion the model already fenced as it is", () => {
    const body = inlineCommentBody(finding({ severity: "nit", suggestion: "```ts\nreturn total;\n```" }));
    expect(body).toContain("Suggested change:\n\n```ts\nreturn total;\n```\n\n");
    expect(body.startsWith("⚪ **Nit**")).toBe(true);
  });

  it("omits the suggestion paragraph when there is none and puts a multi-line title on one line", () => {
    const body = inlineCommentBody(finding({ severity: "minor", title: "Dead branch\nafter cap" }));
    expect(body).not.toContain("Suggested change");
    expect(body.split("\n")[0]).toBe("🟡 **Minor** · correctness, tests · **Dead branch after cap**");
    expect(body.split("\n").at(-1)).toBe("<!-- shopfloor:finding=0123456789abcdef -->");
  });
});

describe("looksLikeCode", () => {
  it("tells source from prose", () => {
    expect(looksLikeCode("const percent = Math.min(discount.percent, MAX_PERCENT);")).toBe(true);
    expect(looksLikeCode("if (!user) return null;")).toBe(true);
    expect(looksLikeCode("user.save()")).toBe(true);
    expect(looksLikeCode("items.map((i) => i.price)")).toBe(true);
    expect(looksLikeCode("Use a parameterised query instead of string concatenation.")).toBe(false);
    expect(looksLikeCode("Check `user` for null before reading `user.id` (it is optional).")).toBe(false);
    expect(looksLikeCode("return early when the cart is empty")).toBe(false);
  });
});

describe("finding markers", () => {
  it("round-trips the fingerprint through a comment body", () => {
    expect(findingMarker("0123456789abcdef")).toBe("<!-- shopfloor:finding=0123456789abcdef -->");
    expect(parseFindingMarker(inlineCommentBody(finding()))).toBe("0123456789abcdef");
    expect(parseFindingMarker("Thanks, fixed!")).toBeNull();
    expect(parseFindingMarker("<!-- shopfloor:key=abc -->")).toBeNull();
  });
});

describe("fixedReplyBody", () => {
  it("names the short sha of the fixing commit", () => {
    expect(fixedReplyBody("abc1234def5678abc1234def5678abc1234def56")).toBe("Fixed in abc1234 — resolving.");
  });
});
