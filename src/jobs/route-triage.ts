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
import { list, positiveInt, record, text } from "./route-fields.js";
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
  const issue = record(job.payload.issue);
  const repo = text(record(job.payload.repository)?.full_name) ?? "repo";
  const number = positiveInt(issue?.number);
  const title = text(issue?.title);
  if (!number || !title) return { kind: "ignore", reason: "issues.opened without an issue" };
  const user = record(issue?.user);
  if (user?.type === "Bot") return { kind: "ignore", reason: "issue opened by a bot (Shopfloor files its own issues already triaged)" };
  const labels = list(issue?.labels).map((l) => text(record(l)?.name));
  if (labels.some((name) => name && typeLabels.includes(name))) return { kind: "ignore", reason: "issue already carries a type label" };
  const threadId = threadIds.issue(repo, number);
  return startTriage(threadId, { source: "github", issueNumber: number, title, body: text(issue?.body) ?? "", author: text(user?.login) ?? "someone" });
}

/** Modal submissions: a bug report starts triage; the cards' modals (triage, merge, public update) signal the run that posted the card. */
export function triageFromView(job: SlackInteractionJob, bugChannel: string | undefined): Route {
  const view = record(job.payload.view);
  const callbackId = text(view?.callback_id);
  if (!view || !callbackId) return { kind: "ignore", reason: "view submission without a view" };
  const viewId = text(view.id);
  if (callbackId === "report_bug") {
    const form = readReportBugSubmission(view);
    const meta = readReportBugMetadata(view);
    const onMessage = meta.channel && meta.messageTs;
    const threadId = onMessage ? threadIds.slackThread(job.teamId, meta.channel!, meta.messageTs!) : threadIds.slackRequest(job.teamId, viewId ?? job.id);
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
  const target = decodeButtonValue(text(view.private_metadata));
  if (!target) return { kind: "ignore", reason: `view ${callbackId} carries no run to signal` };
  const value =
    callbackId === "triage_severity"
      ? { choice: "severity", severity: readSeveritySubmission(view) }
      : callbackId === "triage_duplicate"
        ? { choice: "duplicate", issue: readDuplicateSubmission(view) }
        : callbackId === MERGE_REQUEST_CHANGES_CALLBACK_ID
          ? { choice: "request-changes", reason: readRequestChangesSubmission(view) }
          : callbackId === RECAP_EDIT_UPDATE_CALLBACK_ID
            ? { choice: "edit", text: readEditUpdateSubmission(view) }
            : null;
  if (!value) return { kind: "ignore", reason: `no automation handles view ${callbackId}` };
  return {
    kind: "graph",
    jobId: jobId("signal", hash(target.threadId), viewId ?? job.id),
    job: { type: "signal", graph: target.graph, threadId: target.threadId, value: { ...value, slot: target.interruptId, user: job.user } },
  };
}

