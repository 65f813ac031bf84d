import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { parseDocument } from "yaml";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { Proposal, ProposalChange } from "../../src/core/ledgers/proposals.js";
import { refusalOf, type Applied } from "./apply-outcome.js";
import { openProposalPullRequest } from "./pull-request.js";

type ConfigChange = Extract<ProposalChange, { kind: "config" }>;

/**
 * The running configuration is read once at start, so nothing changes here: the card gives the YAML to put in
 * shopfloor.yml. With pull requests on, the repository's shopfloor.yml gets the one key changed (comments and
 * layout kept) in a PR. A PR that cannot be opened leaves the approval standing; the card says why.
 */
export async function applyConfig(
  deps: GraphDeps,
  config: LangGraphRunnableConfig,
  p: Proposal,
  change: ConfigChange,
  approver: string,
  card?: { channel: string; ts: string },
): Promise<Applied> {
  const result: Applied["result"] = {};
  const { enabled, configPath } = deps.settings.audit.pullRequests;
  if (!enabled) return { result, failed: false };
  const current = await deps.forge.getFileText(configPath);
  if (current === null) return { result: { prError: `${configPath} is not in the repository.` }, failed: false };
  const doc = parseDocument(current);
  if (doc.errors.length) return { result: { prError: `${configPath} in the repository is not valid YAML (${doc.errors[0]?.message.split("\n")[0] ?? "parse error"}).` }, failed: false };
  doc.setIn(change.key.split("."), change.to);
  const content = doc.toString();
  if (content === current) return { result: { prError: `${configPath} in the repository has this value already.` }, failed: false };
  try {
    result.pr = await openProposalPullRequest(deps, config, {
      proposal: p,
      approver,
      ...(card ? { card } : {}),
      path: configPath,
      content,
      note: `Sets \`${change.key}\` to \`${JSON.stringify(change.to)}\` (was \`${JSON.stringify(change.from)}\`). Shopfloor reads shopfloor.yml once at start: deploy it and restart Shopfloor to apply it.`,
    });
  } catch (e) {
    result.prError = refusalOf(e);
  }
  return { result, failed: false };
}
