import { refusedText, unchangedText, unknownAutomationText } from "../../../src/blocks/automation-control-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { isApprover } from "../../shared/approvers.js";
import type { AutomationControlStateType } from "../automation-control-state.js";

/**
 * Checks the request against what is installed, who asks and how things stand. The edge already checked the name,
 * but a Home button can be older than the installation, so the graph checks again. A refusal is audited here:
 * it changes nothing else.
 */
export function decide(deps: GraphDeps) {
  return async (state: AutomationControlStateType) => {
    const { action, automation, user, via } = state.request;
    if (!deps.settings.automations.includes(automation)) {
      return { decision: "unknown" as const, reply: unknownAutomationText(action, automation, deps.settings.automations) };
    }
    if (!(await isApprover(deps, user))) {
      await deps.audit.append({ actor: user, action: `automation.${action}`, subject: `automation:${automation}`, outcome: "refused", detail: { reason: "not an approver", via } });
      return { decision: "refused" as const, reply: refusedText(action, automation) };
    }
    const setting = (await deps.automations.list()).find((s) => s.automation === automation);
    if ((setting?.paused ?? false) === (action === "pause")) {
      return { decision: "unchanged" as const, reply: unchangedText(action, automation, setting) };
    }
    return { decision: "allowed" as const };
  };
}
