import { z } from "zod";

/**
 * Job payloads are thin envelopes, validated on both sides of Redis. They carry ids and the minimum of
 * the payload the router needs; never a token or a secret (job data is plain text in Redis).
 */
const slackEvent = z.object({
  source: z.literal("slack"),
  type: z.literal("event"),
  teamId: z.string(),
  eventId: z.string(),
  retryNum: z.number().int().min(0).default(0),
  event: z
    .object({
      type: z.string(),
      subtype: z.string().optional(),
      channel: z.string().optional(),
      channel_type: z.string().optional(),
      user: z.string().optional(),
      bot_id: z.string().optional(),
      text: z.string().optional(),
      ts: z.string().optional(),
      thread_ts: z.string().optional(),
      event_ts: z.string().optional(),
    })
    .passthrough(),
});

const slackCommand = z.object({
  source: z.literal("slack"),
  type: z.literal("command"),
  teamId: z.string(),
  channel: z.string(),
  user: z.string(),
  command: z.string(),
  subcommand: z.string(),
  args: z.string(),
  responseUrl: z.url(),
  triggerId: z.string(),
});

const slackInteraction = z.object({
  source: z.literal("slack"),
  type: z.literal("interaction"),
  teamId: z.string(),
  user: z.string(),
  kind: z.enum(["block_actions", "view_submission", "shortcut", "message_action"]),
  id: z.string(),
  payload: z.record(z.string(), z.unknown()),
});

const githubWebhook = z.object({
  source: z.literal("github"),
  deliveryId: z.string(),
  event: z.string(),
  action: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
});

const sentryWebhook = z.object({
  source: z.literal("sentry"),
  requestId: z.string(),
  resource: z.string(),
  action: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
});

export const ingressJobSchema = z.union([slackEvent, slackCommand, slackInteraction, githubWebhook, sentryWebhook]);
export type IngressJob = z.infer<typeof ingressJobSchema>;

/**
 * What is wrong with a job an edge built from a delivery, one clause per field (`event_id: Invalid input: expected
 * string, received number`), or null when it is valid. The edges check before they enqueue, so a malformed delivery
 * is answered as one instead of looking like an unreachable queue. `names` maps the job's fields to the sender's
 * (`teamId` → `team_id`), so the answer names what the sender sent.
 */
export function ingressJobProblem(job: IngressJob, names: Readonly<Record<string, string>> = {}): string | null {
  const schema =
    job.source === "slack"
      ? job.type === "event"
        ? slackEvent
        : job.type === "command"
          ? slackCommand
          : slackInteraction
      : job.source === "github"
        ? githubWebhook
        : sentryWebhook;
  const parsed = schema.safeParse(job);
  if (parsed.success) return null;
  return parsed.error.issues
    .slice(0, 5)
    .map((issue) => {
      const [first, ...rest] = issue.path.map(String);
      const field = first === undefined ? "the delivery" : [Object.hasOwn(names, first) ? names[first] : first, ...rest].join(".");
      return `${field}: ${issue.message}`;
    })
    .join("; ");
}
export type SlackEventJob = z.infer<typeof slackEvent>;
export type SlackCommandJob = z.infer<typeof slackCommand>;
export type SlackInteractionJob = z.infer<typeof slackInteraction>;

/** Where to tell a person when a run fails for good. */
export const notifyTarget = z.object({
  channel: z.string().optional(),
  threadTs: z.string().optional(),
  user: z.string().optional(),
  responseUrl: z.url().optional(),
});
export type NotifyTarget = z.infer<typeof notifyTarget>;

/** Every graph job names the graph, its thread, and who to tell if it fails for good. */
const graphJobBase = z.object({ graph: z.string(), threadId: z.string(), notify: notifyTarget.optional() });

export const graphJobSchema = z.discriminatedUnion("type", [
  graphJobBase.extend({ type: z.literal("start"), input: z.unknown() }),
  graphJobBase.extend({ type: z.literal("resume"), interruptId: z.string(), value: z.unknown() }),
  graphJobBase.extend({ type: z.literal("signal"), value: z.unknown() }),
]);
export type GraphJob = z.infer<typeof graphJobSchema>;
