import type { LinkStore } from "../core/ledgers/links.js";
import type { RunLedger } from "../core/ledgers/run-ledger.js";

/**
 * Runs of other automations waiting in the same Slack thread. A reply in a report's thread is routed to the
 * thread's own run (triage); a build of that report's issue may be waiting there too, for the answer to its question.
 * The work item (links) names the graph threads that belong to the Slack thread; the run ledger says which wait.
 */
export function createWaitingInThread(deps: { links: LinkStore; runs: RunLedger }) {
  return async (slackThreadId: string): Promise<Array<{ graph: string; threadId: string }>> => {
    const m = /^slack:[^:]+:([^:]+):(.+)$/.exec(slackThreadId);
    if (!m) return [];
    const link = await deps.links.find({ slackChannel: m[1]!, slackThreadTs: m[2]! });
    const waiting: Array<{ graph: string; threadId: string }> = [];
    for (const threadId of link?.graphThreads ?? []) {
      if (threadId === slackThreadId) continue;
      const latest = (await deps.runs.runsForThread(threadId)).at(-1);
      if (latest?.status === "waiting") waiting.push({ graph: latest.graph, threadId });
    }
    return waiting;
  };
}
