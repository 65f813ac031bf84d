import { BREAKER_ACTOR } from "../core/ledgers/automation-settings.js";
import type { Block } from "../core/ports/chat-port.js";
import { shorten } from "../core/text.js";

/** Slack mrkdwn control characters in text from people, GitHub or checks: it cannot ping, link or format. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A time Slack shows each reader in their own time zone ("14:05", or "Today at 14:05" with the date); the
 * fallback, for clients that cannot, is UTC.
 */
export function slackTime(iso: string, withDate = false): string {
  const fallback = withDate ? `${iso.slice(0, 16).replace("T", " ")} UTC` : `${iso.slice(11, 16)} UTC`;
  return `<!date^${Math.floor(Date.parse(iso) / 1000)}^${withDate ? "{date_short_pretty} {time}" : "{time}"}|${fallback}>`;
}

/** A plain_text object (button labels, headers, modal titles); emoji shortcodes render. */
export const plainText = (text: string) => ({ type: "plain_text" as const, text, emoji: true });

/** Slack refuses a section text over 3,000 characters and a context element over 2,000. */
export const SECTION_MAX = 3000;
const CONTEXT_MAX = 2000;

/** A mrkdwn section, cut to what Slack accepts. */
export const section = (text: string): Block => ({ type: "section", text: { type: "mrkdwn", text: shorten(text, SECTION_MAX) } });

/** A header block; Slack cuts a header's text at 150 characters, so it is shortened here with an ellipsis. */
export const header = (text: string): Block => ({ type: "header", text: plainText(shorten(text, 150)) });

/** A message of one section: a short answer to a person. */
export const textMessage = (text: string): { text: string; blocks: Block[] } => ({ text, blocks: [section(text)] });

/** Something a person typed, quoted back as code so it cannot format, link or ping. */
export const typed = (name: string) => `\`${escapeMrkdwn(name.replace(/`/g, "'").slice(0, 100))}\``;

/** A one-element mrkdwn context line, cut to what Slack accepts. */
export const context = (text: string): Block => ({ type: "context", elements: [{ type: "mrkdwn", text: shorten(text, CONTEXT_MAX) }] });

/** Who paused or resumed an automation: a Slack user, or the circuit breaker. */
export function actorText(changedBy: string): string {
  return changedBy === BREAKER_ACTOR ? "the circuit breaker" : `<@${changedBy}>`;
}
