import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { auditLogBlocks } from "../../../src/blocks/audit-log-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { AuditLogStateType } from "../audit-log-state.js";

/** The answer goes privately to whoever asked, through the command's response_url. */
export function reply(deps: GraphDeps) {
  return async (state: AuditLogStateType, config: LangGraphRunnableConfig) => {
    await act(deps.effects, config, "reply", "reply", "slack.respond", {
      responseUrl: state.request.responseUrl,
      responseType: "ephemeral",
      ...auditLogBlocks({ pr: state.request.pr ?? null, entries: state.entries }),
    });
    return {};
  };
}
