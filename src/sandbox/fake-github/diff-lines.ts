/**
 * Which lines of a file's patch a review comment may point at, the way GitHub decides it: a comment on the
 * RIGHT side needs a new-file line inside a hunk, LEFT an old-file line; the legacy `position` counts lines
 * below the first hunk header (later hunk headers count too).
 */
export interface PatchLine {
  position: number;
  kind: "hunk" | "context" | "add" | "del";
  oldLine: number | null;
  newLine: number | null;
  text: string;
}

export function parsePatch(patch: string | undefined): PatchLine[] {
  if (!patch) return [];
  const out: PatchLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  let position = -1;
  for (const text of patch.split("\n")) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      position++;
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      // The first header is position 0 and is not itself commentable.
      out.push({ position, kind: "hunk", oldLine: null, newLine: null, text });
      continue;
    }
    if (position < 0 || text.startsWith("\\")) continue;
    position++;
    if (text.startsWith("+")) out.push({ position, kind: "add", oldLine: null, newLine: newLine++, text });
    else if (text.startsWith("-")) out.push({ position, kind: "del", oldLine: oldLine++, newLine: null, text });
    else out.push({ position, kind: "context", oldLine: oldLine++, newLine: newLine++, text });
  }
  return out;
}

export function findLine(lines: PatchLine[], side: "LEFT" | "RIGHT", line: number): PatchLine | undefined {
  return lines.find((l) => l.kind !== "hunk" && (side === "RIGHT" ? l.newLine === line : l.oldLine === line && l.kind !== "add"));
}

export function findPosition(lines: PatchLine[], position: number): PatchLine | undefined {
  return lines.find((l) => l.kind !== "hunk" && l.position === position);
}

/** GitHub's `diff_hunk`: the enclosing hunk header and every line of the hunk up to the commented one. */
export function diffHunkFor(lines: PatchLine[], target: PatchLine): string {
  const index = lines.indexOf(target);
  let start = index;
  while (start > 0 && lines[start]?.kind !== "hunk") start--;
  return lines
    .slice(start, index + 1)
    .map((l) => l.text)
    .join("\n");
}
