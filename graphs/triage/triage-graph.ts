import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { acknowledge } from "./nodes/acknowledge.js";
import { answerQuestion, awaitAnswerFeedback } from "./nodes/answer-question.js";
import { applyCardAction } from "./nodes/apply-card-action.js";
import { askForDetails } from "./nodes/ask-for-details.js";
import { awaitCardAction } from "./nodes/await-card-action.js";
import { cancel } from "./nodes/cancel.js";
import { classify } from "./nodes/classify.js";
import { commentDuplicate } from "./nodes/comment-duplicate.js";
import { createIssue } from "./nodes/create-issue.js";
import { findDuplicates } from "./nodes/find-duplicates.js";
import { labelGithubIssue } from "./nodes/label-github-issue.js";
import { normalise } from "./nodes/normalise.js";
import { postResult } from "./nodes/post-result.js";
import { afterAnswerFeedback, afterAsk, afterCardWait, afterDuplicates, afterNormalise, afterResult } from "./triage-routes.js";
import { TriageState } from "./triage-state.js";

/**
 * acknowledge → normalise → classify → find-duplicates →
 *   github source:   label-github-issue → END
 *   duplicate:       comment-duplicate → post-result
 *   details missing: ask-for-details ⟲ (reply → classify · timeout → create-issue · deleted → cancel)
 *   question:        answer-question → await-answer-feedback (open an issue → create-issue)
 *   otherwise:       create-issue → post-result → await-card-action ⟲ apply-card-action → post-result
 */
export function createTriageGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(TriageState)
    .addNode("acknowledge", acknowledge(deps))
    .addNode("normalise", normalise(deps))
    .addNode("classify", classify(deps))
    .addNode("find-duplicates", findDuplicates(deps))
    .addNode("ask-for-details", askForDetails(deps))
    .addNode("answer-question", answerQuestion(deps))
    .addNode("await-answer-feedback", awaitAnswerFeedback(deps))
    .addNode("create-issue", createIssue(deps))
    .addNode("comment-duplicate", commentDuplicate(deps))
    .addNode("label-github-issue", labelGithubIssue(deps))
    .addNode("post-result", postResult(deps))
    .addNode("await-card-action", awaitCardAction(deps))
    .addNode("apply-card-action", applyCardAction(deps))
    .addNode("cancel", cancel(deps))
    .addEdge(START, "acknowledge")
    .addEdge("acknowledge", "normalise")
    .addConditionalEdges("normalise", afterNormalise)
    .addEdge("classify", "find-duplicates")
    .addConditionalEdges("find-duplicates", afterDuplicates)
    .addConditionalEdges("ask-for-details", afterAsk)
    .addEdge("answer-question", "await-answer-feedback")
    .addConditionalEdges("await-answer-feedback", afterAnswerFeedback)
    .addEdge("create-issue", "post-result")
    .addEdge("comment-duplicate", "post-result")
    .addEdge("label-github-issue", END)
    .addConditionalEdges("post-result", afterResult)
    .addConditionalEdges("await-card-action", afterCardWait)
    .addEdge("apply-card-action", "post-result")
    .addEdge("cancel", END)
    .compile({ checkpointer, name: "triage" }) as unknown as RunnableGraph;
}
