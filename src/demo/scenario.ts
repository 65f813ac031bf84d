import type { Container } from "../container.js";
import type { Sandbox } from "../sandbox/start-sandbox.js";

interface ScenarioContext {
  sandbox: Sandbox;
  container: Container;
  appUrl: string;
  out: (line?: string) => void;
}

/** Polls until `check` holds or the time is up; returns how long it took, or null. */
async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 25));
  }
  return null;
}

/**
 * What a team does on its first day, step by step. Each automation adds its step here as it lands
 * (DESIGN §8: report → triage → build → review → approval → merge → verification → recap).
 */
export async function playScenario({ sandbox, appUrl, out }: ScenarioContext): Promise<boolean> {
  const slack = sandbox.slack;
  const ws = slack.workspace;
  const alice = slack.driver(appUrl);
  let ok = true;
  const step = (who: string, what: string, result: string, good = true) => {
    ok &&= good;
    out(`${good ? "▸" : "✗"} ${who.padEnd(6)} ${what.padEnd(42)} ${result}`);
  };
  const issues = () => sandbox.github.repo.listIssues({ state: "all" }).filter((i) => !i.pull);
  const reacted = (channel: string, ts: string, name: string) => () => ws.message(channel, ts)?.reactions.some((r) => r.name === name) ?? false;
  const describeIssue = (i: { number: number; title: string; labels: string[] }) => `#${i.number} ${i.title} [${i.labels.join(", ")}]`;

  // Triage: a clear report becomes a labelled issue; a vague one gets a question first.
  const report = await alice.postMessage({
    user: "alice",
    channel: "C0BUGS",
    text: "The checkout button crashes with an error on Safari 17 since this morning. Steps: add an item, open checkout, click Pay. Expected the payment form, but nothing happens.",
  });
  const eyes = await waitFor(reacted("C0BUGS", report.ts, "eyes"), 5_000);
  const filed = await waitFor(reacted("C0BUGS", report.ts, "white_check_mark"));
  const first = issues()[0];
  step("alice", "reports a bug in #bugs", filed === null || !first ? "no issue in 15 s" : `👀 after ${eyes} ms, filed ${describeIssue(first)} after ${filed} ms`, filed !== null && !!first);

  const vague = await slack.driver(appUrl).postMessage({ user: "bob", channel: "C0BUGS", text: "search is broken" });
  const asked = await waitFor(() => ws.replies("C0BUGS", vague.ts).some((m) => m.text.includes("before I file this")));
  step("bob", "reports \"search is broken\"", asked === null ? "no question in 15 s" : `asked for details in the thread after ${asked} ms`, asked !== null);
  await slack.driver(appUrl).postMessage({
    user: "bob",
    channel: "C0BUGS",
    threadTs: vague.ts,
    text: "On the search page, typing shoes shows an error instead of results since Monday. Expected the list of shoes. Chrome 120 on Windows.",
  });
  const second = await waitFor(reacted("C0BUGS", vague.ts, "white_check_mark"));
  const bobIssue = issues().find((i) => i.number !== first?.number);
  step("bob", "answers in the thread", second === null || !bobIssue ? "no issue in 15 s" : `filed ${describeIssue(bobIssue)}`, second !== null && !!bobIssue);

  // Incidents: an error in production, reported by Sentry's webhook, becomes a prioritised issue.
  sandbox.sentry.addIssue({ id: "4242", title: "TypeError: cart is undefined", count: 150, userCount: 30, level: "error", lastSeen: new Date().toISOString() });
  const issuesBefore = issues().length;
  const hook = await sandbox.sentry.sendWebhook(appUrl.replace("/slack/events", "/sentry/webhooks"), {
    resource: "issue",
    action: "created",
    secret: sandbox.env.SENTRY_WEBHOOK_SECRET!,
    issueId: "4242",
  });
  const fromSentry = await waitFor(() => issues().length > issuesBefore);
  const sentryIssue = issues().find((i) => (i.body ?? "").includes("### From Sentry"));
  step("sentry", "TypeError: cart is undefined (150 events)", fromSentry === null || !sentryIssue ? `webhook answered ${hook.status}; no issue in 15 s` : `filed ${describeIssue(sentryIssue)}, announced in #general`, !!sentryIssue);

  // Build: alice asks for her issue to be built; the agent works in a sandbox, opens a PR, the review finds its quick
  // fix wanting, fix mode answers the review, and the re-review hands the PR to the merge card — all in her thread.
  const repo = sandbox.github.repo;
  sandbox.github.subscribe(appUrl.replace("/slack/events", "/github/webhooks"), sandbox.env.GITHUB_WEBHOOK_SECRET!, { events: ["pull_request", "issue_comment"] });
  const inThread = (text: string) => () => ws.replies("C0BUGS", report.ts).some((m) => m.text.includes(text));
  const issueNo = first?.number ?? 1;
  const buildAsked = Date.now();
  await alice.command({ user: "alice", channel: "C0BUGS", text: `build ${issueNo}` });
  const opened = await waitFor(inThread("Opened PR #"), 90_000);
  const pr = repo.pulls.list({ state: "all" }).find((p) => p.pull.headRef.startsWith("shopfloor/"));
  const figures = ws.replies("C0BUGS", report.ts).find((m) => m.text.startsWith("Opened PR #"));
  const spent = JSON.stringify(figures?.blocks ?? []).match(/\d+ file\(s\)[^"]*?min/)?.[0] ?? "";
  step("alice", `/shopfloor build ${issueNo}`, opened === null || !pr ? "no PR in 90 s" : `PR #${pr.number} on ${pr.pull.headRef} after ${Date.now() - buildAsked} ms: ${spent}`, opened !== null && !!pr);
  const number = pr?.number ?? 0;

  const reviewed = await waitFor(inThread("Changes requested"), 60_000);
  const threads = () => repo.pulls.threadsOf(number);
  step("review", `reviews PR #${number}`, reviewed === null ? "no review in 60 s" : `${threads().length} inline findings, changes requested; fix mode takes them`, reviewed !== null);

  const passed = await waitFor(inThread("Merge request"), 120_000);
  const resolved = threads().filter((t) => t.isResolved).length;
  const answeredThreads = threads().filter((t) => t.commentIds.some((id) => repo.pulls.getReviewComment(id).body.includes("— Shopfloor, in"))).length;
  step("build", "fixes the review on the PR's branch", passed === null ? "no merge card in 120 s" : `${answeredThreads} threads answered, ${resolved} resolved on re-review, ${repo.getIssue(number).labels.join(", ")}, merge card in alice's thread`, passed !== null && resolved > 0);

  const asking = await alice.postMessage({ user: "alice", channel: "C0BUGS", text: `@Shopfloor why is #${number} stuck?` });
  const answered = await waitFor(() => ws.replies("C0BUGS", asking.ts).some((m) => m.text.includes(`#${number}`)), 15_000);
  const answer = ws.replies("C0BUGS", asking.ts).find((m) => m.text.includes(`#${number}`));
  const because = answer ? (JSON.stringify(answer.blocks ?? []).match(/Next: [^"\\]*/)?.[0] ?? answer.text.slice(0, 80)) : "";
  step("alice", `@Shopfloor why is #${number} stuck?`, answered === null ? "no answer in 15 s" : `answered in the thread after ${answered} ms: ${because}`, answered !== null);

  // Merge: the card waits in alice's thread; bob may not merge, carol may. Then the merge commit is verified.
  const card = () => ws.replies("C0BUGS", report.ts).find((m) => m.text.startsWith(`Merge request: #${number} `));
  const clickCard = (user: string) => {
    const c = card()!;
    const value = (c.blocks?.find((b) => b.type === "actions") as { elements: { action_id: string; value?: string }[] } | undefined)?.elements.find((e) => e.action_id === "merge_approve")?.value;
    return slack.driver(appUrl).clickButton({ user, actionId: "merge_approve", ...(value ? { value } : {}), channel: "C0BUGS", messageTs: c.ts });
  };
  if (card()) {
    const ephemeralsBefore = ws.ephemerals("C0BUGS").length;
    await clickCard("bob");
    const refused = await waitFor(() => ws.ephemerals("C0BUGS").length > ephemeralsBefore);
    step("bob", `clicks Approve & merge on #${number}`, refused === null ? "no answer in 15 s" : `refused privately (not an approver), nothing merged`, refused !== null && !repo.pulls.get(number).pull.merged);
    const clicked = Date.now();
    await clickCard("carol");
    const merged = await waitFor(() => repo.pulls.get(number).pull.merged, 30_000);
    const mergeSha = repo.pulls.get(number).pull.mergeCommitSha;
    step("carol", `clicks Approve & merge on #${number}`, merged === null ? "not merged in 30 s" : `merged at the reviewed commit in ${Date.now() - clicked} ms; card updated, audit entry written`, merged !== null);
    if (mergeSha) await repo.setCheck(mergeSha, "ci/test", "success");
    const verified = await waitFor(inThread("verified"), 30_000);
    step("ci", "checks pass on the merge commit", verified === null ? "no verification in 30 s" : `verified in alice's thread; #${first?.number ?? 1} is ${repo.getIssue(first?.number ?? 1).state}`, verified !== null);
  } else {
    step("carol", `merges #${number}`, "no merge card to click", false);
  }

  // The platform: help, status, retries collapsing, forged requests refused.
  const help = await alice.command({ user: "alice", channel: "C0GENERAL", text: "help" });
  step("alice", "/shopfloor help", `answered in the acknowledgement (${help.ms} ms)`, help.status === 200);

  const mention = await alice.postMessage({ user: "alice", channel: "C0GENERAL", text: "@Shopfloor status" });
  const replied = await waitFor(() => ws.replies("C0GENERAL", mention.ts).length > 0 && ws.message("C0GENERAL", mention.ts)?.reactions.some((r) => r.name === "white_check_mark") === true);
  step("alice", "@Shopfloor status", replied === null ? "no answer in 15 s" : `acked in ${mention.mention?.response.ms ?? "?"} ms, answered in the thread after ${replied} ms`, replied !== null);

  const before = ws.ephemerals("C0GENERAL").length;
  const status = await slack.driver(appUrl).command({ user: "bob", channel: "C0GENERAL", text: "status" });
  const privately = await waitFor(() => ws.ephemerals("C0GENERAL").length > before);
  step("bob", "/shopfloor status", privately === null ? "no answer in 15 s" : `acked in ${status.ms} ms, answered privately after ${privately} ms`, privately !== null);

  const unknown = await slack.driver(appUrl).command({ user: "carol", channel: "C0GENERAL", text: "deploy prod" });
  step("carol", "/shopfloor deploy prod", "not a command: the help text, privately", unknown.status === 200);

  const again = await alice.postMessage({ user: "alice", channel: "C0GENERAL", text: "@Shopfloor what can you do?" });
  if (again.mention) {
    await alice.redeliver(again.mention.envelope, 1);
    await alice.redeliver(again.mention.envelope, 2);
  }
  await waitFor(() => ws.replies("C0GENERAL", again.ts).length > 0);
  await new Promise((r) => setTimeout(r, 500));
  const replies = ws.replies("C0GENERAL", again.ts).length;
  step("slack", "delivers one mention three times (retries)", `${replies} reply in the thread`, replies === 1);

  const forged = await alice.sendRaw({ type: "event_callback", event_id: "EvFORGED", event: { type: "app_mention", text: "<@U0SHOPBOT> status" } }, { signature: "v0=forged" });
  step("mallory", "sends a request with a forged signature", `refused with HTTP ${forged.status}`, forged.status === 401);
  // A correctly signed request, replayed after it went stale: the five-minute window holds both ways.
  const replayed = await alice.sendRaw(again.mention?.envelope ?? {}, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
  step("mallory", "replays a signed mention six minutes later", `refused with HTTP ${replayed.status}: ${replayed.body.slice(0, 80)}`, replayed.status === 401);

  // The week so far, as the Monday recap will tell it: figures from the ledgers and GitHub, the trend as a chart.
  const recapAsked = Date.now();
  await slack.driver(appUrl).command({ user: "carol", channel: "C0GENERAL", text: "recap weekly" });
  const recap = () => ws.history("C0GENERAL").find((m) => Number(m.ts) * 1000 >= recapAsked - 1000 && m.text.startsWith("Weekly recap"));
  const charted = await waitFor(() => !!recap() && ws.replies("C0GENERAL", recap()!.ts).some((m) => m.fileIds.length > 0), 30_000);
  step("carol", "/shopfloor recap weekly", charted === null ? "no recap with a chart in 30 s" : `${recap()!.text.replace(/^Weekly recap · [^:]+: /, "")}; the week's chart in its thread`, charted !== null);

  // The factory looks at itself: the week's runs, where they failed, what they cost, what to change.
  const auditAsked = Date.now();
  await slack.driver(appUrl).command({ user: "carol", channel: "C0GENERAL", text: "audit" });
  const audit = () => ws.history("C0GENERAL").find((m) => Number(m.ts) * 1000 >= auditAsked - 1000 && m.text.startsWith("Audit of the last"));
  const audited = await waitFor(() => !!audit(), 15_000);
  step("carol", "/shopfloor audit", audited === null ? "no audit report in 15 s" : `report in #general — ${audit()!.text.replace(/^Audit of [^:]+: /, "")}`, audited !== null);
  return ok;
}
