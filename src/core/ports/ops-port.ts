/** What the runtime knows about itself: queues, runs in flight, paused automations, versions. */
export interface QueueDepth {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface RunInFlight {
  graph: string;
  threadId: string;
  status: "running" | "waiting";
  startedAt: string;
}

export interface OpsSnapshot {
  queues: QueueDepth[];
  runsInFlight: RunInFlight[];
  /** Runs waiting for a person (interrupted threads). */
  waitingForPeople: number;
  paused: string[];
  versions: { shopfloor: string; node: string; prompts: string };
  dryRun: boolean;
}

export interface OpsPort {
  snapshot(): Promise<OpsSnapshot>;
}
