import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { ChangeEffect } from "../../../src/blocks/audit-report-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { AuditWindow } from "../../../src/core/ledgers/audit-stats.js";
import { openElsewhere } from "../../proposal/start-proposal.js";
import type { AuditStateType } from "../audit-state.js";

const DAY = 86_400_000;

/**
 * Reads the window's figures, the prompts in use, the proposals still open, and the effect of the changes adopted in
 * the two windows before this one (their metric when proposed, and over this window). Reads only: no effect.
 */
export function gather(deps: GraphDeps) {
  return async (state: AuditStateType, config: LangGraphRunnableConfig) => {
    if (state.figures) return {};
    const { request } = state;
    const lookback = deps.settings.audit.lookbackDays * DAY;
    // A schedule's window ends when it fired, so a retried job audits the same days; a command's ends now.
    // The window is kept in the checkpoint with the figures, so later nodes and a resumed run use the same one.
    const end = request.via === "schedule" && request.firedAt ? new Date(request.firedAt) : deps.clock.now();
    const window: AuditWindow = { start: new Date(end.getTime() - lookback).toISOString(), end: end.toISOString() };

    // The runner refreshed the prompt versions before this run: these are the ones in use, which the audit judges.
    const prompts = deps.prompts.ids().map((id) => ({ id, hash: deps.prompts.source(id).hash }));

    const since = new Date(Date.parse(window.start) - 2 * lookback).toISOString();
    const [figures, open, decided] = await Promise.all([deps.auditStats.figures(window), openElsewhere(deps, config), deps.proposals.decidedBetween(since, window.start)]);

    const effects: ChangeEffect[] = [];
    for (const p of decided) {
      // Only an adopted change can have had an effect; a planner's issue has no metric to follow.
      if (p.status !== "approved" || !p.metric || !p.decidedAt) continue;
      effects.push({
        proposalId: p.id,
        title: p.title,
        decidedAt: p.decidedAt,
        decidedBy: p.decidedBy,
        metric: p.metric.metric,
        before: p.metric.before,
        after: await deps.auditStats.metric(p.metric.metric, window),
      });
    }
    return { window, figures, prompts, effects, openElsewhere: [...open] };
  };
}
