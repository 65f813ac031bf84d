import { Annotation } from "@langchain/langgraph";
import type { ModelMessage } from "../../src/core/ports/model-port.js";
import type { ForgeIssue, ForgePullRequest } from "../../src/core/ports/forge-port.js";
import type { SlackTarget } from "../shared/report-thread.js";
import type { BuildInput } from "./build-input.js";
import type { AgentFinish, BuildPlan, BuildSpend, CommandRecord, StopReason, ThreadToFix } from "./build-types.js";

export const BuildState = Annotation.Root({
  request: Annotation<BuildInput>(),
  /** The issue being built (build mode) or the one the PR fixes (fix mode, when it names one). */
  issue: Annotation<ForgeIssue | null | undefined>(),
  /** Fix mode: the PR whose review threads are addressed. Build mode: the PR opened at the end. */
  pr: Annotation<ForgePullRequest | null | undefined>(),
  /** Why nothing is built this time; null when the build goes ahead. */
  skip: Annotation<string | null | undefined>(),
  /** Where progress is posted. */
  slack: Annotation<SlackTarget | null | undefined>(),
  branch: Annotation<string | undefined>(),
  baseRef: Annotation<string | undefined>(),
  /** Workspace directory key (from the thread and trigger). */
  workspaceKey: Annotation<string | undefined>(),
  startSha: Annotation<string | undefined>(),
  /** The work so far as a binary patch: a crash or a long wait re-creates the workspace from it. */
  patch: Annotation<string | undefined>(),
  repoMap: Annotation<string | undefined>(),
  threads: Annotation<ThreadToFix[] | undefined>(),
  agentPlan: Annotation<BuildPlan | undefined>(),
  /** The agent's conversation after the prompt: its turns and the tools' answers. */
  messages: Annotation<ModelMessage[] | undefined>(),
  spend: Annotation<BuildSpend | undefined>(),
  commands: Annotation<CommandRecord[] | undefined>(),
  /** Set when the agent asks a person: the question waiting for an answer. */
  question: Annotation<string | null | undefined>(),
  finish: Annotation<AgentFinish | null | undefined>(),
  /** The configured test command's last result in the final check. */
  finalTests: Annotation<CommandRecord | null | undefined>(),
  /** How often the final check sent the agent back (failing tests). */
  bounces: Annotation<number | undefined>(),
  changedFiles: Annotation<Array<{ path: string; additions: number; deletions: number }> | undefined>(),
  stop: Annotation<StopReason | null | undefined>(),
  headSha: Annotation<string | undefined>(),
});
export type BuildStateType = typeof BuildState.State;

/** The prefix of this run's effect intents: one build per trigger. */
export const runTag = (state: Pick<BuildStateType, "request">) => `${state.request.trigger.kind}:${state.request.trigger.id}`;
