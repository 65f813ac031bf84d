import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { StatusStateType } from "../status-state.js";

/** Reads queues, runs in flight, paused automations and versions. A read, so no effect. */
export function gatherStatus(deps: GraphDeps) {
  return async (_state: StatusStateType) => ({ snapshot: await deps.ops.snapshot() });
}
