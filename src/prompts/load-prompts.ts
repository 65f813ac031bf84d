import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { AppError, ErrorCode } from "../core/errors.js";
import type { RenderedPrompt } from "../core/ports/model-port.js";
import type { PromptRenderer } from "../core/prompts.js";
import { promptFileSchema } from "./prompt-file-schema.js";
import { UNTRUSTED_RULE, malformedPlaceholders, renderPrompt, variablesOf, type CompiledPrompt } from "./render-prompt.js";

/** One problem in one prompt file, named by the key that has it. */
export interface PromptProblem {
  path: string;
  key: string;
  message: string;
}

export interface PromptInfo {
  /** `<graph>/<node>` */
  id: string;
  name: string;
  /** First 12 hex characters of the sha256 of the file's bytes: the prompt's version. */
  hash: string;
  path: string;
}

export interface PromptRegistry extends PromptRenderer {
  /** Hash over every prompt's id and hash: one version string for the whole set (`/shopfloor status`). */
  readonly version: string;
  list(): readonly PromptInfo[];
  has(id: string): boolean;
  get(id: string): CompiledPrompt;
  /** Strict rendering; throws AppError(PromptVariables) on a missing or unused variable. */
  render(id: string, vars: Readonly<Record<string, unknown>>): RenderedPrompt;
}

const segment = /^[a-z0-9][a-z0-9_-]*$/;
const extensions = [".prompt.yml", ".prompt.yaml"];

export class PromptLoadError extends AppError {
  readonly problems: PromptProblem[];
  constructor(problems: PromptProblem[]) {
    const files = new Set(problems.map((p) => p.path)).size;
    const lines = problems.map((p) => `  - ${p.path} ${p.key}: ${p.message}`);
    super(ErrorCode.PromptInvalid, `${files} prompt file${files === 1 ? " is" : "s are"} invalid:\n${lines.join("\n")}`, {
      details: { problems },
    });
    this.name = "PromptLoadError";
    this.problems = problems;
  }
}

export function promptHash(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 12);
}

/**
 * Validates one file and turns it into a CompiledPrompt. Returns every problem found rather than the first,
 * so a person fixing prompts sees them all at once.
 */
export function compilePromptFile(
  path: string,
  id: string,
  bytes: Buffer | string,
): { prompt: CompiledPrompt; problems: [] } | { prompt?: undefined; problems: PromptProblem[] } {
  const problems: PromptProblem[] = [];
  const add = (key: string, message: string) => problems.push({ path, key, message });

  const doc = parseDocument(typeof bytes === "string" ? bytes : bytes.toString("utf8"));
  if (doc.errors.length) {
    for (const e of doc.errors) add(`line ${e.linePos?.[0]?.line ?? "?"}`, `YAML syntax: ${e.message.split("\n")[0]}`);
    return { problems };
  }
  const parsed = promptFileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.length ? issue.path.join(".") : "(root)";
      add(key, issue.code === "unrecognized_keys" ? `unknown key(s) ${issue.keys.join(", ")}` : issue.message);
    }
    return { problems };
  }
  const file = parsed.data;

  const used = new Set<string>();
  file.messages.forEach((m, i) => {
    for (const bad of malformedPlaceholders(m.content)) add(`messages.${i}.content`, `${bad} is not a valid placeholder; use {{name}} with a plain variable name`);
    for (const v of variablesOf(m.content)) used.add(v);
  });
  file.untrusted.forEach((name, i) => {
    if (!used.has(name)) add(`untrusted.${i}`, `variable ${name} is listed as untrusted but no message uses {{${name}}}`);
  });
  if (problems.length) return { problems };

  const messages = file.messages.map((m) => ({ ...m }));
  if (file.untrusted.length) {
    const system = messages.find((m) => m.role === "system");
    if (system) system.content = `${system.content.trimEnd()}\n\n${UNTRUSTED_RULE}`;
    else messages.unshift({ role: "system", content: UNTRUSTED_RULE });
  }

  const params = file.modelParameters ?? {};
  const prompt: CompiledPrompt = {
    id,
    name: file.name,
    path,
    hash: promptHash(bytes),
    body: typeof bytes === "string" ? bytes : bytes.toString("utf8"),
    ...(file.model ? { model: file.model } : {}),
    parameters: {
      ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
      ...(params.max_tokens === undefined ? {} : { maxTokens: params.max_tokens }),
    },
    variables: [...used].sort(),
    untrusted: [...new Set(file.untrusted)],
    messages,
  };
  return { prompt: deepFreeze(prompt), problems: [] };
}

/** The version of a prompt set: a hash over each prompt's id and hash, in id order. */
export function promptSetVersion(prompts: readonly { id: string; hash: string }[]): string {
  return createHash("sha256")
    .update(prompts.map((p) => `${p.id} ${p.hash}\n`).join(""))
    .digest("hex")
    .slice(0, 12);
}

/** A registry over already compiled prompts (also what the audit graph can use to preview a proposed version). */
export function createPromptRegistry(prompts: readonly CompiledPrompt[]): PromptRegistry {
  const byId = new Map(prompts.map((p) => [p.id, p] as const));
  const infos = Object.freeze(
    [...byId.values()]
      .map((p) => Object.freeze({ id: p.id, name: p.name, hash: p.hash, path: p.path }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  );
  const version = promptSetVersion(infos);

  const get = (id: string): CompiledPrompt => {
    const prompt = byId.get(id);
    if (!prompt) {
      throw new AppError(ErrorCode.PromptInvalid, `No prompt ${id}: expected a file prompts/${id}.prompt.yml`, {
        details: { promptId: id, known: infos.map((p) => p.id) },
      });
    }
    return prompt;
  };

  return Object.freeze({
    version,
    list: () => infos,
    has: (id: string) => byId.has(id),
    get,
    render: (id: string, vars: Readonly<Record<string, unknown>>) => renderPrompt(get(id), vars),
    ids: () => infos.map((p) => p.id),
    source: (id: string) => {
      const p = get(id);
      return { id, body: p.body, hash: p.hash, origin: "file" as const, variables: p.variables };
    },
    check: (id: string, body: string) => {
      const result = checkPromptBody(get(id), body);
      return result.ok ? { ok: true as const, hash: result.hash } : result;
    },
    // Files are read once at start; only stored versions (src/prompts/versioned-prompts.ts) change while running.
    refresh: async () => {},
  });
}

/**
 * A proposed body for an existing prompt: a valid prompt file that uses exactly the variables the prompt used, since
 * the graph passes those and strict rendering refuses any other set.
 */
export function checkPromptBody(current: CompiledPrompt, body: string): { ok: true; hash: string; prompt: CompiledPrompt } | { ok: false; problems: string[] } {
  const result = compilePromptFile(current.path, current.id, body);
  if (!result.prompt) return { ok: false, problems: result.problems.map((p) => `${p.key}: ${p.message}`) };
  const want = current.variables.join(", ");
  const got = result.prompt.variables.join(", ");
  if (want !== got) return { ok: false, problems: [`the prompt must use the variables ${want || "(none)"}; this version uses ${got || "(none)"}`] };
  return { ok: true, hash: result.prompt.hash, prompt: result.prompt };
}

/**
 * Reads every `*.prompt.yml` under dir (`<dir>/<graph>/<node>.prompt.yml`), validates, hashes and freezes them.
 * Meant to run once at start: any bad file fails the start, and the error lists every bad file at once.
 */
export async function loadPrompts(dir: string): Promise<PromptRegistry> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error("not a directory");
  } catch (e) {
    throw new AppError(ErrorCode.PromptInvalid, `Prompt directory ${dir} cannot be read (${(e as Error).message})`, { cause: e });
  }
  const entries = (await readdir(dir, { recursive: true })).map((p) => p.split("\\").join("/"));
  const files = entries.filter((p) => extensions.some((ext) => p.endsWith(ext))).sort();

  const problems: PromptProblem[] = [];
  const prompts: CompiledPrompt[] = [];
  const seen = new Map<string, string>();
  for (const rel of files) {
    const path = join(dir, rel);
    const ext = extensions.find((e) => rel.endsWith(e)) as string;
    const id = rel.slice(0, -ext.length);
    const parts = id.split("/");
    if (parts.length !== 2 || !parts.every((s) => segment.test(s))) {
      problems.push({ path, key: "(path)", message: "prompt files live at <graph>/<node>.prompt.yml with lower-case names (letters, digits, - and _)" });
      continue;
    }
    const other = seen.get(id);
    if (other) {
      problems.push({ path, key: "(path)", message: `same prompt id ${id} as ${other}` });
      continue;
    }
    seen.set(id, path);
    const result = compilePromptFile(path, id, await readFile(path));
    if (result.prompt) prompts.push(result.prompt);
    else problems.push(...result.problems);
  }
  if (problems.length) throw new PromptLoadError(problems);
  return createPromptRegistry(prompts);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
