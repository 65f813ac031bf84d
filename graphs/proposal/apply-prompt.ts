import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { PromptVersion } from "../../src/core/ledgers/prompt-versions.js";
import type { Proposal, ProposalChange } from "../../src/core/ledgers/proposals.js";
import type { PromptSource } from "../../src/core/prompts.js";
import { refusalOf, type Applied } from "./apply-outcome.js";
import { openProposalPullRequest, promptFilePath } from "./pull-request.js";

type PromptChange = Extract<ProposalChange, { kind: "prompt" }>;

/**
 * Adopts the proposed prompt version, but only on top of the prompt it was made from: a prompt that changed since
 * (another version adopted, a rollback, a new file) makes the proposal out of date, and its diff would no longer say
 * what changes. The body is checked again because the rules can have changed with the prompt in use.
 */
export async function applyPrompt(
  deps: GraphDeps,
  config: LangGraphRunnableConfig,
  p: Proposal,
  change: PromptChange,
  approver: string,
  card?: { channel: string; ts: string },
): Promise<Applied> {
  const version = await adopted(deps, p, change, approver);
  if ("failed" in version) return version;
  const result: Applied["result"] = { version: version.version };
  if (!deps.settings.audit.pullRequests.enabled) return { result, failed: false };
  try {
    result.pr = await openProposalPullRequest(deps, config, {
      proposal: p,
      approver,
      ...(card ? { card } : {}),
      path: promptFilePath(deps.settings.audit.pullRequests.promptsPath, change.promptId),
      content: change.body,
      note: `Shopfloor uses v${version.version} of \`${change.promptId}\` since the approval; this keeps the file in the repository in step with it.`,
    });
  } catch (e) {
    result.prError = refusalOf(e);
  }
  return { result, failed: false };
}

async function adopted(deps: GraphDeps, p: Proposal, change: PromptChange, approver: string): Promise<PromptVersion | Applied> {
  // A run that crashed after adopting finds its version here rather than adopting a second one.
  const earlier = (await deps.promptVersions.history(change.promptId)).versions.find((v) => v.proposalId === p.id);
  if (earlier) return earlier;
  await deps.prompts.refresh();
  let current: PromptSource;
  try {
    current = deps.prompts.source(change.promptId);
  } catch {
    return { failed: true, result: { reason: `there is no prompt ${change.promptId} any more; nothing was adopted.` } };
  }
  if (current.hash !== change.baseHash) {
    const now = current.origin === "version" ? `v${current.version ?? "?"} (${current.hash})` : `its file (${current.hash})`;
    return {
      failed: true,
      result: { reason: `out of date: ${change.promptId} changed since this was proposed from ${change.baseHash}; ${now} is in use now. Nothing was adopted.` },
    };
  }
  const checked = deps.prompts.check(change.promptId, change.body);
  if (!checked.ok) return { failed: true, result: { reason: `the new version is not a valid prompt: ${checked.problems.join("; ")}. Nothing was adopted.` } };
  const version = await deps.promptVersions.adopt({ promptId: change.promptId, body: change.body, hash: checked.hash, baseHash: change.baseHash, proposalId: p.id, createdBy: approver });
  // This worker renders with the new version at once; the others pick it up on their next refresh.
  await deps.prompts.refresh();
  return version;
}
