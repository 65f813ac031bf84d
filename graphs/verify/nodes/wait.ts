import { interrupt } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { VerifyStateType } from "../verify-state.js";

/**
 * Waits one poll interval (never past the deadline) in PostgreSQL, not in a job: the runtime resumes it with
 * `{ kind: "timeout" }` when `expiresAt` passes. Measured from the last look, so a re-run waits for the same moment.
 * Whatever wakes it, the checks are read again.
 */
export function wait(deps: GraphDeps) {
  return async (state: VerifyStateType) => {
    const next = Date.parse(state.checkedAt!) + deps.settings.verify.pollSeconds * 1000;
    const expiresAt = new Date(Math.min(next, Date.parse(state.deadline!))).toISOString();
    interrupt<{ kind: "wait"; expiresAt: string; pending: string[] }, unknown>({ kind: "wait", expiresAt, pending: (state.checks?.pending ?? []).map((c) => c.name) });
    return {};
  };
}
