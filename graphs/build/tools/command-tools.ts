import { z } from "zod";
import type { CommandResult, Workspace } from "../../../src/core/ports/workspace-port.js";
import { clip, defineTool, type ToolOutcome } from "./agent-tool.js";

async function runInSandbox(ws: Workspace, command: string, secondsLeft: number, tests: boolean): Promise<ToolOutcome> {
  if (secondsLeft <= 0) return { observation: "Error: the build's time budget is used up; call finish or ask_for_help." };
  const result = await ws.run(command, { timeoutSeconds: secondsLeft });
  return { observation: describeRun(command, result), command: { command, exitCode: result.exitCode, timedOut: result.timedOut, tests } };
}

/** The exit status first, then the output: what a developer looks at after running a command. */
export function describeRun(command: string, r: CommandResult): string {
  const status = r.timedOut ? "was killed at its time limit" : r.exitCode === 0 ? "exited 0" : `exited ${r.exitCode ?? "by a signal"}`;
  const out = [r.stdout.trim() && `stdout:\n${r.stdout.trimEnd()}`, r.stderr.trim() && `stderr:\n${r.stderr.trimEnd()}`].filter(Boolean).join("\n");
  return clip(`$ ${command}\n${status} after ${(r.durationMs / 1000).toFixed(1)} s${out ? `\n${out}` : " with no output"}`);
}

export const runCommand = defineTool(
  {
    name: "run_command",
    description:
      "Run a shell command in the repository root, in a sandbox without network. Dependencies are installed already; nothing can be downloaded. Use it to build, run one test file, or inspect.",
  },
  z.object({ command: z.string().min(1).max(2_000) }),
  (args, { ws, secondsLeft }) => runInSandbox(ws, args.command, secondsLeft, false),
);

export const runTests = defineTool(
  { name: "run_tests", description: "Run the repository's test command in the sandbox. Its result goes into the pull request." },
  z.object({}),
  (_args, { ws, testCommand, secondsLeft }) =>
    testCommand
      ? runInSandbox(ws, testCommand, secondsLeft, true)
      : Promise.resolve({ observation: "No test command is configured (build.testCommand). Find how the tests run (package.json, Makefile) and use run_command." }),
);
