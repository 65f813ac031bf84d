import { existsSync } from "node:fs";
import { GlobalFonts } from "@napi-rs/canvas";

export interface ChartFontFiles {
  regular: string;
  bold?: string;
}

/**
 * Where Debian (fonts-dejavu-core) and Alpine (font-dejavu) put DejaVu Sans. One named font instead of
 * whatever the machine resolves "sans-serif" to keeps a chart the same on a laptop, in CI and in the image.
 */
export const DEFAULT_CHART_FONT_FILES: readonly ChartFontFiles[] = [
  { regular: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", bold: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf" },
  { regular: "/usr/share/fonts/dejavu/DejaVuSans.ttf", bold: "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf" },
];

/** Our own family name, so a system font of the same name can never stand in for the registered files. */
const FAMILY = "Shopfloor Chart Sans";
/** What the canvas falls back to when no font file is found: text may then differ, or be missing, but nothing fails. */
const FALLBACK_FAMILY = "sans-serif";

/**
 * Registers the first font files found (once per process) and returns the family to draw with. The
 * registration is global to the native canvas library, so it is done at most once whatever the caller.
 */
export function chartFontFamily(candidates: readonly ChartFontFiles[] = DEFAULT_CHART_FONT_FILES): { family: string; registered: boolean } {
  if (GlobalFonts.has(FAMILY)) return { family: FAMILY, registered: true };
  for (const files of candidates) {
    if (!existsSync(files.regular)) continue;
    if (!GlobalFonts.registerFromPath(files.regular, FAMILY)) continue;
    if (files.bold && existsSync(files.bold)) GlobalFonts.registerFromPath(files.bold, FAMILY);
    return { family: FAMILY, registered: true };
  }
  return { family: FALLBACK_FAMILY, registered: false };
}
