import { spawn } from "node:child_process";
import { lchown, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { AppError, ErrorCode } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { CommandLimits, CommandResult, OpenWorkspaceInput, Workspace, WorkspaceChange, WorkspaceChanges } from "../../core/ports/workspace-port.js";
import { sandboxArgv, type SandboxUser } from "./bwrap-args.js";
import { runSandboxed } from "./run-sandboxed.js";
import { assertBranchName, gitAuthed, refuse, runGit, type GitRunOptions } from "./git-command.js";
import { exists, resolveInside } from "./workspace-paths.js";

export interface GitWorkspaceContext {
  /** Empty directory the clone goes into; a realpath. */
  dir: string;
  cloneUrl: string;
  token: () => Promise<string | null>;
  user: SandboxUser;
  limits: CommandLimits;
  installTimeoutSeconds: number;
  readOnlyPaths: readonly string[];
  env: Readonly<Record<string, string>>;
  bwrapPath?: string;
  /** Dry run (DESIGN §5): commit in the workspace, push nothing. */
  dryRun?: boolean;
  logger: Logger;
}

const CLONE_DEPTH = 50;
const MAX_READ_BYTES = 1024 * 1024;
const MAX_MATCH_CHARS = 500;

/** Clones and prepares the workspace described by `input` in `ctx.dir`. */
export async function openGitWorkspace(ctx: GitWorkspaceContext, input: OpenWorkspaceInput): Promise<Workspace> {
  await assertBranchName(input.branch);
  if (input.baseRef !== undefined) await assertBranchName(input.baseRef);
  await gitAuthed(ctx.token, null, ["clone", "--no-tags", "--single-branch", "--branch", input.baseRef ?? input.branch, "--depth", String(CLONE_DEPTH), "--", ctx.cloneUrl, ctx.dir], "clone");
  const ws = new GitWorkspace(ctx, input.key, input.branch);
  if (input.startSha !== undefined) {
    if (!/^[0-9a-f]{40}$/.test(input.startSha)) throw refuse(`not a commit id: ${JSON.stringify(input.startSha)}`);
    // Beyond the shallow clone's depth, the commit is fetched by id (GitHub serves reachable commits so).
    if ((await ws.git(["cat-file", "-e", `${input.startSha}^{commit}`], { okCodes: [0, 1, 128] })).code !== 0) {
      await gitAuthed(ctx.token, ctx.dir, ["fetch", "--no-tags", "--depth", "1", "origin", input.startSha], "fetch");
    }
    await ws.git(["switch", "-q", "-C", input.branch, input.startSha]);
  } else if (input.baseRef !== undefined) {
    await ws.git(["switch", "-q", "-c", input.branch]);
  }
  const startSha = (await ws.git(["rev-parse", "HEAD"])).stdout.trim();
  if (input.patch) {
    const applied = await ws.git(["apply", "--binary", "--whitespace=nowarn", "-"], { stdin: input.patch, okCodes: [0, 1] });
    if (applied.code !== 0) throw refuse(`the saved work no longer applies on ${startSha.slice(0, 12)}: ${applied.stderr.trim().slice(0, 1000)}`);
  }
  await chownTree(ctx.dir, ctx.user);
  const install = input.installCommand ? await ws.sandbox(input.installCommand, { network: true, timeoutSeconds: ctx.installTimeoutSeconds }) : null;
  ws.started(startSha, install);
  return ws;
}

class GitWorkspace implements Workspace {
  startSha = "";
  install: CommandResult | null = null;

  constructor(
    private readonly ctx: GitWorkspaceContext,
    readonly key: string,
    readonly branch: string,
  ) {}

  started(startSha: string, install: CommandResult | null) {
    this.startSha = startSha;
    this.install = install;
  }

  async listFiles(dir?: string, max = 1000) {
    const spec = await this.pathspec(dir);
    const all = await this.git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...spec]);
    const deleted = new Set(split0((await this.git(["ls-files", "-z", "--deleted", "--", ...spec])).stdout));
    const files = [...new Set(split0(all.stdout))].filter((f) => !deleted.has(f)).sort();
    return { files: files.slice(0, max), truncated: files.length > max };
  }

  async readFile(path: string) {
    const { real } = await resolveInside(this.ctx.dir, path);
    if (real === null) throw refuse(`no such file: ${JSON.stringify(path)}; listFiles shows what exists`);
    const info = await stat(real);
    if (info.isDirectory()) throw refuse(`${JSON.stringify(path)} is a directory; use listFiles to see its files`);
    if (!info.isFile()) throw refuse(`${JSON.stringify(path)} is not a regular file`);
    if (info.size > MAX_READ_BYTES) throw refuse(`${JSON.stringify(path)} has ${info.size} bytes, more than ${MAX_READ_BYTES}; read a part with a command such as sed -n '1,200p' ${path}`);
    return readFile(real, "utf8");
  }

  async writeFile(path: string, content: string) {
    const { abs, real } = await resolveInside(this.ctx.dir, path);
    if (real !== null) {
      if (!(await stat(real)).isFile()) throw refuse(`${JSON.stringify(path)} exists and is not a regular file`);
      await writeFile(real, content);
      return;
    }
    const missing: string[] = [];
    for (let d = dirname(abs); d !== this.ctx.dir && !(await exists(d)); d = dirname(d)) missing.unshift(d);
    try {
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, content, { flag: "wx" });
    } catch (e) {
      throw refuse(`cannot create ${JSON.stringify(path)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    // The sandbox runs as the workspace's own uid and must be able to change what we created.
    for (const p of [...missing, abs]) await lchown(p, this.ctx.user.uid, this.ctx.user.gid);
  }

  async search(pattern: string, options: { path?: string; max?: number } = {}) {
    if (!pattern) throw refuse("empty search pattern");
    const max = options.max ?? 100;
    const spec = await this.pathspec(options.path);
    const out = await this.git(["grep", "-n", "-I", "-E", "--untracked", "-z", "--no-color", "-e", pattern, "--", ...spec], { okCodes: [0, 1, 128], maxStdoutBytes: 4 * 1024 * 1024 });
    if (out.code === 128) throw refuse(`search failed: ${out.stderr.trim().slice(0, 500)} (the pattern is an extended regular expression)`);
    const matches = out.stdout.split("\n").filter(Boolean).map((rec) => {
      const [p = "", line = "0", ...text] = rec.split("\0");
      return { path: p, line: Number(line), text: text.join("\0").slice(0, MAX_MATCH_CHARS) };
    });
    return { matches: matches.slice(0, max), truncated: out.cut || matches.length > max };
  }

  async run(command: string, options: { timeoutSeconds?: number; stdin?: string } = {}) {
    // A caller may shorten the configured limit, never extend it.
    const limit = this.ctx.limits.timeoutSeconds;
    const timeoutSeconds = Math.max(1, Math.min(options.timeoutSeconds ?? limit, limit));
    const result = await this.sandbox(command, { network: false, timeoutSeconds, stdin: options.stdin });
    this.ctx.logger.debug({ command: command.slice(0, 200), exitCode: result.exitCode, timedOut: result.timedOut, ms: result.durationMs }, "sandboxed command");
    return result;
  }

  async changes(): Promise<WorkspaceChanges> {
    await this.git(["add", "-A"]);
    const base = ["diff", "--cached", "-M", this.startSha];
    const [patch, numstat, names] = await Promise.all([this.git([...base, "--binary"]), this.git([...base, "--numstat", "-z"]), this.git([...base, "--name-status", "-z"])]);
    return { patch: patch.stdout, files: parseChanges(names.stdout, numstat.stdout) };
  }

  async commitAndPush(input: { message: string; author: { name: string; email: string } }) {
    const { name, email } = input.author;
    if (!name.trim() || !email.trim() || /[<>\n]/.test(name + email)) throw refuse(`invalid commit author ${JSON.stringify(input.author)}`);
    await this.git(["add", "-A"]);
    if ((await this.git(["diff", "--cached", "--quiet"], { okCodes: [0, 1] })).code === 1) {
      const who = { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
      await this.git(["commit", "--no-verify", "-q", "-F", "-"], { stdin: input.message, env: who });
    }
    const sha = (await this.git(["rev-parse", "HEAD"])).stdout.trim();
    if (sha === this.startSha) throw refuse("nothing to commit: no file differs from the start commit");
    if (this.ctx.dryRun) {
      this.ctx.logger.info({ branch: this.branch, sha }, "dry run: would push the branch; pushed nothing");
      return { sha };
    }
    try {
      await gitAuthed(this.ctx.token, this.ctx.dir, ["push", "--porcelain", "origin", `HEAD:refs/heads/${this.branch}`], "push");
    } catch (e) {
      const pushed = e instanceof AppError && e.code === ErrorCode.Conflict ? await this.samePushedEarlier(sha) : null;
      if (!pushed) throw e;
      this.ctx.logger.info({ branch: this.branch, sha: pushed }, "the branch already holds this change (an earlier attempt pushed it)");
      return { sha: pushed };
    }
    return { sha };
  }

  /** The remote head, when it is a commit on our start commit with exactly our files: an earlier attempt's push. */
  private async samePushedEarlier(sha: string): Promise<string | null> {
    await gitAuthed(this.ctx.token, this.ctx.dir, ["fetch", "--no-tags", "--depth", "2", "origin", `refs/heads/${this.branch}`], "fetch");
    const remote = (await this.git(["rev-parse", "FETCH_HEAD"])).stdout.trim();
    const [tree, remoteTree, remoteParent] = await Promise.all([
      this.git(["rev-parse", `${sha}^{tree}`]),
      this.git(["rev-parse", `${remote}^{tree}`]),
      this.git(["rev-parse", `${remote}^`], { okCodes: [0, 128] }),
    ]);
    const same = tree.stdout.trim() === remoteTree.stdout.trim() && remoteParent.stdout.trim() === this.startSha;
    return same ? remote : null;
  }

  async remove() {
    await rm(this.ctx.dir, { recursive: true, force: true });
  }

  sandbox(command: string, o: { network: boolean; timeoutSeconds: number; stdin?: string }) {
    const { ctx } = this;
    const argv = sandboxArgv({
      command, workspaceDir: ctx.dir, timeoutSeconds: o.timeoutSeconds, memoryMb: ctx.limits.memoryMb, maxProcesses: ctx.limits.maxProcesses,
      network: o.network, user: ctx.user, readOnlyPaths: ctx.readOnlyPaths, env: ctx.env, bwrapPath: ctx.bwrapPath,
    });
    return runSandboxed({ argv, timeoutSeconds: o.timeoutSeconds, maxOutputBytes: ctx.limits.maxOutputBytes, stdin: o.stdin });
  }

  async git(args: string[], o: GitRunOptions = {}) {
    const out = await runGit([`--git-dir=${this.ctx.dir}/.git`, `--work-tree=${this.ctx.dir}`, ...args], { ...o, dir: this.ctx.dir });
    if (!(o.okCodes ?? [0]).includes(out.code)) throw refuse(`git ${args[0]} failed: ${out.stderr.trim().slice(-1000)}`);
    return out;
  }

  private async pathspec(path: string | undefined): Promise<string[]> {
    if (path === undefined || path === "" || path === ".") return [];
    const { real } = await resolveInside(this.ctx.dir, path);
    if (real === null) throw refuse(`no such file or directory: ${JSON.stringify(path)}`);
    return real === this.ctx.dir ? [] : [relative(this.ctx.dir, real)];
  }
}

/**
 * Hands the tree to the sandbox uid. `.git` too: it is read-only inside the sandbox whoever owns it, and owned
 * by that uid git inside the sandbox (status, diff, log) does not refuse it as "dubious ownership".
 */
async function chownTree(dir: string, user: SandboxUser) {
  await new Promise<void>((resolve, reject) => {
    const child = spawn("chown", ["-R", "-h", `${user.uid}:${user.gid}`, "--", dir], { stdio: "ignore" });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new AppError(ErrorCode.Workspace, `chown of the workspace failed (exit ${code})`))));
  });
}

const split0 = (s: string) => s.split("\0").filter(Boolean);

/** Joins `--name-status -z` and `--numstat -z` output (both with -M) into one entry per file. */
function parseChanges(nameStatus: string, numstat: string): WorkspaceChange[] {
  const counts = new Map<string, { additions: number; deletions: number }>();
  const nt = numstat.split("\0");
  for (let i = 0; i < nt.length; ) {
    const m = /^([-\d]+)\t([-\d]+)\t(.*)$/s.exec(nt[i++] ?? "");
    if (!m) continue;
    // A rename leaves the path empty and puts old and new in the next two fields.
    const path = m[3] === "" ? ((i += 2), nt[i - 1] ?? "") : m[3]!;
    counts.set(path, { additions: m[1] === "-" ? 0 : Number(m[1]), deletions: m[2] === "-" ? 0 : Number(m[2]) });
  }
  const files: WorkspaceChange[] = [];
  const st = nameStatus.split("\0");
  for (let i = 0; i < st.length; ) {
    const code = st[i++]?.[0];
    if (!code) continue;
    const count = (p: string) => counts.get(p) ?? { additions: 0, deletions: 0 };
    if (code === "R" || code === "C") {
      const previousPath = st[i++] ?? "";
      const path = st[i++] ?? "";
      files.push(code === "R" ? { path, status: "renamed", previousPath, ...count(path) } : { path, status: "added", ...count(path) });
    } else {
      const path = st[i++] ?? "";
      files.push({ path, status: code === "A" ? "added" : code === "D" ? "deleted" : "modified", ...count(path) });
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
