import { slackTime } from "./mrkdwn.js";
import type { AuditEntry } from "../core/ledgers/audit-log.js";
import type { Block } from "../core/ports/chat-port.js";

const OUTCOME = { done: ":white_check_mark:", allowed: ":white_check_mark:", refused: ":no_entry:", failed: ":x:" } as const;
const time = (iso: string) => slackTime(iso, true);
/** Slack ids are shown as mentions; anything else (a GitHub login, "shopfloor") as it is. */
const who = (actor: string) => (/^[UW][A-Z0-9]{2,}$/.test(actor) ? `<@${actor}>` : actor.replace(/[<>&]/g, ""));

/** `/shopfloor audit log [PR]`: one line per entry, newest first, with the SHA and policy where there is one. */
export function auditLogBlocks(input: { pr: number | null; entries: (AuditEntry & { at: string })[] }): { text: string; blocks: Block[] } {
  const title = input.pr ? `Audit log of #${input.pr}` : "Audit log (latest)";
  if (input.entries.length === 0) {
    const text = `${title}: nothing recorded${input.pr ? ` for #${input.pr}` : ""} yet.`;
    return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
  }
  const lines = input.entries.map((e) => {
    const d = e.detail ?? {};
    const extra = [typeof d.sha === "string" ? `\`${d.sha.slice(0, 7)}\`` : "", typeof d.risk === "string" ? `${d.risk} risk` : "", typeof d.policy === "string" ? `policy: ${d.policy}` : "", typeof d.reason === "string" ? `“${d.reason.slice(0, 120)}”` : ""]
      .filter(Boolean)
      .join(" · ");
    return `${OUTCOME[e.outcome]} ${time(e.at)} · ${who(e.actor)}${e.actorGithub ? ` (@${e.actorGithub})` : ""} · \`${e.action}\` ${e.outcome} · ${e.subject}${extra ? ` · ${extra}` : ""}`;
  });
  return {
    text: `${title}: ${input.entries.length} entr${input.entries.length === 1 ? "y" : "ies"}, newest first.`,
    blocks: [{ type: "header", text: { type: "plain_text", text: title } }, { type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 2900) } }],
  };
}
