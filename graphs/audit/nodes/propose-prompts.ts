import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { createTwoFilesPatch } from "diff";
import { z } from "zod";
import type { DroppedEdit } from "../../../src/blocks/audit-report-blocks.js";
import { ErrorCode, toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { ModelMessage } from "../../../src/core/ports/model-port.js";
import { promptFilePath } from "../../proposal/pull-request.js";
import { callStructured } from "../../shared/call-model.js";
import type { AuditStateType, ProposalDraft } from "../audit-state.js";
import { byWeight, type PromptEditPlan } from "../findings/audit-findings.js";

const NODE = "propose-prompts";

const editAnswer = z.object({
  body: z.string().min(1).max(60_000),
  rationale: z.string().min(1).max(2_000),
});
type EditAnswer = z.infer<typeof editAnswer>;

/** The model failed for good (after the port's own repairs): that edit is dropped, the audit goes on. */
const MODEL_FAILURES = new Set<string>([ErrorCode.ModelApi, ErrorCode.ModelTimeout, ErrorCode.ModelInvalidOutput, ErrorCode.RateLimited]);

/**
 * The model writes a new version of each prompt the rules point at, most important first, and only for those among
 * the audit.maxProposals most important changes: an edit that would not be proposed is not worth a model call. A version the registry rejects gets one more try with the problems given back; then,
 * like a version identical to the one in use or a model that fails for good, it is dropped with a note for the report.
 */
export function proposePrompts(deps: GraphDeps) {
  return async (state: AuditStateType, config: LangGraphRunnableConfig) => {
    const plans = (state.findings?.changes ?? []).slice(0, deps.settings.audit.maxProposals).filter((c): c is PromptEditPlan => c.kind === "prompt");
    const drafts: ProposalDraft[] = [];
    const dropped: DroppedEdit[] = [];
    for (const plan of plans) {
      const outcome = await writeEdit(deps, config, plan);
      if ("draft" in outcome) drafts.push(outcome.draft);
      else dropped.push({ fingerprint: plan.fingerprint, title: plan.title, reason: outcome.dropped });
    }
    return { drafts: [...state.drafts, ...drafts].sort(byWeight), dropped };
  };
}

type Outcome = { draft: ProposalDraft } | { dropped: string };

async function writeEdit(deps: GraphDeps, config: LangGraphRunnableConfig, plan: PromptEditPlan): Promise<Outcome> {
  const source = deps.prompts.source(plan.promptId);
  // The diff names the file where a PR of the change would put it.
  const path = promptFilePath(deps.settings.audit.pullRequests.promptsPath, plan.promptId);

  const ask = async (messages?: ModelMessage[]): Promise<{ answer: EditAnswer } | { dropped: string }> => {
    try {
      const answer = await callStructured(deps, {
        config,
        node: NODE,
        task: "audit.propose-prompt-edit",
        promptId: "audit/propose-prompt-edit",
        vars: {
          promptId: plan.promptId,
          goal: plan.goal,
          variables: source.variables.length ? source.variables.join(", ") : "(none)",
          current: source.body,
          evidence: plan.evidence,
        },
        schema: editAnswer,
        ...(messages ? { messages } : {}),
      });
      return { answer };
    } catch (e) {
      const err = toAppError(e);
      if (!MODEL_FAILURES.has(err.code)) throw err;
      deps.logger.warn({ promptId: plan.promptId, code: err.code, err: err.message }, "audit prompt edit: the model failed");
      return { dropped: `the model could not write a new version (${err.code})` };
    }
  };

  const judge = (answer: EditAnswer): Outcome | { problems: string[] } => {
    // Files end with a newline; an answer without one would otherwise show as a change of the last line.
    const body = answer.body.endsWith("\n") ? answer.body : `${answer.body}\n`;
    if (body.trimEnd() === source.body.trimEnd()) return { dropped: "the model's version is the same as the one in use" };
    const checked = deps.prompts.check(plan.promptId, body);
    if (!checked.ok) return { problems: checked.problems };
    return {
      draft: {
        fingerprint: plan.fingerprint,
        title: plan.title,
        rationale: `${plan.rationale}\n\n${answer.rationale.trim()}`,
        change: { kind: "prompt", promptId: plan.promptId, baseHash: source.hash, body, diff: createTwoFilesPatch(path, path, source.body, body) },
        metric: plan.metric,
        weight: plan.weight,
      },
    };
  };

  const first = await ask();
  if ("dropped" in first) return first;
  const verdict = judge(first.answer);
  if (!("problems" in verdict)) return verdict;

  const second = await ask([
    { role: "assistant", content: JSON.stringify(first.answer) },
    {
      role: "user",
      content:
        `That version cannot be used:\n${verdict.problems.map((p) => `- ${p}`).join("\n")}\n` +
        `Answer again with the whole corrected file in "body", keeping every variable the prompt uses now.`,
    },
  ]);
  if ("dropped" in second) return second;
  const again = judge(second.answer);
  if ("problems" in again) return { dropped: `the model's version was not a valid prompt, twice: ${again.problems.slice(0, 3).join("; ")}` };
  return again;
}
