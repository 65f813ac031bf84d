import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { gatherPrFacts } from "../../shared/diagnosis/gather-pr-facts.js";
import type { ShepherdStateType } from "../shepherd-state.js";

/** Fresh facts about the PR, with the remedies already applied at its current head. */
export function gather(deps: GraphDeps) {
  return async (state: ShepherdStateType) => {
    const facts = await gatherPrFacts(deps, state.request.pr);
    return { facts: { ...facts, remediesTried: state.tried[facts.pr.headSha] ?? [] }, applied: [] };
  };
}
