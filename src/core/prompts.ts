import type { RenderedPrompt } from "./ports/model-port.js";

/** Prompts are files (prompts/<graph>/<node>.prompt.yml), validated at start and versioned by hash. */
export interface PromptRenderer {
  render(id: string, vars: Record<string, unknown>): RenderedPrompt;
  /** A hash over every prompt's hash: the version of the prompt set. */
  readonly version: string;
}
