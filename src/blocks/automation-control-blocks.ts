import type { Block } from "../core/ports/chat-port.js";
import { actorText, escapeMrkdwn, textMessage, typed } from "./mrkdwn.js";
import { plural } from "../core/text.js";

/**
 * Pure texts of `/shopfloor pause|resume` and the Home tab's Pause/Resume buttons: the answer to whoever asked, the
 * note in the maintainers channel. Automation names come from the registry; anything a person typed is escaped.
 */

export type ControlAction = "pause" | "resume";

export interface ControlMessage {
  text: string;
  blocks: Block[];
}

const message = textMessage;
const listed = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(", ");

export function pausedText(automation: string): string {
  return `Paused *${automation}*. Work that arrives waits and runs after \`/shopfloor resume ${automation}\`.`;
}

/**
 * `queued` is what its queue held when it was resumed (null when unknown). Paused jobs sit there as delayed jobs and
 * look again within half a minute, so they go ahead shortly rather than this instant.
 */
export function resumedText(automation: string, queued: number | null): string {
  if (queued === null) return `Resumed *${automation}*: work that waited goes ahead now.`;
  if (queued === 0) return `Resumed *${automation}*. Nothing was waiting.`;
  return `Resumed *${automation}*: ${plural(queued, "job")} that waited ${queued === 1 ? "runs" : "run"} now.`;
}

/** Pausing a paused automation, or resuming a running one, changes nothing and says so. */
export function unchangedText(action: ControlAction, automation: string, setting?: { changedBy: string | null; reason: string | null }): string {
  if (action === "resume") return `*${automation}* is not paused. Nothing changed.`;
  const by = setting?.changedBy ? ` by ${actorText(setting.changedBy)}` : "";
  const why = setting?.reason ? ` — ${escapeMrkdwn(setting.reason)}` : "";
  return `*${automation}* is already paused${by}${why}. Nothing changed; \`/shopfloor resume ${automation}\` resumes it.`;
}

export function refusedText(action: ControlAction, automation: string): string {
  return `Only approvers can ${action} *${automation}*. Ask one of them, or an admin to add you to \`approvers\` in shopfloor.yml.`;
}

export function unknownAutomationText(action: ControlAction, name: string, automations: readonly string[]): string {
  return `There is no automation called ${typed(name)}. Automations: ${listed(automations)}. Usage: \`/shopfloor ${action} <automation>${action === "pause" ? " [reason]" : ""}\`.`;
}

/** The edge's answer when the name is missing. */
export function controlUsageText(action: ControlAction, automations: readonly string[]): string {
  const usage = `Usage: \`/shopfloor ${action} <automation>${action === "pause" ? " [reason]" : ""}\`, e.g. \`/shopfloor ${action} build\`.`;
  return `Which automation? ${usage}${automations.length ? ` Automations: ${listed(automations)}.` : ""}`;
}

export const controlAnswer = (text: string): ControlMessage => message(text);

/** The note in the maintainers channel: who changed what, and why. */
export function maintainersNote(action: ControlAction, automation: string, user: string, reason?: string): ControlMessage {
  const icon = action === "pause" ? ":double_vertical_bar:" : ":arrow_forward:";
  const why = reason ? ` — ${escapeMrkdwn(reason)}` : "";
  return message(`${icon} <@${user}> ${action === "pause" ? "paused" : "resumed"} *${automation}*${why}`);
}
