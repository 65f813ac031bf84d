import type { RenderedPrompt } from "./ports/model-port.js";

/** The text of a prompt as it is in use: its file, or an approved version stored in PostgreSQL that overrides it. */
export interface PromptSource {
  /** `<graph>/<node>` */
  id: string;
  /** The whole prompt file (YAML). */
  body: string;
  /** Content hash of `body`: the prompt's version as the run ledger records it. */
  hash: string;
  origin: "file" | "version";
  /** The stored version number when `origin` is "version". */
  version?: number;
  /** Variables the prompt uses: a new version must use the same ones. */
  variables: readonly string[];
}

/**
 * Prompts are files (prompts/<graph>/<node>.prompt.yml), validated at start and versioned by hash. An approved
 * prompt version (from an audit proposal) takes precedence over its file until it is rolled back.
 */
export interface PromptRenderer {
  render(id: string, vars: Record<string, unknown>): RenderedPrompt;
  /** A hash over every prompt's hash in use: the version of the prompt set. */
  readonly version: string;
  /** Every prompt id there is. */
  ids(): readonly string[];
  /** What is in use for a prompt now. Throws AppError(PromptInvalid) for an unknown id. */
  source(id: string): PromptSource;
  /**
   * Checks a proposed body for a prompt: it must be a valid prompt file using exactly the variables the graph passes.
   * Returns its hash, or the problems a person would need to fix.
   */
  check(id: string, body: string): { ok: true; hash: string } | { ok: false; problems: string[] };
  /** Picks up versions adopted or rolled back since the last call (cheap when nothing moved). */
  refresh(): Promise<void>;
}
