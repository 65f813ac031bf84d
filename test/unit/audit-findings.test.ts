import { describe, expect, it } from "vitest";
import type { AuditFigures, DimensionNoise, PromptHealth } from "../../src/core/ledgers/audit-stats.js";
import type { HandOff } from "../../src/core/ledgers/factory-stats.js";
import type { FindInput, PlannedChange } from "../../graphs/audit/findings/audit-findings.js";
import { findAudit } from "../../graphs/audit/findings/find-audit.js";
import { REPORT_ROWS } from "../../graphs/audit/findings/thresholds.js";

const WINDOW = { start: "2026-01-05T07:00:00.000Z", end: "2026-01-12T07:00:00.000Z" };
const PROMPTS = ["review/security", "review/tests", "review/correctness", "triage/classify"].map((id) => ({ id, hash: `h-${id}` }));

function figures(over: Partial<AuditFigures> = {}): AuditFigures {
  return { window: WINDOW, automations: [], hotSpots: [], handOffs: [], dimensions: [], cost: [], slowSteps: [], duplicates: [], repairs: [], prompts: [], ...over };
}

function input(over: Partial<AuditFigures> = {}, extra: Partial<FindInput> = {}): FindInput {
  return {
    figures: figures(over),
    lookbackDays: 7,
    settings: { review: { maxRounds: 3, maxNits: 3 }, build: { budgets: { steps: 40, tokens: 400_000, minutes: 30 } } },
    prompts: PROMPTS,
    openFingerprints: [],
    ...extra,
  };
}

const ROUNDS = "blocking findings still open after the last round";
const handOff = (automation: string, reason: string, count: number): HandOff => ({ automation, reason, count });
const dim = (dimension: string, reviews: number, findings: number, dismissed: number, extra: { nits?: number } = {}): DimensionNoise => ({
  dimension,
  reviews,
  findings,
  dismissed,
  fixed: findings - dismissed,
  nits: extra.nits ?? 0,
});
const health = (promptId: string, calls: number, invalid: number, promptHash = `h-${promptId}`): PromptHealth => ({ promptId, promptHash, calls, invalid, repaired: 0 });
const fingerprints = (changes: PlannedChange[]) => changes.map((c) => c.fingerprint);
const change = (changes: PlannedChange[], fingerprint: string) => changes.find((c) => c.fingerprint === fingerprint);

describe("review out of rounds", () => {
  it("proposes one more round from three hand-offs in the window, citing them", () => {
    const { changes } = findAudit(input({ handOffs: [handOff("review", ROUNDS, 3)] }));
    expect(change(changes, "config:review.maxRounds")).toMatchObject({
      kind: "config",
      key: "review.maxRounds",
      from: 3,
      to: 4,
      metric: { name: "hand-off-rate", automation: "review", reason: ROUNDS },
      weight: 3,
    });
    expect(change(changes, "config:review.maxRounds")?.rationale).toContain("In the last 7 days 3 pull requests were handed to people");
  });

  it("leaves two alone, and other automations' hand-offs", () => {
    expect(findAudit(input({ handOffs: [handOff("review", ROUNDS, 2), handOff("shepherd", "no review rounds left", 5)] })).changes).toEqual([]);
  });
});

describe("spent build budgets", () => {
  it("raises each budget spent three times by half", () => {
    const { changes } = findAudit(
      input({ handOffs: [handOff("build", "budget-steps", 3), handOff("build", "budget-tokens", 4), handOff("build", "budget-time", 3)] }),
    );
    expect(changes.map((c) => (c.kind === "config" ? [c.key, c.from, c.to] : null))).toEqual([
      ["build.budgets.tokens", 400_000, 600_000],
      ["build.budgets.minutes", 30, 45],
      ["build.budgets.steps", 40, 60],
    ]);
    expect(change(changes, "config:build.budgets.tokens")?.title).toBe("Raise the build token budget from 400,000 to 600,000");
  });

  it("adds up the rows of one budget and follows the largest reason", () => {
    const { changes } = findAudit(input({ handOffs: [handOff("build", "used all 40 steps (build.budgets.steps)", 1), handOff("build", "budget-steps", 2)] }));
    expect(change(changes, "config:build.budgets.steps")).toMatchObject({ weight: 3, metric: { name: "hand-off-rate", automation: "build", reason: "budget-steps" } });
  });

  it("leaves a budget spent twice, and other stops, alone", () => {
    expect(findAudit(input({ handOffs: [handOff("build", "budget-steps", 2), handOff("build", "tests-failing", 9)] })).changes).toEqual([]);
  });
});

describe("noisy review dimensions", () => {
  it("proposes a prompt edit at 80% dismissed over five findings", () => {
    const found = findAudit(input({ dimensions: [dim("security", 12, 5, 4)] }));
    expect(found.noisyDimensions).toEqual([{ dimension: "security", reviews: 12, findings: 5, dismissed: 4, fixed: 1, nits: 0 }]);
    expect(found.changes).toEqual([
      expect.objectContaining({
        kind: "prompt",
        promptId: "review/security",
        fingerprint: "prompt:review/security",
        title: "Rewrite the security review prompt: 80% of its findings were dismissed",
        metric: { name: "dismissal-rate", dimension: "security" },
        weight: 4,
      }),
    ]);
    const plan = found.changes[0]!;
    expect(plan.rationale).toContain("gave 5 findings over 12 reviews: 4 (80%) were dismissed");
    expect(plan.kind === "prompt" && plan.evidence).toContain("Findings: 5; fixed by a later commit: 1; dismissed: 4 (80%)");
  });

  it("is quiet just below the rate or the count", () => {
    const found = findAudit(input({ dimensions: [dim("security", 12, 10, 7), dim("tests", 12, 4, 4)] }));
    expect(found.noisyDimensions).toEqual([]);
    expect(found.changes).toEqual([]);
  });

  it("reports a noisy dimension without a prompt but proposes no edit for it", () => {
    const found = findAudit(input({ dimensions: [dim("performance", 9, 6, 6)] }));
    expect(found.noisyDimensions.map((d) => d.dimension)).toEqual(["performance"]);
    expect(found.changes).toEqual([]);
  });

  it("halves review.maxNits when nits are half the noisy findings", () => {
    const { changes } = findAudit(input({ dimensions: [dim("security", 12, 6, 5, { nits: 3 })] }));
    expect(change(changes, "config:review.maxNits")).toMatchObject({
      key: "review.maxNits",
      from: 3,
      to: 1,
      title: "Post at most 1 nit per review (now 3)",
      metric: { name: "dismissal-rate", dimension: "security" },
    });
    expect(fingerprints(changes)).toContain("prompt:review/security");
  });

  it("keeps review.maxNits when nits are fewer than half, or not counted", () => {
    expect(fingerprints(findAudit(input({ dimensions: [dim("security", 12, 6, 5, { nits: 2 })] })).changes)).toEqual(["prompt:review/security"]);
    expect(fingerprints(findAudit(input({ dimensions: [dim("security", 12, 6, 5)] })).changes)).toEqual(["prompt:review/security"]);
  });
});

describe("dimensions that never find anything", () => {
  it("reports one silent over twenty reviews, with no proposal", () => {
    const found = findAudit(input({ dimensions: [dim("ui", 20, 0, 0), dim("tests", 19, 0, 0), dim("security", 30, 1, 0)] }));
    expect(found.silentDimensions).toEqual([{ dimension: "ui", reviews: 20 }]);
    expect(found.changes).toEqual([]);
  });
});

describe("prompts with unusable answers", () => {
  it("proposes an edit at 20% invalid over five calls of the version in use", () => {
    const found = findAudit(
      input({
        prompts: [health("triage/classify", 5, 1)],
        hotSpots: [
          { automation: "triage", node: "classify", errorCode: "MODEL_INVALID_OUTPUT", failureClass: "semantic", count: 1, threads: 1, lastAt: WINDOW.end, example: "severity: expected one of p0…p3" },
        ],
        repairs: [{ task: "triage.classify", strategy: "feedback", tried: 3, worked: 2 }],
      }),
    );
    expect(found.troubledPrompts).toEqual([{ promptId: "triage/classify", promptHash: "h-triage/classify", calls: 5, invalid: 1, repaired: 0 }]);
    const plan = found.changes[0]!;
    expect(plan).toMatchObject({ fingerprint: "prompt:triage/classify", metric: { name: "invalid-output-rate", promptId: "triage/classify" }, weight: 1 });
    expect(plan.kind === "prompt" && plan.evidence).toContain("classify (×1): severity: expected one of p0…p3");
    expect(plan.kind === "prompt" && plan.evidence).toContain('Repair "feedback": tried 3, worked 2');
  });

  it("is quiet below the rate, below the count, and for an older version", () => {
    const found = findAudit(input({ prompts: [health("triage/classify", 6, 1), health("review/tests", 4, 4), health("review/security", 10, 9, "old-hash")] }));
    expect(found.troubledPrompts).toEqual([]);
    expect(found.changes).toEqual([]);
  });

  it("makes one proposal for a review prompt both noisy and unusable", () => {
    const { changes } = findAudit(input({ dimensions: [dim("security", 12, 5, 5)], prompts: [health("review/security", 10, 3)] }));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ fingerprint: "prompt:review/security", weight: 8, metric: { name: "dismissal-rate", dimension: "security" } });
    expect(changes[0]!.kind === "prompt" && changes[0]!.goal).toContain("Also: Make the model's answers to review/security valid");
  });
});

describe("ranking", () => {
  const busy = {
    handOffs: [handOff("review", ROUNDS, 4), handOff("build", "budget-steps", 3)],
    dimensions: [dim("security", 12, 10, 9)],
    prompts: [health("triage/classify", 10, 3)],
  };

  it("puts the change behind the most cases first, ties by fingerprint", () => {
    expect(fingerprints(findAudit(input(busy)).changes)).toEqual([
      "prompt:review/security",
      "config:review.maxRounds",
      "config:build.budgets.steps",
      "prompt:triage/classify",
    ]);
  });

  it("leaves out what waits for a decision on an earlier proposal, and says so", () => {
    const found = findAudit(input(busy, { openFingerprints: ["config:review.maxRounds", "prompt:review/tests"] }));
    expect(fingerprints(found.changes)).not.toContain("config:review.maxRounds");
    expect(found.alreadyOpen).toEqual(["config:review.maxRounds"]);
  });

  it("ranks the report's lists and cuts them to what a message can show", () => {
    const hotSpots = Array.from({ length: REPORT_ROWS + 3 }, (_, i) => ({
      automation: "build",
      node: `node-${i}`,
      errorCode: "INTERNAL",
      failureClass: "logic" as const,
      count: i,
      threads: 1,
      lastAt: WINDOW.end,
      example: null,
    }));
    const found = findAudit(
      input({
        hotSpots,
        automations: [
          { automation: "triage", runs: 10, failed: 0, failureRate: 0 },
          { automation: "build", runs: 10, failed: 2, failureRate: 0.2 },
          { automation: "review", runs: 10, failed: 5, failureRate: 0.5 },
        ],
        cost: [
          { automation: "triage", calls: 4, tokens: 1000, costUsd: 0.1 },
          { automation: "review", calls: 40, tokens: 90_000, costUsd: 2.5 },
        ],
        slowSteps: [
          { automation: "review", node: "review-dimensions", count: 9, p50Ms: 20_000, p95Ms: 60_000 },
          { automation: "build", node: "agent", count: 4, p50Ms: 60_000, p95Ms: 250_000 },
        ],
      }),
    );
    expect(found.hotSpots).toHaveLength(REPORT_ROWS);
    expect(found.hotSpots[0]!.node).toBe(`node-${REPORT_ROWS + 2}`);
    expect(found.automations.map((a) => a.automation)).toEqual(["review", "build"]);
    expect(found.cost.map((c) => c.automation)).toEqual(["review", "triage"]);
    expect(found.costTotal).toEqual({ calls: 44, tokens: 91_000, costUsd: 2.6 });
    expect(found.slowSteps.map((s) => s.node)).toEqual(["agent", "review-dimensions"]);
  });
});
