import { breakerAlert } from "../blocks/breaker-blocks.js";
import type { EffectsLedger } from "../core/effects/effects-ledger.js";
import { toAppError } from "../core/errors.js";
import { classifyFailure } from "../core/failure-class.js";
import type { AuditLog } from "../core/ledgers/audit-log.js";
import { BREAKER_ACTOR, type AutomationSettings } from "../core/ledgers/automation-settings.js";
import type { Logger } from "../core/logger.js";

interface CircuitBreakerOptions {
  automations: AutomationSettings;
  effects: EffectsLedger;
  audit: AuditLog;
  logger: Logger;
  /** The automations it looks after: those that do factory work (never help, status or the pause control itself). */
  watched: readonly string[];
  /** Failed runs in a row that pause an automation. */
  threshold: number;
  /** Where the alert goes (audit.channel, else channels.maintainers); without one the pause is only logged and audited. */
  channel?: string | undefined;
}

export interface CircuitBreaker {
  /** A run of `graph` ended well (finished, or waiting for a person). */
  succeeded(graph: string): Promise<void>;
  /** A run of `graph` failed for good (its last attempt). Returns true when this failure paused the automation. */
  failed(graph: string, error: unknown, jobId: string): Promise<boolean>;
}

/**
 * Stops an automation that keeps failing before it burns budget or floods threads: after N runs in a row failed for
 * good, the automation is paused as a person would pause it (its jobs wait in their queue and run after the resume)
 * and the maintainers get an alert with a Resume button.
 */
export function createCircuitBreaker(o: CircuitBreakerOptions): CircuitBreaker {
  const watched = new Set(o.watched);
  return {
    async succeeded(graph) {
      if (watched.has(graph)) await o.automations.recordOutcome(graph, "succeeded");
    },
    async failed(graph, error, jobId) {
      if (!watched.has(graph)) return false;
      const failures = await o.automations.recordOutcome(graph, "failed");
      // Already paused (by a person, or by an earlier trip): the alert is out and nothing runs until the resume.
      if (failures < o.threshold || (await o.automations.isPaused(graph))) return false;
      const err = toAppError(error);
      const failureClass = classifyFailure(err);
      const reason = `${failures} failed runs in a row; the last: ${err.code}`;
      await o.automations.setPaused(graph, true, BREAKER_ACTOR, reason);
      await o.audit.append({
        actor: BREAKER_ACTOR,
        action: "automation.pause",
        subject: `automation:${graph}`,
        outcome: "done",
        detail: { via: "circuit-breaker", failures, errorCode: err.code, failureClass, job: jobId },
      });
      o.logger.error({ graph, failures, code: err.code, failureClass }, "circuit breaker paused an automation");
      if (o.channel) {
        const alert = breakerAlert({ automation: graph, failures, errorCode: err.code, errorMessage: err.message, failureClass });
        // Keyed by the job that tripped it: a retry of this bookkeeping posts the alert once.
        await o.effects.apply({ threadId: `breaker:${graph}`, node: "circuit-breaker", intent: `trip-${jobId}`, kind: "slack.post", input: { channel: o.channel, ...alert } });
      }
      return true;
    },
  };
}
