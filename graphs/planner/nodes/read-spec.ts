import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { PlannerStateType } from "../planner-state.js";

/**
 * Reads the product specification from the default branch. A planner that is not set up says so to a person who
 * asked and stays silent on its schedule; a specification that is missing is worth an alert either way.
 */
export function readSpec(deps: GraphDeps) {
  return async (_state: PlannerStateType) => {
    const specPath = deps.settings.planner.specPath;
    if (!specPath) {
      return {
        problem: { text: "the planner needs planner.specPath in shopfloor.yml: the path of a product specification in the repository, e.g. docs/spec.md.", alert: false },
      };
    }
    if (!deps.settings.audit.channel) {
      return { problem: { text: "the planner needs audit.channel or channels.maintainers in shopfloor.yml: its proposals are decided there.", alert: false } };
    }
    const text = await deps.forge.getFileText(specPath);
    if (text === null) {
      return { problem: { text: `planner.specPath is ${specPath}, but there is no such file on the default branch${deps.settings.repository ? ` of ${deps.settings.repository}` : ""}. Nothing was graded.`, alert: true } };
    }
    if (!text.trim()) return { problem: { text: `${specPath} (planner.specPath) is empty. Nothing was graded.`, alert: true } };
    return { spec: { path: specPath, text } };
  };
}
