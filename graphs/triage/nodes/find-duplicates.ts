import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { callStructured } from "../../shared/call-model.js";
import { reportText } from "../issue-body.js";
import { rankDuplicates, tokenize } from "../rules/similarity.js";
import { showProgress } from "../triage-progress.js";
import type { TriageStateType } from "../triage-state.js";
import type { DuplicateCandidate, IssueSummary } from "../triage-types.js";

/** With rules only, a candidate this similar is taken as the same problem. */
const RULES_CONFIRM_SCORE = 0.9;
const duplicateVerdict = z.object({ duplicateOf: z.number().int().positive().nullable(), reason: z.string().max(300) });

/**
 * Candidates from GitHub's issue search and from text similarity over recent open issues, ranked by score.
 * The model then says whether one is the same problem; with rules only, a near-identical text does.
 */
export function findDuplicates(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    const report = state.report!;
    const own = state.request.source === "github" ? state.request.issueNumber : undefined;
    // GitHub search wants every bare word; OR between a few title words finds candidates (at most 5 operators).
    const keywords = [...new Set(tokenize(`${report.title ?? ""} ${state.classification?.title ?? ""}`))].slice(0, 5).join(" OR ");
    const [searched, recent] = await Promise.all([
      keywords ? deps.forge.searchIssues(`is:open ${keywords}`, 20).catch(() => []) : Promise.resolve([]),
      deps.forge.listIssues({ state: "open", max: 100 }), // one page: the most recently created open issues
    ]);
    const pool = new Map<number, IssueSummary>();
    for (const i of [...searched, ...recent]) if (!i.isPullRequest && i.number !== own) pool.set(i.number, { number: i.number, title: i.title, body: i.body, url: i.url });
    const candidates = rankDuplicates({ ...(state.classification?.title ? { title: state.classification.title } : {}), text: reportText(report) }, [...pool.values()], {
      threshold: deps.settings.triage.duplicateThreshold,
      max: 5,
    });
    const duplicateOf = candidates.length ? await confirm(deps, config, state, candidates) : undefined;
    await showProgress(deps, config, state, "find-duplicates", duplicateOf ? `looks like #${duplicateOf.number}…` : candidates.length ? `${candidates.length} related issue(s) found. Writing the issue…` : "no duplicates. Writing the issue…");
    return { duplicates: candidates, duplicateOf };
  };
}

async function confirm(deps: GraphDeps, config: LangGraphRunnableConfig, state: TriageStateType, candidates: DuplicateCandidate[]): Promise<DuplicateCandidate | undefined> {
  if (state.classification?.method === "model") {
    try {
      const verdict = await callStructured(deps, {
        config,
        node: "find-duplicates",
        task: "triage.check-duplicates",
        promptId: "triage/check-duplicates",
        vars: {
          repository: deps.settings.repository ?? "this repository",
          report: reportText(state.report!),
          candidates: candidates.map((c) => `#${c.number} ${c.title}`).join("\n"),
        },
        schema: duplicateVerdict,
      });
      return candidates.find((c) => c.number === verdict.duplicateOf);
    } catch (e) {
      deps.logger.warn({ code: toAppError(e).code }, "duplicate check falls back to similarity");
    }
  }
  const best = candidates[0];
  return best && best.score >= RULES_CONFIRM_SCORE ? best : undefined;
}
