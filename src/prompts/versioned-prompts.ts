import type { PromptVersionStore } from "../core/ledgers/prompt-versions.js";
import type { Logger } from "../core/logger.js";
import type { PromptRenderer, PromptSource } from "../core/prompts.js";
import { checkPromptBody, promptSetVersion, type PromptRegistry } from "./load-prompts.js";
import { renderPrompt, type CompiledPrompt } from "./render-prompt.js";

interface Override {
  version: number;
  prompt: CompiledPrompt;
}

/**
 * The prompt files with the approved versions stored in PostgreSQL on top. Renders from memory: `refresh()` (called
 * before runs) asks the store whether any head moved and reloads only then. A stored version is compiled against its
 * file: when the file changed its variables since the version was approved, or the file is gone, the version cannot
 * be rendered with what the graph passes, so it is skipped (with a warning) and the file is used.
 */
export function createVersionedPrompts(files: PromptRegistry, store: PromptVersionStore, logger: Logger): PromptRenderer {
  let overrides = new Map<string, Override>();
  let generation: number | null = null;
  let version = files.version;
  let queue: Promise<void> = Promise.resolve();

  const compiled = (id: string): CompiledPrompt => overrides.get(id)?.prompt ?? files.get(id);

  const reload = async () => {
    const seen = await store.generation();
    if (seen === generation) return;
    const next = new Map<string, Override>();
    for (const head of await store.heads()) {
      if (!files.has(head.promptId)) {
        logger.warn({ promptId: head.promptId, version: head.version }, "prompt version skipped: its prompt file is gone");
        continue;
      }
      const checked = checkPromptBody(files.get(head.promptId), head.body);
      if (!checked.ok) {
        logger.warn({ promptId: head.promptId, version: head.version, problems: checked.problems }, "prompt version skipped: it no longer fits its prompt file; the file is used");
        continue;
      }
      if (checked.hash !== head.hash) {
        logger.warn({ promptId: head.promptId, version: head.version, stored: head.hash, computed: checked.hash }, "prompt version's stored hash differs from its body's; the body's is recorded");
      }
      next.set(head.promptId, { version: head.version, prompt: checked.prompt });
    }
    overrides = next;
    // The registry's hash over what is in use: unchanged while no version is.
    version = promptSetVersion(files.ids().map((id) => compiled(id)));
    generation = seen;
  };

  return {
    get version() {
      return version;
    },
    render: (id, vars) => renderPrompt(compiled(id), vars),
    ids: () => files.ids(),
    source: (id): PromptSource => {
      const override = overrides.get(id);
      if (!override) return files.source(id);
      const p = override.prompt;
      return { id, body: p.body, hash: p.hash, origin: "version", version: override.version, variables: p.variables };
    },
    // A proposal must fit what the graph passes, which is what the file declares (an in-use version declares the same).
    check: (id, body) => files.check(id, body),
    // One at a time, each asking the store afresh: a caller that just moved a head must not get back an answer read
    // before its move, and two reloads must not finish in the wrong order.
    refresh: () => {
      const run = queue.then(reload);
      queue = run.catch(() => {});
      return run;
    },
  };
}
