import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { HomeAutomation, HomeFacts } from "../../../src/blocks/home-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { threadIdOf } from "../../shared/act.js";
import { isApprover } from "../../shared/approvers.js";
import type { HomeStateType } from "../home-state.js";

/** Failure rates cover a week: long enough to see a trend, short enough that last month's outage has gone. */
export const HOME_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

/** Reads the runtime, the ledgers and the viewer's rights. Reads only, so no effect. */
export function gather(deps: GraphDeps) {
  return async (state: HomeStateType, config: LangGraphRunnableConfig) => {
    const now = deps.clock.now();
    const to = now.toISOString();
    const from = new Date(now.getTime() - HOME_WINDOW_DAYS * DAY_MS).toISOString();
    const [snapshot, figures, settings, escalations, approver] = await Promise.all([
      deps.ops.snapshot(),
      deps.stats.figures({ from, to }),
      deps.automations.list(),
      deps.escalations.listOpen(),
      isApprover(deps, state.request.user),
    ]);
    const automations: HomeAutomation[] = deps.settings.automations.map((name) => {
      const activity = figures.automations.find((a) => a.graph === name);
      const setting = settings.find((s) => s.automation === name);
      const paused = setting?.paused ?? false;
      return {
        name,
        paused,
        pausedBy: paused ? (setting?.changedBy ?? null) : null,
        pausedReason: paused ? (setting?.reason ?? null) : null,
        runs: activity?.runs ?? 0,
        failed: activity?.failed ?? 0,
        lastRunAt: activity?.lastRunAt ?? null,
        lastStatus: activity?.lastStatus ?? null,
        lastErrorCode: activity?.lastErrorCode ?? null,
      };
    });
    const slackOf = (login: string) =>
      Object.entries(deps.settings.approvers.githubLogins).find(([, l]) => l.toLowerCase() === login.replace(/^@/, "").toLowerCase())?.[0] ?? null;
    // Drawing this Home tab is not news to the person looking at it.
    const self = threadIdOf(config);
    const facts: HomeFacts = {
      repository: deps.settings.repository,
      now: to,
      windowDays: HOME_WINDOW_DAYS,
      approver,
      ...(state.request.notice ? { notice: state.request.notice } : {}),
      automations,
      queues: snapshot.queues,
      runsInFlight: snapshot.runsInFlight.filter((r) => r.threadId !== self),
      escalations: escalations.map((e) => ({
        repository: e.repository,
        prNumber: e.prNumber,
        owner: e.owner,
        ownerSlack: slackOf(e.owner),
        reasons: e.reasons,
        since: e.createdAt,
      })),
      dryRun: snapshot.dryRun,
    };
    return { facts };
  };
}
