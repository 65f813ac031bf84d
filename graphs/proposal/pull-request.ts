import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { Proposal } from "../../src/core/ledgers/proposals.js";
import { shorten } from "../../src/core/text.js";
import { act } from "../shared/act.js";

/** The branch of a proposal's PR: one per proposal, so a retry commits to and opens the same one. */
const proposalBranch = (proposalId: number) => `shopfloor/proposal-${proposalId}`;

/** `prompts` + `review/tests` → `prompts/review/tests.prompt.yml`. */
export const promptFilePath = (promptsPath: string, promptId: string) => `${promptsPath.replace(/\/+$/, "")}/${promptId}.prompt.yml`;

/** Who approved, as GitHub readers know them: the GitHub login when configured, else the Slack name. */
async function approverName(deps: GraphDeps, user: string): Promise<string> {
  const login = deps.settings.approvers.githubLogins[user];
  if (login) return `@${login}`;
  try {
    return await deps.chat.userName(user);
  } catch {
    return user;
  }
}

/** The card's link, so the PR leads back to the decision; a PR without it is still worth opening. */
async function cardLink(deps: GraphDeps, card: { channel: string; ts: string } | undefined): Promise<string | null> {
  if (!card) return null;
  try {
    return await deps.chat.getPermalink(card.channel, card.ts);
  } catch (e) {
    deps.logger.warn({ err: String(e) }, "no permalink for the proposal card; the PR goes without it");
    return null;
  }
}

/**
 * Commits the one changed file on the proposal's branch (made from the default branch) and opens a PR against the
 * default branch whose body links the proposal. Both through the effects ledger.
 */
export async function openProposalPullRequest(
  deps: GraphDeps,
  config: LangGraphRunnableConfig,
  input: { proposal: Proposal; approver: string; card?: { channel: string; ts: string }; path: string; content: string; note: string },
): Promise<{ number: number; url: string }> {
  const { proposal: p } = input;
  const branch = proposalBranch(p.id);
  const title = shorten(`Shopfloor proposal #${p.id}: ${p.title}`, 250);
  await act(deps.effects, config, "apply", "commit", "github.commit-file", { branch, path: input.path, content: input.content, message: title });
  const repository = await deps.forge.getRepository();
  const link = await cardLink(deps, input.card);
  const body = [
    `Approved in Slack by ${await approverName(deps, input.approver)}: ${link ? `[proposal #${p.id}](${link})` : `proposal #${p.id}`}, from ${p.source === "audit" ? "the weekly audit" : "the planner"}.`,
    p.rationale,
    input.note,
  ].join("\n\n");
  const pr = await act(deps.effects, config, "apply", "pr", "github.create-pr", { title, body, head: branch, base: repository.defaultBranch });
  return { number: pr.number, url: pr.url };
}
