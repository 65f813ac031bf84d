import { AUTOMATION_CONTROL_GRAPH, controlArgs } from "../../graphs/automation-control/automation-control-input.js";
import { promptsArgs } from "../../graphs/prompts/prompts-input.js";
import { AUTOMATION_PAUSE_ACTION, AUTOMATION_RESUME_ACTION } from "../blocks/home-blocks.js";
import { hash, jobId, threadIds } from "../core/ids.js";
import { decodeButtonValue } from "../core/button-value.js";
import type { TrackedIssue } from "../core/ports/error-tracker-port.js";
import { incidentStart } from "./processors/process-sentry-poll.js";
import { buildFromCommand, buildFromMention } from "./route-build.js";
import { selfFromCommand } from "./route-audit.js";
import { recapFromCommand, recapFromMention } from "./route-recap.js";
import { shepherdStart } from "./processors/process-shepherd-sweep.js";
import { graphJobSchema, type GraphJob, type IngressJob, type SlackCommandJob, type SlackEventJob, type SlackInteractionJob } from "./job-schemas.js";
import { list, positiveInt, record, text } from "./route-fields.js";
import { mentionIntent, whyTarget } from "./route-intent.js";
import { reviewFromCommand, reviewFromComment, reviewFromPullRequest } from "./route-review.js";
import { signalThread, triageFromCommand, triageFromGithubIssue, triageFromMessage, triageFromView } from "./route-triage.js";

export type Route = { kind: "graph"; job: GraphJob; jobId: string } | { kind: "ignore"; reason: string };

export interface RouteContext {
  /** The bot's own Slack user id, to strip mentions and ignore our own messages. */
  botUserId: string | null;
  bugChannels: readonly string[];
  /** The configured type labels: a GitHub issue that has one was triaged already. */
  typeLabels: readonly string[];
  triageGithubIssues: boolean;
  /** owner/name of the configured repository, for threads started from Slack. */
  repository?: string | null;
  /** factory:needs-human, when the shepherd is on: adding it to a PR starts the shepherd's second look. */
  needsHumanLabel?: string | null;
  /** review.enabled: pushes and opened PRs start reviews. */
  reviewPullRequests?: boolean;
  /** The Sentry organisation, for incident thread ids. */
  sentryOrg?: string | null;
}

/**
 * Decides which automation a delivery starts. Pure: the worker runs it so that routing may grow to
 * consult state (e.g. a thread already linked to a triage run) without the edges learning about it.
 * Each route's job id is derived from the delivery, so a redelivered event starts nothing new.
 * A delivery whose fields cannot make a valid graph job (a channel id that is no text, a response_url that is no
 * URL) is ignored with the fields named, rather than failing at enqueue as if the queue were down.
 */
export function routeIngress(job: IngressJob, ctx: RouteContext): Route {
  const route = routeDelivery(job, ctx);
  if (route.kind === "ignore") return route;
  const valid = graphJobSchema.safeParse(route.job);
  if (valid.success) return route;
  const fields = valid.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
  return { kind: "ignore", reason: `the delivery cannot start ${route.job.graph}: ${fields.join("; ")}` };
}

function routeDelivery(job: IngressJob, ctx: RouteContext): Route {
  switch (job.source) {
    case "slack":
      if (job.type === "command") {
        if (job.subcommand === "status") {
          return {
            kind: "graph",
            jobId: jobId("run-status", job.triggerId),
            job: {
              type: "start",
              graph: "status",
              threadId: threadIds.slackRequest(job.teamId, job.triggerId),
              input: { via: "command", channel: job.channel, user: job.user, responseUrl: job.responseUrl },
              notify: { responseUrl: job.responseUrl, user: job.user },
            },
          };
        }
        if (job.subcommand === "bug" && job.args.trim()) return triageFromCommand(job, ctx.bugChannels[0]);
        if (job.subcommand === "review") return reviewFromCommand(job, ctx.repository ?? null);
        if (job.subcommand === "why") return explainFromCommand(job);
        if (job.subcommand === "build") return buildFromCommand(job, ctx.repository ?? null);
        if (job.subcommand === "audit" && /^log\b/i.test(job.args.trim())) return auditLogFromCommand(job);
        if (job.subcommand === "audit") return selfFromCommand("audit", job);
        if (job.subcommand === "plan") return selfFromCommand("planner", job);
        if (job.subcommand === "prompts") return promptsFromCommand(job);
        if (job.subcommand === "recap") return recapFromCommand(job);
        if (job.subcommand === "pause" || job.subcommand === "resume") return controlFromCommand(job, job.subcommand);
        return { kind: "ignore", reason: `no automation handles /shopfloor ${job.subcommand}` };
      }
      if (job.type === "event") return routeSlackEvent(job, ctx);
      if (job.kind === "view_submission") return triageFromView(job, ctx.bugChannels[0]);
      return routeSlackInteraction(job);
    case "github":
      if (job.event === "issues" && job.action === "opened" && ctx.triageGithubIssues) return triageFromGithubIssue(job, ctx.typeLabels);
      if (job.event === "pull_request" && job.action === "labeled" && ctx.needsHumanLabel) return shepherdFromLabel(job, ctx.needsHumanLabel);
      if (job.event === "pull_request" && ctx.reviewPullRequests !== false) return reviewFromPullRequest(job);
      if (job.event === "issue_comment") return reviewFromComment(job);
      return { kind: "ignore", reason: `no automation handles GitHub ${job.event}${job.action ? `.${job.action}` : ""} yet` };
    case "sentry":
      return routeSentry(job, ctx);
  }
}

/** factory:needs-human added to a PR: the shepherd takes a second look at once instead of at the next hour. */
function shepherdFromLabel(job: Extract<IngressJob, { source: "github" }>, needsHuman: string): Route {
  const label = text(record(job.payload.label)?.name);
  const pr = positiveInt(record(job.payload.pull_request)?.number);
  const repo = text(record(job.payload.repository)?.full_name);
  if (label !== needsHuman || !pr || !repo) return { kind: "ignore", reason: `label ${label ?? "?"} needs nothing` };
  return { kind: "graph", ...shepherdStart(repo, pr, { kind: "needs-human", id: job.deliveryId }) };
}

/** `/shopfloor why 123` (or a PR link): the listener has checked that a PR follows. */
function explainFromCommand(job: SlackCommandJob): Route {
  const target = whyTarget(job.args.trim());
  if (!target) return { kind: "ignore", reason: "why without a PR number" };
  return {
    kind: "graph",
    jobId: jobId("run-explain", job.triggerId),
    job: {
      type: "start",
      graph: "explain",
      threadId: threadIds.slackRequest(job.teamId, job.triggerId),
      input: { via: "command", ...target, channel: job.channel, user: job.user, responseUrl: job.responseUrl },
      notify: { responseUrl: job.responseUrl, user: job.user },
    },
  };
}

/** `/shopfloor audit log [PR]`: the audit entries of one PR, or the latest ones, privately. */
function auditLogFromCommand(job: SlackCommandJob): Route {
  const pr = Number(/^log\s+#?(\d+)/i.exec(job.args.trim())?.[1]);
  return {
    kind: "graph",
    jobId: jobId("run-audit-log", job.triggerId),
    job: {
      type: "start",
      graph: "audit-log",
      threadId: threadIds.slackRequest(job.teamId, job.triggerId),
      input: { user: job.user, responseUrl: job.responseUrl, ...(Number.isInteger(pr) && pr > 0 ? { pr } : {}) },
      notify: { responseUrl: job.responseUrl, user: job.user },
    },
  };
}

/** `/shopfloor prompts [history|rollback <prompt>]`: the edge checked the words; the graph checks the name and the person. */
function promptsFromCommand(job: SlackCommandJob): Route {
  const args = promptsArgs(job.args);
  if (!args) return { kind: "ignore", reason: `prompts ${job.args} is not list, history or rollback` };
  return {
    kind: "graph",
    jobId: jobId("run-prompts", job.triggerId),
    job: {
      type: "start",
      graph: "prompts",
      threadId: threadIds.slackRequest(job.teamId, job.triggerId),
      input: { ...args, user: job.user, channel: job.channel, responseUrl: job.responseUrl },
      notify: { responseUrl: job.responseUrl, user: job.user },
    },
  };
}

/** `/shopfloor pause build [reason]`, `/shopfloor resume build`: the edge checked the name; the graph checks the person. */
function controlFromCommand(job: SlackCommandJob, action: "pause" | "resume"): Route {
  const args = controlArgs(job.args);
  if (!args) return { kind: "ignore", reason: `${action} without an automation` };
  return {
    kind: "graph",
    jobId: jobId("run-automation-control", job.triggerId),
    job: {
      type: "start",
      graph: AUTOMATION_CONTROL_GRAPH,
      threadId: threadIds.slackRequest(job.teamId, job.triggerId),
      input: { action, ...args, user: job.user, via: "command", channel: job.channel, responseUrl: job.responseUrl },
      notify: { responseUrl: job.responseUrl, user: job.user },
    },
  };
}

/**
 * Pause and Resume buttons carry the automation's name; each click is its own request. On the App Home the answer is
 * the redrawn Home; on a message (the circuit breaker's alert) it is a private reply through the click's response_url.
 */
function controlFromButton(job: SlackInteractionJob, action: "pause" | "resume", automation: string | undefined): Route {
  if (!automation) return { kind: "ignore", reason: `${action} button without an automation` };
  const channel = text(record(job.payload.channel)?.id);
  const responseUrl = text(job.payload.response_url);
  const onMessage = channel && responseUrl;
  return {
    kind: "graph",
    jobId: jobId("run-automation-control", job.id),
    job: {
      type: "start",
      graph: AUTOMATION_CONTROL_GRAPH,
      threadId: threadIds.slackRequest(job.teamId, job.id),
      input: onMessage ? { action, automation, user: job.user, via: "card", channel, responseUrl } : { action, automation, user: job.user, via: "home" },
      notify: onMessage ? { responseUrl, user: job.user } : { user: job.user },
    },
  };
}

/** Opening the Home tab draws it afresh for whoever opened it; the Messages tab is a DM and needs nothing. */
function homeFromEvent(job: SlackEventJob, e: SlackEventJob["event"]): Route {
  const tab = text(e.tab);
  if (tab !== "home" || !e.user) return { kind: "ignore", reason: `app_home_opened on the ${tab ?? "unknown"} tab` };
  return {
    kind: "graph",
    jobId: jobId("run-home", job.eventId),
    job: {
      type: "start",
      graph: "home",
      threadId: threadIds.slackRequest(job.teamId, job.eventId),
      input: { user: e.user },
      notify: { user: e.user },
    },
  };
}

/**
 * A click on a button that carries a resume target resumes that graph: by interrupt id, once per interrupt;
 * or, for targets of the form "slot:<token>", as a signal the waiting node checks against its current slot.
 */
function routeSlackInteraction(job: SlackInteractionJob): Route {
  if (job.kind !== "block_actions") return { kind: "ignore", reason: `no automation handles ${job.kind} ${job.id}` };
  const action = record(list(job.payload.actions)[0]);
  const actionId = text(action?.action_id);
  const buttonValue = text(action?.value);
  if (actionId === AUTOMATION_PAUSE_ACTION) return controlFromButton(job, "pause", buttonValue);
  if (actionId === AUTOMATION_RESUME_ACTION) return controlFromButton(job, "resume", buttonValue);
  const target = decodeButtonValue(buttonValue);
  if (!target) return { kind: "ignore", reason: `button ${actionId ?? "?"} does not resume a run` };
  const message = record(job.payload.message);
  const messageTs = text(record(job.payload.container)?.message_ts) ?? text(message?.ts);
  const value = { choice: target.choice, user: job.user, actionId: actionId ?? "", ...(messageTs ? { messageTs } : {}) };
  const threadTs = text(message?.thread_ts) ?? messageTs;
  const channel = text(record(job.payload.channel)?.id);
  const notify = { ...(channel ? { channel } : {}), ...(threadTs ? { threadTs } : {}), user: job.user };
  if (target.interruptId.startsWith("slot:")) {
    return {
      kind: "graph",
      // The clicker is part of the id: a refused click must not swallow an approver's click on the same button.
      jobId: jobId("signal", hash(target.threadId), target.interruptId, target.choice, job.user),
      job: { type: "signal", graph: target.graph, threadId: target.threadId, value: { ...value, slot: target.interruptId }, notify },
    };
  }
  return {
    kind: "graph",
    jobId: resumeJobId(target.threadId, target.interruptId),
    job: { type: "resume", graph: target.graph, threadId: target.threadId, interruptId: target.interruptId, value, notify },
  };
}

/** Sentry issue and alert webhooks start the incident run of that Sentry issue (the poll does the same). */
function routeSentry(job: Extract<IngressJob, { source: "sentry" }>, ctx: RouteContext): Route {
  const data = record(job.payload.data);
  const event = record(data?.event);
  const raw =
    job.resource === "issue" && (job.action === "created" || job.action === "unresolved")
      ? record(data?.issue)
      : job.resource === "event_alert" && event
        ? { id: event.issue_id, title: event.title, culprit: event.culprit, level: event.level, permalink: event.web_url, lastSeen: event.datetime }
        : undefined;
  const issue = raw ? sentryIssueFromWebhook(raw) : null;
  if (!issue) return { kind: "ignore", reason: `no automation handles Sentry ${job.resource}${job.action ? `.${job.action}` : ""}` };
  const start = incidentStart(ctx.sentryOrg ?? "sentry", issue, "webhook");
  return { kind: "graph", ...start };
}

function sentryIssueFromWebhook(raw: Record<string, unknown>): TrackedIssue | null {
  const id = [raw.id, raw.issue_id].find((v) => text(v) || (typeof v === "number" && Number.isFinite(v)));
  if (id === undefined) return null;
  const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : 0);
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    id: String(id),
    shortId: str(raw.shortId),
    title: str(raw.title),
    culprit: str(raw.culprit),
    level: str(raw.level) || "error",
    status: str(raw.status) || "unresolved",
    ...(str(raw.substatus) ? { substatus: str(raw.substatus) } : {}),
    count: num(raw.count),
    userCount: num(raw.userCount),
    firstSeen: str(raw.firstSeen),
    lastSeen: str(raw.lastSeen),
    permalink: str(raw.permalink) || str(raw.web_url),
    project: str(record(raw.project)?.slug),
  };
}

const MENTION = /<@([A-Z0-9]+)(\|[^>]*)?>/g;

function routeSlackEvent(job: SlackEventJob, ctx: RouteContext): Route {
  const e = job.event;
  if (e.type === "app_home_opened") return homeFromEvent(job, e);
  if (e.bot_id || e.subtype === "bot_message" || (ctx.botUserId && e.user === ctx.botUserId)) return { kind: "ignore", reason: "our own or another bot's message" };
  if (e.type === "message" && e.channel) {
    const edited = record(e.message);
    const editedTs = text(edited?.ts);
    const editedThread = text(edited?.thread_ts);
    if (e.subtype === "message_changed" && editedTs && (!editedThread || editedThread === editedTs)) {
      return signalThread(job, { kind: "edited", text: text(edited?.text) ?? "" }, editedTs);
    }
    const deletedTs = text(e.deleted_ts);
    if (e.subtype === "message_deleted" && deletedTs) return signalThread(job, { kind: "deleted" }, deletedTs);
    if (e.subtype && e.subtype !== "file_share") return { kind: "ignore", reason: `message subtype ${e.subtype}` };
    if (e.thread_ts && e.thread_ts !== e.ts && e.user && e.ts) {
      return signalThread(job, { kind: "reply", user: e.user, text: e.text ?? "", ts: e.ts }, e.thread_ts);
    }
    // A message that mentions Shopfloor also arrives as app_mention, which reads its intent ("why is #12 stuck?"
    // is a question, not a report); a mention that is a report lands on the same triage thread from there.
    if (ctx.botUserId && (e.text ?? "").includes(`<@${ctx.botUserId}>`)) return { kind: "ignore", reason: "a mention: handled as app_mention" };
    if (ctx.bugChannels.includes(e.channel) && e.user && e.ts) return triageFromMessage(job, "message", e.text ?? "");
    return { kind: "ignore", reason: "a message outside the bug channels" };
  }
  if (e.type === "app_mention" && e.channel && e.user && e.ts) {
    const text = (e.text ?? "").replace(MENTION, " ").replace(/\s+/g, " ").trim();
    if (e.thread_ts && e.thread_ts !== e.ts) return signalThread(job, { kind: "reply", user: e.user, text, ts: e.ts }, e.thread_ts);
    const threadId = threadIds.slackRequest(job.teamId, `${e.channel}-${e.ts}`);
    const notify = { channel: e.channel, threadTs: e.ts, user: e.user };
    const base = { channel: e.channel, user: e.user, messageTs: e.ts };
    const intent = mentionIntent(text);
    switch (intent.intent) {
      case "why": {
        const { intent: _i, ...target } = intent;
        return {
          kind: "graph",
          jobId: jobId("run-explain", job.eventId),
          job: { type: "start", graph: "explain", threadId, input: { via: "mention", ...target, ...base }, notify },
        };
      }
      case "status":
        return {
          kind: "graph",
          jobId: jobId("run-status", job.eventId),
          job: { type: "start", graph: "status", threadId, input: { via: "mention", ...base }, notify },
        };
      case "report":
        return triageFromMessage(job, "mention", text);
      case "build":
        if (intent.number) return buildFromMention(ctx.repository ?? null, intent.number, { eventId: job.eventId, channel: e.channel, ts: e.ts, user: e.user });
        return {
          kind: "graph",
          jobId: jobId("run-help", job.eventId),
          job: { type: "start", graph: "help", threadId, input: { ...base, unknown: text.slice(0, 200) }, notify },
        };
      case "recap":
        return recapFromMention({ teamId: job.teamId, eventId: job.eventId, channel: e.channel, ts: e.ts, user: e.user, text });
      case "help":
      case "unknown":
        return {
          kind: "graph",
          jobId: jobId("run-help", job.eventId),
          job: { type: "start", graph: "help", threadId, input: { ...base, ...(text && intent.intent !== "help" ? { unknown: text.slice(0, 200) } : {}) }, notify },
        };
    }
  }
  return { kind: "ignore", reason: `no automation handles Slack ${e.type}${e.subtype ? `/${e.subtype}` : ""}` };
}

/** Job id of an ingress delivery: the sender's delivery id, so redeliveries collapse (DESIGN §3). */
export function ingressJobId(job: IngressJob): string {
  switch (job.source) {
    case "slack":
      if (job.type === "event") return jobId("slack-ev", deliveryPart(job.eventId));
      if (job.type === "command") return jobId("slack-cmd", deliveryPart(job.triggerId));
      return jobId("slack-int", deliveryPart(job.id));
    case "github":
      return jobId("gh", deliveryPart(job.deliveryId));
    case "sentry":
      return jobId("sentry", deliveryPart(job.requestId));
  }
}

/**
 * A sender's id inside a job id: as sent when jobId() keeps it as it is, else its hash. jobId() replaces other
 * characters with `_`, so `a:b` and `a/b` would name one job and the second delivery would be dropped as a redelivery.
 */
function deliveryPart(id: string): string {
  return /^[A-Za-z0-9._-]{1,150}$/.test(id) ? id : hash(id, 32);
}

/** Job id of a resume: one per (thread, interrupt), so a double click resumes once. */
export function resumeJobId(threadId: string, interruptId: string): string {
  return jobId("resume", hash(threadId), interruptId);
}
