import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { smokeFailure } from "../verify-text.js";
import type { SmokeReading, VerifyStateType } from "../verify-state.js";

/**
 * After the checks pass (the deployment follows them), one GET of the deployed application: the status must
 * match and, when configured, the body must contain the expected text. Without a smoke check configured, the
 * checks alone decide.
 */
export function smokeCheck(deps: GraphDeps) {
  return async (_state: VerifyStateType) => {
    const smoke = deps.settings.verify.smoke;
    if (!smoke) return { smoke: null };
    const r = await deps.probe.get({ url: smoke.url, timeoutMs: smoke.timeoutMs });
    const ok = r.status === smoke.expectStatus && (!smoke.expectText || r.bodyText.includes(smoke.expectText));
    const reading: SmokeReading = {
      url: smoke.url,
      expectStatus: smoke.expectStatus,
      ...(smoke.expectText ? { expectText: smoke.expectText } : {}),
      status: r.status,
      bodyText: r.bodyText.slice(0, 500),
      ms: Math.round(r.ms),
      ...(r.error ? { error: r.error } : {}),
      ok,
    };
    return ok ? { smoke: reading } : { smoke: reading, failure: smokeFailure(reading) };
  };
}
