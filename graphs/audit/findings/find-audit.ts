import { byWeight, type AuditFindings, type FindInput } from "./audit-findings.js";
import { configChanges } from "./config-rules.js";
import { noisyDimensions, promptEdits, silentDimensions, troubledPrompts } from "./dimension-rules.js";
import { REPORT_ROWS } from "./thresholds.js";

/** The audit's rules over one window's figures: ranked findings for the report, and the changes to propose. Pure. */
export function findAudit(input: FindInput): AuditFindings {
  const f = input.figures;
  const noisy = noisyDimensions(f.dimensions);
  const troubled = troubledPrompts(f.prompts, input.prompts);
  const planned = [...configChanges(input, noisy), ...promptEdits(input, noisy, troubled)].sort(byWeight);
  const open = new Set(input.openFingerprints);
  const top = <T>(rows: T[]) => rows.slice(0, REPORT_ROWS);
  return {
    automations: top(f.automations.filter((a) => a.failed > 0).sort((a, b) => b.failed - a.failed || b.failureRate - a.failureRate || a.automation.localeCompare(b.automation))),
    hotSpots: top([...f.hotSpots].sort((a, b) => b.count - a.count || b.threads - a.threads || b.lastAt.localeCompare(a.lastAt))),
    handOffs: top([...f.handOffs].sort((a, b) => b.count - a.count || a.automation.localeCompare(b.automation))),
    noisyDimensions: noisy,
    silentDimensions: silentDimensions(f.dimensions),
    cost: top([...f.cost].sort((a, b) => b.costUsd - a.costUsd || b.tokens - a.tokens)),
    costTotal: f.cost.reduce((t, c) => ({ calls: t.calls + c.calls, tokens: t.tokens + c.tokens, costUsd: t.costUsd + c.costUsd }), { calls: 0, tokens: 0, costUsd: 0 }),
    slowSteps: top([...f.slowSteps].sort((a, b) => b.p95Ms - a.p95Ms)),
    duplicates: top([...f.duplicates].sort((a, b) => b.runs - a.runs || a.subject.localeCompare(b.subject))),
    repairs: top([...f.repairs].sort((a, b) => b.tried - a.tried || a.task.localeCompare(b.task))),
    troubledPrompts: troubled,
    changes: planned.filter((c) => !open.has(c.fingerprint)),
    alreadyOpen: planned.filter((c) => open.has(c.fingerprint)).map((c) => c.fingerprint),
  };
}
