/**
 * When a figure becomes a finding or a proposal. Each threshold needs both a rate and a count: a rate over two or
 * three cases is chance, and a proposal a person has to decide on should rest on a pattern.
 */

/**
 * Reviews that ran out of rounds, in one window, before one more round is proposed. Three in a week means fix mode
 * keeps nearly getting there; one or two are PRs that needed a person anyway.
 */
export const OUT_OF_ROUNDS_MIN = 3;

/** Builds stopped by the same spent budget before that budget is raised: the same reasoning as OUT_OF_ROUNDS_MIN. */
export const SPENT_BUDGET_MIN = 3;

/** A spent budget grows by half: enough for the stopped builds seen so far, small enough to keep cost bounded. */
export const BUDGET_GROWTH = 1.5;

/**
 * A dimension whose findings are dismissed this often is mostly noise: people merge past four of five of them. Below
 * MIN_FINDINGS_FOR_NOISE findings one stubborn PR could make the rate.
 */
export const NOISE_DISMISSED_RATE = 0.8;
export const MIN_FINDINGS_FOR_NOISE = 5;

/**
 * Nits dominate a noisy dimension when at least half of its findings are nits: then fewer nits per review cuts most
 * of the noise without touching the findings that matter.
 */
export const NITS_DOMINATE_SHARE = 0.5;

/**
 * A dimension that found nothing over this many reviews is either checking what another dimension checks or has
 * nothing to check in this repository. Twenty reviews is several weeks of an ordinary team's PRs.
 */
export const SILENT_MIN_REVIEWS = 20;

/**
 * One model answer in five unusable (after the call's own repairs) costs a run in five; over fewer than
 * INVALID_MIN_CALLS calls the rate says nothing.
 */
export const INVALID_OUTPUT_RATE = 0.2;
export const INVALID_MIN_CALLS = 5;

/** Rows per report section: Slack's message limits, and a reader's attention, end well before the ledger does. */
export const REPORT_ROWS = 8;
