import type { EventEnvelope } from "../src/sandbox/fake-slack/index.js";
import type { Sandbox } from "../src/sandbox/start-sandbox.js";
import { bugReport } from "./bug-reports.js";
import type { Random } from "../test/support/seeded-random.js";

/**
 * The work a chaos run sends in, each item as a person or a service would send it, and how the run sees from the
 * outside — the fake Slack and the fake GitHub — that the item was done, and done once.
 */

export type ItemKind = "bug-report" | "status" | "pull-request" | "merge" | "sentry" | "build";

export interface WorkItem {
  id: string;
  kind: ItemKind;
  submittedAt: number;
  doneAt?: number;
  /** Deliveries the sender had to repeat because Shopfloor did not accept them (a 5xx or no answer). */
  redeliveries: number;
  /** Slack message that carries the item (report, mention), or the PR / Sentry issue it is about. */
  channel?: string;
  ts?: string;
  pr?: number;
  /** The GitHub issue a build is asked for. */
  issue?: number;
  sentryId?: string;
}

export interface Counted {
  /** What the item produced, counted in the fakes, e.g. `{ issues: 1, replies: 1 }`. */
  effects: Record<string, number>;
  /** The effects that should have happened exactly once and did not. */
  wrong: string[];
}

export interface Workload {
  readonly items: WorkItem[];
  /** Sends one new item of the given kind (a merge needs a reviewed PR: returns undefined if none is ready). */
  submit(kind: Exclude<ItemKind, "merge">): Promise<WorkItem>;
  /** Clicks Merge on every reviewed PR whose card is up and not yet clicked, for a share of them. */
  clickMerges(share: number): Promise<void>;
  /** Marks the items that are done now; returns how many are still open. */
  poll(): number;
  count(item: WorkItem): Counted;
  /** What a person would read about the item: its thread's bot replies, or the PR's summary, card and private notes. */
  evidence(item: WorkItem): string[];
}

const MERGE_CHANNEL = "C0GENERAL";
const isBot = (m: { botId?: string }) => m.botId !== undefined;

export function createWorkload(sandbox: Sandbox, urls: { slack: string; sentry: string }, random: Random, retry: { attempts: number; delayMs: number }): Workload {
  const { slack, github, sentry } = sandbox;
  const ws = slack.workspace;
  const repo = github.repo;
  const items: WorkItem[] = [];
  let n = 0;

  /** Like Slack and Sentry, the sender tries again when the receiver does not accept; GitHub needs a redelivery. */
  async function deliver(item: WorkItem, send: (attempt: number) => Promise<number>): Promise<void> {
    for (let attempt = 0; attempt < retry.attempts; attempt++) {
      const status = await send(attempt).catch(() => 0);
      if (status >= 200 && status < 300) return;
      item.redeliveries++;
      await new Promise((r) => setTimeout(r, retry.delayMs));
    }
    throw new Error(`${item.id}: not accepted after ${retry.attempts} deliveries`);
  }

  const slackPermalinkToken = (channel: string, ts: string) => `/archives/${channel}/p${ts.replace(".", "")}`;
  const issuesMentioning = (token: string) => repo.listIssues({ state: "all" }).filter((i) => !i.pull && (i.body ?? "").includes(token));
  const commentsMentioning = (token: string) =>
    repo
      .listIssues({ state: "all" })
      .filter((i) => !i.pull)
      .flatMap((i) => repo.listComments(i.number).filter((c) => c.body.includes(token)));
  const reacted = (channel: string, ts: string) => ws.message(channel, ts)?.reactions.some((r) => r.name === "white_check_mark") ?? false;
  const mergeCards = (pr: number) => ws.history(MERGE_CHANNEL).filter((m) => isBot(m) && m.text.startsWith(`Merge request: #${pr} `));
  const reviewSummaries = (pr: number) => repo.listComments(pr).filter((c) => c.body.includes("Shopfloor review"));
  const verifiedPosts = (pr: number) => ws.allMessages(MERGE_CHANNEL).filter((m) => isBot(m) && new RegExp(`#${pr}\\b`).test(m.text) && m.text.includes("verified"));
  const mergeCalls = (pr: number) => github.requestLog.filter((r) => r.method === "PUT" && r.path.endsWith(`/pulls/${pr}/merge`) && r.status === 200).length;
  const buildPrs = (issue: number) => repo.pulls.list({ state: "all" }).filter((p) => new RegExp(`Fixes #${issue}\\b`).test(p.body ?? ""));
  const clicked = new Set<number>();

  /** `deliver: []` posts a message without sending its event: the event is sent here, and sent again as Slack does. */
  async function sendEvent(driver: ReturnType<typeof slack.driver>, envelope: EventEnvelope, attempt: number): Promise<number> {
    const response = attempt === 0 ? await driver.sendRaw(envelope) : await driver.redeliver(envelope, attempt, "http_error");
    return response.status;
  }

  function newItem(kind: ItemKind, extra: Partial<WorkItem>): WorkItem {
    const item: WorkItem = { id: `${kind}-${++n}`, kind, submittedAt: Date.now(), redeliveries: 0, ...extra };
    items.push(item);
    return item;
  }

  async function submit(kind: Exclude<ItemKind, "merge">): Promise<WorkItem> {
    const driver = slack.driver(urls.slack);
    if (kind === "bug-report") {
      const item = newItem(kind, { channel: "C0BUGS" });
      const text = bugReport(random, n);
      const posted = await driver.postMessage({ user: random.pick(["alice", "bob"]), channel: "C0BUGS", text, deliver: [] });
      item.ts = posted.ts;
      await deliver(item, (attempt) => sendEvent(driver, posted.envelope, attempt));
      return item;
    }
    if (kind === "status") {
      const item = newItem(kind, { channel: MERGE_CHANNEL });
      const posted = await driver.postMessage({ user: "carol", channel: MERGE_CHANNEL, text: "@Shopfloor status", deliver: [] });
      item.ts = posted.ts;
      // The app_mention Slack sends for a message that mentions the app (Shopfloor answers commands from it).
      const { channel_type: _type, ...event } = posted.envelope.event as Record<string, unknown>;
      const mention = { ...posted.envelope, event_id: `${posted.envelope.event_id}M`, event: { ...event, type: "app_mention" } };
      await deliver(item, (attempt) => sendEvent(driver, mention, attempt));
      return item;
    }
    if (kind === "pull-request") {
      const branch = `chaos/docs-${n + 1}`;
      await repo.commitToBranch(branch, { [`docs/chaos-${n + 1}.md`]: `# Note ${n + 1}\n\nA short, clean page.\n` }, `Add note ${n + 1}`, { author: "dave" });
      const pr = await repo.openPullRequest({ head: branch, title: `Add note ${n + 1}`, body: "A small, clean change.", author: "dave" });
      // The subscription delivers the event; a failed delivery is sent again by redeliverFailed().
      return newItem(kind, { pr: pr.number });
    }
    if (kind === "build") {
      // A ready issue about the shop's one known bug (the sandbox's scripted agent can fix only that one).
      const issue = repo.createIssue({ title: `total() crashes without a price list (${n + 1})`, body: "`total()` in src/cart.js throws when called without a list.", labels: ["type:bug", "factory:ready"], author: "alice" });
      const item = newItem(kind, { issue: issue.number, channel: "C0BUGS" });
      await deliver(item, async () => (await driver.command({ user: "alice", channel: "C0BUGS", text: `build ${issue.number}` })).status);
      return item;
    }
    const item = newItem(kind, { sentryId: String(70_000 + n) });
    const id = item.sentryId!;
    sentry.addIssue({ id, title: `RangeError: invalid count in module${n}`, count: 40 + n, userCount: 5, level: "error", lastSeen: new Date().toISOString() });
    const requestId = `chaos-${id}`;
    await deliver(item, async () => (await sentry.sendWebhook(urls.sentry, { resource: "issue", action: "created", secret: sandbox.env.SENTRY_WEBHOOK_SECRET!, issueId: id, requestId })).status);
    return item;
  }

  async function clickMerges(share: number): Promise<void> {
    for (const item of items) {
      if (item.kind !== "pull-request" || item.doneAt === undefined || clicked.has(item.pr!)) continue;
      clicked.add(item.pr!);
      if (random.next() >= share) continue;
      const card = mergeCards(item.pr!)[0]!;
      const actions = card.blocks?.find((b) => b.type === "actions") as { elements: { action_id: string; value?: string }[] } | undefined;
      const value = actions?.elements.find((e) => e.action_id === "merge_approve")?.value;
      const merge = newItem("merge", { pr: item.pr! });
      await deliver(merge, async () => (await slack.driver(urls.slack).clickButton({ user: "carol", actionId: "merge_approve", ...(value ? { value } : {}), channel: MERGE_CHANNEL, messageTs: card.ts })).status);
    }
  }

  function isDone(item: WorkItem): boolean {
    switch (item.kind) {
      case "bug-report":
      case "status":
        return reacted(item.channel!, item.ts!);
      case "pull-request":
        return reviewSummaries(item.pr!).length > 0 && mergeCards(item.pr!).length > 0;
      case "merge":
        return repo.pulls.get(item.pr!).pull.merged && verifiedPosts(item.pr!).length > 0;
      case "build":
        return buildPrs(item.issue!).length > 0;
      case "sentry":
        return issuesMentioning(`/issues/${item.sentryId!}/`).length + commentsMentioning(`/issues/${item.sentryId!}/`).length > 0;
    }
  }

  function count(item: WorkItem): Counted {
    const effects: Record<string, number> = {};
    switch (item.kind) {
      case "bug-report": {
        const token = slackPermalinkToken(item.channel!, item.ts!);
        effects["issue or duplicate comment"] = issuesMentioning(token).length + commentsMentioning(token).length;
        effects["thread replies"] = ws.replies(item.channel!, item.ts!).filter(isBot).length;
        break;
      }
      case "status":
        effects["thread replies"] = ws.replies(item.channel!, item.ts!).filter(isBot).length;
        break;
      case "pull-request":
        effects["review summaries"] = reviewSummaries(item.pr!).length;
        effects["merge cards"] = mergeCards(item.pr!).length;
        break;
      case "merge":
        effects.merges = mergeCalls(item.pr!);
        effects["verified posts"] = verifiedPosts(item.pr!).length;
        break;
      case "build":
        effects["pull requests"] = buildPrs(item.issue!).length;
        break;
      case "sentry": {
        const token = `/issues/${item.sentryId!}/`;
        effects["issue or comment"] = issuesMentioning(token).length + commentsMentioning(token).length;
        break;
      }
    }
    return { effects, wrong: Object.entries(effects).filter(([, v]) => v !== 1).map(([k, v]) => `${k}: ${v}`) };
  }

  return {
    items,
    submit,
    clickMerges,
    poll() {
      for (const item of items) if (item.doneAt === undefined && isDone(item)) item.doneAt = Date.now();
      return items.filter((i) => i.doneAt === undefined).length;
    },
    count,
    evidence(item) {
      const texts = item.ts
        ? ws.replies(item.channel!, item.ts).filter(isBot).map((m) => m.text)
        : item.pr
          ? [...reviewSummaries(item.pr).map((c) => c.body), ...mergeCards(item.pr).map((m) => m.text), ...ws.ephemerals(MERGE_CHANNEL).filter((e) => e.text.includes(`#${item.pr}`)).map((e) => `(private) ${e.text}`)]
          : [];
      return texts.map((t) => t.slice(0, 160));
    },
  };
}

/**
 * Effects no single item should explain twice, whatever produced them: the same bot text twice in one Slack thread
 * (or twice at a channel's top level), the same comment body twice on one issue or PR.
 */
export function repeatedEffects(sandbox: Sandbox): string[] {
  const found: string[] = [];
  const ws = sandbox.slack.workspace;
  for (const channel of ["C0GENERAL", "C0BUGS"]) {
    const seen = new Map<string, number>();
    for (const m of ws.allMessages(channel).filter(isBot)) {
      const key = `${m.threadTs && m.threadTs !== m.ts ? m.threadTs : "top"}\u0000${m.text}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    for (const [key, times] of seen) if (times > 1) found.push(`${channel}: "${key.split("\u0000")[1]!.slice(0, 80)}" posted ${times} times`);
  }
  const repo = sandbox.github.repo;
  for (const issue of repo.listIssues({ state: "all" })) {
    const bodies = repo.listComments(issue.number).map((c) => c.body);
    const repeated = bodies.filter((b, i) => bodies.indexOf(b) !== i);
    for (const body of new Set(repeated)) found.push(`#${issue.number}: comment "${body.slice(0, 80)}" posted twice`);
  }
  return found;
}
