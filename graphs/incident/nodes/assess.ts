import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { callStructured } from "../../shared/call-model.js";
import { stackExcerpt } from "../incident-text.js";
import type { IncidentStateType } from "../incident-state.js";

const ORDER = ["P3", "P2", "P1", "P0"] as const;
const verdict = z.object({ severity: z.enum(["P0", "P1", "P2", "P3"]), reason: z.string().min(1).max(300) });

/**
 * The model's judgement on top of the facts: it reads the error and the stack and may raise the severity the
 * numbers suggest (a payment path, data corruption), never lower it below the thresholds.
 */
export function assess(deps: GraphDeps) {
  return async (state: IncidentStateType, config: LangGraphRunnableConfig) => {
    const rules = state.assessment!;
    const issue = state.issue!;
    try {
      const judged = await callStructured(deps, {
        config,
        node: "assess",
        task: "incident.assess",
        promptId: "incident/assess",
        vars: {
          repository: deps.settings.repository ?? "this repository",
          facts: `${issue.count} events, ${issue.userCount} users affected, level ${issue.level}, first seen ${issue.firstSeen}, last seen ${issue.lastSeen}${issue.substatus ? `, ${issue.substatus}` : ""}${state.event?.release ? `, release ${state.event.release}` : ""}`,
          ruleSeverity: `${rules.severity} (${rules.reason})`,
          title: issue.title,
          stack: stackExcerpt(state.event) || "no stack trace",
        },
        schema: verdict,
      });
      const higher = ORDER.indexOf(judged.severity) > ORDER.indexOf(rules.severity);
      return { assessment: higher ? { severity: judged.severity, reason: judged.reason, method: "model" as const } : { ...rules, method: "model" as const } };
    } catch (e) {
      deps.logger.warn({ code: toAppError(e).code }, "incident severity from rules only");
      return {};
    }
  };
}
