import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act, threadIdOf } from "../../shared/act.js";
import { runTag, type BuildStateType } from "../build-state.js";
import { figuresOf } from "../figures.js";
import { prBody } from "../pr-body.js";

/**
 * Build mode: opens the PR (one per branch), gives it the issue's type and area labels, and ties it to the work
 * item so the review lands in the report's thread. Fix mode: answers each review thread the agent addressed.
 */
export function openPr(deps: GraphDeps) {
  return async (state: BuildStateType, config: LangGraphRunnableConfig) => {
    const tag = runTag(state);
    if (state.request.mode === "fix") {
      const pr = state.pr!;
      const sha = state.headSha!.slice(0, 7);
      for (const reply of state.finish?.threadReplies ?? []) {
        const thread = state.threads?.find((t) => t.id === reply.threadId);
        if (!thread) continue;
        await act(deps.effects, config, "open-pr", `${tag}/reply/${thread.id}`, "github.reply-review-comment", {
          number: pr.number,
          commentId: thread.commentId,
          body: `${reply.reply}\n\n— Shopfloor, in ${sha}`,
        });
      }
      await deps.audit.append({ actor: "shopfloor", action: "build.fix-pushed", subject: `pr#${pr.number}`, outcome: "done", detail: { sha: state.headSha, threads: state.finish?.threadReplies.length ?? 0 } });
      return {};
    }
    const issue = state.issue!;
    const body = prBody({
      issue,
      finish: state.finish ?? null,
      plan: state.agentPlan,
      commands: state.commands ?? [],
      finalTests: state.finalTests ?? null,
      files: state.changedFiles ?? [],
      figures: figuresOf(state, deps.clock.now()),
    });
    const pr = await act(deps.effects, config, "open-pr", tag, "github.create-pr", {
      title: issue.title,
      body,
      head: state.branch!,
      base: state.baseRef!,
      draft: false,
    });
    const { labels } = deps.settings;
    const carried = issue.labels.filter((l) => Object.values(labels.type).includes(l) || l.startsWith(labels.areaPrefix));
    if (carried.length) await act(deps.effects, config, "open-pr", `${tag}/labels`, "github.add-labels", { number: pr.number, labels: carried });
    await deps.links.record({ issueNumber: issue.number }, { prNumber: pr.number, graphThread: threadIdOf(config) });
    await deps.audit.append({ actor: "shopfloor", action: "build.pr-opened", subject: `pr#${pr.number}`, outcome: "done", detail: { issue: issue.number, branch: state.branch, sha: state.headSha } });
    return { pr };
  };
}
