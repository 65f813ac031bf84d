import { describe, expect, it } from "vitest";
import { formatDiffForModel } from "../../../graphs/review/numbered-diff.js";
import { estimateTokens, planChunks } from "../../../graphs/review/plan-chunks.js";
import type { ReviewFile } from "../../../graphs/review/review-types.js";
import { legacyFile, logoFile } from "./fixtures.js";

/** A one-line added file whose formatted diff is exactly `tokens` tokens. */
function fileOf(path: string, tokens: number): ReviewFile {
  const base: ReviewFile = { path, status: "added", additions: 1, deletions: 0, patch: "@@ -0,0 +1 @@\n+" };
  const baseLength = formatDiffForModel([base]).length;
  return { ...base, patch: `@@ -0,0 +1 @@\n+${"x".repeat(tokens * 4 - baseLength)}` };
}

const plan = (files: ReviewFile[], overrides: Partial<Parameters<typeof planChunks>[0]> = {}) =>
  planChunks({ files, tokenBudget: 1_000_000, chunkTokens: 1000, callsPerChunk: 1, contextTokens: 0, ...overrides });

describe("estimateTokens", () => {
  it("counts four characters per token, rounding up", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("abcde")).toBe(2);
  });

  it("is what the test files are built with", () => {
    expect(estimateTokens(formatDiffForModel([fileOf("api/orders.ts", 500)]))).toBe(500);
  });
});

describe("planChunks", () => {
  it("packs files in path order into chunks that stay under the per-call limit", () => {
    const files = [fileOf("web/checkout.tsx", 300), fileOf("api/users.ts", 300), fileOf("lib/money.ts", 150), fileOf("api/orders.ts", 500), fileOf("web/cart.tsx", 400)];
    expect(plan(files)).toEqual({
      chunks: [
        { files: ["api/orders.ts", "api/users.ts", "lib/money.ts"], tokens: 950 },
        { files: ["web/cart.tsx", "web/checkout.tsx"], tokens: 700 },
      ],
      skipped: [],
    });
  });

  it("starts a new chunk rather than split a directory that fits whole in one", () => {
    const files = [fileOf("api/orders.ts", 600), fileOf("web/a.tsx", 300), fileOf("web/b.tsx", 300)];
    expect(plan(files).chunks).toEqual([
      { files: ["api/orders.ts"], tokens: 600 },
      { files: ["web/a.tsx", "web/b.tsx"], tokens: 600 },
    ]);
  });

  it("fills the current chunk when a directory is too big for any single chunk", () => {
    const files = [fileOf("api/orders.ts", 600), fileOf("web/a.tsx", 300), fileOf("web/b.tsx", 400), fileOf("web/c.tsx", 400)];
    expect(plan(files).chunks).toEqual([
      { files: ["api/orders.ts", "web/a.tsx"], tokens: 900 },
      { files: ["web/b.tsx", "web/c.tsx"], tokens: 800 },
    ]);
  });

  it("skips files without a patch and files larger than one call, saying why", () => {
    const result = plan([fileOf("api/huge.ts", 1200), logoFile, fileOf("api/small.ts", 100)]);
    expect(result.chunks).toEqual([{ files: ["api/small.ts"], tokens: 100 }]);
    expect(result.skipped).toEqual([
      { path: "api/huge.ts", reason: "diff of ~1200 tokens is larger than one review call allows (1000)" },
      { path: "public/logo.png", reason: "no textual diff (binary or too large for GitHub)" },
    ]);
  });

  it("reviews a removed file that has a patch", () => {
    const result = plan([legacyFile]);
    expect(result.chunks).toEqual([{ files: ["src/checkout/legacy.ts"], tokens: estimateTokens(formatDiffForModel([legacyFile])) }]);
    expect(result.skipped).toEqual([]);
  });

  it("skips a file that would overrun the budget and keeps trying smaller later files", () => {
    // Cost = Σ (chunk tokens + 100 context) × 2 calls. a/1 + a/2 = 1800; a/3 needs a new chunk (+800) → over 2000;
    // a/4 still fits in the open chunk (+100) → 1900.
    const files = [fileOf("a/1.ts", 400), fileOf("a/2.ts", 400), fileOf("a/3.ts", 300), fileOf("a/4.ts", 50)];
    const result = plan(files, { tokenBudget: 2000, callsPerChunk: 2, contextTokens: 100 });
    expect(result.chunks).toEqual([{ files: ["a/1.ts", "a/2.ts", "a/4.ts"], tokens: 850 }]);
    expect(result.skipped).toEqual([{ path: "a/3.ts", reason: "over this review's token budget of 2000 tokens" }]);
  });

  it("spends the budget on higher-priority files first", () => {
    const files = [fileOf("api/orders.ts", 400), fileOf("docs/guide.md", 400), fileOf("web/cart.tsx", 400)];
    const priority = (path: string) => (path.startsWith("web/") ? 2 : path.startsWith("api/") ? 1 : 0);
    const result = plan(files, { tokenBudget: 900, chunkTokens: 500, priority });
    expect(result.chunks).toEqual([
      { files: ["web/cart.tsx"], tokens: 400 },
      { files: ["api/orders.ts"], tokens: 400 },
    ]);
    expect(result.skipped).toEqual([{ path: "docs/guide.md", reason: "over this review's token budget of 900 tokens" }]);
  });

  it("gives the same plan whatever order the files arrive in", () => {
    const files = [fileOf("b/x.ts", 300), fileOf("a/y.ts", 500), fileOf("a/x.ts", 500), logoFile, fileOf("c.ts", 200)];
    const expected = plan(files);
    expect(plan([...files].reverse())).toEqual(expected);
    expect(expected.chunks.map((c) => c.files)).toEqual([["a/x.ts", "a/y.ts"], ["b/x.ts", "c.ts"]]);
  });
});
