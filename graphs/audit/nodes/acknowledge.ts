import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { auditAcknowledgement } from "../../../src/blocks/audit-report-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { AuditStateType } from "../audit-state.js";

/** A person who typed `/shopfloor audit` hears at once that it runs: reading a week of ledgers takes a while. */
export function acknowledge(deps: GraphDeps) {
  return async (state: AuditStateType, config: LangGraphRunnableConfig) => {
    const { request } = state;
    if (request.via !== "command" || !request.responseUrl) return {};
    await act(deps.effects, config, "acknowledge", "working", "slack.respond", {
      responseUrl: request.responseUrl,
      responseType: "ephemeral",
      ...auditAcknowledgement(deps.settings.audit.lookbackDays),
    });
    return {};
  };
}
