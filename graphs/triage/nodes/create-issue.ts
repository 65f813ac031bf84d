import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act, threadIdOf } from "../../shared/act.js";
import { issueBody } from "../issue-body.js";
import { labelSpecs, labelsFor } from "../issue-labels.js";
import type { TriageStateType } from "../triage-state.js";

/** Files the issue with the DESIGN §7 labels (creating missing labels once) and links it to the thread. */
export function createIssue(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    const c = state.classification!;
    const report = state.report!;
    const req = state.request;
    const extra = req.source === "sentry" || req.source === "verify" ? req.labels : [];
    const labels = labelsFor(deps.settings, c, { needsInfo: state.needsInfo, extra });
    await act(deps.effects, config, "create-issue", "labels", "github.ensure-labels", { labels: labelSpecs(deps.settings, labels) });
    const issue = await act(deps.effects, config, "create-issue", "issue", "github.create-issue", {
      title: c.title,
      body: issueBody(c, report, {
        candidates: state.duplicates,
        source: req.source,
        ...(req.source === "sentry" || req.source === "verify" ? (req.link ? { link: req.link } : {}) : {}),
      }),
      labels,
    });
    await deps.links.record({ graphThread: threadIdOf(config) }, {
      issueNumber: issue.number,
      ...(state.slack ? { slackChannel: state.slack.channel, slackThreadTs: state.slack.ts } : {}),
      ...(req.source === "sentry" && req.sentryIssueId ? { sentryIssueId: req.sentryIssueId } : {}),
    });
    return { outcome: { kind: "created" as const, issueNumber: issue.number, url: issue.url, labels } };
  };
}
