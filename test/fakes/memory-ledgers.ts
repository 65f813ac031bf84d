import type { Escalation, EscalationStore } from "../../src/core/ledgers/escalations.js";
import type { PrReviewRecord, ReviewStore } from "../../src/core/ledgers/reviews.js";
import type { AuditEntry, AuditLog } from "../../src/core/ledgers/audit-log.js";
import type { IncidentRecord, IncidentStore } from "../../src/core/ledgers/incidents.js";
import type { LinkKey, LinkStore, WorkLink } from "../../src/core/ledgers/links.js";
import type { FailureClass } from "../../src/core/failure-class.js";
import type { ModelCallRecord, ModelCallSummary, RunLedger, RunRecord, StepRecord } from "../../src/core/ledgers/run-ledger.js";

/** The ledgers in memory, for graph scenario tests: they record, tests read what was recorded. */
export class MemoryRunLedger implements RunLedger {
  readonly modelCalls: ModelCallRecord[] = [];
  readonly runs: RunRecord[] = [];
  readonly steps = new Map<string, StepRecord[]>();
  async startRun(input: { graph: string; threadId: string; jobId?: string; kind: RunRecord["kind"] }): Promise<string> {
    const id = `run-${this.runs.length + 1}`;
    this.runs.push({ id, graph: input.graph, threadId: input.threadId, jobId: input.jobId ?? null, kind: input.kind, status: "running", errorCode: null, errorMessage: null, failureClass: null, startedAt: new Date().toISOString(), finishedAt: null });
    return id;
  }
  async recordStep(runId: string, step: StepRecord & { detail?: Record<string, unknown> }): Promise<void> {
    const { detail, ...record } = step;
    const message = typeof detail?.message === "string" ? detail.message : null;
    this.steps.set(runId, [...(this.steps.get(runId) ?? []), { ...record, message }]);
  }
  async recordModelCall(call: ModelCallRecord): Promise<void> {
    this.modelCalls.push(call);
  }
  async markAbandoned(): Promise<number> {
    return 0;
  }
  async finishRun(
    runId: string,
    outcome: { status: Exclude<RunRecord["status"], "running">; errorCode?: string; errorMessage?: string; failureClass?: FailureClass },
  ): Promise<void> {
    const run = this.runs.find((r) => r.id === runId);
    if (!run) return;
    Object.assign(run, {
      status: outcome.status,
      errorCode: outcome.errorCode ?? null,
      errorMessage: outcome.errorMessage ?? null,
      failureClass: outcome.failureClass ?? null,
      finishedAt: outcome.status === "waiting" ? null : new Date().toISOString(),
    });
  }
  async runsForThread(threadId: string): Promise<RunRecord[]> {
    return this.runs.filter((r) => r.threadId === threadId);
  }
  /** Newest first by start time; runs started in the same millisecond, the later recorded first. */
  async runsForThreadPrefix(prefix: string, limit = 50): Promise<RunRecord[]> {
    return this.runs
      .filter((r) => r.threadId.startsWith(prefix))
      .reverse()
      .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
      .slice(0, limit);
  }
  async stepsForRun(runId: string): Promise<StepRecord[]> {
    return this.steps.get(runId) ?? [];
  }
  async modelCallsForRun(runId: string): Promise<ModelCallSummary[]> {
    return this.modelCalls
      .filter((c) => c.runId === runId)
      .map((c) => ({ task: c.task, model: c.meta.model, outcome: c.outcome, errorCode: c.errorCode ?? null, attempts: c.meta.attempts ?? [] }));
  }
  async inFlight(): Promise<RunRecord[]> {
    return this.runs.filter((r) => r.status === "running" || r.status === "waiting");
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly entries: (AuditEntry & { at: string })[] = [];
  async append(entry: AuditEntry): Promise<void> {
    this.entries.push({ ...entry, at: new Date().toISOString() });
  }
  async forSubject(subject: string) {
    return this.entries.filter((e) => e.subject === subject);
  }
  async recent(limit: number) {
    return [...this.entries].reverse().slice(0, limit);
  }
}

export class MemoryLinkStore implements LinkStore {
  readonly links: WorkLink[] = [];
  private matches(link: WorkLink, key: LinkKey): boolean {
    if ("slackThreadTs" in key) return link.slackChannel === key.slackChannel && link.slackThreadTs === key.slackThreadTs;
    if ("issueNumber" in key) return link.issueNumber === key.issueNumber;
    if ("prNumber" in key) return link.prNumber === key.prNumber;
    if ("sentryIssueId" in key) return link.sentryIssueId === key.sentryIssueId;
    return link.graphThreads.includes(key.graphThread);
  }
  async find(key: LinkKey): Promise<WorkLink | null> {
    return this.links.find((l) => this.matches(l, key)) ?? null;
  }
  async record(key: LinkKey, facts: Partial<Omit<WorkLink, "graphThreads">> & { graphThread?: string }): Promise<WorkLink> {
    let link = await this.find(key);
    if (!link) {
      // A new work item starts with the fact it was looked up by.
      const { graphThread: _t, ...seed } = key as LinkKey & { graphThread?: string };
      link = { graphThreads: [], ...seed };
      this.links.push(link);
    }
    const { graphThread, ...rest } = facts;
    Object.assign(link, rest);
    for (const t of [graphThread, "graphThread" in key ? key.graphThread : undefined]) if (t && !link.graphThreads.includes(t)) link.graphThreads.push(t);
    return link;
  }
}

export class MemoryIncidentStore implements IncidentStore {
  readonly records = new Map<string, IncidentRecord>();
  async get(id: string): Promise<IncidentRecord | null> {
    return this.records.get(id) ?? null;
  }
  async save(record: IncidentRecord): Promise<void> {
    this.records.set(record.sentryIssueId, { ...record });
  }
}

export class MemoryReviewStore implements ReviewStore {
  /** In insertion order; a retried run replaces its own record in place. */
  readonly records: PrReviewRecord[] = [];
  async save(record: PrReviewRecord): Promise<void> {
    const i = this.records.findIndex((r) => r.runKey === record.runKey);
    if (i >= 0) this.records[i] = { ...record };
    else this.records.push({ ...record });
  }
  async list(repository: string, prNumber: number, limit = 20): Promise<PrReviewRecord[]> {
    return this.records.filter((r) => r.repository === repository && r.prNumber === prNumber).reverse().slice(0, limit);
  }
}

export class MemoryEscalationStore implements EscalationStore {
  readonly all: Escalation[] = [];
  async open(repository: string, prNumber: number) {
    return this.all.find((e) => e.repository === repository && e.prNumber === prNumber && e.status === "open") ?? null;
  }
  async create(input: Omit<Escalation, "id" | "status" | "pings" | "closedReason" | "createdAt">) {
    if (await this.open(input.repository, input.prNumber)) throw new Error("duplicate key value violates unique constraint \"escalations_one_open_per_pr\"");
    const e: Escalation = { ...input, id: this.all.length + 1, status: "open", pings: 0, closedReason: null, createdAt: new Date().toISOString() };
    this.all.push(e);
    return { ...e };
  }
  async pinged(id: number, deadline: string) {
    const e = this.all.find((x) => x.id === id)!;
    e.pings++;
    e.deadline = deadline;
  }
  async close(id: number, reason: string) {
    const e = this.all.find((x) => x.id === id);
    if (e && e.status === "open") Object.assign(e, { status: "closed", closedReason: reason });
  }
  async listOpen() {
    return this.all.filter((e) => e.status === "open");
  }
}
