import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildGraph } from "../../graphs/build/index.js";
import { createBwrapWorkspaces } from "../../src/adapters/workspace/bwrap-workspaces.js";
import type { GraphSettings } from "../../src/core/graph-deps.js";
import { silentLogger } from "../../src/core/logger.js";
import type { ToolTurn } from "../../src/core/ports/model-port.js";
import type { WorkspacePort } from "../../src/core/ports/workspace-port.js";
import { loadPrompts } from "../../src/prompts/load-prompts.js";
import { GitStore } from "../../src/sandbox/fake-github/git-store.js";
import { FakeForge } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "./graph-harness.js";

/** The shop the sandbox seeds: `total` crashes on a missing list; `node --test` runs its tests. */
export const SHOP_FILES: Record<string, string> = {
  "package.json": `{ "name": "shop", "private": true, "type": "module" }\n`,
  "src/cart.js": "export function total(prices) {\n  return prices.reduce((a, b) => a + b, 0);\n}\n",
  "test/cart.test.js": 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { total } from "../src/cart.js";\n\ntest("adds", () => assert.equal(total([2, 3]), 5));\n',
};

let calls = 0;
/** One model turn calling one tool. */
export const tool = (name: string, args: Record<string, unknown> | string): ToolTurn => ({
  content: "",
  toolCalls: [{ id: `call_${++calls}`, name, arguments: typeof args === "string" ? args : JSON.stringify(args) }],
  finishReason: "tool_calls",
});

/**
 * A build graph over real git and real bubblewrap: a bare repository in a temporary directory stands for GitHub's
 * git side, FakeForge for its API (a push moves the FakeForge branch too, as GitHub would), FakeModel for the model.
 */
export async function buildWorld(options: { build?: Partial<GraphSettings["build"]>; threadId?: string } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "shopfloor-build-"));
  const git = await GitStore.init(join(dir, "shop.git"), "main", { name: "Alice", email: "alice@example.com" });
  const initial = await git.buildCommit(null, SHOP_FILES, "Initial commit");
  await git.updateRef("refs/heads/main", initial, null);
  const forge = new FakeForge();
  forge.branches.set("main", initial);

  const root = join(dir, "workspaces");
  const real = createBwrapWorkspaces({
    root,
    cloneUrl: async () => git.cloneUrl,
    token: async () => null,
    limits: { timeoutSeconds: 60, memoryMb: 1024, maxProcesses: 128, maxOutputBytes: 32_768 },
    installTimeoutSeconds: 60,
    logger: silentLogger,
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
  const world = fakeGraphDeps({ forge, workspaces, prompts: await loadPrompts(resolve(import.meta.dirname, "../../prompts")) });
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
