import { parsePatch } from "./diff-hunks.js";
import type { ReviewFile } from "./review-types.js";

/**
 * The diff as the model reads it. New-side numbers are printed on every line the head has, so the model
 * cites lines that review comments can be anchored to. The format is parsed back by parseNumberedDiff
 * (and by the sandbox's scripted model): change both together.
 */

export const NO_TEXTUAL_DIFF = "(no textual diff: binary or too large)";

const MARKERS = { added: "+", removed: "-", context: " " } as const;

function fileHeader(file: ReviewFile): string {
  return `=== FILE: ${file.path} (${file.status}, +${file.additions} -${file.deletions}) ===`;
}

function formatFile(file: ReviewFile): string {
  const out = [fileHeader(file)];
  if (!file.patch) {
    out.push(NO_TEXTUAL_DIFF);
    return out.join("\n");
  }
  for (const hunk of parsePatch(file.patch)) {
    out.push(hunk.header);
    for (const line of hunk.lines) {
      const num = line.newLine === null ? "" : String(line.newLine);
      out.push(`${num.padStart(5)} |${MARKERS[line.kind]}${line.content}`);
    }
  }
  return out.join("\n");
}

export function formatDiffForModel(files: ReviewFile[]): string {
  return files.map(formatFile).join("\n\n");
}

// The status never contains parentheses, so a path that does (e.g. Next.js `app/(shop)/page.tsx`) still parses.
const FILE_HEADER = /^=== FILE: (.+) \([^()]*, \+\d+ -\d+\) ===$/;
const ADDED_LINE = /^ *(\d+) \|\+(.*)$/;

/** The added lines of each file of a formatDiffForModel text, with their new-side numbers. */
export function parseNumberedDiff(text: string): Array<{ path: string; added: Array<{ line: number; text: string }> }> {
  const files: Array<{ path: string; added: Array<{ line: number; text: string }> }> = [];
  for (const line of text.split("\n")) {
    const header = FILE_HEADER.exec(line);
    if (header) {
      files.push({ path: header[1] ?? "", added: [] });
      continue;
    }
    const added = ADDED_LINE.exec(line);
    const file = files[files.length - 1];
    if (added && file) file.added.push({ line: Number(added[1]), text: added[2] ?? "" });
  }
  return files;
}
