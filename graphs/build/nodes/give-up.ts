import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { buildStoppedMessage, type Link } from "../../../src/blocks/build-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { runTag, type BuildStateType } from "../build-state.js";
import type { StopReason } from "../build-types.js";
import { commitMessage } from "../commit-message.js";
import { figuresOf } from "../figures.js";
import { prBody } from "../pr-body.js";
import { workspaceFor } from "../workspace-session.js";

/** Stops whose work is worth a draft PR: the agent made a change that is merely unfinished. */
const DRAFT_WORTHY: ReadonlySet<StopReason["code"]> = new Set(["budget-steps", "budget-tokens", "budget-time", "tests-failing", "no-answer"]);

/**
 * A build that cannot finish hands its issue to people: factory:needs-human with the reason on the issue (or PR),
 * the work so far as a draft PR when configured and worth it, and the reason in the thread.
 */
export function giveUp(deps: GraphDeps) {
  return async (state: BuildStateType, config: LangGraphRunnableConfig) => {
    const stop = state.stop!;
    const tag = runTag(state);
    const { labels, build } = deps.settings;
    const subject = state.request.mode === "build" ? state.issue! : state.pr!;
    let draftPr: Link | undefined;
    if (state.request.mode === "build" && build.draftOnGiveUp && DRAFT_WORTHY.has(stop.code) && state.patch) {
      draftPr = await openDraft(deps, state, config, stop);
    }
    await act(deps.effects, config, "give-up", `${tag}/label`, "github.add-labels", { number: subject.number, labels: [labels.needsHuman] });
    await act(deps.effects, config, "give-up", `${tag}/comment`, "github.comment", {
      number: subject.number,
      body: `Shopfloor's build stopped: ${stop.message}.${draftPr ? `\n\nThe work so far is in the draft PR #${draftPr.number}.` : ""}\n\nLabelled \`${labels.needsHuman}\`: a person takes it from here.`,
    });
    if (state.request.mode === "build") {
      await act(deps.effects, config, "give-up", `${tag}/unlabel`, "github.remove-label", { number: subject.number, label: labels.building });
    }
    await deps.audit.append({
      actor: "shopfloor",
      action: "build.stopped",
      subject: state.request.mode === "build" ? `issue#${subject.number}` : `pr#${subject.number}`,
      outcome: "failed",
      detail: { reason: stop.code, message: stop.message, ...figuresOf(state, deps.clock.now()), ...(draftPr ? { draftPr: draftPr.number } : {}) },
    });
    if (state.slack) {
      await act(deps.effects, config, "give-up", tag, "slack.post", {
        channel: state.slack.channel,
        threadTs: state.slack.threadTs,
        ...buildStoppedMessage({ subject: { number: subject.number, title: subject.title, url: subject.url }, reason: stop.message, needsHumanLabel: labels.needsHuman, draftPr }),
      });
    }
    return {};
  };
}

async function openDraft(deps: GraphDeps, state: BuildStateType, config: LangGraphRunnableConfig, stop: StopReason): Promise<Link | undefined> {
  const ws = await workspaceFor(deps, state);
  const { files } = await ws.changes();
  if (files.length === 0) return undefined;
  const changedFiles = files.map((f) => ({ path: f.path, additions: f.additions, deletions: f.deletions }));
  const sha = state.headSha ?? (await ws.commitAndPush({ message: commitMessage(state), author: deps.settings.build.author })).sha;
  const issue = state.issue!;
  const pr = await act(deps.effects, config, "give-up", `${runTag(state)}/draft`, "github.create-pr", {
    title: `Draft: ${issue.title}`,
    body: prBody({
      issue,
      finish: state.finish ?? null,
      plan: state.agentPlan,
      commands: state.commands ?? [],
      finalTests: state.finalTests ?? null,
      files: changedFiles,
      figures: figuresOf(state, deps.clock.now()),
      stopped: stop.message,
    }),
    head: state.branch!,
    base: state.baseRef!,
    draft: true,
  });
  deps.logger.info({ pr: pr.number, sha }, "pushed unfinished work as a draft PR");
  return { number: pr.number, title: pr.title, url: pr.url };
}
