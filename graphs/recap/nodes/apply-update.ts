import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { publicUpdateMessage } from "../../../src/blocks/recap-update-blocks.js";
import type { AuditEntry } from "../../../src/core/ledgers/audit-log.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act, threadIdOf } from "../../shared/act.js";
import { isApprover } from "../../shared/approvers.js";
import type { RecapStateType } from "../recap-state.js";

const CHOICES = new Set(["approve", "edit", "discard"]);

/**
 * What a wake-up of the card asks for. Only approvers decide: anyone else gets an ephemeral refusal and an audit
 * entry, and the card keeps waiting. Approve publishes the text as it stands (when a channel is configured), Edit
 * replaces it and waits for an approval again, Discard and the deadline end the wait. Every decision is audited.
 */
export function applyUpdate(deps: GraphDeps) {
  return async (state: RecapStateType, config: LangGraphRunnableConfig) => {
    const w = state.updateWakeup;
    const update = state.update;
    if (!w || !update?.card) return { updateChanged: false };
    if ("kind" in w) return { update: { ...update, status: { kind: "expired" as const } }, updateChanged: true };

    const text = w.choice === "edit" ? (w.text ?? "").trim() : "";
    // An Edit without its form's text is a click a stale client let through: the form is where an edit comes from.
    if (!CHOICES.has(w.choice) || (w.choice === "edit" && !text)) return { updateChanged: false };
    const audit = (outcome: AuditEntry["outcome"], detail: Record<string, unknown>) =>
      deps.audit.append({
        actor: w.user,
        actorGithub: deps.settings.approvers.githubLogins[w.user] ?? null,
        action: "recap.public-update",
        subject: threadIdOf(config),
        outcome,
        detail: { choice: w.choice, round: update.round, ...detail },
      });

    if (!(await isApprover(deps, w.user))) {
      await audit("refused", { reason: "not an approver" });
      await act(deps.effects, config, "apply-update", `refuse-${update.round}-${w.user}-${w.choice}`, "slack.ephemeral", {
        channel: update.card.channel,
        user: w.user,
        text: "Only approvers can publish the public update.",
      });
      return { updateChanged: false };
    }

    if (w.choice === "approve") {
      const channel = deps.settings.recap.publicUpdate.channel;
      const published = channel
        ? await act(deps.effects, config, "apply-update", `publish-${update.round}`, "slack.post", { channel, ...publicUpdateMessage(update.text) })
        : null;
      await audit("done", { text: update.text, publishedIn: published?.channel ?? null, ts: published?.ts ?? null });
      const status = { kind: "approved" as const, by: w.user, ...(published ? { publishedIn: published.channel } : {}) };
      return { update: { ...update, status }, updateChanged: true };
    }
    if (w.choice === "discard") {
      await audit("done", {});
      return { update: { ...update, status: { kind: "discarded" as const, by: w.user } }, updateChanged: true };
    }
    await audit("done", { text });
    return { update: { ...update, text, round: update.round + 1, status: { kind: "waiting" as const, editedBy: w.user } }, updateChanged: true };
  };
}
