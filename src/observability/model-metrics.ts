import type { ModelCallMeta, ModelPort } from "../core/ports/model-port.js";
import type { Metrics } from "./metrics.js";

/** Counts tokens and cost per task for GET /metrics, around whichever model adapter is configured. */
export function withModelMetrics(model: ModelPort, metrics: Metrics): ModelPort {
  const count = (task: string, meta: ModelCallMeta) => {
    metrics.modelTokens.inc({ task, direction: "prompt" }, meta.usage.promptTokens);
    metrics.modelTokens.inc({ task, direction: "completion" }, meta.usage.completionTokens);
    metrics.modelCost.inc({ task }, meta.usage.costUsd);
  };
  return {
    async structured(request) {
      const out = await model.structured(request);
      count(request.task, out.meta);
      return out;
    },
    async toolTurn(request) {
      const out = await model.toolTurn(request);
      count(request.task, out.meta);
      return out;
    },
    ping: () => model.ping(),
  };
}
