import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { labelSpecs, severityLabel } from "../issue-labels.js";
import type { TriageStateType } from "../triage-state.js";

/**
 * Applies a correction from the card — severity, not a bug, duplicate of — to the issue, and records who made
 * it in the audit log. The card is then drawn again with fresh buttons.
 */
export function applyCardAction(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    const w = state.wakeup;
    const outcome = state.outcome;
    if (!w || !("choice" in w) || outcome?.kind !== "created") return {};
    const n = state.cardActions;
    const number = outcome.issueNumber;
    const who = `<@${w.user}>`;
    const audit = (action: string, detail: Record<string, unknown>) =>
      deps.audit.append({
        actor: w.user,
        actorGithub: deps.settings.approvers.githubLogins[w.user] ?? null,
        action,
        subject: `issue#${number}`,
        outcome: "done",
        detail: { ...detail, thread: config.configurable?.thread_id },
      });
    const c = state.classification!;

    if (w.choice === "severity" && w.severity && w.severity !== c.severity) {
      const from = severityLabel(deps.settings, c.severity);
      const to = severityLabel(deps.settings, w.severity);
      await act(deps.effects, config, "apply-card-action", `ensure-${n}`, "github.ensure-labels", { labels: labelSpecs(deps.settings, [to]) });
      await act(deps.effects, config, "apply-card-action", `remove-${n}`, "github.remove-label", { number, label: from });
      await act(deps.effects, config, "apply-card-action", `add-${n}`, "github.add-labels", { number, labels: [to] });
      await audit("triage.change-severity", { from: c.severity, to: w.severity });
      const labels = outcome.labels.map((l) => (l === from ? to : l));
      return {
        classification: { ...c, severity: w.severity, severityReason: `set by ${who}` },
        outcome: { ...outcome, labels },
        lastChange: `Severity ${c.severity} → ${w.severity} by ${who}`,
        cardActions: n + 1,
      };
    }
    if (w.choice === "not-bug") {
      await act(deps.effects, config, "apply-card-action", `comment-${n}`, "github.comment", { number, body: `Closed from Slack as not a bug.` });
      await act(deps.effects, config, "apply-card-action", `close-${n}`, "github.close-issue", { number, reason: "not_planned" });
      await audit("triage.not-a-bug", {});
      return { lastChange: `Closed as not a bug by ${who}`, cardActions: n + 1, issueClosed: true };
    }
    if (w.choice === "duplicate" && w.issue && w.issue !== number) {
      await act(deps.effects, config, "apply-card-action", `comment-${n}`, "github.comment", { number, body: `Duplicate of #${w.issue}.` });
      await act(deps.effects, config, "apply-card-action", `close-${n}`, "github.close-issue", { number, reason: "not_planned" });
      await audit("triage.duplicate", { of: w.issue });
      return { lastChange: `Closed as a duplicate of #${w.issue} by ${who}`, cardActions: n + 1, issueClosed: true };
    }
    return { cardActions: n + 1, lastChange: `No change: ${w.choice} by ${who}` };
  };
}
