import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { isApprover } from "../../shared/approvers.js";
import { cardSlot, type MergeStateType } from "../merge-state.js";

const SNOOZE_MS: Record<string, number> = { "snooze-1h": 3_600_000, "snooze-1d": 86_400_000 };

/**
 * What a wakeup asks for. Only approvers decide: anyone else gets an ephemeral refusal and an audit entry, and the
 * card keeps waiting. A click on an older drawing of the card, or a timer that is not a snooze's, changes nothing.
 */
export function handleClick(deps: GraphDeps) {
  return async (state: MergeStateType, config: LangGraphRunnableConfig) => {
    const w = state.wakeup;
    if (!w) return { decision: "ignore" as const };
    if ("kind" in w) {
      return state.status.kind === "snoozed"
        ? { decision: "remind" as const, status: { kind: "waiting" as const }, expiresAt: null }
        : { decision: "expire" as const, status: { kind: "expired" as const } };
    }
    if (w.slot && w.slot !== cardSlot(state)) return { decision: "ignore" as const };
    const action = w.choice === "approve" ? "merge.approve" : w.choice === "request-changes" ? "merge.request-changes" : "merge.snooze";
    if (!(await isApprover(deps, w.user))) {
      await deps.audit.append({ actor: w.user, action, subject: `pr#${state.request.pr}`, outcome: "refused", detail: { reason: "not an approver", sha: state.request.reviewedSha } });
      if (state.card) {
        await act(deps.effects, config, "handle-click", `refuse-${w.user}-${state.cardVersion}-${w.choice}`, "slack.ephemeral", {
          channel: state.card.channel,
          user: w.user,
          text: `Only approvers can ${w.choice === "approve" ? "merge" : "decide on"} #${state.request.pr}. Ask one of them, or an admin to add you to \`approvers\` in shopfloor.yml.`,
        });
      }
      return { decision: "ignore" as const };
    }
    if (w.choice === "approve") return { decision: "approve" as const };
    if (w.choice === "request-changes") return { decision: "request-changes" as const };
    const ms = SNOOZE_MS[w.choice];
    if (!ms) return { decision: "ignore" as const };
    const until = new Date(deps.clock.now().getTime() + ms).toISOString();
    await deps.audit.append({ actor: w.user, action, subject: `pr#${state.request.pr}`, outcome: "done", detail: { until } });
    return { decision: "snooze" as const, status: { kind: "snoozed" as const, by: w.user, until }, expiresAt: until };
  };
}
