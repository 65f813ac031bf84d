import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { codeMap } from "../code-map.js";
import type { PlannerStateType } from "../planner-state.js";

/** At most this many paths are listed: enough for the shape of a large repository, cheap to fetch. */
const MAX_FILES = 2000;

/** Lists the default branch's files and compacts them into a map that fits the grading prompt. */
export function mapCode(deps: GraphDeps) {
  return async (_state: PlannerStateType) => {
    const listed = await deps.forge.listFiles({ max: MAX_FILES });
    return { map: codeMap(listed) };
  };
}
