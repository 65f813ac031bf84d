import { z } from "zod";
import { isAppError } from "../../../src/core/errors.js";
import { clip, defineTool, type ToolOutcome } from "./agent-tool.js";

const READ_LINES = 400;

/** A refused path or a missing file is an answer the model can act on, not a failed build. */
export async function orRefusal(work: () => Promise<ToolOutcome>): Promise<ToolOutcome> {
  try {
    return await work();
  } catch (e) {
    if (isAppError(e)) return { observation: `Error: ${e.message}` };
    throw e;
  }
}

export const listFiles = defineTool(
  { name: "list_files", description: "List the repository's files (tracked and new, not ignored) under a directory." },
  z.object({ path: z.string().default("").describe("Directory relative to the repository root; empty for all.") }),
  (args, { ws }) =>
    orRefusal(async () => {
      const { files, truncated } = await ws.listFiles(args.path || undefined, 500);
      if (files.length === 0) return { observation: `No files under "${args.path}".` };
      return { observation: `${files.join("\n")}${truncated ? "\n[more files not listed: narrow the path]" : ""}` };
    }),
);

export const readFile = defineTool(
  { name: "read_file", description: `Read a text file, with line numbers. At most ${READ_LINES} lines per call: pass startLine to read further.` },
  z.object({
    path: z.string().min(1),
    startLine: z.number().int().min(1).default(1),
  }),
  (args, { ws }) =>
    orRefusal(async () => {
      const lines = (await ws.readFile(args.path)).split("\n");
      const from = args.startLine - 1;
      const shown = lines.slice(from, from + READ_LINES).map((line, i) => `${String(from + i + 1).padStart(5)}  ${line}`);
      const rest = lines.length - (from + shown.length);
      return { observation: clip(`${args.path} (${lines.length} lines)\n${shown.join("\n")}${rest > 0 ? `\n[${rest} more lines: read_file with startLine ${from + READ_LINES + 1}]` : ""}`) };
    }),
);

export const search = defineTool(
  { name: "search", description: "Search file contents with an extended regular expression (git grep -E). Returns path:line: text." },
  z.object({ pattern: z.string().min(1), path: z.string().default("").describe("Limit to a directory or file.") }),
  (args, { ws }) =>
    orRefusal(async () => {
      const { matches, truncated } = await ws.search(args.pattern, { ...(args.path ? { path: args.path } : {}), max: 100 });
      if (matches.length === 0) return { observation: `No match for /${args.pattern}/.` };
      const lines = matches.map((m) => `${m.path}:${m.line}: ${m.text.slice(0, 300)}`);
      return { observation: clip(`${lines.join("\n")}${truncated ? "\n[more matches: narrow the pattern or path]" : ""}`) };
    }),
);
