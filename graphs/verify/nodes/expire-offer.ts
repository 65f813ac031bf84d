import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { verifyFailed } from "../../../src/blocks/verify-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { mergedPr } from "../merged-pr.js";
import { sha7, type VerifyStateType } from "../verify-state.js";
import { REVERT_OFFER_DAYS } from "./await-revert.js";

/** Nobody asked for the revert in time: the button goes, so a late click is not silently ignored. */
export function expireOffer(deps: GraphDeps) {
  return async (state: VerifyStateType, config: LangGraphRunnableConfig) => {
    const failure = state.failure!;
    const alert = state.alert!;
    await act(deps.effects, config, "expire-offer", `${sha7(state)}/alert`, "slack.update", {
      channel: alert.channel,
      ts: alert.ts,
      ...verifyFailed({ pr: mergedPr(state.request), severity: failure.severity, detail: failure.detail, evidence: failure.evidence, revert: { kind: "expired", days: REVERT_OFFER_DAYS } }),
    });
    return {};
  };
}
