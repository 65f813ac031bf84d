import type { Logger } from "../../core/logger.js";
import type { IngressJob } from "../../jobs/job-schemas.js";

export interface ListenerDeps {
  /** Validates and enqueues with the delivery's job id. Throws when the queue is unreachable. */
  enqueue: (job: IngressJob) => Promise<void>;
  logger: Logger;
}
