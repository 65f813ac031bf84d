/**
 * Prompt versions approved in Slack (from an audit proposal). While a version is the head of its prompt it takes
 * precedence over the file prompts/<id>.prompt.yml; a rollback moves the head back to the version before, or to the
 * file when there is none. Versions are never changed or deleted, and every move of a head is kept.
 */
export interface PromptVersion {
  id: number;
  /** `<graph>/<node>`, as the prompt file is named. */
  promptId: string;
  /** 1, 2, … per prompt. */
  version: number;
  /** The whole prompt file (YAML) of this version. */
  body: string;
  /** Content hash of `body`, as the loader hashes files: what the run ledger records with each model call. */
  hash: string;
  /** The hash of the prompt this version was made from (the file's or an earlier version's). */
  baseHash: string;
  proposalId: number | null;
  /** Slack user id of the approver. */
  createdBy: string;
  createdAt: string;
}

/** One move of a prompt's head: a version adopted, or a rollback (to a version, or to the file when null). */
export interface PromptHeadChange {
  promptId: string;
  versionId: number | null;
  action: "adopt" | "rollback";
  changedBy: string;
  changedAt: string;
}

export interface PromptVersionStore {
  /** Stores a new version and makes it the head of its prompt. */
  adopt(input: { promptId: string; body: string; hash: string; baseHash: string; proposalId?: number; createdBy: string }): Promise<PromptVersion>;
  /** The versions in use: one per prompt whose head is a version (prompts on their file are absent). */
  heads(): Promise<PromptVersion[]>;
  /** Every version of a prompt, newest first, the head moves newest first, and the version in use (null: the file). */
  history(promptId: string): Promise<{ versions: PromptVersion[]; changes: PromptHeadChange[]; head: PromptVersion | null }>;
  /**
   * Moves the head back one step: from version n to the version in use before it, or to the file. Returns what was
   * in use before and after; `from` is null (and nothing changes) when the prompt is already on its file.
   */
  rollback(promptId: string, by: string): Promise<{ from: PromptVersion | null; to: PromptVersion | null }>;
  /** A number that changes whenever a head moves: renderers reload only when it did. */
  generation(): Promise<number>;
}
