import { describe, expect, it } from "vitest";
import type { Coverage, Finding, RiskAssessment } from "../../../graphs/review/review-types.js";
import { reviewBody, summaryMarkdown, type SummaryInput } from "../../../graphs/review/summary-markdown.js";

const HEAD = "abc1234def5678abc1234def5678abc1234def56";

const blocker: Finding = {
  path: "src/checkout/apply-discount.ts",
  startLine: 38,
  endLine: 41,
  severity: "blocker",
  title: "Pipe | in title",
  reason: "A null expiry\nmakes the default discount valid forever.",
  dimensions: ["security", "architecture"],
  fingerprint: "1111111111111111",
  placement: "inline",
  anchor: { line: 41, startLine: 38 },
};
const summaryOnly: Finding = {
  path: "src/cart/cart.ts",
  startLine: 12,
  endLine: 12,
  severity: "minor",
  title: "Cart total is not rounded",
  reason: "Callers rely on a rounded total.",
  suggestion: "Round with `Money.round()`.",
  dimensions: ["correctness"],
  fingerprint: "2222222222222222",
  placement: "summary",
};

const fullCoverage: Coverage = {
  mode: "full",
  reviewedFiles: ["src/checkout/apply-discount.ts", "src/cart/cart.ts"],
  skippedFiles: [],
  dimensions: [
    { dimension: "correctness", status: "done", findings: 1 },
    { dimension: "security", status: "done", findings: 0 },
  ],
  promptTokens: 12345,
};
const lowRisk: RiskAssessment = { level: "low", reasons: ["small change (12 lines), no risky paths, no blocker or major findings"], neverAuto: [] };

const input = (overrides: Partial<SummaryInput> = {}): SummaryInput => ({
  prNumber: 42,
  headSha: HEAD,
  bottomLine: { whatChanged: "Caps discounts at 50%.", affects: "Checkout totals for every order with a code.", keyDecisions: ["Cap in applyDiscount rather than when codes are created."] },
  findings: [blocker, summaryOnly],
  stillOpen: [],
  resolved: [],
  risk: { level: "high", reasons: ["1 blocker finding", "changes src/payments/charge.ts (high-risk path src/payments/**)"], neverAuto: [] },
  coverage: fullCoverage,
  outcome: "changes-requested",
  round: 1,
  maxRounds: 3,
  droppedNits: 0,
  reviewedAt: "2025-05-01T10:00:00Z",
  ...overrides,
});

describe("summaryMarkdown", () => {
  it("heads with the short sha and the outcome in words", () => {
    const text = summaryMarkdown(input());
    expect(text.split("\n")[0]).toBe("## Shopfloor review of abc1234: changes requested");
    expect(text).toContain("_Pull request #42 · reviewed 2025-05-01T10:00:00Z_");
    expect(text).not.toContain("round 1");
    expect(text.split("\n").at(-1)).toBe("Prompt tokens: 12,345.");
    expect(summaryMarkdown(input({ outcome: "needs-human", round: 3 }))).toContain("## Shopfloor review of abc1234: needs a human reviewer\n\n_Pull request #42 · round 3 of 3 · ");
  });

  it("gives the bottom line, or says the model was unavailable", () => {
    expect(summaryMarkdown(input())).toContain(
      [
        "### Bottom line",
        "",
        "**What changed:** Caps discounts at 50%.",
        "",
        "**What it affects:** Checkout totals for every order with a code.",
        "",
        "**Key decisions:**",
        "- Cap in applyDiscount rather than when codes are created.",
      ].join("\n"),
    );
    expect(summaryMarkdown(input({ bottomLine: null }))).toContain("### Bottom line\n\nNo summary: the model was unavailable.");
  });

  it("tabulates findings with escaped cells, and shows summary-only findings with their suggestion", () => {
    expect(summaryMarkdown(input())).toContain(
      [
        "| Severity | Dimension | Where | Finding |",
        "| --- | --- | --- | --- |",
        "| 🔴 **Blocker** | security, architecture | `src/checkout/apply-discount.ts:L38-L41` | **Pipe \\| in title** — A null expiry<br>makes the default discount valid forever. |",
        "| 🟡 **Minor** | correctness | `src/cart/cart.ts:L12` (summary: not on changed lines) | **Cart total is not rounded** — Callers rely on a rounded total. Suggested change: Round with `Money.round()`. |",
      ].join("\n"),
    );
    expect(summaryMarkdown(input({ findings: [] }))).toContain("### Findings\n\nNo new findings.");
  });

  it("lists earlier findings still open and those resolved, and how many nits were left out", () => {
    const text = summaryMarkdown(
      input({
        stillOpen: [
          { title: "isExpired ignores time zones", path: "src/checkout/apply-discount.ts", line: 29 },
          { title: "Outdated thread", path: "src/cart/cart.ts", line: null },
        ],
        resolved: [{ title: "Import order", path: "src/money/refund.ts" }],
        droppedNits: 3,
      }),
    );
    expect(text).toContain("3 nits not shown.");
    expect(text).toContain("**Still open from earlier reviews** (2)\n- isExpired ignores time zones — `src/checkout/apply-discount.ts:L29`\n- Outdated thread — `src/cart/cart.ts`");
    expect(text).toContain("**Resolved since the last review** (1)\n- Import order — `src/money/refund.ts`");
    expect(summaryMarkdown(input())).not.toContain("not shown");
  });

  it("states the risk level with its reasons and the paths never auto-approved", () => {
    const text = summaryMarkdown(input({ risk: { level: "medium", reasons: ["1 major finding"], neverAuto: [".github/workflows/deploy.yml"] } }));
    expect(text).toContain("### Risk: medium\n\n- 1 major finding\n\nNever auto-approved: `.github/workflows/deploy.yml`.");
  });

  it("reports full coverage without calling it partial", () => {
    const text = summaryMarkdown(input());
    expect(text).toContain(
      [
        "### Coverage",
        "",
        "Mode: full review of the pull request.",
        "",
        "Reviewed 2 of 2 files.",
        "",
        "- correctness ✓ (1 finding)",
        "- security ✓ (0 findings)",
        "",
        "Prompt tokens: 12,345.",
      ].join("\n"),
    );
    expect(text).not.toContain("partial");
    expect(text).not.toContain("Files not reviewed");
  });

  it("says coverage is partial when files were skipped or a dimension failed, not when a dimension did not apply", () => {
    const partial: Coverage = {
      mode: "incremental",
      sinceSha: "0011223344556677",
      reviewedFiles: ["src/checkout/apply-discount.ts"],
      skippedFiles: [
        { path: "public/logo.png", reason: "no textual diff (binary or too large for GitHub)" },
        { path: "src/generated/schema.ts", reason: "over this review's token budget of 60000 tokens" },
      ],
      dimensions: [
        { dimension: "correctness", status: "done", findings: 2 },
        { dimension: "security", status: "failed", reason: "model timed out", findings: 0 },
        { dimension: "ui", status: "skipped", reason: "no UI files changed", findings: 0 },
      ],
      promptTokens: 48210,
    };
    const text = summaryMarkdown(input({ coverage: partial }));
    expect(text).toContain("Mode: incremental, changes since `0011223`.\n\nReviewed 1 of 3 files.");
    expect(text).toContain("- security: failed (model timed out)\n- ui: skipped (no UI files changed)");
    expect(text).toContain(
      "Files not reviewed:\n- `public/logo.png` — no textual diff (binary or too large for GitHub)\n- `src/generated/schema.ts` — over this review's token budget of 60000 tokens",
    );
    expect(text).toContain("**Coverage is partial** — 2 files not reviewed and security failed (model timed out).");

    const uiNotApplicable = summaryMarkdown(input({ coverage: { ...fullCoverage, dimensions: [{ dimension: "ui", status: "skipped", reason: "no UI files changed", findings: 0 }] } }));
    expect(uiNotApplicable).not.toContain("Coverage is partial");

    const onlyFailed = summaryMarkdown(input({ coverage: { ...fullCoverage, dimensions: [{ dimension: "tests", status: "failed", reason: "invalid JSON", findings: 0 }] } }));
    expect(onlyFailed).toContain("**Coverage is partial** — tests failed (invalid JSON).");
  });
});

describe("reviewBody", () => {
  const risk: RiskAssessment = { level: "high", reasons: [], neverAuto: [] };

  it("counts the findings by severity", () => {
    const minor2 = { ...summaryOnly, title: "Another" };
    expect(reviewBody({ outcome: "changes-requested", findings: [blocker, summaryOnly, minor2], risk, headSha: HEAD })).toBe(
      "Shopfloor found 1 blocker and 2 minor issues on abc1234. See the summary comment.",
    );
    expect(reviewBody({ outcome: "changes-requested", findings: [blocker], risk, headSha: HEAD })).toBe("Shopfloor found 1 blocker issue on abc1234. See the summary comment.");
    expect(reviewBody({ outcome: "clean", findings: [], risk: lowRisk, headSha: HEAD })).toBe("Shopfloor found no new issues on abc1234. See the summary comment.");
  });

  it("says when a person must take over", () => {
    expect(reviewBody({ outcome: "needs-human", findings: [summaryOnly], risk, headSha: HEAD })).toBe(
      "Shopfloor found 1 minor issue on abc1234. A person needs to take it from here: see the summary comment.",
    );
  });

  it("names the policy behind an auto-approval", () => {
    expect(reviewBody({ outcome: "approved", findings: [], risk: lowRisk, headSha: HEAD })).toBe("Approved by policy risk.autoApprove: low risk, no findings, at abc1234.");
    expect(reviewBody({ outcome: "approved", findings: [{ ...summaryOnly, severity: "nit" }], risk: lowRisk, headSha: HEAD, autoApprovalPolicy: "risk.autoApprove.low" })).toBe(
      "Approved by policy risk.autoApprove.low: low risk, only 1 nit issue, at abc1234.",
    );
  });
});
