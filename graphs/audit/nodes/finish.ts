import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { auditDone } from "../../../src/blocks/audit-report-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { AuditStateType } from "../audit-state.js";

/** Tells the person who asked where the report went (it replaces the "Auditing…" note); a schedule just logs. */
export function finish(deps: GraphDeps) {
  return async (state: AuditStateType, config: LangGraphRunnableConfig) => {
    const { request, report, started } = state;
    deps.logger.info({ window: state.window, proposals: started.map((p) => p.id), dropped: state.dropped.length }, "audit finished");
    if (request.via !== "command" || !request.responseUrl || !report || "private" in report) return {};
    await act(deps.effects, config, "finish", "done", "slack.respond", {
      responseUrl: request.responseUrl,
      responseType: "ephemeral",
      replaceOriginal: true,
      ...auditDone({ channel: report.channel, proposals: started.length }),
    });
    return {};
  };
}
