import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";

/** Where the workspace appears inside the sandbox, whatever its directory on the host. */
export const WORKSPACE_MOUNT = "/workspace";

/** Seconds `timeout` waits after SIGTERM before it sends SIGKILL. */
export const KILL_GRACE_SECONDS = 5;

/** The unprivileged host account a workspace's commands run as. */
export interface SandboxUser {
  uid: number;
  gid: number;
}

export interface SandboxArgsInput {
  /** Run by `/bin/sh -c`. */
  command: string;
  /** The workspace directory on the host (its realpath). */
  workspaceDir: string;
  timeoutSeconds: number;
  memoryMb: number;
  maxProcesses: number;
  /** Only the dependency install gets the network; every other command has loopback only. */
  network: boolean;
  user: SandboxUser;
  /** Host paths bound read-only at the same place (a toolchain under /opt); the caller passes existing ones only. */
  readOnlyPaths?: readonly string[];
  /** Non-secret variables added to (or overriding) the fixed environment. */
  env?: Readonly<Record<string, string>>;
  bwrapPath?: string;
}

const BASE_ENV: ReadonlyArray<readonly [string, string]> = [
  ["PATH", "/usr/local/bin:/usr/bin:/bin"],
  ["HOME", "/tmp"],
  ["LANG", "C.UTF-8"],
  ["CI", "true"],
  ["PAGER", "cat"],
  ["GIT_PAGER", "cat"],
  ["NO_COLOR", "1"],
  ["TERM", "dumb"],
];

const RESERVED_MOUNTS = ["/proc", "/dev", "/tmp", WORKSPACE_MOUNT];
const overlapsReserved = (path: string) => path === "/" || RESERVED_MOUNTS.some((m) => path === m || path.startsWith(`${m}/`));

/**
 * The argv of one sandboxed command:
 * `timeout -k 5 <s> prlimit --data --nproc -- bwrap <flags> -- setpriv <drop to user> -- /bin/sh -c <command>`.
 *
 * What the experiments on bwrap 0.8 / kernel 6.x as root showed, and why the argv looks like this:
 * - `--unshare-all` includes `--unshare-user-try`; as root that makes a user namespace mapping only uid 0, in
 *   which the command keeps every capability. It could then `mount -o remount,rw,bind /workspace/.git` and
 *   plant a hook (reproduced). `--cap-drop ALL` or `--unshare-user --uid 1000` do not help the other problem:
 *   the process is still host uid 0, and RLIMIT_NPROC never binds uid 0 (a 60-process loop under
 *   `--nproc=20` ran to completion in all three variants).
 * - So bwrap runs privileged without a user namespace (every other namespace unshared explicitly), and
 *   `setpriv` inside switches to a per-workspace unprivileged host uid with no capabilities, an empty
 *   bounding set and no_new_privs (setuid binaries in /usr stay harmless). Then `--nproc` holds (forks fail
 *   with "Cannot fork"), mounts are refused ("must be superuser"), the read-only `.git` survives even a nested
 *   `unshare -Urm` (its mounts are locked), and `/etc/shadow` is unreadable. The workspace is chowned to that
 *   uid so the command can write it.
 * - RLIMIT_DATA (`--data`) stops node allocations beyond the limit ("Array buffer allocation failed", "heap
 *   out of memory") while `node -e 0` still starts at 128 MiB.
 * - On timeout, SIGTERM to bwrap kills its PID namespace: no process of the command survives (exit 124).
 * Measured cost over `sh -c` spawned directly: about 10 ms at p50, under 25 ms at p95 (bench/sandbox-overhead.ts).
 */
export function sandboxArgv(input: SandboxArgsInput): string[] {
  const { workspaceDir, user } = input;
  if (!isAbsolute(workspaceDir)) throw new Error(`workspace directory must be absolute: ${workspaceDir}`);
  if (!Number.isInteger(user.uid) || user.uid <= 0 || !Number.isInteger(user.gid) || user.gid <= 0) {
    throw new Error(`sandbox user must be unprivileged, got ${user.uid}:${user.gid}`);
  }

  const flags = [
    "--ro-bind", "/usr", "/usr",
    "--symlink", "usr/lib", "/lib",
    "--symlink", "usr/lib64", "/lib64",
    "--symlink", "usr/bin", "/bin",
    "--symlink", "usr/sbin", "/sbin",
    "--ro-bind", "/etc", "/etc",
  ];
  for (const path of input.readOnlyPaths ?? []) {
    if (!isAbsolute(path) || overlapsReserved(path)) {
      throw new Error(`read-only path must be absolute and not overlap the sandbox's own mounts: ${path}`);
    }
    flags.push("--ro-bind", path, path);
  }
  flags.push(
    "--proc", "/proc",
    "--dev", "/dev",
    "--perms", "1777", "--tmpfs", "/tmp",
    "--bind", workspaceDir, WORKSPACE_MOUNT,
    // After the read-write bind, so it covers it: our own git later runs on this .git unsandboxed.
    "--ro-bind", `${workspaceDir}/.git`, `${WORKSPACE_MOUNT}/.git`,
    "--chdir", WORKSPACE_MOUNT,
    "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try",
    ...(input.network ? [] : ["--unshare-net"]),
    "--die-with-parent", "--new-session", "--clearenv",
  );
  const env = new Map<string, string>(BASE_ENV);
  for (const [k, v] of Object.entries(input.env ?? {})) env.set(k, v);
  for (const [k, v] of env) flags.push("--setenv", k, v);

  return [
    "timeout", "-k", String(KILL_GRACE_SECONDS), String(Math.max(1, Math.ceil(input.timeoutSeconds))),
    "prlimit", `--data=${Math.floor(input.memoryMb * 1024 * 1024)}`, `--nproc=${Math.floor(input.maxProcesses)}`, "--",
    input.bwrapPath ?? "bwrap", ...flags, "--",
    "/usr/bin/setpriv", `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups",
    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--",
    "/bin/sh", "-c", input.command,
  ];
}

/**
 * A host uid of its own per workspace: RLIMIT_NPROC counts every process of a uid on the host, so
 * concurrent workspaces sharing one uid would share (and could exhaust) one process budget.
 */
export function sandboxUserFor(key: string, range: { first: number; count: number } = DEFAULT_UID_RANGE): SandboxUser {
  const n = createHash("sha256").update(key).digest().readUInt32BE(0) % range.count;
  const id = range.first + n;
  return { uid: id, gid: id };
}

/** Above the ranges distributions hand out to people and services. */
export const DEFAULT_UID_RANGE = { first: 200_000, count: 100_000 } as const;
