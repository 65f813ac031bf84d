import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { Report, TriageStateType } from "../triage-state.js";

const MENTION = /<@[A-Z0-9]+(\|[^>]*)?>/g;

/**
 * Reads the report as it stands now (the reporter may have edited it since) and everything the issue needs
 * to link back to it: who, a permalink, attached files. A report deleted before triage gets here is cancelled.
 */
export function normalise(deps: GraphDeps) {
  return async (state: TriageStateType, _config: LangGraphRunnableConfig) => {
    const req = state.request;
    if (req.source === "github") {
      return { report: { title: req.title, text: req.body, reporter: req.author, reporterName: `@${req.author}`, files: [], answers: [] } satisfies Report };
    }
    if (req.source !== "slack") {
      return { report: { title: req.title, text: req.text, reporter: req.source, reporterName: req.source === "sentry" ? "Sentry" : "post-merge verification", files: [], answers: [], ...(req.severityHint ? { severityHint: req.severityHint } : {}) } satisfies Report };
    }
    const reporterName = await deps.chat.userName(req.user);
    const answers = state.report?.answers ?? [];
    if (req.form) {
      const text = [req.form.what, req.form.expected && `Expected: ${req.form.expected}`, req.form.steps && `Steps to reproduce:\n${req.form.steps}`].filter(Boolean).join("\n\n");
      const permalink = state.slack ? await deps.chat.getPermalink(state.slack.channel, state.slack.ts) : undefined;
      return { report: { title: req.form.title, text, reporter: req.user, reporterName, files: [], answers, ...(permalink ? { permalink } : {}), ...(req.form.severity ? { severityHint: req.form.severity } : {}) } satisfies Report };
    }
    if (req.channel && req.messageTs) {
      const message = await deps.chat.getMessage(req.channel, req.messageTs);
      if (!message) return { outcome: { kind: "cancelled" as const, reason: "the report was deleted before triage finished" } };
      const edited = state.wakeup && "kind" in state.wakeup && state.wakeup.kind === "edited" ? state.wakeup.text : undefined;
      return {
        report: {
          text: (edited ?? message.text).replace(MENTION, "").trim(),
          reporter: req.user,
          reporterName,
          permalink: await deps.chat.getPermalink(req.channel, req.messageTs),
          files: message.files.map((f) => ({ name: f.name, url: f.url })),
          answers,
        } satisfies Report,
      };
    }
    const permalink = state.slack ? await deps.chat.getPermalink(state.slack.channel, state.slack.ts) : undefined;
    return { report: { text: req.text, reporter: req.user, reporterName, files: [], answers, ...(permalink ? { permalink } : {}) } satisfies Report };
  };
}
