import type { Logger } from "../../core/logger.js";
import type { IngressJob } from "../../jobs/job-schemas.js";

export interface ListenerDeps {
  /** Validates and enqueues with the delivery's job id. Throws when the queue is unreachable. */
  enqueue: (job: IngressJob) => Promise<void>;
  logger: Logger;
  /**
   * The automations `/shopfloor pause|resume` may name (GraphSettings.automations), so a typo is answered in the ack.
   * Without it the command is enqueued as typed and the automation-control graph answers with the list.
   */
  automations?: readonly string[];
}
