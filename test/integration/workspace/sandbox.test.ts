import { randomUUID } from "node:crypto";
import { chown, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxArgv, sandboxUserFor, type SandboxUser } from "../../../src/adapters/workspace/bwrap-args.js";
import { runSandboxed } from "../../../src/adapters/workspace/run-sandboxed.js";

let dir: string;
let user: SandboxUser;

async function sandboxed(command: string, o: { timeoutSeconds?: number; memoryMb?: number; maxProcesses?: number; maxOutputBytes?: number; network?: boolean; stdin?: string } = {}) {
  const timeoutSeconds = o.timeoutSeconds ?? 20;
  const argv = sandboxArgv({
    command, workspaceDir: dir, timeoutSeconds, memoryMb: o.memoryMb ?? 1024, maxProcesses: o.maxProcesses ?? 128, network: o.network ?? false, user,
  });
  return runSandboxed({ argv, timeoutSeconds, maxOutputBytes: o.maxOutputBytes ?? 64 * 1024, stdin: o.stdin });
}

/** Processes on the host whose command line contains `text` or that run as `uid`. */
async function processesMatching(text: string, uid: number): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir("/proc")).filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).replaceAll("\0", " ");
      const owner = (await stat(`/proc/${pid}`)).uid;
      if (cmdline.includes(text) || owner === uid) found.push(`${pid} (uid ${owner}): ${cmdline}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "shopfloor-sandbox-")));
  await mkdir(join(dir, ".git", "hooks"), { recursive: true });
  user = sandboxUserFor(`sandbox-test-${randomUUID()}`);
  for (const p of [dir, join(dir, ".git"), join(dir, ".git", "hooks")]) await chown(p, user.uid, user.gid);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the command sandbox", () => {
  describe("network", () => {
    let server: Server;
    let url: string;
    let hits = 0;

    beforeAll(async () => {
      server = createServer((_req, res) => {
        hits++;
        res.end("reached");
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("cannot reach a server on the host or resolve names; the install step can", async () => {
      const curl = await sandboxed(`curl -sS --max-time 5 ${url}`);
      expect(curl.exitCode).not.toBe(0);
      expect(curl.stdout).not.toContain("reached");
      const fetched = await sandboxed(`node -e "fetch('${url}').then(r => r.text()).then(t => console.log('got', t), e => { console.log('failed', e.cause?.code); process.exit(3); })"`);
      expect(fetched.stdout).toContain("failed ECONNREFUSED");
      expect(fetched.exitCode).toBe(3);
      const dns = await sandboxed("getent hosts github.com");
      expect(dns.exitCode).not.toBe(0);
      expect(dns.stdout).toBe("");
      expect(hits).toBe(0);

      const install = await sandboxed(`curl -sS --max-time 5 ${url}`, { network: true });
      expect(install).toMatchObject({ exitCode: 0, stdout: "reached" });
      expect(hits).toBe(1);
    });
  });

  it("kills a runaway command at its time limit with every process it started", async () => {
    const marker = `runaway-${randomUUID()}`;
    const result = await sandboxed(`: ${marker}; sh -c 'sleep 1000 & sleep 1000 & while :; do :; done'`, { timeoutSeconds: 2 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.durationMs).toBeGreaterThanOrEqual(2000);
    expect(result.durationMs).toBeLessThan(9000);
    await new Promise((r) => setTimeout(r, 200));
    expect(await processesMatching(marker, user.uid)).toEqual([]);
  });

  it("leaves no background process behind once a command returns", async () => {
    const marker = `daemon-${randomUUID()}`;
    const result = await sandboxed(`: ${marker}; sh -c 'sleep 1000' ${marker} & echo started`);
    expect(result).toMatchObject({ exitCode: 0, stdout: "started\n", timedOut: false });
    await new Promise((r) => setTimeout(r, 200));
    expect(await processesMatching(marker, user.uid)).toEqual([]);
  });

  it("stops a process that allocates more than its memory limit", async () => {
    const alloc = (mb: number) => `node -e "const a = []; for (let i = 0; i < ${mb / 16}; i++) a.push(Buffer.alloc(16 * 1024 * 1024, 1)); console.log('allocated')"`;
    const within = await sandboxed(alloc(64), { memoryMb: 256 });
    expect(within).toMatchObject({ exitCode: 0, stdout: "allocated\n" });
    const over = await sandboxed(alloc(512), { memoryMb: 256 });
    expect(over.exitCode).not.toBe(0);
    expect(over.stdout).not.toContain("allocated");
    expect(over.stderr).toMatch(/allocation failed|out of memory/i);
  });

  it("stops a fork loop at the process limit", async () => {
    // Each background sleep is a process; the count lands in the workspace (a builtin write, no fork).
    const loop = "n=0; while [ $n -lt 400 ]; do sleep 30 & n=$((n+1)); echo $n > forks.txt; done";
    const result = await sandboxed(loop, { maxProcesses: 32, timeoutSeconds: 15 });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/fork/i);
    const forks = Number(await readFile(join(dir, "forks.txt"), "utf8"));
    expect(forks).toBeGreaterThan(10);
    expect(forks).toBeLessThan(32);
  });

  it("passes none of our environment to the command", async () => {
    process.env.GITHUB_TOKEN = "ghs_secret_value_for_test";
    process.env.OPENAI_API_KEY = "sk-secret-value-for-test";
    try {
      const result = await sandboxed("env");
      expect(result.exitCode).toBe(0);
      expect(result.stdout).not.toContain("secret");
      expect(result.stdout).not.toMatch(/GITHUB_TOKEN|OPENAI_API_KEY/);
      expect(result.stdout).toContain("HOME=/tmp\n");
      expect(result.stdout).toContain("CI=true\n");
    } finally {
      delete process.env.GITHUB_TOKEN;
      delete process.env.OPENAI_API_KEY;
    }
  });

  it("can write the workspace but not the system, the host's /tmp or .git", async () => {
    const escape = join("/tmp", `shopfloor-escape-${randomUUID()}`);
    const script = [
      "echo work > notes.txt && echo wrote-notes",
      "touch /usr/x || echo usr-refused",
      "touch /etc/x || echo etc-refused",
      `echo x > ${escape}`,
      "echo x > .git/hooks/pre-commit || echo hook-refused",
      "echo '[core]' >> .git/config || echo config-refused",
      "rm -rf .git 2>/dev/null; test -d .git && echo git-kept",
      "mount -o remount,rw,bind /workspace/.git || echo remount-refused",
    ].join("\n");
    const result = await sandboxed(script);
    for (const line of ["wrote-notes", "usr-refused", "etc-refused", "hook-refused", "config-refused", "git-kept", "remount-refused"]) {
      expect(result.stdout.split("\n")).toContain(line);
    }
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("work\n");
    await expect(stat(escape)).rejects.toThrow(/ENOENT/);
    expect(await readdir(join(dir, ".git", "hooks"))).toEqual([]);
  });

  it("cuts the middle of output longer than the cap and passes stdin", async () => {
    const result = await sandboxed("yes 0123456789 | head -c 220000", { maxOutputBytes: 1000 });
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith("0123456789\n0123456789\n")).toBe(true);
    expect(result.stdout.endsWith("0123456789\n")).toBe(true);
    expect(result.stdout).toContain("\n[… 219000 bytes cut …]\n");

    const short = await sandboxed("tr a-z A-Z", { stdin: "hello sandbox", maxOutputBytes: 1000 });
    expect(short).toMatchObject({ exitCode: 0, stdout: "HELLO SANDBOX", truncated: false, timedOut: false });
  });
});
