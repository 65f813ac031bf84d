import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { ExplainSubject } from "../../../src/blocks/explain-blocks.js";
import { ErrorCode, toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { ForgeIssue, ForgeTimelineEvent } from "../../../src/core/ports/forge-port.js";
import { gatherPrFacts } from "../../shared/diagnosis/gather-pr-facts.js";
import type { ExplainStateType } from "../explain-state.js";

/** Enough history to see the last few moves without burying the diagnosis. */
const TIMELINE_READ = 30;
const TIMELINE_KEEP = 8;
/** Events that say nothing about why a PR moves or not. */
const NOISE = new Set(["subscribed", "unsubscribed", "mentioned", "referenced", "cross-referenced", "connected", "disconnected"]);

/** What the number is (an open PR, a finished one, an issue, nothing), and the facts a diagnosis needs. Reads only. */
export function gather(deps: GraphDeps) {
  return async (state: ExplainStateType, _config: LangGraphRunnableConfig) => {
    const { number, repository } = state.request;
    const watched = deps.settings.repository ?? "this repository";
    if (repository && deps.settings.repository && repository.toLowerCase() !== deps.settings.repository.toLowerCase()) {
      return { subject: { kind: "elsewhere", number, repository, watched } satisfies ExplainSubject };
    }

    let issue: ForgeIssue;
    try {
      issue = await deps.forge.getIssue(number);
    } catch (e) {
      if (toAppError(e).code === ErrorCode.NotFound) return { subject: { kind: "missing", number, repository: watched } satisfies ExplainSubject };
      throw e;
    }

    if (!issue.isPullRequest) {
      const [timeline, link] = await Promise.all([deps.forge.listTimeline(number, TIMELINE_READ), deps.links.find({ issueNumber: number })]);
      const subject: ExplainSubject = { kind: "issue", number, title: issue.title, url: issue.url, state: issue.state, labels: issue.labels, linkedPr: link?.prNumber ?? null };
      return { subject, timeline: recent(timeline) };
    }

    // A finished PR needs no diagnosis: saying it is merged (or closed) is the whole answer.
    if (issue.state === "closed") {
      const [pr, timeline] = await Promise.all([deps.forge.getPullRequest(number), deps.forge.listTimeline(number, TIMELINE_READ)]);
      return { subject: prSubject(pr), timeline: recent(timeline) };
    }
    const [facts, timeline] = await Promise.all([gatherPrFacts(deps, number), deps.forge.listTimeline(number, TIMELINE_READ)]);
    return { subject: prSubject(facts.pr), facts, timeline: recent(timeline) };
  };
}

function prSubject(pr: { number: number; title: string; url: string; author: string; state: "open" | "closed"; merged: boolean; draft: boolean }): ExplainSubject {
  return { kind: "pr", number: pr.number, title: pr.title, url: pr.url, author: pr.author, state: pr.state, merged: pr.merged, draft: pr.draft };
}

function recent(events: ForgeTimelineEvent[]): ForgeTimelineEvent[] {
  return events.filter((e) => !NOISE.has(e.event)).slice(-TIMELINE_KEEP);
}
