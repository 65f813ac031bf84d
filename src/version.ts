import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding Shopfloor's package.json, from src/ (tsx) and from dist/src/ (built image) alike. */
function findRoot(): { root: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkgPath = resolve(dir, "package.json");
    if (existsSync(pkgPath)) {
      const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "shopfloor") return { root: dir, version: pkg.version ?? "0.0.0" };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("Shopfloor's package.json not found above src/version.ts");
    dir = parent;
  }
}

const found = findRoot();
export const PROJECT_ROOT = found.root;
export const SHOPFLOOR_VERSION = found.version;
