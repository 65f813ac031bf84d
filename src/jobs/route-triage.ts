import { decodeButtonValue } from "../core/button-value.js";
import { hash, jobId, threadIds } from "../core/ids.js";
import {
  MERGE_REQUEST_CHANGES_CALLBACK_ID,
  RECAP_EDIT_UPDATE_CALLBACK_ID,
  readDuplicateSubmission,
  readEditUpdateSubmission,
  readRequestChangesSubmission,
  readSeveritySubmission,
} from "../blocks/card-modals.js";
import { readReportBugMetadata, readReportBugSubmission } from "../blocks/report-bug-modal.js";
import type { IngressJob, NotifyTarget, SlackCommandJob, SlackEventJob, SlackInteractionJob } from "./job-schemas.js";
import type { Route } from "./route-ingress.js";

/**
 * Routes that start or feed triage. A start's job id is derived from the graph thread, not the delivery,
 * so the message event and the app_mention Slack sends for the same message start one run.
 */
function startTriage(threadId: string, input: Record<string, unknown>, notify?: NotifyTarget): Route {
  return {
    kind: "graph",
    jobId: jobId("run-triage", hash(threadId)),
    job: { type: "start", graph: "triage", threadId, input, ...(notify ? { notify } : {}) },
  };
}

export function triageFromMessage(job: SlackEventJob, via: "message" | "mention", text: string): Route {
  const e = job.event;
  const threadId = threadIds.slackThread(job.teamId, e.channel!, e.ts!);
  return startTriage(threadId, { source: "slack", via, teamId: job.teamId, user: e.user!, channel: e.channel!, messageTs: e.ts!, text }, { channel: e.channel!, threadTs: e.ts!, user: e.user! });
}

export function triageFromCommand(job: SlackCommandJob, bugChannel: string | undefined): Route {
  const threadId = threadIds.slackRequest(job.teamId, job.triggerId);
  return startTriage(threadId, { source: "slack", via: "command", teamId: job.teamId, user: job.user, postIn: bugChannel ?? job.channel, text: job.args }, { responseUrl: job.responseUrl, user: job.user });
}

/** A reply in a thread, an edit or a deletion goes to the triage run of that thread, if one is waiting. */
export function signalThread(job: SlackEventJob, value: Record<string, unknown>, threadTs: string): Route {
  const threadId = threadIds.slackThread(job.teamId, job.event.channel!, threadTs);
  return {
    kind: "graph",
    jobId: jobId("signal", hash(threadId), job.eventId),
    job: { type: "signal", graph: "triage", threadId, value },
  };
}

export function triageFromGithubIssue(job: Extract<IngressJob, { source: "github" }>, typeLabels: readonly string[]): Route {
  const issue = job.payload.issue as { number?: number; title?: string; body?: string | null; labels?: { name?: string }[]; user?: { login?: string; type?: string } } | undefined;
  const repo = (job.payload.repository as { full_name?: string } | undefined)?.full_name ?? "repo";
  if (!issue?.number || !issue.title) return { kind: "ignore", reason: "issues.opened without an issue" };
  if (issue.user?.type === "Bot") return { kind: "ignore", reason: "issue opened by a bot (Shopfloor files its own issues already triaged)" };
  if (issue.labels?.some((l) => l.name && typeLabels.includes(l.name))) return { kind: "ignore", reason: "issue already carries a type label" };
  const threadId = threadIds.issue(repo, issue.number);
  return startTriage(threadId, { source: "github", issueNumber: issue.number, title: issue.title, body: issue.body ?? "", author: issue.user?.login ?? "someone" });
}

interface ViewPayload {
  view?: { id?: string; callback_id?: string; private_metadata?: string; state?: { values?: Record<string, Record<string, unknown>> } };
}

/** Modal submissions: a bug report starts triage; the cards' modals (triage, merge, public update) signal the run that posted the card. */
export function triageFromView(job: SlackInteractionJob, bugChannel: string | undefined): Route {
  const view = (job.payload as ViewPayload).view;
  if (!view?.callback_id) return { kind: "ignore", reason: "view submission without a view" };
  if (view.callback_id === "report_bug") {
    const form = readReportBugSubmission(view);
    const meta = readReportBugMetadata(view);
    const onMessage = meta.channel && meta.messageTs;
    const threadId = onMessage ? threadIds.slackThread(job.teamId, meta.channel!, meta.messageTs!) : threadIds.slackRequest(job.teamId, view.id ?? job.id);
    const input = {
      source: "slack",
      via: "shortcut",
      teamId: job.teamId,
      user: job.user,
      ...(onMessage ? { channel: meta.channel, messageTs: meta.messageTs } : { postIn: bugChannel ?? meta.channel }),
      text: "",
      form: { ...form, ...(form.severity ? { severity: form.severity } : {}) },
    };
    return startTriage(threadId, input, { user: job.user, ...(onMessage ? { channel: meta.channel!, threadTs: meta.messageTs! } : {}) });
  }
  const target = decodeButtonValue(view.private_metadata);
  if (!target) return { kind: "ignore", reason: `view ${view.callback_id} carries no run to signal` };
  const value =
    view.callback_id === "triage_severity"
      ? { choice: "severity", severity: readSeveritySubmission(view) }
      : view.callback_id === "triage_duplicate"
        ? { choice: "duplicate", issue: readDuplicateSubmission(view) }
        : view.callback_id === MERGE_REQUEST_CHANGES_CALLBACK_ID
          ? { choice: "request-changes", reason: readRequestChangesSubmission(view) }
          : view.callback_id === RECAP_EDIT_UPDATE_CALLBACK_ID
            ? { choice: "edit", text: readEditUpdateSubmission(view) }
            : null;
  if (!value) return { kind: "ignore", reason: `no automation handles view ${view.callback_id}` };
  return {
    kind: "graph",
    jobId: jobId("signal", hash(target.threadId), view.id ?? job.id),
    job: { type: "signal", graph: target.graph, threadId: target.threadId, value: { ...value, slot: target.interruptId, user: job.user } },
  };
}

