import { jobId, threadIds } from "../core/ids.js";
import type { GraphJob, SlackCommandJob } from "./job-schemas.js";
import type { Route } from "./route-ingress.js";

/**
 * The factory looking at itself: `/shopfloor audit` and the weekly audit (graphs/audit), `/shopfloor plan` and the
 * weekly planner (graphs/planner). A command's run answers the person privately and posts its report where the
 * audit posts; a scheduled run gets one thread per firing time, so a retried job finishes the same run.
 */
type SelfGraph = "audit" | "planner";

export function selfFromCommand(graph: SelfGraph, job: SlackCommandJob): Route {
  return {
    kind: "graph",
    jobId: jobId(`run-${graph}`, job.triggerId),
    job: {
      type: "start",
      graph,
      threadId: threadIds.slackRequest(job.teamId, job.triggerId),
      input: { via: "command", user: job.user, channel: job.channel, responseUrl: job.responseUrl },
      notify: { responseUrl: job.responseUrl, user: job.user },
    },
  };
}

export function selfFromSchedule(graph: SelfGraph, firedAt: Date): { job: GraphJob; jobId: string } {
  const at = firedAt.toISOString();
  return {
    jobId: jobId(`run-${graph}`, String(firedAt.getTime())),
    job: { type: "start", graph, threadId: `${graph}:${at}`, input: { via: "schedule", firedAt: at } },
  };
}
