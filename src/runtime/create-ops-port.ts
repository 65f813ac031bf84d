import type { AutomationSettings } from "../core/ledgers/automation-settings.js";
import type { RunLedger } from "../core/ledgers/run-ledger.js";
import type { OpsPort, QueueDepth } from "../core/ports/ops-port.js";

/** What `/shopfloor status` reports, assembled from the queues, the run ledger and the settings table. */
export function createOpsPort(deps: {
  queueDepths: () => Promise<QueueDepth[]>;
  runs: RunLedger;
  automations: AutomationSettings;
  versions: { shopfloor: string; prompts: () => string };
  dryRun: boolean;
}): OpsPort {
  return {
    async snapshot() {
      const [queues, inFlight, settings] = await Promise.all([deps.queueDepths(), deps.runs.inFlight(), deps.automations.list()]);
      return {
        queues,
        runsInFlight: inFlight.map((r) => ({
          graph: r.graph,
          threadId: r.threadId,
          status: r.status === "waiting" ? "waiting" : "running",
          startedAt: r.startedAt,
        })),
        waitingForPeople: inFlight.filter((r) => r.status === "waiting").length,
        paused: settings.filter((s) => s.paused).map((s) => s.automation),
        versions: { shopfloor: deps.versions.shopfloor, node: process.versions.node, prompts: deps.versions.prompts() },
        dryRun: deps.dryRun,
      };
    },
  };
}
