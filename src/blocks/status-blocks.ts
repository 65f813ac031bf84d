import type { Block } from "../core/ports/chat-port.js";
import type { OpsSnapshot, QueueDepth } from "../core/ports/ops-port.js";
import { plural } from "../core/text.js";

export interface StatusMessage {
  text: string;
  blocks: Block[];
}


/** One queue's counts, as `/shopfloor status` and the Home tab show them. */
export function queueLine(q: QueueDepth): string {
  return `\`${q.name}\` waiting ${q.waiting} · active ${q.active} · delayed ${q.delayed} · failed ${q.failed}`;
}

/** Pure Block Kit for `/shopfloor status`: health at a glance, details below. */
export function statusBlocks(s: OpsSnapshot): StatusMessage {
  const running = s.runsInFlight.filter((r) => r.status === "running");
  const backlog = s.queues.reduce((n, q) => n + q.waiting + q.delayed, 0);
  const failed = s.queues.reduce((n, q) => n + q.failed, 0);
  const headline = [
    s.paused.length ? `:double_vertical_bar: ${s.paused.length} paused` : ":large_green_circle: all automations running",
    plural(running.length, "run") + " in flight",
    plural(s.waitingForPeople, "run") + " waiting for people",
    plural(backlog, "job") + " queued",
  ].join(" · ");

  const queueLines = s.queues.length
    ? s.queues
        .map(queueLine)
        .join("\n")
    : "no queues yet";
  const runLines = running.length
    ? running
        .slice(0, 10)
        .map((r) => `• ${r.graph} \`${r.threadId}\` since ${r.startedAt.slice(11, 16)} UTC`)
        .join("\n")
    : "nothing running";

  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: "Shopfloor status" } },
    { type: "section", text: { type: "mrkdwn", text: headline } },
    { type: "section", text: { type: "mrkdwn", text: `*Queues*\n${queueLines}` } },
    { type: "section", text: { type: "mrkdwn", text: `*Runs in flight*\n${runLines}` } },
  ];
  if (s.paused.length) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Paused*\n${s.paused.map((p) => `• ${p}`).join("\n")}` } });
  }
  if (failed) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `:warning: ${plural(failed, "job")} failed and kept for inspection` } });
  }
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `Shopfloor ${s.versions.shopfloor} · Node ${s.versions.node} · prompts ${s.versions.prompts}${s.dryRun ? " · *dry run*: no effects are performed" : ""}`,
      },
    ],
  });
  return { text: `Shopfloor status: ${headline.replace(/:[a-z_]+: /g, "")}`, blocks };
}
