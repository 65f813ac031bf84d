/**
 * Starts another automation's run (e.g. the incident automation feeding triage). Used only through the
 * effects ledger, so a node that runs again does not start the run twice; the job id makes it idempotent too.
 */
export interface StartRunInput {
  graph: string;
  threadId: string;
  input: Record<string, unknown>;
  jobId: string;
}

export interface RunStarter {
  start(run: StartRunInput): Promise<void>;
}
