import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { escapeMrkdwn } from "../../../src/blocks/mrkdwn.js";
import { reportPosted, triageProgress } from "../../../src/blocks/triage-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { SlackThread, TriageStateType } from "../triage-state.js";

/**
 * At once: 👀 on the report and a threaded "Triaging…" message that later steps update in place. A report
 * that is not a Slack message yet (command, global shortcut) is first posted in the bug channel, so it has
 * a thread everyone can follow.
 */
export function acknowledge(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    const req = state.request;
    let thread: SlackThread | undefined;
    if (req.source === "slack") {
      if (req.channel && req.messageTs) {
        thread = { channel: req.channel, ts: req.messageTs };
      } else if (req.postIn) {
        const title = req.form?.title || firstLine(req.text);
        const body = req.form ? [req.form.what, req.form.expected && `Expected: ${req.form.expected}`, req.form.steps && `Steps: ${req.form.steps}`].filter(Boolean).join("\n") : req.text;
        const posted = await act(deps.effects, config, "acknowledge", "report", "slack.post", { channel: req.postIn, ...reportPosted(req.user, title, body) });
        thread = { channel: posted.channel, ts: posted.ts };
      }
      if (thread) await act(deps.effects, config, "acknowledge", "eyes", "slack.react", { channel: thread.channel, ts: thread.ts, name: "eyes" });
    } else if (req.source !== "github" && req.announce) {
      const posted = await act(deps.effects, config, "acknowledge", "announce", "slack.post", {
        channel: req.announce.channel,
        threadTs: req.announce.threadTs,
        // Outside text: a Sentry error's message (anyone with the DSN writes it) or a PR's title.
        ...triageProgress(`${req.source === "sentry" ? "an error from Sentry" : "a failure after a merge"}: ${escapeMrkdwn(req.title)}`),
      });
      return { slack: { channel: posted.channel, ts: req.announce.threadTs ?? posted.ts, progressTs: posted.ts } };
    }
    if (!thread) return {};
    const progress = await act(deps.effects, config, "acknowledge", "progress", "slack.post", {
      channel: thread.channel,
      threadTs: thread.ts,
      ...triageProgress("reading the report"),
    });
    return { slack: { ...thread, progressTs: progress.ts } };
  };
}

function firstLine(text: string): string {
  return (text.split(/\n|(?<=[.!?])\s/)[0] ?? text).slice(0, 80);
}
