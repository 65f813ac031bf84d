import { describe, expect, it } from "vitest";
import { toAppError } from "../../src/core/errors.js";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const named = (message: string, name: string) => Object.assign(new Error(message), { name });

describe("a lost PostgreSQL or Redis connection is worth another try", () => {
  it.each([
    ["PostgreSQL shut down (57P01)", withCode("terminating connection due to administrator command", "57P01"), "DATABASE_UNAVAILABLE"],
    ["PostgreSQL starting up (57P03)", withCode("the database system is starting up", "57P03"), "DATABASE_UNAVAILABLE"],
    ["a connection exception (08006)", withCode("connection failure", "08006"), "DATABASE_UNAVAILABLE"],
    ["too many connections (53300)", withCode("sorry, too many clients already", "53300"), "DATABASE_UNAVAILABLE"],
    ["the pool's connect timeout", new Error("timeout exceeded when trying to connect"), "DATABASE_UNAVAILABLE"],
    ["a connection cut mid-query", new Error("Connection terminated unexpectedly"), "DATABASE_UNAVAILABLE"],
    ["a refused connect", withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"), "DATABASE_UNAVAILABLE"],
    ["Redis without an offline queue", new Error("Stream isn't writeable and enableOfflineQueue options is false"), "REDIS_UNAVAILABLE"],
    ["Redis closed", new Error("Connection is closed."), "REDIS_UNAVAILABLE"],
    ["Redis retries spent", named("Reached the max retries per request limit (which is 1).", "MaxRetriesPerRequestError"), "REDIS_UNAVAILABLE"],
  ])("%s → %s, retryable", (_what, error, code) => {
    const e = toAppError(error);
    expect({ code: e.code, retryable: e.retryable }).toEqual({ code, retryable: true });
    expect(e.message).toContain(error.message);
  });

  it.each([
    ["a unique violation (23505)", withCode('duplicate key value violates unique constraint "runs_pkey"', "23505")],
    ["a defect", new TypeError("Cannot read properties of undefined (reading 'ts')")],
  ])("%s stays an internal error, not retried", (_what, error) => {
    expect({ code: toAppError(error).code, retryable: toAppError(error).retryable }).toEqual({ code: "INTERNAL", retryable: false });
  });
});
