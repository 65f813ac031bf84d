import type { BuildPlan } from "./build-types.js";

export function planText(plan: BuildPlan | undefined): string {
  if (!plan) return "(no plan: work out the steps yourself)";
  const steps = plan.steps.map((s, i) => `${i + 1}. ${s}`).join("\n");
  const files = plan.filesToRead.length ? `\nRead first: ${plan.filesToRead.join(", ")}` : "";
  return `${plan.summary}\n${steps}${files}${plan.testStrategy ? `\nTesting: ${plan.testStrategy}` : ""}`;
}
