import { jobId, threadIds } from "../core/ids.js";
import { recapPeriodOf, type RecapPeriod } from "../../graphs/recap/recap-input.js";
import type { GraphJob, SlackCommandJob } from "./job-schemas.js";
import type { Route } from "./route-ingress.js";

/** `/shopfloor recap [daily|weekly]`: the recap is posted in the channel the command was typed in. */
export function recapFromCommand(job: SlackCommandJob): Route {
  const period = recapPeriodOf(job.args);
  if (!period) return { kind: "ignore", reason: `recap ${job.args} is neither daily nor weekly` };
  return {
    kind: "graph",
    jobId: jobId("run-recap", job.triggerId),
    job: {
      type: "start",
      graph: "recap",
      threadId: threadIds.slackRequest(job.teamId, job.triggerId),
      input: { period, via: "command", channel: job.channel, user: job.user, responseUrl: job.responseUrl },
      notify: { responseUrl: job.responseUrl, user: job.user },
    },
  };
}

/** `@Shopfloor recap weekly`: posted in the channel, the mention gets 👀 then ✅. */
export function recapFromMention(mention: { teamId: string; eventId: string; channel: string; ts: string; user: string; text: string }): Route {
  const period: RecapPeriod = recapPeriodOf(mention.text.replace(/^\s*recap\b/i, "")) ?? "daily";
  return {
    kind: "graph",
    jobId: jobId("run-recap", mention.eventId),
    job: {
      type: "start",
      graph: "recap",
      threadId: threadIds.slackRequest(mention.teamId, `${mention.channel}-${mention.ts}`),
      input: { period, via: "mention", channel: mention.channel, user: mention.user, messageTs: mention.ts },
      notify: { channel: mention.channel, threadTs: mention.ts, user: mention.user },
    },
  };
}

/** A scheduled recap: one thread per period and firing time, so a retried job finishes the same recap. */
export function recapFromSchedule(period: RecapPeriod, firedAt: Date): { job: GraphJob; jobId: string } {
  const until = firedAt.toISOString();
  return {
    jobId: jobId("run-recap", period, String(firedAt.getTime())),
    job: { type: "start", graph: "recap", threadId: `recap:${period}:${until}`, input: { period, via: "schedule", until } },
  };
}
