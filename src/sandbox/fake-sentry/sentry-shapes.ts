import { randomBytes, randomUUID } from "node:crypto";

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
    metadata: seed.errorType ? { type: seed.errorType, value: seed.errorValue ?? "" } : { title: seed.title },
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
    type: seed.errorType ? "error" : "default",
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
  options: { rule?: string; installationUuid?: string; apiBase?: string; webBase?: string; org?: string; eventId?: string } = {},
): Record<string, unknown> {
  const apiBase = options.apiBase ?? "https://sentry.io/api/0/";
  const webBase = options.webBase ?? "https://sentry.io";
  const org = options.org ?? "acme";
  const eventId = options.eventId ?? randomBytes(16).toString("hex");
  const metadata = issue.metadata as { type?: string; value?: string; title?: string } | undefined;
  const errorType = metadata?.type ?? "Error";
  const errorValue = metadata?.value ?? issue.title;
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
              stacktrace: {
                frames: [
                  {
                    abs_path: "/app/src/server.js",
                    colno: 12,
                    context_line: "  await handler(req, res);",
                    filename: "src/server.js",
                    function: "handle",
                    in_app: true,
                    lineno: 88,
                    module: "server",
                    platform: null,
                    pre_context: null,
                    post_context: null,
                    vars: null,
                  },
                  {
                    abs_path: "/app/src/cart.js",
                    colno: 21,
                    context_line: "  return cart.items.length;",
                    filename: "src/cart.js",
                    function: "countItems",
                    in_app: true,
                    lineno: 42,
                    module: "cart",
                    platform: null,
                    pre_context: null,
                    post_context: null,
                    vars: null,
                  },
                ],
              },
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
        location: "src/cart.js",
        logger: "",
        message: "",
        metadata: { filename: "src/cart.js", type: errorType, value: errorValue },
        platform: issue.platform ?? "node",
        project: Number(issue.project.id),
        received: seconds,
        release: null,
        request: { cookies: null, data: null, env: null, fragment: null, headers: [], inferred_content_type: null, method: "POST", query_string: [], url: "https://shop.example.com/api/cart" },
        sdk: { integrations: [], name: "sentry.javascript.node", packages: [{ name: "npm:@sentry/node", version: "11.12.0" }], version: "11.12.0" },
        tags: [
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
