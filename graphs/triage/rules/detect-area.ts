import type { AreaDefinition } from "../triage-types.js";
import { tokenize } from "./tokenize.js";

/**
 * How much each kind of evidence says about an area. The area's own name is what people call that part of the
 * product; a folder name is how developers call it; a description word is only a hint ("order" in "cart, payment
 * and order confirmation").
 */
const NAME_WEIGHT = 3;
const PATH_WEIGHT = 2;
const DESCRIPTION_WEIGHT = 1;

/** Folder names that every project has and that say nothing about the area. */
const GENERIC_SEGMENTS = new Set(["src", "lib", "app", "apps", "packages", "pkg", "internal", "cmd", "test", "tests", "spec", "main", "java", "com", "org", "index", "components", "modules", "web", "server", "client", "public", "static", "assets", "dist", "build"]);

function pathTokens(paths: readonly string[]): string[] {
  return paths
    .flatMap((p) => p.split(/[\\/]+/))
    .map((seg) => seg.replace(/\*+/g, "").replace(/\.[a-z0-9]+$/i, ""))
    .filter((seg) => seg && !GENERIC_SEGMENTS.has(seg.toLowerCase()))
    .flatMap(tokenize);
}

function areaScore(area: AreaDefinition, words: ReadonlySet<string>): number {
  let score = 0;
  const counted = new Set<string>();
  const add = (tokens: readonly string[], weight: number) => {
    for (const t of tokens) {
      if (counted.has(t) || !words.has(t)) continue;
      counted.add(t);
      score += weight;
    }
  };
  add(tokenize(area.name.replace(/[-_/]+/g, " ")), NAME_WEIGHT);
  add(pathTokens(area.paths), PATH_WEIGHT);
  add(tokenize(area.description), DESCRIPTION_WEIGHT);
  return score;
}

/**
 * The configured area the report is about: the one whose name, path segments and description words the text
 * mentions most. "unknown" when nothing matches, or when two areas match equally well: a wrong area label sends
 * the issue to the wrong people, a missing one only asks a human to pick.
 */
export function detectArea(text: string, areas: readonly AreaDefinition[]): string {
  if (!areas.length) return "unknown";
  const words = new Set(tokenize(text));
  const ranked = areas.map((area) => ({ name: area.name, score: areaScore(area, words) })).sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  if (!best || best.score === 0 || (second && second.score === best.score)) return "unknown";
  return best.name;
}
