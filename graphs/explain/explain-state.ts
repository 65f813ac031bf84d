import { Annotation } from "@langchain/langgraph";
import type { ExplainSubject } from "../../src/blocks/explain-blocks.js";
import type { RunTimelineView } from "../../src/blocks/run-timeline-blocks.js";
import type { ForgeTimelineEvent } from "../../src/core/ports/forge-port.js";
import type { PrFacts, Reason } from "../shared/diagnosis/pr-facts.js";
import type { ExplainInput } from "./explain-input.js";

export const ExplainState = Annotation.Root({
  /** The request, as the job started the graph. */
  request: Annotation<ExplainInput>(),
  /** What the number turned out to be: an open or finished PR, an issue, or nothing in this repository. */
  subject: Annotation<ExplainSubject | undefined>(),
  /** GitHub's and Shopfloor's facts about the PR (open PRs only). */
  facts: Annotation<PrFacts | undefined>(),
  /** The last few events of the PR or issue, oldest first. */
  timeline: Annotation<ForgeTimelineEvent[]>({ reducer: (_old, next) => next, default: () => [] }),
  /** What stands between the PR and its merge, most pressing first. */
  reasons: Annotation<Reason[]>({ reducer: (_old, next) => next, default: () => [] }),
  /** The model's plain-language summary of the reasons; absent when there is no model or it failed. */
  paragraph: Annotation<string | undefined>(),
  /** A question about a failed run: what the run ledger holds on it (gather-run). */
  runTimeline: Annotation<RunTimelineView | undefined>(),
  /** ts of the reply in the thread (mentions only). */
  replyTs: Annotation<string | undefined>(),
});
export type ExplainStateType = typeof ExplainState.State;
