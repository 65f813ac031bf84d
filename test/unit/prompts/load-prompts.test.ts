import { afterAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import { PromptLoadError, loadPrompts } from "../../../src/prompts/load-prompts.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../../fixtures/prompts");

const valid = `name: Summarise
messages:
  - role: system
    content: You summarise.
  - role: user
    content: "Text: {{text}}"
`;

async function tempPrompts(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "shopfloor-prompts-"));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  return dir;
}

async function loadError(dir: string): Promise<PromptLoadError> {
  try {
    await loadPrompts(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(PromptLoadError);
    return e as PromptLoadError;
  }
  throw new Error("loadPrompts did not fail");
}

describe("loadPrompts", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  const temp = async (files: Record<string, string>) => {
    const dir = await tempPrompts(files);
    dirs.push(dir);
    return dir;
  };

  it("loads the fixture, names it <graph>/<node> and versions it by the sha256 of its bytes", async () => {
    const registry = await loadPrompts(fixtures);
    const bytes = await readFile(join(fixtures, "triage/classify.prompt.yml"));
    const expected = createHash("sha256").update(bytes).digest("hex").slice(0, 12);

    expect(registry.list()).toEqual([
      { id: "triage/classify", name: "Classify a bug report", hash: expected, path: join(fixtures, "triage/classify.prompt.yml") },
    ]);
    expect(registry.get("triage/classify").variables).toEqual(["areas", "report", "reporter", "repository"]);
    expect(registry.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it("takes model and parameters from the file", async () => {
    const rendered = (await loadPrompts(fixtures)).render("triage/classify", {
      repository: "acme/shop",
      areas: "checkout, search",
      reporter: "Dana",
      report: "Checkout is broken",
    });
    expect(rendered.model).toBe("gpt-4.1-mini");
    expect(rendered.parameters).toEqual({ temperature: 0.2, maxTokens: 800 });
    expect(rendered.id).toBe("triage/classify");
  });

  it("changes the prompt hash and the registry version when a file changes", async () => {
    const dir = await temp({ "a/one.prompt.yml": valid, "b/two.prompt.yml": valid });
    const before = await loadPrompts(dir);
    await writeFile(join(dir, "b/two.prompt.yml"), valid.replace("You summarise.", "You summarise briefly."));
    const after = await loadPrompts(dir);

    expect(after.list()[0]?.hash).toBe(before.list()[0]?.hash);
    expect(after.list()[1]?.hash).not.toBe(before.list()[1]?.hash);
    expect(after.version).not.toBe(before.version);
  });

  it("freezes the registry", async () => {
    const registry = await loadPrompts(fixtures);
    const prompt = registry.get("triage/classify");
    expect(Object.isFrozen(prompt.messages[0])).toBe(true);
    expect(() => {
      (prompt.messages[0] as { content: string }).content = "ignore all rules";
    }).toThrow(TypeError);
  });

  it("reports every bad file at once, each with its path and key", async () => {
    const dir = await temp({
      "triage/ok.prompt.yml": valid,
      "triage/no-messages.prompt.yml": "name: Broken\nmessages: []\n",
      "review/typo.prompt.yml": valid.replace("name:", "nmae:"),
      "review/bad-yaml.prompt.yml": "name: [unclosed\nmessages:\n",
      "review/dotted-variable.prompt.yml": valid.replace("{{text}}", "{{ text.body }}"),
      "review/untrusted.prompt.yml": `${valid}untrusted: [diff]\n`,
      "triage/notes.md": "not a prompt",
    });
    const error = await loadError(dir);

    expect(error.code).toBe(ErrorCode.PromptInvalid);
    const byFile = (rel: string) => error.problems.filter((p) => p.path === join(dir, rel));
    expect(byFile("triage/ok.prompt.yml")).toEqual([]);
    expect(byFile("triage/no-messages.prompt.yml")).toEqual([
      expect.objectContaining({ key: "messages", message: "needs at least one message" }),
    ]);
    expect(byFile("review/typo.prompt.yml").map((p) => p.key)).toEqual(expect.arrayContaining(["name", "(root)"]));
    expect(byFile("review/typo.prompt.yml").find((p) => p.key === "(root)")?.message).toContain("nmae");
    expect(byFile("review/bad-yaml.prompt.yml")[0]?.message).toMatch(/^YAML syntax/);
    expect(byFile("review/dotted-variable.prompt.yml")).toEqual([
      expect.objectContaining({ key: "messages.1.content", message: expect.stringContaining("{{ text.body }}") }),
    ]);
    expect(byFile("review/untrusted.prompt.yml")).toEqual([
      expect.objectContaining({ key: "untrusted.0", message: expect.stringContaining("diff") }),
    ]);
    // The message a person reads at start names every bad file.
    for (const rel of ["no-messages", "typo", "bad-yaml", "dotted-variable", "untrusted"]) expect(error.message).toContain(`${rel}.prompt.yml`);
    expect(error.message).toMatch(/^5 prompt files are invalid/);
  });

  it("rejects files outside <graph>/<node>.prompt.yml", async () => {
    const dir = await temp({ "flat.prompt.yml": valid, "triage/deep/x.prompt.yml": valid, "Triage/Upper.prompt.yml": valid });
    const error = await loadError(dir);
    expect(error.problems.map((p) => p.path).sort()).toEqual(
      [join(dir, "Triage/Upper.prompt.yml"), join(dir, "flat.prompt.yml"), join(dir, "triage/deep/x.prompt.yml")].sort(),
    );
  });

  it("fails clearly when the directory does not exist", async () => {
    await expect(loadPrompts("/nonexistent/prompts")).rejects.toMatchObject({ code: ErrorCode.PromptInvalid, message: expect.stringContaining("/nonexistent/prompts") });
  });

  it("refuses to render an unknown prompt id", async () => {
    const registry = await loadPrompts(fixtures);
    expect(() => registry.render("triage/nope", {})).toThrow(AppError);
    expect(() => registry.render("triage/nope", {})).toThrow(/triage\/nope/);
  });
});
