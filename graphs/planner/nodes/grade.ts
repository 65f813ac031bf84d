import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError, ErrorCode, toAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { shorten } from "../../../src/core/text.js";
import { callStructured } from "../../shared/call-model.js";
import { gradeSchema } from "../grade-schema.js";
import type { PlannerStateType } from "../planner-state.js";

/** The specification's share of the prompt: about 12,000 tokens; longer ones are cut with a note. */
const SPEC_CHARS = 48_000;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}\n\n[… the rest (${text.length - max} characters) was cut to fit]` : text);

/**
 * Asks the model for the largest gaps between the specification and the code. An answer that stays unreadable after
 * the model port's repairs and one smaller try is a result the report tells, not a failure to retry: nothing is
 * proposed from it.
 */
export function grade(deps: GraphDeps) {
  return async (state: PlannerStateType, config: LangGraphRunnableConfig) => {
    const { spec, map } = state;
    if (!spec || map === undefined) throw new AppError(ErrorCode.Internal, "grade ran before read-spec and map-code");
    const vars = (specChars: number, mapChars: number) => ({
      repository: deps.settings.repository ?? "the repository",
      specPath: spec.path,
      spec: cut(spec.text, specChars),
      map: cut(map, mapChars),
    });
    try {
      const result = await callStructured(deps, {
        config,
        node: "grade",
        task: "planner.grade",
        promptId: "planner/grade",
        schema: gradeSchema,
        vars: vars(SPEC_CHARS, map.length),
        smaller: () => vars(SPEC_CHARS / 2, Math.ceil(map.length / 2)),
      });
      return { graded: result };
    } catch (e) {
      const err = toAppError(e);
      if (err.code !== ErrorCode.ModelInvalidOutput) throw err;
      return { problem: { text: `the model's grade of ${spec.path} could not be read (${shorten(err.message, 300)}). Nothing was proposed.`, alert: true } };
    }
  };
}
