import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { join } from "node:path";
import { AppError, ErrorCode } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { CommandLimits, WorkspacePort } from "../../core/ports/workspace-port.js";
import { DEFAULT_UID_RANGE, sandboxArgv, sandboxUserFor } from "./bwrap-args.js";
import { openGitWorkspace } from "./git-workspace.js";
import { runSandboxed } from "./run-sandboxed.js";

export interface BwrapWorkspacesOptions {
  /** Parent directory of every workspace. */
  root: string;
  /** The repository's HTTPS (or, in tests, file://) URL, without credentials. */
  cloneUrl: () => Promise<string>;
  /** Asked before each clone and push (installation tokens expire); null for none. */
  token: () => Promise<string | null>;
  limits: CommandLimits;
  installTimeoutSeconds: number;
  /** Extra host paths visible read-only in the sandbox (a toolchain under /opt); missing ones are skipped. */
  readOnlyPaths?: string[];
  /** Non-secret environment for sandboxed commands. */
  env?: Record<string, string>;
  logger: Logger;
  bwrapPath?: string;
  /** Dry run: workspaces commit locally and push nothing. */
  dryRun?: boolean;
  /** Host uids the workspaces run as, one per workspace key; must be unused by anything else. */
  sandboxUids?: { first: number; count: number };
}

const KEY = /^[a-z0-9-]{1,100}$/;

/**
 * WorkspacePort over bubblewrap and git. Needs root: each workspace's commands run as an unprivileged uid of
 * their own (see bwrap-args.ts for why), which only root can switch to.
 */
export function createBwrapWorkspaces(options: BwrapWorkspacesOptions): WorkspacePort {
  const { logger, limits } = options;
  const bwrap = options.bwrapPath ?? "bwrap";
  const uids = options.sandboxUids ?? DEFAULT_UID_RANGE;
  const readOnlyPaths = (options.readOnlyPaths ?? []).filter((p) => {
    const ok = existsSync(p);
    if (!ok) logger.warn({ path: p }, "sandbox read-only path does not exist; not mounted");
    return ok;
  });
  const env = options.env ?? {};

  const dirFor = async (key: string) => {
    if (!KEY.test(key)) throw new AppError(ErrorCode.Workspace, `invalid workspace key ${JSON.stringify(key)}: only a-z, 0-9 and - are allowed`);
    await mkdir(options.root, { recursive: true, mode: 0o700 });
    return join(await realpath(options.root), key);
  };

  return {
    async check() {
      if (process.getuid?.() !== 0) {
        return { ok: false, reason: "the command sandbox needs root: it runs each workspace as its own unprivileged uid, and RLIMIT_NPROC does not bind root" };
      }
      const version = await capture(bwrap, ["--version"]);
      if (version.error) return { ok: false, reason: `bwrap not found (${bwrap}: ${version.error}): apt-get install bubblewrap` };
      let trialDir: string | null = null;
      try {
        await mkdir(options.root, { recursive: true, mode: 0o700 });
        trialDir = await mkdtemp(join(await realpath(options.root), ".check-"));
        await mkdir(join(trialDir, ".git"));
        const argv = sandboxArgv({
          command: "true", workspaceDir: trialDir, timeoutSeconds: 10, memoryMb: limits.memoryMb, maxProcesses: limits.maxProcesses,
          network: false, user: sandboxUserFor("check", uids), readOnlyPaths, env, bwrapPath: options.bwrapPath,
        });
        const trial = await runSandboxed({ argv, timeoutSeconds: 10, maxOutputBytes: 4096 });
        if (trial.exitCode !== 0) {
          const said = trial.stderr.trim() || `exit ${trial.exitCode}${trial.timedOut ? " (timed out)" : ""}`;
          const refused = /namespace|Operation not permitted|setresuid/i.test(said);
          return { ok: false, reason: refused ? `the kernel refused the sandbox (namespaces or uid switch): ${said}` : `a trial command in the sandbox failed: ${said}` };
        }
      } catch (e) {
        return { ok: false, reason: `a trial command in the sandbox could not run: ${e instanceof Error ? e.message : String(e)}` };
      } finally {
        if (trialDir) await rm(trialDir, { recursive: true, force: true });
      }
      return { ok: true, version: version.stdout.trim().replace(/^bubblewrap\s+/, "") };
    },

    async open(input) {
      const dir = await dirFor(input.key);
      // A directory left by a crashed run is stale: the run's work survives as `patch`, not as files.
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir);
      const log = logger.child({ workspace: input.key, branch: input.branch });
      try {
        const ws = await openGitWorkspace(
          {
            dir, cloneUrl: await options.cloneUrl(), token: options.token, user: sandboxUserFor(input.key, uids), limits,
            installTimeoutSeconds: options.installTimeoutSeconds, readOnlyPaths, env, bwrapPath: options.bwrapPath, dryRun: options.dryRun, logger: log,
          },
          input,
        );
        log.info({ startSha: ws.startSha, install: ws.install && { exitCode: ws.install.exitCode, timedOut: ws.install.timedOut, ms: ws.install.durationMs } }, "workspace opened");
        return ws;
      } catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
    },

    async discard(key) {
      await rm(await dirFor(key), { recursive: true, force: true });
    },
  };
}

function capture(file: string, args: string[]): Promise<{ stdout: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], env: { PATH: "/usr/bin:/bin" } });
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.on("error", (e) => resolve({ stdout, error: e.message }));
    child.on("close", (code) => resolve(code === 0 ? { stdout } : { stdout, error: `exit ${code}` }));
  });
}
