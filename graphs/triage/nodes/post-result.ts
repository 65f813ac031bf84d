import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { triageResult } from "../../../src/blocks/triage-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act, threadIdOf } from "../../shared/act.js";
import type { TriageStateType } from "../triage-state.js";

export const cardSlot = (state: TriageStateType) => `slot:card-${state.cardActions}`;

/**
 * Turns the "Triaging…" message into the result card (link, labels, likely duplicates, buttons), and swaps
 * 👀 for ✅ (or 🔗 for a duplicate) on the report. Re-rendered after every change made from the card.
 */
export function postResult(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    const slack = state.slack;
    const outcome = state.outcome;
    const c = state.classification!;
    if (!slack?.progressTs || !outcome) return {};
    const created = outcome.kind === "created" ? outcome : undefined;
    const closed = state.issueClosed;
    const card = triageResult({
      ...(created ? { issue: { number: created.issueNumber, url: created.url, title: c.title, state: closed ? "closed" : "open" } } : {}),
      ...(outcome.kind === "duplicate" && state.duplicateOf ? { duplicateOf: state.duplicateOf } : {}),
      type: c.type,
      severity: c.severity,
      severityReason: c.severityReason,
      area: c.area,
      labels: created?.labels ?? [],
      candidates: state.duplicates,
      ...(c.method === "rules" ? { ruleBased: c.fallbackReason ?? "no model" } : {}),
      needsInfo: state.needsInfo,
      ...(state.lastChange ? { lastChange: state.lastChange } : {}),
      ...(created && !closed ? { buttons: { threadId: threadIdOf(config), slot: cardSlot(state) } } : {}),
    });
    await act(deps.effects, config, "post-result", `card-${state.cardActions}`, "slack.update", { channel: slack.channel, ts: slack.progressTs, ...card });
    if (state.cardActions === 0 && state.request.source === "slack") {
      await act(deps.effects, config, "post-result", "unreact", "slack.unreact", { channel: slack.channel, ts: slack.ts, name: "eyes" });
      await act(deps.effects, config, "post-result", "react", "slack.react", {
        channel: slack.channel,
        ts: slack.ts,
        name: outcome.kind === "duplicate" ? "link" : state.needsInfo ? "grey_question" : "white_check_mark",
      });
    }
    return {};
  };
}
