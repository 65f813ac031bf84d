import { z } from "zod";
import { defineTool } from "./agent-tool.js";
import { orRefusal } from "./file-tools.js";

/** Replaces the one occurrence of `oldText`; none or several is an error the model must resolve with more context. */
export function replaceExactlyOnce(content: string, oldText: string, newText: string): { ok: true; content: string } | { ok: false; reason: string } {
  if (oldText === "") return { ok: false, reason: "oldText is empty: use write_file to create a file" };
  const first = content.indexOf(oldText);
  if (first === -1) return { ok: false, reason: "oldText was not found: read the file again and copy the exact text, whitespace included" };
  const count = content.split(oldText).length - 1;
  if (count > 1) return { ok: false, reason: `oldText occurs ${count} times: include more surrounding lines so it is unique` };
  return { ok: true, content: content.slice(0, first) + newText + content.slice(first + oldText.length) };
}

export const editFile = defineTool(
  {
    name: "edit_file",
    description: "Replace one exact, unique piece of text in a file with new text. Copy oldText exactly from read_file output (without the line numbers).",
  },
  z.object({ path: z.string().min(1), oldText: z.string(), newText: z.string() }),
  (args, { ws }) =>
    orRefusal(async () => {
      const result = replaceExactlyOnce(await ws.readFile(args.path), args.oldText, args.newText);
      if (!result.ok) return { observation: `Error: ${result.reason}.` };
      await ws.writeFile(args.path, result.content);
      return { observation: `Edited ${args.path}.` };
    }),
);

export const writeFile = defineTool(
  { name: "write_file", description: "Create a file, or replace a whole file, with the given content." },
  z.object({ path: z.string().min(1), content: z.string() }),
  (args, { ws }) =>
    orRefusal(async () => {
      await ws.writeFile(args.path, args.content);
      return { observation: `Wrote ${args.path} (${args.content.split("\n").length} lines).` };
    }),
);
