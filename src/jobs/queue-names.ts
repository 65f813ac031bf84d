/** BullMQ queue names. One ingress queue, then one queue per automation, so each can be paused alone. */
export const INGRESS_QUEUE = "shopfloor-ingress";
export const MAINTENANCE_QUEUE = "shopfloor-maintenance";
export { graphQueueName } from "../core/ids.js";
