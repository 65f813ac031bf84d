import { spawn } from "node:child_process";
import { AppError, ErrorCode } from "../../core/errors.js";

/** Our own git, run outside the sandbox: clone, fetch, push and the plumbing of a workspace. */

const GIT_TIMEOUT_MS = 10 * 60_000;

/**
 * Config for every git we run ourselves, outside the sandbox: nothing the repository or a command could have
 * planted is executed (hooks, fsmonitor), and the environment is ours alone (no inherited GIT_*, no user or
 * system config). safe.directory: the working tree belongs to the sandbox uid, not to us.
 */
const gitConfig = (dir: string | null) => [
  "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "protocol.file.allow=always",
  "-c", "gc.auto=0", "-c", "core.quotePath=false", ...(dir ? ["-c", `safe.directory=${dir}`] : []),
];
const GIT_ENV = {
  PATH: "/usr/bin:/bin", HOME: "/nonexistent", LANG: "C", LC_ALL: "C", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0", GIT_EDITOR: "true", GIT_LITERAL_PATHSPECS: "1",
};

export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
  cut: boolean;
}

export const refuse = (message: string) => new AppError(ErrorCode.Workspace, message, { retryable: false });

export interface GitRunOptions {
  stdin?: string;
  env?: Record<string, string>;
  okCodes?: number[];
  maxStdoutBytes?: number;
}

/**
 * clone and push: the token travels as an http.extraHeader in this git's environment only, never on a command
 * line, in .git/config or in a URL, and is scrubbed (raw and base64) from any error we raise.
 */
export async function gitAuthed(tokenOf: () => Promise<string | null>, dir: string | null, args: string[], what: "clone" | "fetch" | "push") {
  const token = await tokenOf();
  const basic = token ? Buffer.from(`x-access-token:${token}`).toString("base64") : null;
  const env: Record<string, string> = basic ? { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "http.extraHeader", GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` } : {};
  const gitArgs = dir ? [`--git-dir=${dir}/.git`, `--work-tree=${dir}`, ...args] : args;
  const out = await runGit(gitArgs, { env, dir });
  if (out.code === 0) return;
  let text = `${out.stderr}\n${out.stdout}`.trim();
  for (const secret of [token, basic]) if (secret) text = text.split(secret).join("***");
  text = text.slice(-1500);
  if (what === "push" && /\[(remote )?rejected\]/.test(text)) {
    throw new AppError(ErrorCode.Conflict, `push of ${args.at(-1)} was rejected (the remote branch has moved on or refuses it): ${text}`, { retryable: false });
  }
  const transient = /Could not resolve host|Failed to connect|Connection (timed out|reset|refused)|early EOF|RPC failed|returned error: 5\d\d|timed out/i.test(text);
  throw new AppError(ErrorCode.Workspace, `git ${what} failed: ${text}`, { retryable: transient });
}

export function runGit(args: string[], o: GitRunOptions & { dir: string | null }): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...gitConfig(o.dir), ...args], { cwd: o.dir ?? undefined, env: { ...GIT_ENV, ...o.env }, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let cut = false;
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, GIT_TIMEOUT_MS);
    child.stdout.on("data", (b: Buffer) => {
      if (cut) return;
      chunks.push(b);
      bytes += b.length;
      if (o.maxStdoutBytes !== undefined && bytes > o.maxStdoutBytes) {
        cut = true;
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (b: Buffer) => (stderr = (stderr + b.toString("utf8")).slice(-16_384)));
    child.stdin.on("error", () => {});
    child.stdin.end(o.stdin ?? "");
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new AppError(ErrorCode.Workspace, `cannot run git: ${e.message}`, { cause: e }));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // Killed for printing too much: what arrived is the answer, cut.
      if (timedOut) stderr += `\ngit timed out after ${GIT_TIMEOUT_MS / 1000} s`;
      resolve({ code: code ?? (cut && !timedOut ? 0 : 128 + (signal === "SIGKILL" ? 9 : 15)), stdout: Buffer.concat(chunks).toString("utf8"), stderr, cut });
    });
  });
}

export async function assertBranchName(name: string) {
  const out = name.startsWith("-") ? null : await runGit(["check-ref-format", `refs/heads/${name}`], { dir: null });
  if (!out || out.code !== 0) throw refuse(`invalid branch name ${JSON.stringify(name)}`);
}
