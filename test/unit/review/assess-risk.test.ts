import { describe, expect, it } from "vitest";
import { assessRisk } from "../../../graphs/review/assess-risk.js";
import type { RiskPolicy } from "../../../graphs/review/review-types.js";

const policy: RiskPolicy = {
  highRiskPaths: ["src/payments/**", "db/migrations/**"],
  mediumRiskPaths: ["src/**/*.sql", "src/auth/**", "src/payments/**"],
  neverAutoApprove: [".github/workflows/**", "db/migrations/**"],
  sizeThresholds: { medium: 300, high: 800 },
};

const file = (path: string, additions = 10, deletions = 2) => ({ path, additions, deletions });

describe("assessRisk", () => {
  it("is low for a small change outside risky paths without serious findings", () => {
    const risk = assessRisk({ files: [file("src/cart/cart.ts", 20, 5), file("README.md", 3, 0)], findings: [{ severity: "minor", dimensions: ["correctness"] }], policy });
    expect(risk).toEqual({ level: "low", reasons: ["small change (28 lines), no risky paths, no blocker or major findings"], neverAuto: [] });
  });

  it("is high on a high-risk path, naming the path and the glob", () => {
    const risk = assessRisk({ files: [file("src/payments/charge.ts"), file("src/cart/cart.ts")], findings: [], policy });
    expect(risk.level).toBe("high");
    expect(risk.reasons).toEqual(["changes src/payments/charge.ts (high-risk path src/payments/**)"]);
  });

  it("groups many paths under one glob and names only the first few", () => {
    const files = ["a", "b", "c", "d", "e"].map((n) => file(`src/payments/${n}.ts`));
    expect(assessRisk({ files, findings: [], policy }).reasons).toEqual([
      "changes src/payments/a.ts, src/payments/b.ts, src/payments/c.ts and 2 more (high-risk path src/payments/**)",
    ]);
  });

  it("is high for a large change, a blocker or a major security finding, listing every rule that fired", () => {
    const risk = assessRisk({
      files: [file("src/cart/cart.ts", 700, 212), file("src/auth/session.ts", 0, 0)],
      findings: [
        { severity: "blocker", dimensions: ["correctness"] },
        { severity: "major", dimensions: ["correctness", "security"] },
        { severity: "major", dimensions: ["tests"] },
        { severity: "major", dimensions: ["architecture"] },
      ],
      policy,
    });
    expect(risk).toEqual({
      level: "high",
      reasons: [
        "912 lines changed (high at 800)",
        "1 blocker finding",
        "1 major security finding",
        "changes src/auth/session.ts (medium-risk path src/auth/**)",
        "2 major findings",
      ],
      neverAuto: [],
    });
  });

  it("is medium on a medium-risk path, a mid-size change or a major finding", () => {
    expect(assessRisk({ files: [file("src/auth/session.ts")], findings: [], policy })).toEqual({
      level: "medium",
      reasons: ["changes src/auth/session.ts (medium-risk path src/auth/**)"],
      neverAuto: [],
    });
    expect(assessRisk({ files: [file("src/cart/cart.ts", 250, 50)], findings: [], policy }).reasons).toEqual(["300 lines changed (medium at 300)"]);
    expect(assessRisk({ files: [file("src/cart/cart.ts", 250, 49)], findings: [], policy }).level).toBe("low");
    expect(assessRisk({ files: [file("src/cart/cart.ts")], findings: [{ severity: "major", dimensions: ["tests"] }], policy }).reasons).toEqual(["1 major finding"]);
  });

  it("lists the changed paths that may never be auto-approved, whatever the level", () => {
    const risk = assessRisk({ files: [file(".github/workflows/deploy.yml", 1, 1), file("docs/guide.md", 1, 0)], findings: [], policy });
    expect(risk.level).toBe("low");
    expect(risk.neverAuto).toEqual([".github/workflows/deploy.yml"]);
    const migration = assessRisk({ files: [file("db/migrations/0042_orders.sql")], findings: [], policy });
    expect(migration.level).toBe("high");
    expect(migration.neverAuto).toEqual(["db/migrations/0042_orders.sql"]);
  });
});
