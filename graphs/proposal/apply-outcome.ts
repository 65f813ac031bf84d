import type { ProposalResult } from "../../src/blocks/proposal-blocks.js";
import { isAppError } from "../../src/core/errors.js";

/** What applying a proposal came to: its result for the ledger, and whether the change itself failed. */
export interface Applied {
  result: ProposalResult;
  failed: boolean;
}

/**
 * The reason GitHub (or another port) refused for good, as a person reads it. Anything worth another try, and any
 * error that is not ours, is thrown again: the job retries, and the effects ledger keeps the retry from acting twice.
 */
export function refusalOf(e: unknown): string {
  if (isAppError(e) && !e.retryable) return e.message;
  throw e;
}
