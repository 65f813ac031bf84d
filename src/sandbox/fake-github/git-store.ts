import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { pathToFileURL } from "node:url";

/**
 * The fake's git side: one real bare repository driven with the git CLI. Commits, merges and rebases are
 * made with plumbing (`hash-object`, `mktree`, `merge-tree --write-tree` (git ≥ 2.38), `commit-tree`,
 * `update-ref` with the old value as a guard), so nothing needs a worktree or an index, and a concurrent
 * `git push` into the same repository is never clobbered.
 */

export interface GitIdentity {
  name: string;
  email: string;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly result: GitResult,
  ) {
    super(`git ${args.join(" ")} failed (${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
    this.name = "GitError";
  }
}

export interface DiffFile {
  filename: string;
  previousFilename?: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed";
  additions: number;
  deletions: number;
  /** Blob id of the new side (the old side for removed files). */
  blobSha: string;
  /** Unified diff from the first hunk header on, as GitHub's `patch` field; undefined for binary files. */
  patch: string | undefined;
}

export interface TreeEntry {
  /** Git file mode: 100644, 100755, 120000 (symlink), 040000 (tree), 160000 (submodule). */
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  /** Blob size in bytes; 0 for trees and submodules. */
  size: number;
  name: string;
}

export interface CommitInfo {
  sha: string;
  treeSha: string;
  parents: string[];
  message: string;
  authorName: string;
  authorEmail: string;
  authorDate: string;
  committerName: string;
  committerEmail: string;
  committerDate: string;
}

const ZERO_SHA = "0000000000000000000000000000000000000000";

/**
 * Runs git with the inherited environment. Everything the fake depends on is passed on the command line
 * (`--git-dir`, `-c` identities, `--no-gpg-sign`), so a developer's global git config does not change results.
 */
export function runGit(args: string[], options: { cwd?: string; input?: string | Buffer; okCodes?: number[] } = {}): Promise<GitResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn("git", args, { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) => {
      const result = { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), code: code ?? -1 };
      if (result.code === 0 || options.okCodes?.includes(result.code)) resolveRun(result);
      else reject(new GitError(args, result));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

export class GitStore {
  readonly cloneUrl: string;
  /** Serialises our own ref updates; pushes from outside are guarded by `update-ref <new> <old>`. */
  private writeChain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly gitDir: string,
    readonly defaultBranch: string,
    private readonly identity: GitIdentity,
  ) {
    this.cloneUrl = pathToFileURL(gitDir).href;
  }

  static async init(gitDir: string, defaultBranch: string, identity: GitIdentity): Promise<GitStore> {
    await mkdir(gitDir, { recursive: true });
    await runGit(["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`, gitDir]);
    // Let clients push anything a developer would, including deleting branches.
    await runGit(["--git-dir", gitDir, "config", "receive.denyDeletes", "false"]);
    await runGit(["--git-dir", gitDir, "config", "uploadpack.allowAnySHA1InWant", "true"]);
    // A global core.hooksPath would hide the repository's own post-receive hook.
    await runGit(["--git-dir", gitDir, "config", "core.hooksPath", `${gitDir}/hooks`]);
    return new GitStore(gitDir, defaultBranch, identity);
  }

  git(args: string[], options: { input?: string | Buffer; okCodes?: number[] } = {}): Promise<GitResult> {
    return runGit(["--git-dir", this.gitDir, ...args], options);
  }

  private async out(args: string[], input?: string | Buffer): Promise<string> {
    return (await this.git(args, input === undefined ? {} : { input })).stdout.trim();
  }

  /** Runs our writes one after another. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.writeChain.then(fn, fn);
    this.writeChain = next.catch(() => undefined);
    return next;
  }

  /** sha of a branch, tag or sha; null when it does not resolve to a commit. */
  async resolve(ref: string): Promise<string | null> {
    if (!ref || ref.startsWith("-")) return null;
    const r = await this.git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { okCodes: [1, 128] });
    return r.code === 0 ? r.stdout.trim() : null;
  }

  async branchSha(branch: string): Promise<string | null> {
    const r = await this.git(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`], { okCodes: [1, 128] });
    return r.code === 0 ? r.stdout.trim() : null;
  }

  async branches(): Promise<Array<{ name: string; sha: string }>> {
    const text = await this.out(["for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/heads"]);
    return text ? text.split("\n").map((line) => {
      const [name = "", sha = ""] = line.split(" ");
      return { name, sha };
    }) : [];
  }

  async refSha(fullRef: string): Promise<string | null> {
    const r = await this.git(["rev-parse", "--verify", "--quiet", fullRef], { okCodes: [1, 128] });
    return r.code === 0 ? r.stdout.trim() : null;
  }

  /** Sets a ref only if it still has `expectedOld` (null = must not exist). Returns false when it moved. */
  async updateRef(fullRef: string, newSha: string, expectedOld: string | null): Promise<boolean> {
    const r = await this.git(["update-ref", fullRef, newSha, expectedOld ?? ZERO_SHA], { okCodes: [1, 128] });
    return r.code === 0;
  }

  async deleteRef(fullRef: string): Promise<boolean> {
    const old = await this.refSha(fullRef);
    if (!old) return false;
    const r = await this.git(["update-ref", "-d", fullRef, old], { okCodes: [1, 128] });
    return r.code === 0;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const r = await this.git(["merge-base", "--is-ancestor", ancestor, descendant], { okCodes: [1] });
    return r.code === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const r = await this.git(["merge-base", a, b], { okCodes: [1] });
    return r.code === 0 ? r.stdout.trim() : null;
  }

  async countCommits(range: string): Promise<number> {
    return Number(await this.out(["rev-list", "--count", range]));
  }

  /** Commits of `from..to`, oldest first. */
  async commitsBetween(from: string | null, to: string): Promise<CommitInfo[]> {
    const range = from ? [`${from}..${to}`] : [to];
    const text = await this.out(["rev-list", "--reverse", ...range]);
    if (!text) return [];
    return Promise.all(text.split("\n").map((sha) => this.commit(sha)));
  }

  async commit(sha: string): Promise<CommitInfo> {
    const sep = "\x1f";
    const text = (await this.git(["show", "-s", `--format=%H${sep}%T${sep}%P${sep}%an${sep}%ae${sep}%aI${sep}%cn${sep}%ce${sep}%cI${sep}%B`, sha])).stdout;
    const [h = "", t = "", p = "", an = "", ae = "", ad = "", cn = "", ce = "", cd = "", ...msg] = text.split(sep);
    return {
      sha: h,
      treeSha: t,
      parents: p ? p.split(" ") : [],
      authorName: an,
      authorEmail: ae,
      authorDate: ad,
      committerName: cn,
      committerEmail: ce,
      committerDate: cd,
      message: msg.join(sep).replace(/\n+$/, ""),
    };
  }

  /** Content of a file at a commit; null when absent. */
  async readFile(ref: string, path: string): Promise<Buffer | null> {
    return new Promise((resolveRead, reject) => {
      const child = spawn("git", ["--git-dir", this.gitDir, "cat-file", "blob", `${ref}:${path}`], { stdio: ["ignore", "pipe", "ignore"] });
      const chunks: Buffer[] = [];
      child.stdout.on("data", (d: Buffer) => chunks.push(d));
      child.on("error", reject);
      child.on("close", (code) => resolveRead(code === 0 ? Buffer.concat(chunks) : null));
    });
  }

  /** What `path` is at a commit ("blob", "tree", "commit" for a submodule); null when absent. */
  async objectType(ref: string, path: string): Promise<"blob" | "tree" | "commit" | null> {
    const spec = path ? `${ref}:${path}` : `${ref}^{tree}`;
    const r = await this.git(["cat-file", "-t", spec], { okCodes: [1, 128] });
    const type = r.stdout.trim();
    return r.code === 0 && (type === "blob" || type === "tree" || type === "commit") ? type : null;
  }

  /** Entries of a directory at a commit (`path` "" for the root), in git's order. */
  async listDir(ref: string, path: string): Promise<TreeEntry[]> {
    const spec = path ? `${ref}:${path}` : `${ref}^{tree}`;
    const text = (await this.git(["ls-tree", "-z", "-l", spec])).stdout;
    return text
      .split("\0")
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf("\t");
        const [mode = "", type = "", sha = "", size = "-"] = line.slice(0, tab).split(/\s+/);
        return { mode, type: type as TreeEntry["type"], sha, size: size === "-" ? 0 : Number(size), name: line.slice(tab + 1) };
      });
  }

  /** The tree a tree sha, commit sha, branch or tag names; null when it names none. */
  async treeSha(treeish: string): Promise<string | null> {
    if (!treeish || treeish.startsWith("-")) return null;
    const r = await this.git(["rev-parse", "--verify", "--quiet", `${treeish}^{tree}`], { okCodes: [1, 128] });
    return r.code === 0 ? r.stdout.trim() : null;
  }

  /**
   * Entries of a tree with their full paths: only its own entries, or (recursive) every blob, subtree and
   * submodule below it, each tree listed before its contents, in git's order.
   */
  async listTree(tree: string, recursive: boolean): Promise<Array<Omit<TreeEntry, "name"> & { path: string }>> {
    const text = (await this.git(["ls-tree", "-z", "-l", ...(recursive ? ["-r", "-t"] : []), tree])).stdout;
    return text
      .split("\0")
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf("\t");
        const [mode = "", type = "", sha = "", size = "-"] = line.slice(0, tab).split(/\s+/);
        return { mode, type: type as TreeEntry["type"], sha, size: size === "-" ? 0 : Number(size), path: line.slice(tab + 1) };
      });
  }

  async blobSha(ref: string, path: string): Promise<string | null> {
    const r = await this.git(["rev-parse", "--verify", "--quiet", `${ref}:${path}`], { okCodes: [1, 128] });
    return r.code === 0 ? r.stdout.trim() : null;
  }

  /** Does `path` differ between two commits? Used for "outdated" review threads. */
  async pathChanged(from: string, to: string, path: string): Promise<boolean> {
    const r = await this.git(["diff", "--quiet", from, to, "--", path], { okCodes: [1] });
    return r.code === 1;
  }

  async commitTree(tree: string, parents: string[], message: string, author?: GitIdentity): Promise<string> {
    const who = author ?? this.identity;
    const args = [
      "-c", `author.name=${who.name}`,
      "-c", `author.email=${who.email}`,
      "-c", `committer.name=${this.identity.name}`,
      "-c", `committer.email=${this.identity.email}`,
      "commit-tree", "--no-gpg-sign", tree,
      ...parents.flatMap((p) => ["-p", p]),
      "-F", "-",
    ];
    return (await this.git(args, { input: message.endsWith("\n") ? message : `${message}\n` })).stdout.trim();
  }

  /**
   * Builds a commit on top of `parent` (null = root commit) that writes the given files; a null content
   * deletes the file. Trees are assembled with `mktree`, so no index or worktree is involved. Moves no ref.
   */
  async buildCommit(parent: string | null, files: Record<string, string | Buffer | null>, message: string, author?: GitIdentity): Promise<string> {
    const changes: Array<[string[], string | null]> = [];
    for (const [path, content] of Object.entries(files)) {
      const parts = path.replace(/^\/+/, "").split("/").filter(Boolean);
      if (parts.length === 0) continue;
      const blob = content === null ? null : (await this.git(["hash-object", "-w", "--stdin"], { input: content })).stdout.trim();
      changes.push([parts, blob]);
    }
    const baseTree = parent ? await this.out(["rev-parse", `${parent}^{tree}`]) : null;
    const tree = (await this.buildTree(baseTree, changes)) ?? (await this.out(["mktree"], ""));
    return this.commitTree(tree, parent ? [parent] : [], message, author);
  }

  /** A tree equal to `base` with the changes applied; null when the result is empty. */
  private async buildTree(base: string | null, changes: Array<[string[], string | null]>): Promise<string | null> {
    const entries = new Map<string, { mode: string; type: string; sha: string }>();
    if (base) {
      for (const line of (await this.git(["ls-tree", "-z", base])).stdout.split("\0")) {
        if (!line) continue;
        const tab = line.indexOf("\t");
        const [mode = "", type = "", sha = ""] = line.slice(0, tab).split(" ");
        entries.set(line.slice(tab + 1), { mode, type, sha });
      }
    }
    const nested = new Map<string, Array<[string[], string | null]>>();
    for (const [parts, blob] of changes) {
      const [head, ...rest] = parts as [string, ...string[]];
      if (rest.length === 0) {
        if (blob === null) entries.delete(head);
        else entries.set(head, { mode: "100644", type: "blob", sha: blob });
      } else {
        nested.set(head, [...(nested.get(head) ?? []), [rest, blob]]);
      }
    }
    for (const [name, sub] of nested) {
      const existing = entries.get(name);
      const subTree = await this.buildTree(existing?.type === "tree" ? existing.sha : null, sub);
      if (subTree) entries.set(name, { mode: "040000", type: "tree", sha: subTree });
      else entries.delete(name);
    }
    if (entries.size === 0) return null;
    const input = [...entries].map(([name, e]) => `${e.mode} ${e.type} ${e.sha}\t${name}\0`).join("");
    return (await this.git(["mktree", "-z"], { input })).stdout.trim();
  }

  /**
   * Three-way merge of two commits without a worktree. Returns the merged tree, or null on conflicts.
   * `mergeBase` overrides the computed base (a cherry-pick merges `C` into `onto` with base `C^`).
   */
  async mergeTrees(ours: string, theirs: string, mergeBase?: string): Promise<string | null> {
    if (mergeBase) {
      // `merge-tree --merge-base` needs git 2.40. The same three-way merge on older git: two throwaway
      // commits holding the trees of `ours` and `theirs`, each with `mergeBase` as its only parent.
      const base = mergeBase;
      const oursTree = await this.out(["rev-parse", `${ours}^{tree}`]);
      const theirsTree = await this.out(["rev-parse", `${theirs}^{tree}`]);
      ours = await this.commitTree(oursTree, [base], "merge side: ours");
      theirs = await this.commitTree(theirsTree, [base], "merge side: theirs");
    }
    const args = ["merge-tree", "--write-tree", "--no-messages", ours, theirs];
    const r = await this.git(args, { okCodes: [1] });
    if (r.code === 1) return null;
    return r.stdout.trim().split("\n")[0] ?? null;
  }

  /** Files changed between `base` and `head` as GitHub lists them for a pull request or a compare. */
  async diffFiles(base: string, head: string): Promise<DiffFile[]> {
    const raw = (await this.git(["diff", "--raw", "--no-abbrev", "-z", "-M", base, head])).stdout;
    const numstat = (await this.git(["diff", "--numstat", "-z", "-M", base, head])).stdout;
    const patchText = (await this.git(["diff", "--no-color", "--no-ext-diff", "-M", base, head])).stdout;

    const rawParts = raw.split("\0").filter((s, i, arr) => s !== "" || i < arr.length - 1);
    const entries: Array<{ status: string; oldSha: string; newSha: string; path: string; oldPath?: string }> = [];
    for (let i = 0; i < rawParts.length; ) {
      const meta = rawParts[i++] ?? "";
      if (!meta.startsWith(":")) continue;
      const [, , oldSha = "", newSha = "", status = ""] = meta.slice(1).split(" ");
      if (status.startsWith("R") || status.startsWith("C")) {
        const oldPath = rawParts[i++] ?? "";
        const path = rawParts[i++] ?? "";
        entries.push({ status, oldSha, newSha, path, oldPath });
      } else {
        entries.push({ status, oldSha, newSha, path: rawParts[i++] ?? "" });
      }
    }

    const counts = new Map<string, { additions: number; deletions: number }>();
    const numParts = numstat.split("\0");
    for (let i = 0; i < numParts.length; ) {
      const line = numParts[i++] ?? "";
      if (!line) continue;
      const [add = "0", del = "0", path = ""] = line.split("\t");
      let name = path;
      if (path === "") {
        i++; // old path of a rename
        name = numParts[i++] ?? "";
      }
      counts.set(name, { additions: add === "-" ? 0 : Number(add), deletions: del === "-" ? 0 : Number(del) });
    }

    const patches = new Map<string, string | undefined>();
    const chunks = patchText.split(/^diff --git /m).slice(1);
    for (const chunk of chunks) {
      const lines = chunk.split("\n");
      const plus = lines.find((l) => l.startsWith("+++ "));
      const renameTo = lines.find((l) => l.startsWith("rename to "));
      const minus = lines.find((l) => l.startsWith("--- "));
      let name: string | undefined;
      if (plus && plus !== "+++ /dev/null") name = plus.slice(6);
      else if (renameTo) name = renameTo.slice("rename to ".length);
      else if (minus && minus !== "--- /dev/null") name = minus.slice(6);
      else {
        const header = lines[0] ?? "";
        const m = / b\/(.*)$/.exec(header);
        name = m?.[1];
      }
      if (!name) continue;
      const first = lines.findIndex((l) => l.startsWith("@@"));
      patches.set(name, first === -1 ? undefined : lines.slice(first).join("\n").replace(/\n$/, ""));
    }

    return entries.map((e) => {
      const status = e.status.startsWith("A")
        ? "added"
        : e.status.startsWith("D")
          ? "removed"
          : e.status.startsWith("R")
            ? "renamed"
            : e.status.startsWith("C")
              ? "copied"
              : e.status.startsWith("M")
                ? "modified"
                : "changed";
      const c = counts.get(e.path) ?? { additions: 0, deletions: 0 };
      return {
        filename: e.path,
        ...(e.oldPath ? { previousFilename: e.oldPath } : {}),
        status,
        additions: c.additions,
        deletions: c.deletions,
        blobSha: status === "removed" ? e.oldSha : e.newSha,
        patch: patches.get(e.path),
      };
    });
  }
}

export { ZERO_SHA };
