import { hash } from "../../src/core/ids.js";

/**
 * Findings are recognised across pushes and across dimensions by their path and their title's words,
 * not by line numbers (which move) nor by the exact wording the model happened to use this time.
 */

const QUOTES = /['"`\u2018\u2019\u201C\u201D]/g;

/** Lower case, no quotes, punctuation or digits, single spaces. */
export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(QUOTES, "")
    .replace(/[^\p{L}\s]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function findingFingerprint(path: string, title: string): string {
  return hash(`${path}\n${normaliseTitle(title)}`, 16);
}

/** Jaccard similarity of the titles' normalised word sets; 0 when either has no words. */
export function titleSimilarity(a: string, b: string): number {
  const wordsA = new Set(normaliseTitle(a).split(" ").filter(Boolean));
  const wordsB = new Set(normaliseTitle(b).split(" ").filter(Boolean));
  if (wordsA.size === 0 || wordsB.size === 0) return 0;
  let shared = 0;
  for (const word of wordsA) if (wordsB.has(word)) shared += 1;
  return shared / (wordsA.size + wordsB.size - shared);
}
