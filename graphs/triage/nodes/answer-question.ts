import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { triageAnswer } from "../../../src/blocks/triage-blocks.js";
import { toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act, threadIdOf } from "../../shared/act.js";
import { callStructured } from "../../shared/call-model.js";
import { reportText } from "../issue-body.js";
import type { TriageStateType, Wakeup } from "../triage-state.js";

const DOC_FILES = ["README.md", "docs/README.md", "CONTRIBUTING.md", "docs/FAQ.md"];
const DOC_CHARS = 12_000;
const ANSWER_SLOT = "slot:answer";
const answerSchema = z.object({ canAnswer: z.boolean(), answer: z.string().max(3000) });

/**
 * A question is answered in the thread from the repository's docs and issues when the model can; an issue
 * is opened only when the person asks for one (the button under the answer).
 */
export function answerQuestion(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    const slack = state.slack!;
    const question = reportText(state.report!);
    let answer = "I could not find the answer in the repository's docs or issues.";
    if (state.classification?.method === "model") {
      try {
        const docs = (await Promise.all(DOC_FILES.map(async (p) => ({ p, text: await deps.forge.getFileText(p).catch(() => null) }))))
          .filter((d) => d.text)
          .map((d) => `--- ${d.p}\n${d.text}`)
          .join("\n\n")
          .slice(0, DOC_CHARS);
        const related = state.duplicates.map((d) => `#${d.number} ${d.title}`).join("\n") || "none";
        const result = await callStructured(deps, {
          config,
          node: "answer-question",
          task: "triage.answer-question",
          promptId: "triage/answer-question",
          vars: { repository: deps.settings.repository ?? "this repository", question, docs: docs || "none", related },
          schema: answerSchema,
        });
        if (result.canAnswer) answer = result.answer;
      } catch (e) {
        deps.logger.warn({ code: toAppError(e).code }, "question left unanswered: model unavailable");
      }
    }
    const message = triageAnswer(answer, { threadId: threadIdOf(config), slot: ANSWER_SLOT });
    await act(deps.effects, config, "answer-question", "answer", "slack.update", { channel: slack.channel, ts: slack.progressTs!, ...message });
    return { answer };
  };
}

/**
 * Waits for "Open an issue instead" under the answer (a separate node, so resuming does not ask the model
 * again). Anything else that wakes it, such as a reply in the thread, leaves it waiting.
 */
export function awaitAnswerFeedback(deps: GraphDeps) {
  return async (state: TriageStateType) => {
    const slack = state.slack!;
    const expiresAt = new Date(Number(slack.progressTs!.split(".")[0]) * 1000 + deps.settings.triage.cardActionDays * 86_400_000).toISOString();
    const wakeup = interrupt<{ kind: "answer"; slot: string; expiresAt: string }, Wakeup>({ kind: "answer", slot: ANSWER_SLOT, expiresAt });
    const wantsIssue = "choice" in wakeup && wakeup.choice === "open-issue" && wakeup.slot === ANSWER_SLOT;
    const timedOut = "kind" in wakeup && wakeup.kind === "timeout";
    return { wakeup, issueRequested: wantsIssue, ...(timedOut ? { outcome: { kind: "answered" as const } } : {}) };
  };
}
