import { describe, expect, it } from "vitest";
import { sandboxArgv, sandboxUserFor, WORKSPACE_MOUNT, type SandboxArgsInput } from "../../../src/adapters/workspace/bwrap-args.js";

const base: SandboxArgsInput = {
  command: "npm test",
  workspaceDir: "/srv/ws/abc",
  timeoutSeconds: 120,
  memoryMb: 2048,
  maxProcesses: 256,
  network: false,
  user: { uid: 200_123, gid: 200_123 },
};

/** The bwrap flags alone: between the bwrap binary and the `--` that ends its options. */
function bwrapFlags(argv: string[]): string[] {
  const start = argv.findIndex((a) => a.endsWith("bwrap")) + 1;
  return argv.slice(start, argv.indexOf("--", start));
}

/** Index of a flag followed by exactly these values. */
function flagAt(flags: string[], ...seq: string[]): number {
  return flags.findIndex((_, i) => seq.every((s, k) => flags[i + k] === s));
}

describe("sandboxArgv", () => {
  it("cuts the network for commands and keeps it for the install step only", () => {
    expect(bwrapFlags(sandboxArgv(base))).toContain("--unshare-net");
    const install = bwrapFlags(sandboxArgv({ ...base, network: true }));
    expect(install).not.toContain("--unshare-net");
    // Every other namespace stays unshared for the install too.
    expect(install).toEqual(expect.arrayContaining(["--unshare-pid", "--unshare-ipc", "--unshare-uts"]));
  });

  it("binds the workspace read-write and then its .git read-only on top", () => {
    const flags = bwrapFlags(sandboxArgv(base));
    const rw = flagAt(flags, "--bind", "/srv/ws/abc", WORKSPACE_MOUNT);
    const ro = flagAt(flags, "--ro-bind", "/srv/ws/abc/.git", `${WORKSPACE_MOUNT}/.git`);
    expect(rw).toBeGreaterThan(-1);
    expect(ro).toBeGreaterThan(rw);
    expect(flagAt(flags, "--chdir", WORKSPACE_MOUNT)).toBeGreaterThan(-1);
  });

  it("clears the environment and sets only the fixed and configured variables", () => {
    const flags = bwrapFlags(sandboxArgv({ ...base, env: { NODE_OPTIONS: "--max-old-space-size=1024", PATH: "/opt/node/bin:/usr/bin:/bin" } }));
    const clear = flags.indexOf("--clearenv");
    expect(clear).toBeGreaterThan(-1);
    const set = new Map<string, string>();
    flags.forEach((f, i) => {
      if (f === "--setenv") {
        expect(i).toBeGreaterThan(clear);
        set.set(flags[i + 1]!, flags[i + 2]!);
      }
    });
    expect(Object.fromEntries(set)).toEqual({
      PATH: "/opt/node/bin:/usr/bin:/bin",
      HOME: "/tmp",
      LANG: "C.UTF-8",
      CI: "true",
      PAGER: "cat",
      GIT_PAGER: "cat",
      NO_COLOR: "1",
      TERM: "dumb",
      NODE_OPTIONS: "--max-old-space-size=1024",
    });
    expect(flags).toEqual(expect.arrayContaining(["--die-with-parent", "--new-session"]));
  });

  it("wraps bwrap in the time and resource limits and drops to the workspace's uid inside", () => {
    const argv = sandboxArgv(base);
    expect(argv.slice(0, 4)).toEqual(["timeout", "-k", "5", "120"]);
    expect(argv.slice(4, 8)).toEqual(["prlimit", `--data=${2048 * 1024 * 1024}`, "--nproc=256", "--"]);
    expect(argv[8]).toBe("bwrap");
    const inner = argv.slice(argv.indexOf("--", 9) + 1);
    expect(inner).toEqual([
      "/usr/bin/setpriv", "--reuid=200123", "--regid=200123", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--",
      "/bin/sh", "-c", "npm test",
    ]);
  });

  it("mounts the system read-only and the extra paths given", () => {
    const flags = bwrapFlags(sandboxArgv({ ...base, readOnlyPaths: ["/opt/toolchain"], bwrapPath: "/usr/bin/bwrap" }));
    for (const seq of [["--ro-bind", "/usr", "/usr"], ["--ro-bind", "/etc", "/etc"], ["--ro-bind", "/opt/toolchain", "/opt/toolchain"], ["--proc", "/proc"], ["--dev", "/dev"], ["--tmpfs", "/tmp"]]) {
      expect(flagAt(flags, ...seq), seq.join(" ")).toBeGreaterThan(-1);
    }
    expect(sandboxArgv({ ...base, bwrapPath: "/usr/bin/bwrap" })).toContain("/usr/bin/bwrap");
    expect(() => sandboxArgv({ ...base, readOnlyPaths: ["/tmp/x"] })).toThrow(/overlap/);
    expect(() => sandboxArgv({ ...base, readOnlyPaths: ["opt/x"] })).toThrow(/absolute/);
  });

  it("refuses to run a command as root", () => {
    expect(() => sandboxArgv({ ...base, user: { uid: 0, gid: 0 } })).toThrow(/unprivileged/);
  });

  it("gives each workspace key a stable uid of its own in the range", () => {
    const a = sandboxUserFor("run-a");
    expect(sandboxUserFor("run-a")).toEqual(a);
    expect(sandboxUserFor("run-b").uid).not.toBe(a.uid);
    const r = sandboxUserFor("x", { first: 5000, count: 10 });
    expect(r.uid).toBeGreaterThanOrEqual(5000);
    expect(r.uid).toBeLessThan(5010);
  });
});
