import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { auditReportBlocks, type AuditReport } from "../../../src/blocks/audit-report-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { AuditStateType } from "../audit-state.js";

/**
 * Posts the report to audit.channel (else channels.maintainers). Without either, a person who asked gets it
 * privately, and no proposal is made since its card would have nowhere to go; a schedule without a channel is a
 * configuration error.
 */
export function postReport(deps: GraphDeps) {
  return async (state: AuditStateType, config: LangGraphRunnableConfig) => {
    const { request, window, findings } = state;
    if (!window || !findings) throw new AppError(ErrorCode.Internal, "post-report ran before find");
    const channel = deps.settings.audit.channel;
    const report: AuditReport = {
      window,
      lookbackDays: deps.settings.audit.lookbackDays,
      automations: findings.automations,
      hotSpots: findings.hotSpots,
      handOffs: findings.handOffs,
      noisyDimensions: findings.noisyDimensions,
      silentDimensions: findings.silentDimensions,
      troubledPrompts: findings.troubledPrompts,
      cost: findings.cost,
      costTotal: findings.costTotal,
      slowSteps: findings.slowSteps,
      duplicates: findings.duplicates,
      repairs: findings.repairs,
      effects: state.effects,
      proposals: state.drafts.slice(0, deps.settings.audit.maxProposals).map((d) => ({ fingerprint: d.fingerprint, title: d.title })),
      alreadyOpen: findings.alreadyOpen,
      dropped: state.dropped,
      cards: channel ? "follow" : "no-channel",
    };
    const message = auditReportBlocks(report);

    if (channel) {
      const posted = await act(deps.effects, config, "post-report", "report", "slack.post", { channel, ...message });
      return { report: { channel: posted.channel, ts: posted.ts } };
    }
    if (request.via === "command" && request.responseUrl) {
      await act(deps.effects, config, "post-report", "report", "slack.respond", { responseUrl: request.responseUrl, responseType: "ephemeral", replaceOriginal: true, ...message });
      return { report: { private: true as const } };
    }
    if (request.via === "command" && request.channel && request.user) {
      await act(deps.effects, config, "post-report", "report", "slack.ephemeral", { channel: request.channel, user: request.user, ...message });
      return { report: { private: true as const } };
    }
    throw new AppError(
      ErrorCode.ConfigInvalid,
      "The audit has nowhere to post its report: set audit.channel (or channels.maintainers) in shopfloor.yml to a channel Shopfloor is in.",
    );
  };
}
