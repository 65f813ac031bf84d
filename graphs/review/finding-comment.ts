import type { Finding, Severity } from "./review-types.js";
import { oneLine } from "../../src/core/text.js";

/**
 * The inline review comment of a finding. Its last line is a hidden marker carrying the fingerprint, so the
 * next review recognises its own threads (to skip re-posting, or to resolve them once fixed).
 */

export const SEVERITY_BADGES: Record<Severity, string> = {
  blocker: "🔴 **Blocker**",
  major: "🟠 **Major**",
  minor: "🟡 **Minor**",
  nit: "⚪ **Nit**",
};

export function findingMarker(fingerprint: string): string {
  return `<!-- shopfloor:finding=${fingerprint} -->`;
}

const MARKER = /<!-- shopfloor:finding=([0-9a-f]+) -->/;

export function parseFindingMarker(body: string): string | null {
  return MARKER.exec(body)?.[1] ?? null;
}

// Prose suggestions stay prose; only something shaped like source goes in a code block.
const CODE_SHAPES = [
  /[;{}]\s*$/,
  /=>|===|!==|&&|\|\||::/,
  /^(?:const|let|var)\s+[\w$]+\s*=/,
  /^(?:import|export)\s.*(?:\bfrom\b|=)/,
  /^(?:function|def)\s+[\w$]+\s*\(/,
  /^class\s+[\w$]+.*[:{]$/,
  /^[\w.$]+\([^)]*\);?$/,
];

export function looksLikeCode(text: string): boolean {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const indented = lines.length > 1 && lines.some((line) => /^(?: {2,}|\t)\S/.test(line));
  return indented || lines.some((line) => CODE_SHAPES.some((shape) => shape.test(line.trim())));
}

function fenced(code: string): string {
  const longestRun = Math.max(0, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}\n${code.replace(/^\n+|\s+$/g, "")}\n${fence}`;
}


export function inlineCommentBody(f: Finding): string {
  const parts = [`${SEVERITY_BADGES[f.severity]} · ${f.dimensions.join(", ")} · **${oneLine(f.title)}**`, f.reason.trim()];
  const suggestion = f.suggestion?.trim();
  if (suggestion) {
    // A model sometimes fences its own suggestion; a second fence would show the backticks literally.
    if (suggestion.startsWith("```")) parts.push(`Suggested change:\n\n${suggestion}`);
    else if (looksLikeCode(f.suggestion ?? "")) parts.push(`Suggested change:\n\n${fenced(f.suggestion ?? "")}`);
    else parts.push(`Suggested change: ${suggestion}`);
  }
  parts.push(findingMarker(f.fingerprint));
  return parts.join("\n\n");
}

export function fixedReplyBody(sha: string): string {
  return `Fixed in ${sha.slice(0, 7)} — resolving.`;
}
