import { createHash, randomBytes, randomUUID } from "node:crypto";

/**
 * Builders for Sentry's wire shapes, following the REST examples of getsentry/sentry-api-schema
 * (organization issues list, issue details) and the webhook examples of the Sentry integration-platform
 * docs (`issue`, `event_alert`). Values are ours; the field set is Sentry's.
 */

export interface SentryProjectRef {
  id: string;
  slug: string;
  name: string;
  platform: string;
}

/** One stack frame to seed, as an SDK reports it. */
export interface SeedFrame {
  filename: string;
  function: string;
  lineNo: number;
  colNo?: number;
  inApp?: boolean;
  /** The source line at `lineNo`. */
  contextLine?: string;
  absPath?: string;
  module?: string;
}

export interface SeedException {
  type: string;
  value: string;
  /** Outermost first, the crashing frame last (Sentry's order). Default: `defaultFrames`. */
  frames?: SeedFrame[];
}

/** What the issue's latest event carries; the fake keeps one per issue and renews `eventId` on each new event. */
export interface LatestEventState {
  eventId: string;
  exception: SeedException & { frames: SeedFrame[] };
  release: string | null;
  environment: string;
}

/**
 * The stack of the sample `event_alert` event reshaped for a Node shop: a library frame (not in-app) on the
 * outside, the app's request handler, and the crashing frame last.
 */
export const defaultFrames: SeedFrame[] = [
  {
    filename: "node_modules/express/lib/router/layer.js",
    absPath: "/app/node_modules/express/lib/router/layer.js",
    module: "express.lib.router:layer",
    function: "Layer.handle [as handle_request]",
    lineNo: 95,
    colNo: 5,
    inApp: false,
    contextLine: "    fn(req, res, next);",
  },
  {
    filename: "src/server.js",
    absPath: "/app/src/server.js",
    module: "server",
    function: "handle",
    lineNo: 88,
    colNo: 12,
    inApp: true,
    contextLine: "  await handler(req, res);",
  },
  {
    filename: "src/cart.js",
    absPath: "/app/src/cart.js",
    module: "cart",
    function: "countItems",
    lineNo: 42,
    colNo: 21,
    inApp: true,
    contextLine: "  return cart.items.length;",
  },
];

export interface SeedIssue {
  id?: string;
  title: string;
  culprit?: string;
  level?: "fatal" | "error" | "warning" | "info" | "debug";
  status?: "unresolved" | "resolved" | "ignored";
  substatus?: string | null;
  count?: number;
  userCount?: number;
  firstSeen?: string;
  lastSeen?: string;
  project?: SentryProjectRef;
  /** Exception type and value, e.g. TypeError / "cart is undefined". */
  errorType?: string;
  errorValue?: string;
  /** The latest event's exception (wins over errorType/errorValue). */
  exception?: SeedException;
  /** Release of the latest event (default none). */
  release?: string;
  /** Environment of the latest event (default "production"). */
  environment?: string;
  platform?: string;
}

/** A Sentry issue as the organization issues endpoint returns it. */
export type SentryIssueJson = Record<string, unknown> & {
  id: string;
  shortId: string;
  title: string;
  status: string;
  level: string;
  firstSeen: string;
  lastSeen: string;
  project: SentryProjectRef;
};

export const defaultProject: SentryProjectRef = { id: "2", slug: "shop-web", name: "Shop Web", platform: "javascript" };

let nextId = 4_100_000_000;

export function sentryIssue(seed: SeedIssue, webBase = "https://sentry.io", org = "acme"): SentryIssueJson {
  const id = seed.id ?? String(nextId++);
  const project = seed.project ?? defaultProject;
  const now = new Date().toISOString();
  const firstSeen = seed.firstSeen ?? now;
  const lastSeen = seed.lastSeen ?? firstSeen;
  const status = seed.status ?? "unresolved";
  const count = seed.count ?? 1;
  const userCount = seed.userCount ?? 1;
  const shortNumber = Number(id) % 1000;
  const errorType = seed.exception?.type ?? seed.errorType;
  const errorValue = seed.exception?.value ?? seed.errorValue;
  return {
    annotations: [],
    assignedTo: null,
    count: String(count),
    culprit: seed.culprit ?? "",
    firstSeen,
    filtered: null,
    inbox: status === "unresolved" ? { reason: 0, reason_details: null, date_added: firstSeen } : null,
    hasSeen: false,
    id,
    isBookmarked: false,
    isPublic: false,
    isSubscribed: false,
    lastSeen,
    level: seed.level ?? "error",
    logger: null,
    metadata: errorType ? { type: errorType, value: errorValue ?? "" } : { title: seed.title },
    numComments: 0,
    permalink: `${webBase}/organizations/${org}/issues/${id}/`,
    project,
    shareId: null,
    shortId: `${project.slug.toUpperCase()}-${shortNumber}`,
    stats: { "24h": [] },
    priority: seed.level === "fatal" ? "high" : "medium",
    priorityLockedAt: null,
    owners: null,
    platform: seed.platform ?? project.platform,
    lifetime: { count: String(count), userCount, firstSeen, lastSeen },
    status,
    substatus: seed.substatus === undefined ? (status === "unresolved" ? "new" : null) : seed.substatus,
    statusDetails: {},
    subscriptionDetails: null,
    title: seed.title,
    type: errorType ? "error" : "default",
    userCount,
    integrationIssues: [],
    sentryAppIssues: [],
    isUnhandled: true,
    issueCategory: "error",
    issueType: "error",
    sessionCount: 0,
    latestEventHasAttachments: false,
    matchingEventId: null,
    matchingEventEnvironment: null,
  };
}

/** Issue details (`GET organizations/{org}/issues/{id}/`): the list shape plus activity and tags. */
export function sentryIssueDetails(issue: SentryIssueJson): Record<string, unknown> {
  return {
    ...issue,
    activity: [{ data: {}, dateCreated: issue.firstSeen, id: "0", type: "first_seen", user: null }],
    seenBy: [],
    userReportCount: 0,
    participants: [],
    firstRelease: null,
    lastRelease: null,
    tags: [{ key: "level", name: "Level", totalValues: Number(issue.count) }],
  };
}

export function newEventId(): string {
  return randomBytes(16).toString("hex");
}

/** The latest-event state a seed implies; issues added without one fall back to their metadata. */
export function latestEventState(
  issue: SentryIssueJson,
  seed: Pick<SeedIssue, "exception" | "errorType" | "errorValue" | "release" | "environment"> = {},
): LatestEventState {
  const metadata = issue.metadata as { type?: string; value?: string } | undefined;
  return {
    eventId: newEventId(),
    exception: {
      type: seed.exception?.type ?? seed.errorType ?? metadata?.type ?? "Error",
      value: seed.exception?.value ?? seed.errorValue ?? metadata?.value ?? issue.title,
      frames: seed.exception?.frames ?? defaultFrames,
    },
    release: seed.release ?? null,
    environment: seed.environment ?? "production",
  };
}

/** A frame as the REST API shows it: camelCase, the source line as `context: [[lineNo, text]]`. */
function restFrame(frame: SeedFrame): Record<string, unknown> {
  return {
    absPath: frame.absPath ?? frame.filename,
    colNo: frame.colNo ?? null,
    context: frame.contextLine === undefined ? [] : [[frame.lineNo, frame.contextLine]],
    errors: null,
    filename: frame.filename,
    function: frame.function,
    inApp: frame.inApp ?? false,
    instructionAddr: null,
    lineNo: frame.lineNo,
    lock: null,
    module: frame.module ?? null,
    package: null,
    platform: null,
    rawFunction: null,
    sourceLink: null,
    symbol: null,
    symbolAddr: null,
    trust: null,
    vars: null,
  };
}

/** A frame as webhooks (and SDK envelopes) carry it: snake_case with `context_line`. */
function webhookFrame(frame: SeedFrame): Record<string, unknown> {
  return {
    abs_path: frame.absPath ?? frame.filename,
    colno: frame.colNo ?? null,
    context_line: frame.contextLine ?? null,
    filename: frame.filename,
    function: frame.function,
    in_app: frame.inApp ?? false,
    lineno: frame.lineNo,
    module: frame.module ?? null,
    platform: null,
    pre_context: null,
    post_context: null,
    vars: null,
  };
}

/** The frame Sentry names the issue's location after: the innermost in-app one, else the innermost. */
function locationFrame(frames: SeedFrame[]): SeedFrame | undefined {
  return [...frames].reverse().find((f) => f.inApp) ?? frames.at(-1);
}

/** `GET organizations/{org}/issues/{id}/events/latest/`: the REST event of the Sentry API reference. */
export function sentryLatestEvent(issue: SentryIssueJson, state: LatestEventState): Record<string, unknown> {
  const { type, value, frames } = state.exception;
  const where = locationFrame(frames);
  const hasSystemFrames = frames.some((f) => !f.inApp);
  const release = state.release
    ? {
        id: 1,
        version: state.release,
        shortVersion: state.release.length > 12 ? state.release.slice(0, 12) : state.release,
        versionInfo: null,
        ref: null,
        url: null,
        dateReleased: null,
        dateCreated: issue.firstSeen,
        data: {},
        newGroups: 0,
        owner: null,
        commitCount: 0,
        lastCommit: null,
        deployCount: 0,
        lastDeploy: null,
        authors: [],
        projects: [{ id: Number(issue.project.id), slug: issue.project.slug, name: issue.project.name, platform: issue.project.platform }],
        firstEvent: issue.firstSeen,
        lastEvent: issue.lastSeen,
      }
    : null;
  const tags: { key: string; value: string }[] = [
    { key: "environment", value: state.environment },
    { key: "handled", value: "no" },
    { key: "level", value: issue.level },
    { key: "mechanism", value: "onunhandledrejection" },
    ...(state.release ? [{ key: "release", value: state.release }] : []),
    { key: "runtime", value: "node v20.20.0" },
    { key: "runtime.name", value: "node" },
  ];
  return {
    id: state.eventId,
    eventID: state.eventId,
    groupID: issue.id,
    projectID: issue.project.id,
    title: issue.title,
    message: "",
    platform: issue.platform ?? issue.project.platform,
    type: "error",
    culprit: issue.culprit ?? "",
    location: where?.filename ?? null,
    dateCreated: issue.lastSeen,
    dateReceived: issue.lastSeen,
    dist: null,
    size: 6_842,
    errors: [],
    occurrence: null,
    _meta: {},
    crashFile: null,
    fingerprints: [createHash("md5").update(`${issue.id}:${type}`).digest("hex")],
    groupingConfig: { enhancements: "", id: "newstyle:2023-01-11" },
    metadata: { type, value, filename: where?.filename ?? null, function: where?.function ?? null },
    tags,
    user: null,
    contexts: {
      runtime: { name: "node", type: "runtime", version: "v20.20.0" },
      os: { name: "Linux", type: "os", kernel_version: "6.1.0" },
    },
    sdk: { name: "sentry.javascript.node", version: "11.12.0" },
    packages: {},
    entries: [
      {
        type: "exception",
        data: {
          values: [
            {
              type,
              value,
              module: null,
              threadId: null,
              mechanism: { type: "onunhandledrejection", handled: false },
              rawStacktrace: null,
              stacktrace: { frames: frames.map(restFrame), framesOmitted: null, registers: null, hasSystemFrames },
            },
          ],
          excOmitted: null,
          hasSystemFrames,
        },
      },
      {
        type: "request",
        data: { method: "POST", url: "https://shop.example.com/api/cart", query: [], fragment: null, data: null, headers: [], cookies: [], env: null, inferredContentType: null, apiTarget: null },
      },
    ],
    release,
    userReport: null,
    nextEventID: null,
    previousEventID: null,
    resolvedWith: [],
  };
}

export function sentryOrganization(slug: string): Record<string, unknown> {
  return {
    id: "1",
    slug,
    name: slug,
    dateCreated: "2024-01-01T00:00:00.000000Z",
    isEarlyAdopter: false,
    require2FA: false,
    avatar: { avatarType: "letter_avatar", avatarUuid: null },
    status: { id: "active", name: "active" },
    features: [],
    links: { organizationUrl: `https://${slug}.sentry.io`, regionUrl: "https://us.sentry.io" },
  };
}

const actor = { id: "sentry", name: "Sentry", type: "application" };

/** `Sentry-Hook-Resource: issue` body. */
export function issueWebhookPayload(
  issue: SentryIssueJson,
  options: { action?: "created" | "resolved" | "assigned" | "archived" | "unresolved"; installationUuid?: string; apiBase?: string; webBase?: string; org?: string } = {},
): Record<string, unknown> {
  const apiBase = options.apiBase ?? "https://sentry.io/api/0/";
  const webBase = options.webBase ?? "https://sentry.io";
  const org = options.org ?? "acme";
  const { stats: _stats, lifetime: _lifetime, inbox: _inbox, ...rest } = issue;
  return {
    action: options.action ?? "created",
    actor,
    data: {
      issue: {
        ...rest,
        url: `${apiBase}organizations/${org}/issues/${issue.id}/`,
        web_url: `${webBase}/organizations/${org}/issues/${issue.id}/`,
        project_url: `${webBase}/organizations/${org}/issues/?project=${issue.project.id}`,
      },
    },
    installation: { uuid: options.installationUuid ?? randomUUID() },
  };
}

/** `Sentry-Hook-Resource: event_alert` body: an issue alert rule fired for one event of the issue. */
export function eventAlertPayload(
  issue: SentryIssueJson,
  options: { rule?: string; installationUuid?: string; apiBase?: string; webBase?: string; org?: string; eventId?: string; event?: LatestEventState } = {},
): Record<string, unknown> {
  const apiBase = options.apiBase ?? "https://sentry.io/api/0/";
  const webBase = options.webBase ?? "https://sentry.io";
  const org = options.org ?? "acme";
  const state = options.event ?? latestEventState(issue);
  const eventId = options.eventId ?? state.eventId;
  const { type: errorType, value: errorValue, frames } = state.exception;
  const where = locationFrame(frames);
  const when = new Date(issue.lastSeen);
  const seconds = when.getTime() / 1000;
  const rule = options.rule ?? "Shopfloor: new errors";
  return {
    action: "triggered",
    actor,
    data: {
      event: {
        _ref: Number(issue.project.id),
        _ref_version: 2,
        contexts: { runtime: { name: "node", type: "runtime", version: "v20.20.0" }, os: { name: "Linux", type: "os" } },
        culprit: issue.culprit ?? "",
        datetime: when.toISOString(),
        dist: null,
        event_id: eventId,
        exception: {
          values: [
            {
              mechanism: { type: "onunhandledrejection", handled: false, data: {}, description: null, help_link: null, meta: null, synthetic: null },
              stacktrace: { frames: frames.map(webhookFrame) },
              type: errorType,
              value: errorValue,
            },
          ],
        },
        fingerprint: ["{{ default }}"],
        grouping_config: { enhancements: "", id: "newstyle:2023-01-11" },
        hashes: [randomBytes(16).toString("hex")],
        issue_url: `${apiBase}issues/${issue.id}/`,
        issue_id: issue.id,
        key_id: "100001",
        level: issue.level,
        environment: state.environment,
        location: where?.filename ?? null,
        logger: "",
        message: "",
        metadata: { filename: where?.filename ?? null, type: errorType, value: errorValue },
        platform: issue.platform ?? "node",
        project: Number(issue.project.id),
        received: seconds,
        release: state.release,
        request: { cookies: null, data: null, env: null, fragment: null, headers: [], inferred_content_type: null, method: "POST", query_string: [], url: "https://shop.example.com/api/cart" },
        sdk: { integrations: [], name: "sentry.javascript.node", packages: [{ name: "npm:@sentry/node", version: "11.12.0" }], version: "11.12.0" },
        tags: [
          ["environment", state.environment],
          ["handled", "no"],
          ["level", issue.level],
          ["mechanism", "onunhandledrejection"],
          ["runtime", "node v20.20.0"],
        ],
        time_spent: null,
        timestamp: seconds,
        title: issue.title,
        type: "error",
        url: `${apiBase}projects/${org}/${issue.project.slug}/events/${eventId}/`,
        user: null,
        version: "7",
        web_url: `${webBase}/organizations/${org}/issues/${issue.id}/events/${eventId}/`,
      },
      triggered_rule: rule,
      issue_alert: { title: rule, settings: [] },
    },
    installation: { uuid: options.installationUuid ?? randomUUID() },
  };
}
