#!/usr/bin/env node
// Shopfloor's command line. Sentry's instrumentation must load before anything else (library-notes §5.3),
// then the TypeScript sources run through tsx; a built image runs dist/ directly (see Dockerfile).
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const built = resolve(root, "dist/src/cli/main.js");
const useBuilt = existsSync(built) && !existsSync(resolve(root, "src/cli/main.ts"));

if (useBuilt) {
  await import(pathToFileURL(resolve(root, "dist/src/observability/instrument.js")).href);
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(resolve(root, "src/observability/instrument.ts")).href);
  await import(pathToFileURL(resolve(root, "src/cli/main.ts")).href);
}
