/** The fake GitHub used by tests and `shopfloor demo`: REST + GraphQL over a real bare git repository. */
export { startFakeGithub, type FakeGithub, type FakeGithubOptions, type PayloadBuilders, type WebhookSubscription } from "./start-fake-github.js";
export { FakeRepo, type RepoEvent, type IssueFilter, type CheckConclusion } from "./repo-model.js";
export type { OpenPullRequestInput, PullInfo, MergeMethod } from "./pull-model.js";
export { Faults, type FaultSpec, type RateLimitKind, type RequestLogEntry } from "./faults.js";
export { createWebhookSender, signWebhookBody, type WebhookSender, type WebhookDelivery, type SendOptions } from "./webhook-sender.js";
export type { FakeAppOptions } from "./app-auth.js";
export type * from "./model-types.js";
