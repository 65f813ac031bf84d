import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { ModelMessage } from "../../../src/core/ports/model-port.js";
import { fenceUntrusted } from "../../../src/core/untrusted-text.js";
import { callToolTurn } from "../../shared/call-model.js";
import { exhaustedBudget, secondsLeft } from "../budget.js";
import type { BuildStateType } from "../build-state.js";
import type { AgentFinish, CommandRecord } from "../build-types.js";
import { compactHistory } from "../history.js";
import { planText } from "../plan-text.js";
import { taskText } from "../task-text.js";
import { runToolCall, toolSpecs } from "../tools/index.js";
import { workspaceFor } from "../workspace-session.js";

const NUDGE = "Use the tools to make progress. Call finish when the change is complete and tested, or ask_for_help if you cannot go on.";

/**
 * One turn of the coding agent: the model calls tools, the tools run in the sandbox, their answers join the
 * conversation. Each turn is a checkpoint carrying the work so far as a patch, so a crash costs one turn.
 * Budgets are checked before the turn: a build never starts a turn it cannot pay for.
 */
export function agentStep(deps: GraphDeps) {
  return async (state: BuildStateType, config: LangGraphRunnableConfig) => {
    const budgets = deps.settings.build.budgets;
    const spend = state.spend!;
    const now = deps.clock.now();
    const stop = exhaustedBudget(spend, budgets, now);
    if (stop) return { stop };

    const ws = await workspaceFor(deps, state);
    const messages: ModelMessage[] = [...(state.messages ?? [])];
    const { turn, meta } = await callToolTurn(deps, {
      config,
      node: "agent-step",
      task: "build.agent",
      promptId: "build/agent",
      vars: { repository: deps.settings.repository ?? "", branch: state.branch!, mode: state.request.mode, plan: planText(state.agentPlan), task: taskText(state) },
      messages: compactHistory(messages),
      tools: toolSpecs,
    });
    messages.push({ role: "assistant", content: turn.content, ...(turn.toolCalls.length ? { toolCalls: turn.toolCalls } : {}) });

    const commands: CommandRecord[] = [...(state.commands ?? [])];
    let finish: AgentFinish | null = null;
    let question: string | null = null;
    for (const call of turn.toolCalls) {
      // Once the agent finished or asked, later calls of the same turn are not run: the answer decides what follows.
      if (finish || question) {
        messages.push({ role: "tool", toolCallId: call.id, content: "Not run: an earlier call of this turn ended the turn." });
        continue;
      }
      const outcome = await runToolCall(call, {
        ws,
        testCommand: deps.settings.build.testCommand,
        secondsLeft: secondsLeft(spend, budgets, deps.clock.now()),
        threadIds: (state.threads ?? []).map((t) => t.id),
      });
      // File contents and command output are the repository's words, not ours: fenced like every outside text.
      messages.push({ role: "tool", toolCallId: call.id, content: fenceUntrusted(call.name, outcome.observation) });
      if (outcome.command) commands.push(outcome.command);
      if (outcome.finish) finish = outcome.finish;
      if (outcome.question) question = outcome.question;
    }
    if (turn.toolCalls.length === 0) messages.push({ role: "user", content: NUDGE });

    const { patch } = await ws.changes();
    return {
      messages,
      commands,
      finish,
      question,
      patch,
      spend: { ...spend, steps: spend.steps + 1, tokens: spend.tokens + meta.usage.promptTokens + meta.usage.completionTokens },
    };
  };
}
