import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** Works from src/ (tsx) and from dist/src/ (built). */
function readVersion(): string {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(resolve(here, rel), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "shopfloor" && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return "0.0.0";
}

export const SHOPFLOOR_VERSION = readVersion();
export const PROJECT_ROOT = resolve(here, here.includes(`${"/dist/"}`) ? "../.." : "..");
