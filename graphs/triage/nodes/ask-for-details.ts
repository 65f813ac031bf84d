import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { triageQuestion } from "../../../src/blocks/triage-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { showProgress } from "../triage-progress.js";
import type { TriageStateType, Wakeup } from "../triage-state.js";

/**
 * Asks the reporter, in the thread, for what is missing, then waits: no job and no memory are held while it
 * waits. Their reply resumes it; so does an edit or a deletion of the report, or the deadline.
 * Replies from other people are not answers to the question: it goes on waiting.
 */
export function askForDetails(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    const slack = state.slack!;
    const report = state.report!;
    const round = state.questionsAsked;
    // The deadline is fixed when the question is asked, so waiting again keeps it.
    const asked = await act(deps.effects, config, "ask-for-details", `question-${round}`, "slack.post", {
      channel: slack.channel,
      threadTs: slack.ts,
      ...triageQuestion(report.reporter, state.classification?.missing ?? [], deadlineText(deps.settings.triage.clarifyTimeoutHours)),
    });
    await showProgress(deps, config, state, "ask-for-details", "waiting for details from the reporter");
    // Measured from the question's own timestamp (replayed by the ledger), so a re-run computes the same deadline.
    const askedAtMs = Number(asked.ts.split(".")[0]) * 1000 || deps.clock.now().getTime();
    const expiresAt = new Date(askedAtMs + deps.settings.triage.clarifyTimeoutHours * 3_600_000).toISOString();
    const wakeup = interrupt<{ kind: "details"; expiresAt: string; question: string }, Wakeup>({ kind: "details", expiresAt, question: asked.ts });

    if ("kind" in wakeup && wakeup.kind === "reply") {
      if (wakeup.user !== report.reporter) return { wakeup };
      return { wakeup, questionsAsked: round + 1, report: { ...report, answers: [...report.answers, wakeup.text] } };
    }
    if ("kind" in wakeup && wakeup.kind === "timeout") return { wakeup, questionsAsked: round + 1, needsInfo: true };
    if ("kind" in wakeup && wakeup.kind === "deleted") return { wakeup, outcome: { kind: "cancelled" as const, reason: "the report was deleted" } };
    if ("kind" in wakeup && wakeup.kind === "edited") return { wakeup, questionsAsked: round + 1, report: { ...report, text: wakeup.text } };
    return { wakeup };
  };
}

function deadlineText(hours: number): string {
  return hours >= 24 && hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? "" : "s"} from now` : `${hours} hour${hours === 1 ? "" : "s"} from now`;
}
