import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { parse as parseForm } from "node:querystring";
import {
  ErrorCode as BoltErrorCode,
  HTTPModuleFunctions,
  defaultBodyLimit,
  type CodedError,
  type ReceiverProcessEventErrorHandlerArgs,
  type ReceiverUnhandledRequestHandlerArgs,
} from "@slack/bolt";
import { ErrorCode, isAppError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { sendJson } from "./http-route.js";

const VERIFY_PREFIX = /^Failed to verify authenticity: /;

/**
 * In front of Bolt's HTTP receiver on POST /slack/events. Bolt answers every refusal with an empty body, and it cannot
 * take every verified body: JSON `null` (or `payload=null`) makes it read a property of null outside its own error
 * handling, an unhandled rejection that ends the process; a body that is no kind of Slack request is held until the
 * unhandled-request timeout; a field Bolt reads before any listener (`event`, `user`, `team.id`, `actions`, `view`…)
 * of the wrong type throws a TypeError inside it. The guard verifies and parses with Bolt's own functions, answers
 * those with a 4xx that says what was wrong, and hands every other request to Bolt already buffered (Bolt reads
 * `rawBody` when it is there, and verifies it again). Socket Mode does not pass here: Slack itself sends those.
 */
export function slackRequestGuard(opts: { signingSecret: string; path: string; logger: Logger }, bolt: RequestListener): RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "POST" || path !== opts.path) return bolt(req, res);
    void screen(req, res, opts)
      .then((buffered) => buffered && bolt(buffered, res))
      // A failure of the guard, or of handing over to Bolt, is answered, never left as an unhandled rejection.
      .catch((e: unknown) => {
        opts.logger.error({ err: String(e) }, "Slack request guard failed");
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { error: "internal error" });
      });
  };
}

/** The buffered request when Bolt can take it; otherwise answers it and returns null. */
async function screen(req: IncomingMessage, res: ServerResponse, opts: { signingSecret: string; logger: Logger }): Promise<IncomingMessage | null> {
  const refuse = (status: number, error: string) => {
    opts.logger.warn({ component: "bolt", status }, `Slack request refused: ${error}`);
    sendJson(res, status, { error });
    return null;
  };
  let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.parseAndVerifyHTTPRequest>>;
  try {
    buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ enabled: true, signingSecret: opts.signingSecret, bodyLimit: defaultBodyLimit }, req);
  } catch (e) {
    if (HTTPModuleFunctions.isRawBodyError(e)) {
      if (e.statusCode !== 413) return refuse(400, "could not read the body");
      // Read the rest and drop it: a connection closed on unread bytes resets, and the sender never sees the 413.
      req.resume();
      return refuse(413, `body larger than ${defaultBodyLimit} bytes`);
    }
    return refuse(401, (e instanceof Error ? e.message : String(e)).replace(VERIFY_PREFIX, ""));
  }
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    return refuse(400, "body is neither JSON nor a form with a JSON payload");
  }
  // A slash command is a form of fields; Bolt reads the fields themselves only when there is no JSON `payload` field.
  const formFields = buffered.headers["content-type"] === "application/x-www-form-urlencoded" && typeof parseForm(buffered.rawBody.toString()).payload !== "string";
  const problem = slackPayloadProblem(body, formFields);
  return problem ? refuse(400, problem) : buffered;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`);

/** `field` of `parent` as Bolt reads it: a JSON object (or, where Bolt allows, absent, null or a string). */
function objectProblem(parent: Record<string, unknown>, field: string, allow: { absent?: boolean; null?: boolean; string?: boolean } = {}): string | null {
  const v = parent[field];
  if (v === undefined) return allow.absent ? null : `${field} is missing`;
  if (isObject(v) || (v === null && allow.null) || (typeof v === "string" && allow.string)) return null;
  return `${field} must be ${allow.string ? "a string or " : ""}a JSON object, not ${kindOf(v)}`;
}

/**
 * Why Bolt cannot take a verified, parsed body, or null. The kinds are the ones Bolt dispatches (its
 * `getTypeAndConversation`): anything else reaches no listener. The fields are the ones Bolt reads into before any
 * listener runs (`buildSource`, `getTypeAndConversation`, `processEvent`), where a wrong type throws a TypeError.
 */
function slackPayloadProblem(body: unknown, formFields: boolean): string | null {
  if (!isObject(body)) return `the body must be a JSON object, not ${kindOf(body)}`;
  if (body.ssl_check === "1" || body.type === "url_verification") return null;
  const repeated = formFields ? Object.keys(body).find((field) => Array.isArray(body[field])) : undefined;
  if (repeated !== undefined) return `form field ${repeated} is sent more than once`;
  const ids = idsProblem(body);
  if (ids) return ids;
  if (body.event !== undefined) return eventProblem(body);
  if (body.command !== undefined) return typeof body.command === "string" ? null : `command must be a string, not ${kindOf(body.command)}`;
  const view = body.type === "view_submission" || body.type === "view_closed";
  const interaction =
    body.actions !== undefined || body.name !== undefined || view || (typeof body.type === "string" && ["block_suggestion", "dialog_submission", "shortcut", "message_action"].includes(body.type));
  if (!interaction) return "not a Slack request: no event, command, actions, view or shortcut type";
  return (
    objectProblem(body, "user") ??
    objectProblem(body, "team", { absent: true, null: true }) ??
    objectProblem(body, "enterprise", { absent: true, null: true }) ??
    objectProblem(body, "channel", { absent: true }) ??
    (view && body.actions === undefined ? viewProblem(body) : null) ??
    (body.actions !== undefined ? actionsProblem(body.actions) : null) ??
    responseUrlsProblem(body.response_urls)
  );
}

/** A modal's `response_urls`: Bolt reads its length and the first one's `response_url`. */
function responseUrlsProblem(urls: unknown): string | null {
  if (urls === undefined) return null;
  if (!Array.isArray(urls)) return `response_urls must be a JSON array, not ${kindOf(urls)}`;
  return urls.length === 0 || isObject(urls[0]) ? null : `response_urls[0] must be a JSON object, not ${kindOf(urls[0])}`;
}

/**
 * The workspace and organisation ids Bolt files its API clients under (an object key): text, where present. An object
 * whose `toString` is no function (`{"toString": null}`) cannot become a key and throws.
 */
const KEY_IDS: ReadonlyArray<readonly string[]> = [
  ["team_id"],
  ["enterprise_id"],
  ["team", "id"],
  ["team", "enterprise_id"],
  ["user", "team_id"],
  ["enterprise", "id"],
  ["view", "app_installed_team_id"],
  ["authorizations", "0", "team_id"],
  ["authorizations", "0", "enterprise_id"],
];

function idsProblem(body: Record<string, unknown>): string | null {
  for (const path of KEY_IDS) {
    const v = path.reduce<unknown>((at, key) => (typeof at === "object" && at !== null ? (at as Record<string, unknown>)[key] : undefined), body);
    if (v !== undefined && v !== null && typeof v !== "string") return `${path.join(".").replace(".0.", "[0].")} must be a string, not ${kindOf(v)}`;
  }
  return null;
}

/** The listeners match a pattern against each action's `action_id`. */
function actionsProblem(actions: unknown): string | null {
  if (!Array.isArray(actions) || actions.length === 0) return "actions must be a non-empty JSON array";
  for (const [i, action] of actions.entries()) {
    if (!isObject(action)) return `actions[${i}] must be a JSON object, not ${kindOf(action)}`;
    if (action.action_id !== undefined && typeof action.action_id !== "string") return `actions[${i}].action_id must be a string, not ${kindOf(action.action_id)}`;
  }
  return null;
}

/** The view listener matches a pattern against the view's `callback_id`. */
function viewProblem(body: Record<string, unknown>): string | null {
  const problem = objectProblem(body, "view");
  if (problem) return problem;
  const callbackId = (body.view as Record<string, unknown>).callback_id;
  if (callbackId === undefined) return "view.callback_id is missing";
  return typeof callbackId === "string" ? null : `view.callback_id must be a string, not ${kindOf(callbackId)}`;
}

/** An event's `user` and `channel` are a string or an object, `item` and `subteam` objects, `authorizations[0]` an object. */
function eventProblem(body: Record<string, unknown>): string | null {
  const event = body.event;
  if (!isObject(event)) return `event must be a JSON object, not ${kindOf(event)}`;
  const inEvent =
    objectProblem(event, "user", { absent: true, string: true }) ??
    objectProblem(event, "channel", { absent: true, string: true }) ??
    objectProblem(event, "item", { absent: true }) ??
    objectProblem(event, "subteam", { absent: true });
  if (inEvent) return `event.${inEvent}`;
  const first = Array.isArray(body.authorizations) ? (body.authorizations as unknown[])[0] : undefined;
  return first === undefined || isObject(first) ? null : `authorizations[0] must be a JSON object, not ${kindOf(first)}`;
}

/**
 * How a Slack request whose processing failed is answered (Bolt's `processEventErrorHandler`). A listener that refused
 * the delivery (`BAD_REQUEST`) and a body Bolt itself could not process (it throws before any listener runs) get 400
 * with the reason, a request no listener handles (`NOT_FOUND`) 404; Bolt's authorization failure 401; a listener that
 * failed (the queue unreachable) 500, so Slack delivers again. `listenerFailures` holds what the app's error handler
 * saw: only listener failures pass there.
 */
export function answerSlackFailure(listenerFailures: WeakSet<object>, logger: Logger) {
  return async ({ error, response }: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    if (response.headersSent) return false;
    const message = error instanceof Error ? error.message : String(error);
    const [status, answer] =
      isAppError(error) && error.code === ErrorCode.BadRequest
        ? [400, message]
        : isAppError(error) && error.code === ErrorCode.NotFound
          ? [404, message]
          : (error as CodedError).code === BoltErrorCode.AuthorizationError
            ? [401, "Slack authorization failed"]
            : listenerFailures.has(error)
              ? [500, "Shopfloor could not take this request now; Slack will deliver it again"]
              : [400, `Slack payload not understood: ${message}`];
    if (status === 500) logger.error({ err: message }, "Slack request failed");
    else logger.warn({ component: "bolt", status }, `Slack request refused: ${answer}`);
    sendJson(response, status, { error: answer });
    return true;
  };
}

/** Bolt's answer to a request no listener acknowledged in time: 404, saying so. */
export function answerUnhandledSlackRequest({ logger, response }: ReceiverUnhandledRequestHandlerArgs): void {
  logger.warn("Slack request not acknowledged by any listener");
  sendJson(response, 404, { error: "no Shopfloor listener handles this Slack request (an unknown command, shortcut, callback or payload type)" });
}
