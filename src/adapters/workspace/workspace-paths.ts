import { dirname, isAbsolute, join, posix, sep } from "node:path";
import { lstat, realpath } from "node:fs/promises";
import { refuse } from "./git-command.js";

/**
 * Resolves a model-given path inside `root` (a realpath). `real` is the resolved target when it exists.
 * Refused: absolute paths, `..` escapes, anything in `.git`, and symlinks that lead out or into `.git`.
 */
export async function resolveInside(root: string, path: string): Promise<{ abs: string; real: string | null }> {
  const q = JSON.stringify(path);
  if (typeof path !== "string" || path.trim() === "" || path.includes("\0")) throw refuse(`invalid path ${q}; give a path relative to the repository root, e.g. src/index.ts`);
  if (isAbsolute(path)) throw refuse(`${q} is absolute; paths are relative to the repository root, e.g. src/index.ts`);
  const norm = posix.normalize(path);
  if (norm === ".." || norm.startsWith("../")) throw refuse(`${q} leads outside the repository; paths are relative to its root`);
  if (norm.split("/").some((s) => s.toLowerCase() === ".git")) throw refuse(`${q} is inside .git, which is off limits; work on the files of the working tree`);
  const abs = norm === "." ? root : join(root, norm);
  let probe = abs;
  while (probe !== root && !(await exists(probe))) probe = dirname(probe);
  let real: string;
  try {
    real = await realpath(probe);
  } catch {
    throw refuse(`${q} goes through a symlink whose target is missing`);
  }
  if (!within(root, real)) throw refuse(`${q} leads outside the repository through a symlink`);
  if (within(join(root, ".git"), real)) throw refuse(`${q} leads into .git through a symlink, which is off limits`);
  return { abs, real: probe === abs ? real : null };
}

export const within = (parent: string, child: string) => child === parent || child.startsWith(parent + sep);
export const exists = (p: string) => lstat(p).then(() => true, () => false);
