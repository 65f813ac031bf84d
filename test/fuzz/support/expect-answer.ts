import { expect } from "vitest";
import type { Answer } from "./raw-request.js";

/**
 * The refusals the web role gives, each naming what was wrong. A 4xx whose body is not one of these (an empty body,
 * a bare "Bad Request", Bolt's own error text) is a finding: the sender would not know what to fix.
 */
const NAMED_REFUSALS: readonly RegExp[] = [
  // Slack (src/http/slack-request-guard.ts, the listeners)
  /^header x-slack-(signature|request-timestamp) did not have the expected type/s,
  /^x-slack-request-timestamp (must differ from system time|is more than five minutes in the future)/s,
  /^(signature mismatch|unknown signature version)$/s,
  /^the body must be a JSON object, not (null|an array|a string|a number|a boolean)$/s,
  /^body is neither JSON nor a form with a JSON payload$/s,
  /^(event\.)?(event|user|team|enterprise|channel|item|subteam|view|actions\[\d+\]|authorizations\[0\]) (is missing|must be (a string or )?a JSON object, not .+)$/s,
  /^actions must be a non-empty JSON array$/s,
  /^response_urls(\[0\])? must be a JSON (array|object), not .+$/s,
  /^(actions\[\d+\]\.action_id|view\.callback_id) must be a string, not .+$/s,
  /^view\.callback_id is missing$/s,
  /^(team_id|enterprise_id|team\.id|team\.enterprise_id|user\.team_id|enterprise\.id|view\.app_installed_team_id|authorizations\[0\]\.(team|enterprise)_id) must be a string, not .+$/s,
  /^command must be a string, not .+$/s,
  /^form field .* is sent more than once$/s,
  /^not a Slack request: no event, command, actions, view or shortcut type$/s,
  /^Slack interaction not taken: (team\.id|user\.id|type|id|payload)[.\w]*: .+/s,
  /^Slack message shortcut not taken: it needs channel\.id, message_ts and message$/s,
  /^no Shopfloor listener handles this Slack request/s,
  /^body larger than \d+ bytes$/s,
  // GitHub and Sentry (src/http/routes)
  /^signature does not match$/s,
  /^timestamp too old or in the future$/s,
  /^content type must be application\/json/s,
  /^missing (x-github-delivery or x-github-event|sentry-hook-resource)$/s,
  /^body (is not valid JSON|must be a JSON object|is empty)$/s,
  /^could not read (the )?body$/s,
];

/** A refusal: a 4xx whose JSON body says, in one of the known sentences, what was wrong. */
export function expectNamedRefusal(answer: Answer): string {
  expect(answer.status, answer.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.body.slice(0, 300)).toBeLessThan(500);
  let error: unknown;
  try {
    error = (JSON.parse(answer.body) as { error?: unknown }).error;
  } catch {
    error = undefined;
  }
  expect(typeof error, `refusal without a JSON error: ${answer.status} ${JSON.stringify(answer.body.slice(0, 300))}`).toBe("string");
  const text = error as string;
  expect(NAMED_REFUSALS.some((r) => r.test(text)), `refusal that names nothing known: ${JSON.stringify(text.slice(0, 300))}`).toBe(true);
  return text;
}
