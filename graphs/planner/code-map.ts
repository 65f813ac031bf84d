import { plural } from "../../src/core/text.js";

/** The file list's share of the grading prompt: about 6,000 tokens at four characters a token. */
const MAP_CHARS = 24_000;

const ROOT = "(root)";

/** The directories of a path, without the file name. */
const dirsOf = (path: string) => path.split("/").slice(0, -1);

/**
 * The file list with directories deeper than `keep` levels folded into one line each (`src/checkout/ (12 files)`),
 * so a large tree still shows its shape.
 */
function listAt(paths: readonly string[], keep: number): string[] {
  const lines: string[] = [];
  const folded = new Map<string, number>();
  for (const path of paths) {
    const dirs = dirsOf(path);
    if (dirs.length <= keep) {
      lines.push(path);
      continue;
    }
    const prefix = `${dirs.slice(0, keep).join("/")}/`;
    if (!folded.has(prefix)) lines.push(prefix);
    folded.set(prefix, (folded.get(prefix) ?? 0) + 1);
  }
  return lines.map((l) => (folded.has(l) ? `${l} (${plural(folded.get(l)!, "file")})` : l));
}

const size = (lines: readonly string[]) => lines.reduce((n, l) => n + l.length + 1, 0);

/**
 * A compact map of the repository for the model: the top directories with their file counts, then the files,
 * folded by directory depth until the list fits `maxChars`, and cut with a count if even the top level does not.
 */
export function codeMap(input: { paths: readonly string[]; truncated: boolean }, maxChars = MAP_CHARS): string {
  const paths = [...input.paths].sort();
  if (paths.length === 0) return "The repository has no files.";
  const counts = new Map<string, number>();
  for (const p of paths) {
    const top = dirsOf(p)[0];
    const key = top ? `${top}/` : ROOT;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const tops = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([dir, n]) => `${dir} ${plural(n, "file")}`);
  const header = [
    `${plural(paths.length, "file")}${input.truncated ? " (GitHub's list was cut short: more files exist)" : ""}.`,
    `Top directories: ${tops.join(", ")}.`,
  ].join("\n");

  const room = maxChars - header.length - 100;
  const deepest = Math.max(...paths.map((p) => dirsOf(p).length));
  for (let keep = deepest; keep >= 1; keep--) {
    const lines = listAt(paths, keep);
    if (size(lines) <= room) {
      const note = keep < deepest ? `Files (directories deeper than ${keep} level${keep === 1 ? "" : "s"} are folded into one line):` : "Files:";
      return `${header}\n\n${note}\n${lines.join("\n")}`;
    }
  }
  const lines = listAt(paths, 1);
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > room) break;
    kept.push(line);
    used += line.length + 1;
  }
  return `${header}\n\nFiles (folded to the top level; ${lines.length - kept.length} more not shown):\n${kept.join("\n")}`;
}
