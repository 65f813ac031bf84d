import type { Job } from "bullmq";
import { AppError, ErrorCode, isAppError } from "../../core/errors.js";
import { hash, jobId } from "../../core/ids.js";
import type { Logger } from "../../core/logger.js";
import { invalidPayload, throwForQueue } from "../job-errors.js";
import type { JobQueues } from "../job-queues.js";
import { ingressJobSchema } from "../job-schemas.js";
import { routeIngress, type RouteContext } from "../route-ingress.js";

/**
 * Turns one verified delivery into a graph job. Unknown deliveries are logged and dropped. A signal (a reply in a
 * Slack thread) also goes to the other runs waiting in that thread (`waitingInThread`), e.g. a build's question.
 */
export function createIngressProcessor(deps: {
  queues: JobQueues;
  routeContext: () => Promise<RouteContext>;
  waitingInThread?: (threadId: string) => Promise<Array<{ graph: string; threadId: string }>>;
  logger: Logger;
}) {
  return async (job: Job, token?: string): Promise<{ routed: string }> => {
    const parsed = ingressJobSchema.safeParse(job.data);
    if (!parsed.success) {
      deps.logger.error({ jobId: job.id, issues: parsed.error.issues.slice(0, 5) }, "ingress job payload invalid");
      return throwForQueue(invalidPayload(parsed.error.message), job, token);
    }
    const route = routeIngress(parsed.data, await deps.routeContext());
    if (route.kind === "ignore") {
      deps.logger.info({ jobId: job.id, reason: route.reason }, "delivery not routed");
      return { routed: `ignored: ${route.reason}` };
    }
    try {
      await deps.queues.enqueueGraph(route.job, route.jobId);
      if (route.job.type === "signal" && deps.waitingInThread) {
        for (const other of await deps.waitingInThread(route.job.threadId)) {
          await deps.queues.enqueueGraph({ ...route.job, ...other }, jobId("signal", hash(other.threadId), route.jobId));
        }
      }
    } catch (e) {
      const err = isAppError(e) ? e : new AppError(ErrorCode.RedisUnavailable, `could not enqueue the run: ${String(e)}`, { retryable: true });
      return throwForQueue(err, job, token);
    }
    deps.logger.info({ jobId: job.id, graph: route.job.graph, graphJobId: route.jobId }, "delivery routed");
    return { routed: `${route.job.graph}:${route.jobId}` };
  };
}
