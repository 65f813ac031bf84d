import { formatDiffForModel } from "./numbered-diff.js";
import type { Chunk, ReviewFile, SkippedFile } from "./review-types.js";

/**
 * Splits a PR's diff into model calls that fit both one call's window and the review's token budget.
 * Whatever does not fit is listed with a reason, so the summary can say exactly what was not reviewed.
 */

export interface PlanChunksInput {
  files: ReviewFile[];
  /** Prompt tokens the whole review may spend. */
  tokenBudget: number;
  /** Largest diff one model call may carry. */
  chunkTokens: number;
  /** Model calls made per chunk (one per dimension reviewed). */
  callsPerChunk: number;
  /** Tokens every call spends besides the diff (instructions, PR description). */
  contextTokens: number;
  /** Higher is reviewed first when the budget runs out; 0 when absent. */
  priority?: (path: string) => number;
}

export interface ChunkPlan {
  chunks: Chunk[];
  skipped: SkippedFile[];
}

/** A rough count (4 characters per token) that only has to be consistent, not exact. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

interface Sized {
  path: string;
  tokens: number;
  dir: string;
}

const topDir = (path: string): string => {
  const slash = path.indexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
};

// Code-point order, not localeCompare: the plan must not depend on the host's locale.
const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function planChunks(input: PlanChunksInput): ChunkPlan {
  const { tokenBudget, chunkTokens, callsPerChunk, contextTokens } = input;
  const priority = input.priority ?? (() => 0);
  const ordered = input.files
    .map((file) => ({ file, priority: priority(file.path) }))
    .sort((a, b) => b.priority - a.priority || byPath(a.file.path, b.file.path));

  const skipped: SkippedFile[] = [];
  const reviewable: Sized[] = [];
  for (const { file } of ordered) {
    if (!file.patch) {
      skipped.push({ path: file.path, reason: "no textual diff (binary or too large for GitHub)" });
      continue;
    }
    const tokens = estimateTokens(formatDiffForModel([file]));
    if (tokens > chunkTokens) {
      skipped.push({ path: file.path, reason: `diff of ~${tokens} tokens is larger than one review call allows (${chunkTokens})` });
      continue;
    }
    reviewable.push({ path: file.path, tokens, dir: topDir(file.path) });
  }

  const chunks: Chunk[] = [];
  let spent = 0;
  for (let i = 0; i < reviewable.length; i += 1) {
    const file = reviewable[i] as Sized;
    const current = chunks[chunks.length - 1];
    const fitsCurrent = current !== undefined && current.tokens + file.tokens <= chunkTokens;
    const appendCost = file.tokens * callsPerChunk;
    const newChunkCost = (file.tokens + contextTokens) * callsPerChunk;

    let target: "current" | "new" = fitsCurrent ? "current" : "new";
    // At the start of a directory, open a fresh chunk rather than split the directory across two,
    // when the directory would fit whole in a fresh chunk but not in what is left of this one.
    if (fitsCurrent && current && file.dir !== reviewable[i - 1]?.dir) {
      const dirTokens = sumDirectoryRun(reviewable, i);
      if (current.tokens + dirTokens > chunkTokens && dirTokens <= chunkTokens && spent + newChunkCost <= tokenBudget) {
        target = "new";
      }
    }

    const cost = target === "current" ? appendCost : newChunkCost;
    if (spent + cost > tokenBudget) {
      skipped.push({ path: file.path, reason: `over this review's token budget of ${tokenBudget} tokens` });
      continue;
    }
    spent += cost;
    if (target === "current" && current) {
      current.files.push(file.path);
      current.tokens += file.tokens;
    } else {
      chunks.push({ files: [file.path], tokens: file.tokens });
    }
  }
  return { chunks, skipped };
}

function sumDirectoryRun(files: Sized[], from: number): number {
  const dir = files[from]?.dir;
  let total = 0;
  for (let i = from; i < files.length && files[i]?.dir === dir; i += 1) total += files[i]?.tokens ?? 0;
  return total;
}
