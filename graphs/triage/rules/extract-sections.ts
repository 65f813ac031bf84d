import { oneLine, shorten } from "../../../src/core/text.js";

/**
 * The sections pulled out of a free-text report: title, steps, expected, actual, environment.
 * Reports come from Slack, so Slack markup (mentions, links, emphasis) is undone first.
 */

const TITLE_MAX = 80;
const STEP_MAX = 500;
const STEPS_MAX = 20;
const SECTION_MAX = 1000;
const ENVIRONMENT_MAX = 500;

/** Outside text on one line, cut to `max` with an ellipsis. */
const clip = (s: string, max: number) => shorten(oneLine(s), max);

/** Slack's `<@U123>`, `<#C1|name>`, `<url|label>` and `*bold*` markup, turned back into plain words. */
export function plainText(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, "")
    .replace(/<!(?:subteam\^[A-Z0-9]+\|)?([^>|]+)(?:\|[^>]*)?>/g, "@$1")
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, "#$1")
    .replace(/<#[A-Z0-9]+>/g, "")
    .replace(/<((?:https?|mailto):[^>|]+)\|([^>]+)>/g, "$2")
    .replace(/<((?:https?|mailto):[^>|]+)>/g, "$1")
    .replace(/(^|[\s(])[*_~]+(?=\S)([^*_~\n]+?)(?<=\S)[*_~]+(?=$|[\s).,!?:;])/gm, "$1$2")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The first sentence or line of a text, without code blocks. */
export function firstSentence(text: string): string {
  const prose = text.replace(/```[\s\S]*?```/g, " ").trim();
  const line = prose.split(/\n/).find((l) => l.trim()) ?? "";
  const m = /^(.*?[.!?])(?=\s|$)/.exec(line.trim());
  return (m ? (m[1] as string) : line).trim();
}

/** ≤ 80 characters, cut at a word, no trailing punctuation, first letter upper-case. */
export function makeTitle(title: string | undefined, text: string): string {
  const source = plainText(title?.trim() ? title : firstSentence(text));
  let t = source
    .replace(/`/g, "")
    .replace(/^\s*(?:[-*•>#]+\s*)+/, "")
    .replace(/\s+/g, " ")
    .trim();
  if (t.length > TITLE_MAX) {
    const cut = t.slice(0, TITLE_MAX + 1);
    const space = cut.lastIndexOf(" ");
    t = space > TITLE_MAX / 2 ? cut.slice(0, space) : t.slice(0, TITLE_MAX);
  }
  t = t.replace(/[\s.,;:!?…\-–—]+$/u, "").trim();
  if (t.length < 3) return "Untitled report";
  return t[0]?.toUpperCase() + t.slice(1);
}

/**
 * A line that starts a named section: the keyword alone on its line ("Steps to reproduce"), or followed by a
 * colon or dash ("Expected: …"). A step such as "Log in as admin" is not a heading.
 */
const HEADING =
  /^\s*(?:#+\s*)?\**\s*(steps(?: to reproduce| to repro)?|repro(?:duction)?(?: steps)?|to reproduce|how to reproduce|expected(?: results?| behaviou?r| outcome)?|actual(?: results?| behaviou?r| outcome)?|what happens|what happened|environment|env|versions?|browser|device|os|notes?|logs?|screenshots?|context|workaround)\s*\**\s*(?:[:\-–]\s*\**\s*(.*)|\s*)$/i;
const STEPS_HEADING = /^(?:steps|repro|to reproduce|how to reproduce)/i;
const LIST_ITEM = /^\s*(?:\d{1,2}[.)]|\(\d{1,2}\)|[-*•])\s+(\S.*)$/;
const NUMBERED_ITEM = /^\s*(?:\d{1,2}[.)]|\(\d{1,2}\))\s+(\S.*)$/;
const BULLET_ITEM = /^\s*[-*•]\s+(\S.*)$/;

function cleanSteps(steps: readonly string[]): string[] {
  return steps.map((s) => clip(s, STEP_MAX)).filter(Boolean).slice(0, STEPS_MAX);
}

/**
 * Reproduction steps: the lines after a "Steps" heading (or its inline "a -> b -> c"), else the numbered lines
 * of the report, else its bulleted lines; a single list item is not a sequence of steps.
 */
export function extractSteps(text: string): string[] {
  const lines = plainText(text).split(/\r?\n/);
  const start = lines.findIndex((l) => {
    const h = HEADING.exec(l);
    return !!h && STEPS_HEADING.test(h[1] as string);
  });
  if (start >= 0) {
    const inline = (HEADING.exec(lines[start] as string)?.[2] ?? "").trim();
    const steps: string[] = inline ? inline.split(/\s*(?:->|→|;|,?\s+then\s+)\s*/i) : [];
    for (const line of lines.slice(start + 1)) {
      if (!line.trim()) {
        if (steps.length) break;
        continue;
      }
      if (HEADING.test(line)) break;
      steps.push(LIST_ITEM.exec(line)?.[1] ?? line.trim());
    }
    if (steps.length) return cleanSteps(steps);
  }
  for (const item of [NUMBERED_ITEM, BULLET_ITEM]) {
    const found = lines.map((l) => item.exec(l)?.[1]).filter((s): s is string => !!s);
    if (found.length >= 2) return cleanSteps(found);
  }
  return [];
}

const SENTENCE_END = /[.!?](?=\s|$)/;

/**
 * Where a marker's text ends: at a blank line, the next marker or heading, or, when the marker sits inside a
 * sentence ("I expected the receipt, but instead it shows a blank page"), at the end of that clause.
 */
function sectionAfter(text: string, from: number, inline: boolean): string {
  const rest = text.slice(from);
  const stops = [
    rest.search(/\n\s*\n/),
    rest.search(/\n\s*(?:#+\s*)?\**\s*(?:expected|actual|steps|environment|what happens|what happened|instead)\b/i),
    rest.search(/\b(?:expected|actual)(?: results?| behaviou?r| outcome)?\s*[:\-–]/i),
    inline ? rest.search(SENTENCE_END) : -1,
    inline ? rest.search(/,?\s+but\b|\s+instead\b/i) : -1,
  ].filter((i) => i >= 0);
  const end = stops.length ? Math.min(...stops) : rest.length;
  return clip(rest.slice(0, end).replace(/^[\s:\-–=]+/, ""), SECTION_MAX);
}

/** "Expected: …", "I expected it to …", "it should …"; not "works as expected" nor "unexpected". */
const EXPECTED = /(?<!\bas\s)\b(?:expected(?: results?| behaviou?r| outcome)?|i expected(?: it)?(?: to)?|expectation|it should(?: have)?|should have)\b\s*(:|-|–|=|is\b|was\b|would be\b)?/i;
/** "Actual: …", "what happens: …", "… but instead it …" ("instead of" names the expectation, not the result). */
const ACTUAL = /\b(?:actual(?: results?| behaviou?r| outcome)?|what actually happens|what actually happened|what happens|what happened|instead(?! of)|but got|but received)\b\s*(:|-|–|=|is\b|was\b)?/i;

function markedSection(text: string, marker: RegExp): string {
  const plain = plainText(text);
  const m = marker.exec(plain);
  if (!m) return "";
  const colon = !!m[1] && /[:\-–=]/.test(m[1]);
  const atLineStart = /(?:^|\n)\s*(?:#+\s*)?\**\s*$/.test(plain.slice(0, m.index));
  const from = m.index + m[0].length;
  if (colon && atLineStart) {
    // "Expected: only shoes under 50" is one line; "Expected:" alone on its line heads the lines below it.
    const sameLine = plain.slice(from).split("\n", 1)[0] ?? "";
    if (sameLine.trim() && !/\b(?:expected|actual)(?: results?| behaviou?r| outcome)?\s*[:\-–]/i.test(sameLine)) return clip(sameLine, SECTION_MAX);
  }
  return sectionAfter(plain, from, !(colon && atLineStart));
}

export function extractExpected(text: string): string {
  return markedSection(text, EXPECTED);
}

export function extractActual(text: string): string {
  return markedSection(text, ACTUAL);
}

/**
 * Browsers, operating systems, devices, runtimes and version numbers. Names that are also ordinary words
 * (Edge, Opera, Windows, Pixel) count only capitalised or with a version, so "an edge case" names no browser.
 */
const VERSION = "(?: ?v?\\d+(?:\\.\\d+)*)";
const ENVIRONMENT: readonly RegExp[] = [
  new RegExp(`\\b(?:safari|chrome|chromium|firefox|samsung internet|internet explorer)${VERSION}?\\b`, "gi"),
  new RegExp(`\\b(?:Edge|Opera|Brave|IE)${VERSION}?\\b|\\b(?:edge|opera|brave|ie)${VERSION}\\b`, "g"),
  new RegExp(`\\b(?:ios|ipados|android|macos|mac ?os(?: x)?|os x|linux|ubuntu|debian|centos|fedora|rhel|alpine|chromeos)${VERSION}?\\b`, "gi"),
  new RegExp(`\\bWindows(?:${VERSION}| Server \\d{4}| XP| Vista)?\\b|\\bwindows${VERSION}\\b`, "g"),
  /\b(?:iphone|ipad)(?: ?(?:\d+|pro|max|mini|plus|se|air)\b)*|\bPixel \d+\b|\bGalaxy [A-Z]\d+\b/gi,
  new RegExp(`\\b(?:node(?:\\.js)?|java|jdk|jre|python|ruby|php|postgres(?:ql)?|mysql|redis|docker|kubernetes)${VERSION}\\b`, "gi"),
  /\b(?:version|release|app version)[ :]+v?\d+(?:\.\d+)*(?:-[0-9a-z.]+)?\b/gi,
  /(?<![\w.])v?\d+\.\d+\.\d+(?:-[0-9a-z.]+)?(?!\w|\.\d)/gi,
];

/** What the report says about where it happens, in the order it says it ("Safari 17, iOS 17.2, 2.10.0"). */
export function extractEnvironment(text: string): string {
  const plain = plainText(text);
  const matches = ENVIRONMENT.flatMap((re) => [...plain.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length, value: m[0] })));
  // Overlapping matches ("version 2.10.0" and "2.10.0") are one fact: keep the longer one.
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const found: string[] = [];
  const seen = new Set<string>();
  let taken = -1;
  for (const m of matches) {
    if (m.start < taken) continue;
    taken = m.end;
    const value = m.value.replace(/\s+/g, " ").trim();
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    found.push(value);
  }
  return clip(found.join(", "), ENVIRONMENT_MAX);
}
