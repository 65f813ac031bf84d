import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { escalationMessage } from "../../../src/blocks/shepherd-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { Escalation } from "../../../src/core/ledgers/escalations.js";
import { act } from "../../shared/act.js";
import type { Reason } from "../../shared/diagnosis/pr-facts.js";
import { prConversation } from "../../shared/report-thread.js";
import type { ShepherdStateType } from "../shepherd-state.js";

/** Reasons that make a PR stalled rather than merely in progress: only these are escalated. */
const STALLED = new Set(["needs-human", "automation-failed", "inactive"]);

/**
 * Hands what the shepherd cannot fix to people, once: an escalation with reasons, owner, deadline and what ends it,
 * posted in the PR's Slack thread (or the merge channel). Pinged again after the deadline; closed when the PR
 * moves — new commits, merged or closed.
 */
export function escalate(deps: GraphDeps) {
  return async (state: ShepherdStateType, config: LangGraphRunnableConfig) => {
    const facts = state.facts!;
    const pr = facts.pr;
    const repo = deps.settings.repository ?? "";
    const now = deps.clock.now();
    const open = await deps.escalations.open(repo, pr.number);
    const moved = pr.state !== "open" ? (pr.merged ? "merged" : "closed") : open && open.headSha !== pr.headSha ? "new commits were pushed" : null;
    if (open && moved) {
      await deps.escalations.close(open.id, moved);
      await say(deps, config, open, `resolved-${open.id}`, `:white_check_mark: <${pr.url}|#${pr.number}> moved (${moved}): escalation closed.`);
      return {};
    }
    const forPeople = state.reasons.filter((r) => r.owner !== "shopfloor");
    const stalled = state.reasons.some((r) => STALLED.has(r.code));
    if (open) {
      if (Date.parse(open.deadline) <= now.getTime()) {
        const deadline = new Date(now.getTime() + deps.settings.shepherd.escalationHours * 3_600_000).toISOString();
        await say(deps, config, open, `ping-${open.id}-${open.pings + 1}`, `:bell: Still stuck: <${pr.url}|#${pr.number}> — ${forPeople[0]?.summary ?? "see above"}. ${mention(deps, open.owner)}, ${forPeople[0]?.next ?? "please take a look"}.`);
        await deps.escalations.pinged(open.id, deadline);
      }
      return {};
    }
    if (!stalled || forPeople.length === 0 || state.applied.length > 0 || pr.state !== "open") return {};
    const target = await prConversation(deps, pr.number, null);
    const owner = forPeople[0]!.owner;
    const deadline = new Date(now.getTime() + deps.settings.shepherd.escalationHours * 3_600_000).toISOString();
    const resumeOn = resumeWords(forPeople);
    let posted: { channel: string; ts: string } | null = null;
    if (target) {
      const message = escalationMessage({ pr: { number: pr.number, title: pr.title, url: pr.url }, reasons: forPeople, owner: mention(deps, owner), deadline, resumeOn });
      posted = await act(deps.effects, config, "escalate", `escalate@${pr.headSha}`, "slack.post", { channel: target.channel, threadTs: target.threadTs, ...message });
    }
    await deps.escalations.create({
      repository: repo,
      prNumber: pr.number,
      headSha: pr.headSha,
      reasons: forPeople.map((r) => r.summary),
      owner,
      deadline,
      resumeOn,
      slackChannel: posted?.channel ?? null,
      slackTs: target?.threadTs ?? posted?.ts ?? null,
    });
    return {};
  };
}

/** A reply in the escalation's thread (or beside it when it had none). */
async function say(deps: GraphDeps, config: LangGraphRunnableConfig, e: Escalation, intent: string, text: string): Promise<void> {
  if (!e.slackChannel) return;
  await act(deps.effects, config, "escalate", intent, "slack.post", { channel: e.slackChannel, ...(e.slackTs ? { threadTs: e.slackTs } : {}), text });
}

/** A GitHub login of an approver becomes a Slack mention; anyone else stays a login. */
function mention(deps: GraphDeps, owner: string): string {
  const login = owner.replace(/^@/, "");
  const slack = Object.entries(deps.settings.approvers.githubLogins).find(([, l]) => l.toLowerCase() === login.toLowerCase())?.[0];
  return slack ? `<@${slack}>` : owner;
}

function resumeWords(reasons: Reason[]): string {
  const codes = new Set(reasons.map((r) => r.code));
  if (codes.has("awaiting-approval")) return "an approver's click on the merge card, or new commits";
  if (codes.has("conflicts") || codes.has("checks-failing") || codes.has("changes-requested") || codes.has("unresolved-threads")) return "a push that addresses it";
  return "any new commit, a merge or the PR being closed";
}
