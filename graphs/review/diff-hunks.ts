/**
 * Reading the `patch` of a PR file as GitHub returns it: only hunks, no `diff --git`/`---`/`+++` headers.
 * Line numbers are on the new (head) side, the side review comments are anchored to.
 */

export interface Hunk {
  newStart: number;
  /** Last new-side line covered by the hunk, inclusive; newStart - 1 when the hunk has no new lines. */
  newEnd: number;
  /** New-side numbers of the lines the hunk adds. */
  added: number[];
}

export type PatchLineKind = "added" | "removed" | "context";

export interface PatchLine {
  kind: PatchLineKind;
  /** New-side line number; null for a removed line. */
  newLine: number | null;
  /** The line without its diff marker. */
  content: string;
}

export interface ParsedHunk extends Hunk {
  /** The `@@ -a,b +c,d @@ heading` line as it appears in the patch. */
  header: string;
  lines: PatchLine[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Hunks with every line they show; the base of parseHunks and of the diff the model reads. */
export function parsePatch(patch: string): ParsedHunk[] {
  const hunks: ParsedHunk[] = [];
  let current: ParsedHunk | null = null;
  let newLine = 0;
  // The header's counts tell where a hunk ends; without them a blank line (a context line whose
  // leading space was trimmed by some tool) could not be told from the patch's trailing newline.
  let oldLeft = 0;
  let newLeft = 0;

  for (const raw of patch.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const header = HUNK_HEADER.exec(line);
    if (header) {
      const newStart = Number(header[3]);
      const newCount = header[4] === undefined ? 1 : Number(header[4]);
      current = { header: line, newStart, newEnd: newStart + newCount - 1, added: [], lines: [] };
      hunks.push(current);
      newLine = newStart;
      oldLeft = header[2] === undefined ? 1 : Number(header[2]);
      newLeft = newCount;
      continue;
    }
    if (!current || line.startsWith("\\")) continue;
    if (oldLeft <= 0 && newLeft <= 0) continue;

    const marker = line[0];
    const content = line.slice(1);
    if (marker === "+") {
      current.lines.push({ kind: "added", newLine, content });
      current.added.push(newLine);
      newLine += 1;
      newLeft -= 1;
    } else if (marker === "-") {
      current.lines.push({ kind: "removed", newLine: null, content });
      oldLeft -= 1;
    } else {
      current.lines.push({ kind: "context", newLine, content: marker === " " ? content : line });
      newLine += 1;
      oldLeft -= 1;
      newLeft -= 1;
    }
  }
  return hunks;
}

export function parseHunks(patch: string): Hunk[] {
  return parsePatch(patch).map(({ newStart, newEnd, added }) => ({ newStart, newEnd, added }));
}

export function addedLines(patch: string): number[] {
  return parsePatch(patch).flatMap((hunk) => hunk.added);
}
