import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { ErrorCode, toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { callStructured } from "../../shared/call-model.js";
import { reportText } from "../issue-body.js";
import { classifyByRules } from "../rules/classify-by-rules.js";
import { showProgress } from "../triage-progress.js";
import type { TriageStateType } from "../triage-state.js";
import { classificationSchema, type Classification } from "../triage-types.js";

/** How much of a long report the smaller-context repair keeps. */
const SMALLER_REPORT_CHARS = 4_000;

/**
 * Type, severity with a reason, area, actionable, what is missing, and the sections. The model
 * decides (its output validated, repaired once, then the fallback model, then a cut report); when there is no model
 * or it keeps failing, rules decide and the result says so everywhere it is shown.
 */
export function classify(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    const report = state.report!;
    const text = reportText(report);
    const areas = deps.settings.areas;
    const vars = {
      repository: deps.settings.repository ?? "this repository",
      areas: areas.length ? areas.map((a) => `${a.name} (${a.description || a.paths.join(", ")})`).join("; ") : "none configured",
      reporter: report.reporterName,
    };
    let classification: Classification;
    try {
      const c = await callStructured(deps, {
        config,
        node: "classify",
        task: "triage.classify",
        promptId: "triage/classify",
        vars: { ...vars, report: text },
        schema: classificationSchema,
        // A long paste (logs, a stack trace) can drown the report: its opening says what went wrong.
        smaller: () => (text.length > SMALLER_REPORT_CHARS ? { ...vars, report: `${text.slice(0, SMALLER_REPORT_CHARS)}\n[… cut]` } : null),
      });
      classification = { ...c, area: areas.some((a) => a.name === c.area) ? c.area : "unknown", method: "model" };
    } catch (e) {
      const err = toAppError(e);
      const reason = err.code === ErrorCode.ConfigInvalid ? "no model is configured" : `the model kept failing (${err.code})`;
      deps.logger.warn({ code: err.code, node: "classify" }, "triage falls back to rules");
      classification = classifyByRules({ ...(report.title ? { title: report.title } : {}), text }, areas, reason);
      if (report.severityHint) classification = { ...classification, severity: report.severityHint, severityReason: "the reporter's own assessment" };
    }
    // The incident and verification automations judged severity from facts they have and triage does not.
    const req = state.request;
    if ((req.source === "sentry" || req.source === "verify") && req.severityHint) {
      classification = { ...classification, severity: req.severityHint, severityReason: `assessed by the ${req.source === "sentry" ? "incident" : "verification"} automation from its facts` };
    }
    await showProgress(deps, config, state, "classify", `${classification.type} · ${classification.severity} · ${classification.area}. Looking for duplicates…`);
    return { classification };
  };
}
