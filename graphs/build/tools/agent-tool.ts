import { z } from "zod";
import type { ModelToolSpec } from "../../../src/core/ports/model-port.js";
import type { Workspace } from "../../../src/core/ports/workspace-port.js";
import type { AgentFinish, CommandRecord } from "../build-types.js";

export interface ToolContext {
  ws: Workspace;
  testCommand: string | undefined;
  /** Seconds any one command may still take (the build's wall-clock budget). */
  secondsLeft: number;
  /** Review thread ids fix mode may answer. */
  threadIds: readonly string[];
}

/** What a tool call produced: the text the model reads next, and what the build keeps of it. */
export interface ToolOutcome {
  observation: string;
  command?: CommandRecord;
  finish?: AgentFinish;
  question?: string;
}

export interface AgentTool<A = unknown> {
  spec: ModelToolSpec;
  args: z.ZodType<A>;
  run(args: A, ctx: ToolContext): Promise<ToolOutcome>;
}

/** Defines a tool whose JSON Schema and argument check come from one zod schema. */
export function defineTool<A>(spec: Omit<ModelToolSpec, "parameters">, args: z.ZodType<A>, run: AgentTool<A>["run"]): AgentTool<A> {
  return { spec: { ...spec, parameters: jsonSchemaOf(args) }, args, run };
}

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  // zod 4 emits draft 2020-12; function-calling APIs accept it without the $schema key.
  const { $schema: _s, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}

/** Long tool output is cut in the middle: the start says what ran, the end says how it ended. */
export function clip(text: string, max = 12_000): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n[… ${text.length - max} characters cut …]\n${text.slice(-half)}`;
}
