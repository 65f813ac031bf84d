import type { GraphDefinition } from "../shared/graph-definition.js";
import { createAutomationControlGraph } from "./automation-control-graph.js";
import { AUTOMATION_CONTROL_GRAPH, automationControlInput, type AutomationControlInput } from "./automation-control-input.js";

export const automationControlGraph: GraphDefinition<AutomationControlInput> = {
  name: AUTOMATION_CONTROL_GRAPH,
  description: "Pauses or resumes an automation for an approver (/shopfloor pause|resume, App Home buttons), with an audit entry.",
  input: automationControlInput,
  build: createAutomationControlGraph,
};
