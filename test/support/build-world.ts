import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildGraph } from "../../graphs/build/index.js";
import { createBwrapWorkspaces } from "../../src/adapters/workspace/bwrap-workspaces.js";
import type { GraphSettings } from "../../src/core/graph-deps.js";
import { silentLogger, type Logger } from "../../src/core/logger.js";
import type { ModelPort, ToolTurn } from "../../src/core/ports/model-port.js";
import type { WorkspacePort } from "../../src/core/ports/workspace-port.js";
import { loadPrompts } from "../../src/prompts/load-prompts.js";
import { GitStore } from "../../src/sandbox/fake-github/git-store.js";
import { SHOP_SEED } from "../../src/sandbox/start-sandbox.js";
import { FakeForge } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "./graph-harness.js";


let calls = 0;
/** One model turn calling one tool. */
export const tool = (name: string, args: Record<string, unknown> | string): ToolTurn => ({
  content: "",
  toolCalls: [{ id: `call_${++calls}`, name, arguments: typeof args === "string" ? args : JSON.stringify(args) }],
  finishReason: "tool_calls",
});

/**
 * A build graph over real git and real bubblewrap: a bare repository (the sandbox's shop) stands for GitHub's
 * git side, FakeForge for its API (a push moves the FakeForge branch too, as GitHub would), FakeModel for the model.
 */
export async function buildWorld(options: { build?: Partial<GraphSettings["build"]>; threadId?: string; model?: ModelPort; token?: () => Promise<string | null>; logger?: Logger } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "shopfloor-build-"));
  const git = await GitStore.init(join(dir, "shop.git"), "main", { name: "Alice", email: "alice@example.com" });
  const initial = await git.buildCommit(null, { ...SHOP_SEED }, "Initial commit");
  await git.updateRef("refs/heads/main", initial, null);
  const forge = new FakeForge();
  forge.branches.set("main", initial);

  const root = join(dir, "workspaces");
  const real = createBwrapWorkspaces({
    root,
    cloneUrl: async () => git.cloneUrl,
    token: options.token ?? (async () => null),
    limits: { timeoutSeconds: 60, memoryMb: 1024, maxProcesses: 128, maxOutputBytes: 32_768 },
    installTimeoutSeconds: 60,
    logger: options.logger ?? silentLogger,
  });
  const workspaces: WorkspacePort = {
    check: () => real.check(),
    discard: (key) => real.discard(key),
    async open(input) {
      const ws = await real.open(input);
      const push = ws.commitAndPush.bind(ws);
      ws.commitAndPush = async (commit) => {
        const pushed = await push(commit);
        forge.pushBranch(input.branch, pushed.sha);
        return pushed;
      };
      return ws;
    },
  };
  const prompts = await loadPrompts(resolve(import.meta.dirname, "../../prompts"));
  const world = fakeGraphDeps({ forge, workspaces, prompts, ...(options.model ? { model: options.model } : {}) });
  Object.assign(world.deps.settings.build, options.build ?? {});
  const harness = graphHarness(buildGraph, world.deps, options.threadId ?? "gh-issue:acme/shop#1:build");
  return {
    ...world,
    git,
    harness,
    /** Workspace directories still on disk. */
    leftovers: async () => readdir(root).catch(() => [] as string[]),
    /** Text of a file on a branch of the bare repository. */
    fileOn: async (branch: string, path: string) => {
      const sha = await git.branchSha(branch);
      return sha ? ((await git.readFile(sha, path))?.toString("utf8") ?? null) : null;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
