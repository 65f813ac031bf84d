import { pausedText, resumedText } from "../../../src/blocks/automation-control-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { graphQueueName } from "../../../src/core/ids.js";
import type { AutomationControlStateType } from "../automation-control-state.js";

/**
 * Each automation has its own queue, named as src/jobs/queue-names.ts names it (graphs may not import src/jobs).
 * A paused automation's jobs sit there as delayed jobs until the resume.
 */

/** Changes the setting and records who did it and why. Setting it twice leaves the same state. */
export function apply(deps: GraphDeps) {
  return async (state: AutomationControlStateType) => {
    const { action, automation, user, reason, via } = state.request;
    const queued = action === "resume" ? await waitingJobs(deps, automation) : null;
    await deps.automations.setPaused(automation, action === "pause", user, reason);
    await deps.audit.append({
      actor: user,
      action: `automation.${action}`,
      subject: `automation:${automation}`,
      outcome: "done",
      detail: { via, ...(reason ? { reason } : {}) },
    });
    return { reply: action === "pause" ? pausedText(automation) : resumedText(automation, queued) };
  };
}

/** The jobs that waited for the resume, or null when the queues cannot be read (the answer then goes without a count). */
async function waitingJobs(deps: GraphDeps, automation: string): Promise<number | null> {
  try {
    const queue = (await deps.ops.snapshot()).queues.find((q) => q.name === graphQueueName(automation));
    return queue ? queue.waiting + queue.delayed : null;
  } catch (e) {
    deps.logger.warn({ err: String(e), automation }, "queue depths unreadable; the resume answer goes without a count");
    return null;
  }
}
