import type { ModelToolCall, ModelToolSpec } from "../../../src/core/ports/model-port.js";
import type { AgentTool, ToolContext, ToolOutcome } from "./agent-tool.js";
import { runCommand, runTests } from "./command-tools.js";
import { askForHelp, finish } from "./control-tools.js";
import { editFile, writeFile } from "./edit-tools.js";
import { listFiles, readFile, search } from "./file-tools.js";

/** The agent's whole tool set: few tools, each with a strict argument schema (library-notes §7.2). */
const TOOLS: readonly AgentTool<never>[] = [listFiles, readFile, search, editFile, writeFile, runCommand, runTests, finish, askForHelp] as AgentTool<never>[];

export const toolSpecs: ModelToolSpec[] = TOOLS.map((t) => t.spec);

/** Runs one call. Unknown tools and bad arguments are answers to the model, which can correct itself. */
export async function runToolCall(call: ModelToolCall, ctx: ToolContext): Promise<ToolOutcome> {
  const tool = TOOLS.find((t) => t.spec.name === call.name);
  if (!tool) return { observation: `Error: there is no tool "${call.name}". Tools: ${TOOLS.map((t) => t.spec.name).join(", ")}.` };
  let raw: unknown;
  try {
    raw = call.arguments.trim() ? JSON.parse(call.arguments) : {};
  } catch {
    return { observation: `Error: the arguments of ${call.name} are not valid JSON.` };
  }
  const parsed = tool.args.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("; ");
    return { observation: `Error: invalid arguments for ${call.name}: ${problems}.` };
  }
  return tool.run(parsed.data as never, ctx);
}

export type { ToolContext, ToolOutcome } from "./agent-tool.js";
