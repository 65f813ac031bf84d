import type { AuditFigures, AutomationCost, AutomationRuns, DuplicateWork, FailureHotSpot, RepairStat, SlowStep } from "../../../src/core/ledgers/audit-stats.js";
import type { HandOff } from "../../../src/core/ledgers/factory-stats.js";
import type { AuditMetric } from "../../../src/core/ledgers/proposals.js";
import type { GraphSettings } from "../../../src/core/graph-deps.js";

/** A review dimension whose findings people dismiss far more often than they fix. */
export interface NoisyDimension {
  dimension: string;
  reviews: number;
  findings: number;
  dismissed: number;
  fixed: number;
  /** Nit-level findings among them, when the figures count them. */
  nits: number;
}

/** A review dimension that ran again and again and never found anything. */
export interface SilentDimension {
  dimension: string;
  reviews: number;
}

/** A prompt (in the version in use) whose answers were too often unusable after every repair. */
export interface TroubledPrompt {
  promptId: string;
  promptHash: string;
  calls: number;
  invalid: number;
  repaired: number;
}

interface PlannedBase {
  /** `config:<key>` or `prompt:<id>`: one open proposal per fingerprint. */
  fingerprint: string;
  title: string;
  /** Why, citing the figures: what the approver reads on the card. */
  rationale: string;
  /** What the change should improve; measured again by the audit after the decision. */
  metric: AuditMetric;
  /** The cases behind it in the window (hand-offs, dismissed findings, unusable answers): the ranking. */
  weight: number;
}

/** A shopfloor.yml setting to change, complete as the rules made it. */
export type ConfigChangePlan = PlannedBase & { kind: "config"; key: string; from: number; to: number };

/** A prompt to rewrite: the model writes the new version from the goal and the evidence. */
export type PromptEditPlan = PlannedBase & {
  kind: "prompt";
  promptId: string;
  /** What the new version should achieve (our words). */
  goal: string;
  /** The figures and examples behind it; may quote error messages, so it is fenced as untrusted. */
  evidence: string;
};

export type PlannedChange = ConfigChangePlan | PromptEditPlan;

/** The audit's reading of one window's figures: ranked lists for the report and the changes to propose. */
export interface AuditFindings {
  /** Automations with failed runs, most failures first. */
  automations: AutomationRuns[];
  hotSpots: FailureHotSpot[];
  handOffs: HandOff[];
  noisyDimensions: NoisyDimension[];
  silentDimensions: SilentDimension[];
  /** The costliest automations, and the whole window's model spend. */
  cost: AutomationCost[];
  costTotal: { calls: number; tokens: number; costUsd: number };
  slowSteps: SlowStep[];
  duplicates: DuplicateWork[];
  repairs: RepairStat[];
  troubledPrompts: TroubledPrompt[];
  /** Changes to propose, most important first; those already waiting for a decision are left out. */
  changes: PlannedChange[];
  /** Fingerprints the audit would propose again but that wait for a decision on an earlier proposal. */
  alreadyOpen: string[];
}

/** What the rules read besides the figures. */
export interface FindInput {
  figures: AuditFigures;
  lookbackDays: number;
  settings: {
    review: Pick<GraphSettings["review"], "maxRounds" | "maxNits">;
    build: { budgets: GraphSettings["build"]["budgets"] };
  };
  /** Every prompt there is, with the hash of the version in use. */
  prompts: readonly { id: string; hash: string }[];
  /** Fingerprints of proposals made by other audits that wait for a decision. */
  openFingerprints: readonly string[];
}

/** Most cases first; the fingerprint breaks ties, so the same figures always give the same order. */
export function byWeight<T extends { weight: number; fingerprint: string }>(a: T, b: T): number {
  return b.weight - a.weight || a.fingerprint.localeCompare(b.fingerprint);
}
