import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { RunTimelineView, TimelineRun } from "../../../src/blocks/run-timeline-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import { classifyFailure } from "../../../src/core/failure-class.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { threadIds } from "../../../src/core/ids.js";
import type { RunRecord } from "../../../src/core/ledgers/run-ledger.js";
import type { ExplainStateType } from "../explain-state.js";

/** How many runs of a number's sub-threads (merge cards per reviewed commit, their verifications, …) are read. */
const SUB_THREAD_RUNS = 50;
/** Runs of the thread shown in the answer: enough to see a retry or a recovery, few enough to read. */
const RUNS_SHOWN = 5;

/**
 * The run a person asks about, from the run ledger: the newest run of that automation on the PR or issue that
 * failed (else its newest run), and the last few runs of its thread with their steps and model calls. Reads only.
 */
export function gatherRun(deps: GraphDeps) {
  return async (state: ExplainStateType, _config: LangGraphRunnableConfig) => {
    const { number, repository, automation } = state.request;
    if (!automation) throw new AppError(ErrorCode.Internal, "gather-run ran for a question that names no automation");
    const watched = deps.settings.repository ?? "this repository";
    if (repository && deps.settings.repository && repository.toLowerCase() !== deps.settings.repository.toLowerCase()) {
      return { runTimeline: { kind: "elsewhere", number, repository, watched } satisfies RunTimelineView };
    }
    const now = deps.clock.now().toISOString();
    const all = await runsOfNumber(deps, number);
    const mine = all.filter((r) => r.graph === automation);
    const focus = mine.find((r) => r.status === "failed") ?? mine[0];
    if (!focus) return { runTimeline: { kind: "none", automation, number, repository: watched, others: all, now } satisfies RunTimelineView };

    const thread = oldestFirst(await deps.runs.runsForThread(focus.threadId));
    const at = Math.max(0, thread.findIndex((r) => r.id === focus.id));
    // The newest runs, unless so many came after the one asked about that it would fall off: then from it on.
    const start = Math.max(0, Math.min(at, thread.length - RUNS_SHOWN));
    const shown = thread.slice(start, start + RUNS_SHOWN);
    const runs: TimelineRun[] = await Promise.all(
      shown.map(async (run) => {
        const [steps, modelCalls] = await Promise.all([deps.runs.stepsForRun(run.id), deps.runs.modelCallsForRun(run.id)]);
        return { run: withFailureClass(run), steps, modelCalls };
      }),
    );
    return {
      runTimeline: {
        kind: "timeline",
        automation,
        number,
        target: focus.threadId.startsWith("gh-pr:") ? "pr" : "issue",
        threadId: focus.threadId,
        focusRunId: focus.id,
        runs,
        earlier: start,
        later: thread.length - start - shown.length,
        now,
      } satisfies RunTimelineView,
    };
  };
}

/**
 * Every run on the number, newest first: its PR's and its issue's threads (a number is one or the other) and
 * their sub-threads. Each thread is read exactly and its sub-threads by `<thread>:`, since the bare prefix of #1
 * would also match #12.
 */
async function runsOfNumber(deps: GraphDeps, number: number): Promise<RunRecord[]> {
  const repo = deps.settings.repository ?? "";
  const bases = [threadIds.pullRequest(repo, number), threadIds.issue(repo, number)];
  const lists = await Promise.all(bases.flatMap((b) => [deps.runs.runsForThread(b), deps.runs.runsForThreadPrefix(`${b}:`, SUB_THREAD_RUNS)]));
  const byId = new Map(lists.flat().map((r) => [r.id, r]));
  return oldestFirst([...byId.values()]).reverse();
}

function oldestFirst(runs: RunRecord[]): RunRecord[] {
  return [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/**
 * A failed run recorded without its kind of failure (before the runner stored one) gets it from its code, as
 * classifyFailure would have without the error's retryable flag.
 */
function withFailureClass(run: RunRecord): RunRecord {
  if (run.status !== "failed" || run.failureClass || !run.errorCode) return run;
  return { ...run, failureClass: classifyFailure(new AppError(run.errorCode as ErrorCode, run.errorMessage ?? "")) };
}
