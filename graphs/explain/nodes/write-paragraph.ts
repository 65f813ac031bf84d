import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { callStructured } from "../../shared/call-model.js";
import type { ExplainStateType } from "../explain-state.js";
import { factsText } from "../facts-text.js";

const answer = z.object({ paragraph: z.string().trim().min(1).max(600) });
/** The PR's description is context for the model, not the point: a long one would crowd out the facts. */
const BODY_MAX = 1500;

/**
 * A few plain sentences on top of the facts, for a reader who does not know the PR. Optional by design: without a
 * model, or when it fails, the reply carries the facts alone.
 */
export function writeParagraph(deps: GraphDeps) {
  return async (state: ExplainStateType, config: LangGraphRunnableConfig) => {
    const { facts, reasons, timeline } = state;
    // Nothing in the way needs no prose: "ready to merge" says it.
    if (!facts || reasons.length === 0) return {};
    const repository = deps.settings.repository ?? "this repository";
    try {
      const { paragraph } = await callStructured(deps, {
        config,
        node: "write-paragraph",
        task: "explain.write-paragraph",
        promptId: "explain/write-paragraph",
        vars: {
          repository,
          number: String(facts.pr.number),
          facts: factsText(repository, facts, reasons, timeline),
          title: facts.pr.title,
          body: facts.pr.body.slice(0, BODY_MAX) || "(no description)",
        },
        schema: answer,
      });
      return { paragraph };
    } catch (e) {
      const err = toAppError(e);
      deps.logger.warn({ code: err.code, err: err.message, pr: facts.pr.number }, "explain answers with the facts alone: no paragraph from the model");
      return {};
    }
  };
}
