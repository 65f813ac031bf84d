import type { ForgeTimelineEvent } from "../../src/core/ports/forge-port.js";
import type { PrFacts, Reason } from "../shared/diagnosis/pr-facts.js";

/**
 * The facts as the model reads them: the PR in one line, the reasons with their evidence, next step and owner,
 * then the recent events. The sandbox's scripted model reads this layout ("1. …", "Next: … (owner: …)").
 */
export function factsText(repository: string, facts: PrFacts, reasons: readonly Reason[], timeline: readonly ForgeTimelineEvent[]): string {
  const pr = facts.pr;
  const lines = [
    `Pull request #${pr.number} in ${repository}: ${pr.draft ? "draft, " : ""}open, by @${pr.author}, opened ${pr.createdAt}, last updated ${pr.updatedAt}. Facts read at ${facts.now}.`,
    "",
    "What is in the way (most pressing first):",
  ];
  if (reasons.length === 0) lines.push("nothing: it is ready to merge.");
  reasons.forEach((r, i) => {
    lines.push(`${i + 1}. ${r.summary}`);
    for (const e of r.evidence) lines.push(`   Evidence: ${e}`);
    lines.push(`   Next: ${r.next} (owner: ${r.owner})`);
  });
  if (timeline.length) {
    lines.push("", "Recent events (oldest first):");
    for (const e of timeline) lines.push(`- ${e.at ?? "unknown time"} ${e.actor ? `@${e.actor} ` : ""}${e.event}${e.detail ? `: ${e.detail}` : ""}`);
  }
  return lines.join("\n");
}
