import { shorten, oneLine } from "../../src/core/text.js";
import { stripHidden } from "../../src/core/untrusted-text.js";
import type { Gap } from "./grade-schema.js";

/**
 * A title as the planner compares it with open proposals and issues: case, punctuation and spacing do not count.
 * `Add dark mode!` and `add  dark-mode` are the same gap.
 */
export function gapTitleKey(title: string): string {
  return title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The proposal's fingerprint: one open proposal per gap title. */
export const gapFingerprint = (title: string) => `issue:${gapTitleKey(title).replace(/ /g, "-")}`;

/** Quoted Markdown, line by line. */
const quote = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");

/**
 * The issue a gap becomes on approval: what to build, the words of the specification it comes from and the
 * evidence from the code. Hidden HTML comments are dropped: they would be invisible on GitHub, and an issue body is
 * where Shopfloor's own markers live.
 */
export function gapIssue(gap: Gap, specPath: string): { title: string; body: string } {
  const clean = (t: string) => stripHidden(t).trim();
  const body = [
    clean(gap.body),
    `### What the specification says\nFrom \`${specPath}\`:\n\n${quote(clean(gap.specSection))}`,
    `### Evidence in the repository\n${clean(gap.evidence)}`,
    `_A ${gap.size} gap found by Shopfloor's planner, which grades the repository against \`${specPath}\`._`,
  ].join("\n\n");
  return { title: shorten(oneLine(clean(gap.title)), 200), body };
}

/** Why the proposal is worth a look, for the card. */
export function gapRationale(gap: Gap, specPath: string): string {
  return `A ${gap.size} gap between \`${specPath}\` and the code. ${shorten(oneLine(stripHidden(gap.evidence)), 500)}`;
}
