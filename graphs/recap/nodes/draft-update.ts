import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { AppError, ErrorCode, toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { LeadTime, RecapFigures } from "../../../src/core/recap-figures.js";
import { oneLine, shorten } from "../../../src/core/text.js";
import { callStructured } from "../../shared/call-model.js";
import type { RecapStateType } from "../recap-state.js";

/** The card and the Edit form hold at most 1,200 characters; the prompt asks for under 1,000. */
const draft = z.object({ text: z.string().trim().min(40).max(1200) });
/** Enough titles for a busy week; beyond them the count says the rest. */
const MAX_TITLES = 40;
const TITLE_MAX = 200;

/**
 * The model's draft of a short public post about the week, from the recap's figures. Failures follow callStructured's
 * policy: the adapter has already repaired invalid output once and tried the task's fallback model. A retryable
 * failure (timeout, rate limit, 5xx) fails the run, so the job is retried and continues here from the checkpoint,
 * the recap and its chart replaying from the effects ledger. A model failure retrying cannot help (output still
 * invalid, no model configured) leaves the week without a draft: the recap is what the schedule is for.
 */
export function draftUpdate(deps: GraphDeps) {
  return async (state: RecapStateType, config: LangGraphRunnableConfig) => {
    const { figures } = state;
    if (!figures) throw new AppError(ErrorCode.Internal, "draft-update ran before gather");
    try {
      const { text } = await callStructured(deps, {
        config,
        node: "draft-update",
        task: "recap.public-update",
        promptId: "recap/public-update",
        vars: {
          week: weekText(figures),
          mergedCount: String(figures.merged.length),
          issues: issuesText(figures),
          leadTimes: leadTimesText(figures),
          merged: titlesText(figures),
        },
        schema: draft,
      });
      return { update: { text, round: 0, status: { kind: "waiting" as const } } };
    } catch (e) {
      const err = toAppError(e);
      // A broken prompt file is Shopfloor's own bug: the run fails so it shows, rather than every week going quiet.
      if (err.retryable || err.code === ErrorCode.PromptVariables || err.code === ErrorCode.PromptInvalid) throw err;
      deps.logger.warn({ code: err.code, err: err.message }, "no public update this week: the model gave no usable draft");
      return {};
    }
  };
}

/** "Mon 10 Mar to Mon 17 Mar 2031", in the team's time zone. */
function weekText(f: RecapFigures): string {
  const format = (options: Intl.DateTimeFormatOptions) => (iso: string) => new Intl.DateTimeFormat("en-GB", { timeZone: f.timezone, ...options }).format(new Date(iso));
  const day = format({ weekday: "short", day: "numeric", month: "short" });
  const year = format({ year: "numeric" });
  return `${day(f.window.from)} to ${day(f.window.to)} ${year(f.window.to)}`;
}

function issuesText(f: RecapFigures): string {
  const total = `${f.issues.opened} opened, ${f.issues.closed} closed`;
  if (!f.issues.byType.length) return total;
  return `${total} (${f.issues.byType.map((t) => `${t.type}: ${t.opened} opened, ${t.closed} closed`).join("; ")})`;
}

function duration(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} minutes`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} hours`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

function leadTimesText(f: RecapFigures): string {
  const parts: [string, LeadTime | null][] = [
    ["a reported problem became a tracked issue in", f.leadTimes.reportToIssue],
    ["an issue got a proposed fix in", f.leadTimes.issueToPr],
    ["a proposed change was merged in", f.leadTimes.prToMerge],
    ["a merged change was verified in", f.leadTimes.mergeToVerified],
  ];
  const known = parts.flatMap(([what, t]) => (t ? [`${what} ${duration(t.medianHours)} (${t.count} measured)`] : []));
  return known.length ? known.join("; ") : "not measured this week";
}

/** The merged PRs' titles, one a line: people wrote them, so the prompt fences them. */
function titlesText(f: RecapFigures): string {
  if (!f.merged.length) return "(none)";
  const lines = f.merged.slice(0, MAX_TITLES).map((p) => `- ${shorten(oneLine(p.title), TITLE_MAX)}`);
  if (f.merged.length > MAX_TITLES) lines.push(`(and ${f.merged.length - MAX_TITLES} more)`);
  return lines.join("\n");
}
