/**
 * A working copy of the repository for one build, and the sandbox its commands run in. The adapter owns git,
 * the token and bubblewrap; graphs see files, commands and changes only, so no credential can reach a prompt.
 */

/** What one sandboxed command is allowed. */
export interface CommandLimits {
  timeoutSeconds: number;
  /** Data segment limit per process (RLIMIT_DATA), in MiB. */
  memoryMb: number;
  /** Processes the command may have at once. */
  maxProcesses: number;
  /** Output kept per stream; the middle of longer output is cut. */
  maxOutputBytes: number;
}

export interface CommandResult {
  /** The command's exit code; null when it was killed. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Killed at the time limit, with every process it started. */
  timedOut: boolean;
  /** Output was longer than `maxOutputBytes` and was cut in the middle. */
  truncated: boolean;
  durationMs: number;
}

export interface WorkspaceChange {
  path: string;
  status: "added" | "modified" | "deleted" | "renamed";
  previousPath?: string;
  additions: number;
  deletions: number;
}

export interface WorkspaceChanges {
  /** `git diff --binary` from the start commit to the working tree, untracked files included. */
  patch: string;
  files: WorkspaceChange[];
}

export interface OpenWorkspaceInput {
  /** Names the run's own directory (a hash of the graph thread); one workspace per run. */
  key: string;
  /** The branch the work goes to. */
  branch: string;
  /**
   * Build: create `branch` from this ref (the default branch). Absent: fix mode, check out the existing
   * remote `branch` and continue on it.
   */
  baseRef?: string;
  /**
   * Re-opening: the commit the earlier attempt started from. The work continues exactly there (fetched when the
   * shallow clone lacks it), so `patch` applies as it was made even if the base branch moved since.
   */
  startSha?: string;
  /** Work of an earlier attempt (a crash or a pause removed its directory), re-applied after the checkout. */
  patch?: string;
  /** Run with the network on before the sandbox cuts it (e.g. `npm ci`); skipped when absent. */
  installCommand?: string;
}

export interface Workspace {
  readonly key: string;
  readonly branch: string;
  /** The commit the work started from: the base commit, or the branch head in fix mode. */
  readonly startSha: string;
  /** The install command's result, when there was one. */
  readonly install: CommandResult | null;
  /** Tracked and untracked files (not ignored ones) under `dir`, sorted; at most `max`. */
  listFiles(dir?: string, max?: number): Promise<{ files: string[]; truncated: boolean }>;
  /** Text of a file. Paths are relative to the workspace root; any path leading outside it is refused. */
  readFile(path: string): Promise<string>;
  writeFile(path: string, content: string): Promise<void>;
  /** `git grep -n -I -E` over tracked and untracked files; at most `max` matches. */
  search(pattern: string, options?: { path?: string; max?: number }): Promise<{ matches: { path: string; line: number; text: string }[]; truncated: boolean }>;
  /** A shell command (`sh -c`) in the sandbox: no network, only the workspace writable, the configured limits. */
  run(command: string, options?: { timeoutSeconds?: number; stdin?: string }): Promise<CommandResult>;
  /** Everything changed since `startSha`. */
  changes(): Promise<WorkspaceChanges>;
  /**
   * Commits every change and pushes the branch (never forced); returns the new head. A push the remote refuses
   * because an earlier attempt already pushed the same files (a lost answer, a crash) returns that head instead.
   */
  commitAndPush(input: { message: string; author: { name: string; email: string } }): Promise<{ sha: string }>;
  /** Removes the directory. Safe to call twice. */
  remove(): Promise<void>;
}

export interface WorkspacePort {
  /** Whether commands can be sandboxed on this machine (bubblewrap present and allowed to create namespaces). */
  check(): Promise<{ ok: true; version: string } | { ok: false; reason: string }>;
  open(input: OpenWorkspaceInput): Promise<Workspace>;
  /** Removes a run's directory when it exists (a run that gives up or waits long). */
  discard(key: string): Promise<void>;
}
