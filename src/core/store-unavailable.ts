/**
 * The shapes losing PostgreSQL or Redis takes when it reaches us unwrapped (from the checkpointer, the ledgers, the
 * thread lock, BullMQ). Each is worth another try once the store is back; treated as internal errors they would end
 * the run for good (found by `npm run chaos`).
 */

/** SQLSTATE: class 08 connection exception; 57P01–57P03 shutdown, crash, starting up; 53300 too many connections. */
const PG_UNAVAILABLE_STATE = /^(08...|57P0[123]|53300)$/;
/** node-postgres' own words for a connection it lost or could not make. */
const PG_CLIENT = /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed and is not queryable/;
/** ioredis' words for a command it cannot send while disconnected. */
const REDIS_CLIENT = /Stream isn't writeable|Connection is closed|Reached the max retries per request limit/;
/**
 * A refused or broken TCP connection. Our HTTP clients wrap their own, so one that arrives bare comes from
 * node-postgres, which rejects `connect()` with the socket's error (ioredis queues or fails with its own words).
 */
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/** Which store a thrown error says is gone, if it says so. */
export function unavailableStore(e: unknown): "PostgreSQL" | "Redis" | null {
  if (!(e instanceof Error)) return null;
  const code = (e as Error & { code?: unknown }).code;
  if ((typeof code === "string" && (PG_UNAVAILABLE_STATE.test(code) || NETWORK.has(code))) || PG_CLIENT.test(e.message)) return "PostgreSQL";
  if (REDIS_CLIENT.test(e.message) || e.name === "MaxRetriesPerRequestError") return "Redis";
  return null;
}
