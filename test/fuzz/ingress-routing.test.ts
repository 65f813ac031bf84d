import { readFileSync } from "node:fs";
import examples from "@octokit/webhooks-examples" with { type: "json" };
import type { Job } from "bullmq";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { graphRegistry } from "../../graphs/registry.js";
import { AUTOMATION_PAUSE_ACTION, AUTOMATION_RESUME_ACTION } from "../../src/blocks/home-blocks.js";
import { encodeButtonValue } from "../../src/core/button-value.js";
import { silentLogger } from "../../src/core/logger.js";
import { JobQueues } from "../../src/jobs/job-queues.js";
import { graphJobSchema, ingressJobProblem, ingressJobSchema, type IngressJob } from "../../src/jobs/job-schemas.js";
import { createIngressProcessor } from "../../src/jobs/processors/process-ingress-job.js";
import { routeIngress, type RouteContext } from "../../src/jobs/route-ingress.js";
import { SUBCOMMANDS } from "../../src/slack/slack-surface.js";
import { uniqueId } from "../support/db.js";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../support/fuzz-runs.js";
import { mutate, mutations, oddJson, oddText } from "./support/arbitraries.js";

/**
 * The worker's first step (src/jobs/route-ingress.ts and the ingress processor): from whatever sits in the ingress
 * queue to a typed graph job. Arbitrary JSON is either a valid ingress job or refused with the fields that are wrong;
 * a valid one routes to a graph job the graph queues accept, or is ignored with a reason; nothing throws a TypeError.
 */

const GRAPHS = new Set(graphRegistry.map((g) => g.name));
const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), "utf8")) as Record<string, unknown>;
const EVENTS = ["app_mention.json", "message.channels.json", "bot_message.json", "payload_message_message_changed.json"].map((f) => fixture(`fixtures/slack/${f}`).event as Record<string, unknown>);
const INTERACTIONS = [fixture("fuzz/fixtures/view_submission.json"), fixture("fuzz/fixtures/block_actions.static_select.json")];
const GITHUB = (examples as unknown as { name: string; examples: Record<string, unknown>[] }[]).flatMap((d) => d.examples.map((payload) => ({ event: d.name, payload })));
const SENTRY = [
  { resource: "issue", payload: fixture("fuzz/fixtures/issue-webhook.created.json") },
  { resource: "event_alert", payload: fixture("fuzz/fixtures/event_alert.triggered.json") },
];

const text = fc.oneof(oddText(), fc.constantFrom("U0SHOPBOT", "C0BUGS", "1700000000.000100", "123", "#7", "weekly"));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** A value that is sometimes what the field should hold and sometimes any JSON. */
const loose = (arb: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: arb, weight: 9 }, { arbitrary: oddJson, weight: 1 });
const changed = (doc: Record<string, unknown>) => fc.option(mutations, { freq: 2, nil: null }).map((m) => (m ? mutate(doc, m) : doc));

const resumeValue = fc
  .record({ g: fc.constantFrom(...GRAPHS, "no-such-graph"), t: text, i: fc.oneof(text, text.map((t) => `slot:${t}`)), c: text })
  .map((v) => encodeButtonValue({ graph: v.g || "g", threadId: v.t || "t", interruptId: v.i || "i", choice: v.c.slice(0, 200) }));

const slackEvent = fc.record({
  source: fc.constant("slack"),
  type: fc.constant("event"),
  teamId: loose(text),
  eventId: loose(text),
  retryNum: loose(fc.nat(5)),
  event: fc
    .record({ seed: fc.constantFrom(...EVENTS), type: loose(fc.constantFrom("app_mention", "message", "app_home_opened", "reaction_added")), text: loose(text), tab: maybe(fc.constantFrom("home", "messages")) })
    .chain(({ seed, ...rest }) => changed({ ...seed, ...rest })),
});

const slackCommand = fc.record({
  source: fc.constant("slack"),
  type: fc.constant("command"),
  teamId: loose(text),
  channel: loose(text),
  user: loose(text),
  command: fc.constant("/shopfloor"),
  subcommand: loose(fc.constantFrom(...SUBCOMMANDS.map((s) => s.name), "frobnicate")),
  args: loose(text),
  responseUrl: loose(fc.constantFrom("https://hooks.slack.com/commands/T/1/x", "http://127.0.0.1:9/r")),
  triggerId: loose(text),
});

const slackInteraction = fc.record({
  source: fc.constant("slack"),
  type: fc.constant("interaction"),
  teamId: loose(text),
  user: loose(text),
  kind: loose(fc.constantFrom("block_actions", "view_submission", "shortcut", "message_action")),
  id: loose(text),
  payload: fc
    .record({
      seed: fc.constantFrom(...INTERACTIONS),
      actions: fc.array(fc.record({ action_id: loose(fc.constantFrom(AUTOMATION_PAUSE_ACTION, AUTOMATION_RESUME_ACTION, "merge_approve", "x")), value: loose(fc.oneof(resumeValue, text)) }), { maxLength: 2 }),
      view: fc.record({ callback_id: loose(fc.constantFrom("report_bug", "triage_severity", "triage_duplicate", "merge_request_changes", "recap_edit_update", "other")), private_metadata: loose(fc.oneof(resumeValue, text)) }),
      channel: maybe(fc.record({ id: loose(text) })),
      response_url: maybe(loose(fc.constant("https://hooks.slack.com/actions/T/1/x"))),
    })
    .chain(({ seed, view, ...rest }) => changed({ ...seed, ...rest, view: { ...(seed.view as object), ...view } })),
});

const github = fc.record({ seed: fc.constantFrom(...GITHUB), deliveryId: loose(text), action: maybe(loose(text)) }).chain(({ seed, deliveryId, action }) =>
  changed(seed.payload).map((payload) => ({ source: "github", deliveryId, event: seed.event, ...(action === undefined ? {} : { action }), payload })),
);

const sentry = fc
  .record({ seed: fc.constantFrom(...SENTRY), requestId: loose(text), resource: loose(fc.constantFrom("issue", "event_alert", "installation")), action: maybe(loose(fc.constantFrom("created", "unresolved", "resolved", "triggered"))) })
  .chain(({ seed, requestId, resource, action }) => changed(seed.payload).map((payload) => ({ source: "sentry", requestId, resource, ...(action === undefined ? {} : { action }), payload })));

/** What sits in the ingress queue: a job of any kind, close to valid or far from it, or any JSON at all. */
const anyIngress: fc.Arbitrary<unknown> = fc.oneof({ arbitrary: fc.oneof(slackEvent, slackCommand, slackInteraction, github, sentry), weight: 6 }, { arbitrary: oddJson, weight: 1 });

const routeContext: fc.Arbitrary<RouteContext> = fc.record({
  botUserId: fc.option(fc.constantFrom("U0SHOPBOT", "U061F7AUR"), { nil: null }),
  bugChannels: fc.array(fc.constantFrom("C0BUGS", "C024BE91L", "C0LAN2Q65"), { maxLength: 2 }),
  typeLabels: fc.constant(["type:bug", "type:feature"]),
  triageGithubIssues: fc.boolean(),
  repository: fc.option(fc.constantFrom("acme/shop"), { nil: null }),
  needsHumanLabel: fc.option(fc.constant("factory:needs-human"), { nil: null }),
  reviewPullRequests: fc.boolean(),
  sentryOrg: fc.option(fc.constant("acme"), { nil: null }),
});

/** BullMQ takes a custom job id only without ':' and not all digits. */
const bullmqJobId = (id: string) => id.length > 0 && id.length <= 250 && !id.includes(":") && !/^\d+$/.test(id);

describe("Routing an ingress job", () => {
  it("turns anything valid into a graph job the queues accept or an ignore with a reason, and refuses the rest by field", () => {
    fc.assert(
      fc.property(anyIngress, routeContext, (data, ctx) => {
        const parsed = ingressJobSchema.safeParse(data);
        if (!parsed.success) {
          // A clear rejection: every issue says where and what.
          for (const issue of parsed.error.issues) expect(issue.message.length).toBeGreaterThan(0);
          const problem = typeof data === "object" && data !== null && "source" in data ? ingressJobProblem(data as IngressJob) : null;
          if (problem !== null) expect(problem).toMatch(/^[^:;]*: \S/);
          return;
        }
        const route = routeIngress(parsed.data, ctx);
        if (route.kind === "ignore") {
          expect(route.reason.length).toBeGreaterThan(0);
          return;
        }
        const job = graphJobSchema.safeParse(route.job);
        expect(job.success, `${JSON.stringify(route.job).slice(0, 400)} ${job.error?.message ?? ""}`).toBe(true);
        expect(bullmqJobId(route.jobId), route.jobId).toBe(true);
        // A start names a graph that exists; a resume or signal names the graph its button carried, checked at enqueue.
        if (route.job.type === "start") expect(GRAPHS.has(route.job.graph), route.job.graph).toBe(true);
      }),
      fuzzParams({ pure: true }),
    );
  }, FUZZ_TIMEOUT_MS);
});

describe("The ingress processor", () => {
  const redis = new Redis("redis://127.0.0.1:6379/10", { maxRetriesPerRequest: 1 });
  const prefix = uniqueId("sf-fuzz-route");
  const queues = new JobQueues(redis, { jobAttempts: 1, jobBackoffMs: 10, keepCompletedJobs: 10, keepFailedJobs: 10 }, [...GRAPHS], prefix);
  let n = 0;

  afterAll(async () => {
    await queues.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("routes what it can to a job in a graph queue and gives up on the rest with a coded error, never a TypeError", async () => {
    await fc.assert(
      fc.asyncProperty(anyIngress, routeContext, async (data, ctx) => {
        const process = createIngressProcessor({ queues, routeContext: async () => ctx, logger: silentLogger });
        const job = { id: `fuzz-${++n}`, data } as unknown as Job;
        try {
          const { routed } = await process(job);
          if (routed.startsWith("ignored: ")) return;
          const [graph, jobId] = [routed.slice(0, routed.indexOf(":")), routed.slice(routed.indexOf(":") + 1)];
          expect(await queues.graphQueue(graph)?.getJob(jobId), routed).toBeDefined();
        } catch (e) {
          // JOB_PAYLOAD_INVALID for a payload that is no ingress job, UNKNOWN_GRAPH for a button naming no graph.
          expect(e).not.toBeInstanceOf(TypeError);
          expect(String(e)).toMatch(/(JOB_PAYLOAD_INVALID|UNKNOWN_GRAPH): \S/);
        }
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT_MS);
});

/** Each counter-example fuzzing found, kept as a named case (what happened before the fix is in the title). */
describe("Routing regressions found by fuzzing", () => {
  const ctx: RouteContext = { botUserId: "U0SHOPBOT", bugChannels: ["C0BUGS"], typeLabels: ["type:bug"], triageGithubIssues: true, repository: "acme/shop" };
  const click = (payload: Record<string, unknown>): IngressJob => ({ source: "slack", type: "interaction", teamId: "T0FUZZ", user: "U0ALICE", kind: "block_actions", id: "a-1", payload });

  it("a pause button whose channel id is no text is ignored naming the field; it failed at enqueue, retried as REDIS_UNAVAILABLE", () => {
    const route = routeIngress(click({ actions: [{ action_id: AUTOMATION_PAUSE_ACTION, value: "build" }], channel: { id: true }, response_url: {} }), ctx);
    expect(route).toMatchObject({ kind: "graph", job: { input: { via: "home" } } });
    const onMessage = routeIngress(click({ actions: [{ action_id: AUTOMATION_PAUSE_ACTION, value: "build" }], channel: { id: "C0BUGS" }, response_url: "not a url" }), ctx);
    expect(onMessage).toEqual({ kind: "ignore", reason: expect.stringMatching(/^the delivery cannot start automation-control: .*responseUrl: Invalid URL/) });
  });

  it("payload values that cannot become text route without a TypeError; they threw 'Cannot convert object to primitive value'", () => {
    const odd = { toString: 1 };
    expect(routeIngress(click({ actions: [{ action_id: odd, value: odd }] }), ctx)).toEqual({ kind: "ignore", reason: "button ? does not resume a run" });
    const sentryJob: IngressJob = { source: "sentry", requestId: "r", resource: "issue", action: "created", payload: { data: { issue: { id: odd } } } };
    expect(routeIngress(sentryJob, ctx)).toMatchObject({ kind: "ignore" });
    const issue: IngressJob = { source: "github", deliveryId: "d", event: "issues", action: "opened", payload: { issue: { number: 5, title: "t", labels: "bug" }, repository: { full_name: odd } } };
    expect(routeIngress(issue, ctx)).toMatchObject({ kind: "graph", job: { graph: "triage", threadId: "gh-issue:repo#5" } });
  });
});
