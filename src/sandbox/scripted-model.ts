import { posix } from "node:path";
import type { RawFinding, Severity } from "../../graphs/review/review-types.js";
import { classifyByRules } from "../../graphs/triage/rules/classify-by-rules.js";
import type { FakeChatRequest, FakeReply } from "./fake-openai/fake-openai-server.js";
import { scriptedAgent, scriptedPlan } from "./scripted-agent.js";

/**
 * The sandbox's model when no real one is configured. It answers by task (the adapter names the task in
 * every request: `user: "shopfloor:<task>"`) with deterministic, plausible answers, so the demo and the
 * end-to-end tests exercise the model path (prompt, structured output, validation, run ledger) for real.
 * An unknown task gets the fake's 500, so a missing script shows up as a clear model error.
 */
const answers: Record<string, (request: FakeChatRequest) => FakeReply> = {
  "triage.classify": (request) => {
    const report = untrusted(request, "report");
    const areas = [...(systemText(request).match(/area: one of these names, or "unknown": (.*)/)?.[1] ?? "").matchAll(/([a-z0-9-]+) \(([^)]*)\)/g)].map((m) => ({
      name: m[1]!,
      description: m[2]!,
      paths: [],
    }));
    const { method: _m, fallbackReason: _f, ...classification } = classifyByRules({ text: report }, areas, "scripted");
    return { json: classification };
  },
  "triage.check-duplicates": () => ({ json: { duplicateOf: null, reason: "the scripted model never confirms duplicates; similarity shows them" } }),
  "triage.answer-question": () => ({ json: { canAnswer: false, answer: "" } }),
  // Review answers come from rules over the diff's added lines and the guidelines only: the PR text is never
  // read, so the injection test sees exactly what a model that ignores instructions in data would answer.
  "review.correctness": (request) => ({ json: { findings: reviewFindings(parseNumberedDiff(untrusted(request, "diff")), correctnessRules) } }),
  "review.security": (request) => ({ json: { findings: reviewFindings(parseNumberedDiff(untrusted(request, "diff")), securityRules) } }),
  "review.ui": (request) => ({ json: { findings: reviewFindings(parseNumberedDiff(untrusted(request, "diff")), uiRules) } }),
  "review.tests": (request) => ({ json: { findings: missingTestFindings(parseNumberedDiff(untrusted(request, "diff"))) } }),
  "review.architecture": (request) => ({
    // Only the fenced guidelines: without the fence the whole prompt would be searched for boundary rules.
    json: { findings: boundaryFindings(parseNumberedDiff(untrusted(request, "diff")), boundaryRules(fenced(request, "guidelines") ?? "")) },
  }),
  "review.summarize": (request) => ({ json: summarizeDiff(parseNumberedDiff(untrusted(request, "diff"))) }),
  "build.plan": scriptedPlan,
  "build.agent": scriptedAgent,
  "explain.write-paragraph": (request) => ({ json: { paragraph: explainParagraph(untrusted(request, "facts")) } }),
  "recap.public-update": (request) => ({ json: { text: publicUpdatePost(allText(request), fenced(request, "merged") ?? "") } }),
};

export function scriptedModel(request: FakeChatRequest): FakeReply | undefined {
  return request.task ? answers[request.task]?.(request) : undefined;
}

const text = (content: unknown) => (typeof content === "string" ? content : "");

function systemText(request: FakeChatRequest): string {
  return text(request.messages.find((m) => m.role === "system")?.content);
}

function allText(request: FakeChatRequest): string {
  return request.messages.map((m) => text(m.content)).join("\n");
}

/** The text of an `<untrusted name="…">` block the prompt loader fenced, or undefined without one. */
function fenced(request: FakeChatRequest, name: string): string | undefined {
  return new RegExp(`<untrusted name="${name}">\\n?([\\s\\S]*?)\\n?</untrusted>`).exec(allText(request))?.[1];
}

/** The fenced block, or the whole request text when the prompt did not fence it. */
function untrusted(request: FakeChatRequest, name: string): string {
  return fenced(request, name) ?? allText(request);
}

/* ---------------------------------------------------------------- review */

interface AddedLine {
  line: number;
  text: string;
}

interface DiffFile {
  path: string;
  added: AddedLine[];
}

const fileHeader = /^=== FILE: (.+) \([^()]*\) ===$/;
/** `   12 |+code`: the new-side number (absent on removed lines), `|`, the marker, the content. */
const numberedLine = /^ *(\d+)? \|([+ -]?)(.*)$/;

/**
 * Reads the numbered diff the review prompts receive. Kept here rather than imported from the review graph so
 * the sandbox answers the text the model is actually sent, whatever produced it.
 */
function parseNumberedDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let current: DiffFile | undefined;
  for (const raw of diff.split(/\r?\n/)) {
    const header = fileHeader.exec(raw);
    if (header) {
      current = { path: header[1]!, added: [] };
      files.push(current);
      continue;
    }
    const m = numberedLine.exec(raw);
    if (current && m?.[1] && m[2] === "+") current.added.push({ line: Number(m[1]), text: m[3]! });
  }
  return files;
}

interface LineRule {
  /** Whether the added line at `index` of the file shows the problem; the following lines are there for tags split over lines. */
  matches: (lines: readonly AddedLine[], index: number) => boolean;
  severity: Severity;
  title: string;
  reason: string;
  suggestion: string;
}

const onLine =
  (pattern: RegExp) =>
  (lines: readonly AddedLine[], index: number): boolean =>
    pattern.test(lines[index]!.text);

const securityRules: LineRule[] = [
  {
    matches: onLine(/(api[_-]?key|secret|password|token)["']?\s*[:=]\s*["'][^"']{8,}["']/i),
    severity: "blocker",
    title: "Hard-coded secret",
    reason: "A credential is written into the source: anyone who can read the repository or its history can use it, and rotating it takes a code change.",
    suggestion: "Remove it, rotate the credential, and read it from configuration or a secret store at run time.",
  },
  {
    matches: onLine(/(?<![\w.$])eval\s*\(/),
    severity: "major",
    title: "Use of eval on dynamic input",
    reason: "eval runs whatever string it is given as code; if any part of it comes from a request, a user or a file, an attacker can run code in this process.",
    suggestion: "Parse the input instead (JSON.parse, a lookup table or a small parser) and never evaluate it as code.",
  },
  {
    matches: onLine(/\.innerHTML\s*\+?=(?!=)/),
    severity: "major",
    title: "Unescaped HTML assignment (XSS)",
    reason: "Assigning a string to innerHTML parses it as HTML, so text from users or the server can inject script into the page.",
    suggestion: "Set textContent, or build the elements with the DOM API; if HTML is really needed, sanitise it with a vetted library first.",
  },
  {
    matches: onLine(/(?:\bexec(?:Sync)?|child_process\.\w+)\s*\(\s*`[^`]*\$\{/),
    severity: "major",
    title: "Shell command built from input",
    reason: "The command line is assembled with a template string and run through a shell, so a value containing ;, | or $( ) runs extra commands.",
    suggestion: "Use execFile or spawn with an argument array (no shell), and validate the values passed in.",
  },
];

const correctnessRules: LineRule[] = [
  {
    matches: onLine(/\bcatch\s*(\([^)]*\))?\s*\{\s*\}/),
    severity: "major",
    title: "Error swallowed by empty catch",
    reason: "The catch block is empty, so a failure here disappears: the caller carries on as if it worked and nothing is logged.",
    suggestion: "Handle the error, log it with context, or let it propagate; if ignoring it is intended, say why in a comment.",
  },
  {
    matches: onLine(/\bparseInt\s*\(\s*[^,()]+\)/),
    severity: "minor",
    title: "parseInt without radix",
    reason: "parseInt without a radix reads strings that start with 0x as hexadecimal; the base the code expects is not stated.",
    suggestion: "Pass the radix, parseInt(value, 10), or use Number(value).",
  },
  {
    matches: onLine(/\bconsole\.log\s*\(/),
    severity: "nit",
    title: "Leftover console.log",
    reason: "A console.log left from debugging writes to the console in production and bypasses the application's logger.",
    suggestion: "Remove it, or log through the project's logger at debug level.",
  },
  {
    matches: onLine(/\b(TODO|FIXME)\b/),
    severity: "nit",
    title: "Unfinished TODO left in code",
    reason: "The added code carries a TODO or FIXME, so part of the change is knowingly unfinished.",
    suggestion: "Finish it in this pull request, or open an issue and reference it in the comment.",
  },
];

/** The tag from `<img` to its `>`, which may continue on the next added lines. */
function imgTag(lines: readonly AddedLine[], index: number): string | undefined {
  const start = lines[index]!.text.search(/<img\b/i);
  if (start < 0) return undefined;
  let tag = lines[index]!.text.slice(start);
  for (let i = index + 1; !tag.includes(">") && i < lines.length && lines[i]!.line === lines[i - 1]!.line + 1; i++) tag += `\n${lines[i]!.text}`;
  return tag.slice(0, tag.includes(">") ? tag.indexOf(">") + 1 : undefined);
}

const uiRules: LineRule[] = [
  {
    matches: (lines, index) => {
      const tag = imgTag(lines, index);
      return tag !== undefined && !/\balt\s*=/i.test(tag);
    },
    severity: "minor",
    title: "Image without alt text",
    reason: "The image has no alt attribute, so screen readers announce its file name or nothing at all.",
    suggestion: 'Add alt text that says what the image shows, or alt="" if it is purely decorative.',
  },
];

/**
 * One finding per file and title, on the first line that shows it: the fingerprint is path + title, so a second
 * finding with the same title would be the same finding twice.
 */
function reviewFindings(files: readonly DiffFile[], rules: readonly LineRule[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const file of files) {
    const seen = new Set<string>();
    file.added.forEach((added, index) => {
      for (const rule of rules) {
        if (seen.has(rule.title) || !rule.matches(file.added, index)) continue;
        seen.add(rule.title);
        findings.push({ path: file.path, startLine: added.line, endLine: added.line, severity: rule.severity, title: rule.title, reason: rule.reason, suggestion: rule.suggestion });
      }
    });
  }
  return findings;
}

const testPath = /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[jt]sx?$/;
/** Files that hold logic; documentation, configuration and assets do not need a test. */
const sourcePath = /\.(?:[cm]?[jt]sx?|py|go|rb|java|kt|rs|cs|php|swift|vue|svelte)$/;

function missingTestFindings(files: readonly DiffFile[]): RawFinding[] {
  if (files.some((f) => testPath.test(f.path))) return [];
  const untested = files.find((f) => sourcePath.test(f.path) && f.added.length > 0);
  if (!untested) return [];
  const line = untested.added[0]!.line;
  return [
    {
      path: untested.path,
      startLine: line,
      endLine: line,
      severity: "minor",
      title: "Changed logic has no test",
      reason: `${untested.path} gains code in this pull request, but the diff adds or changes no test, so nothing would fail if this behaviour broke.`,
      suggestion: "Add a test that exercises the changed behaviour, including the edge or error case it handles.",
    },
  ];
}

interface BoundaryRule {
  from: string;
  to: string;
}

/** A directory as written in prose: without quotes, backticks, a leading ./, trailing punctuation or /**. */
function cleanDir(word: string): string {
  return word
    .replace(/^[`'"*(]+|[`'"*),.;:]+$/g, "")
    .replace(/^\.\//, "")
    .replace(/\/(\*\*?)?$/, "");
}

/** `<dirA> must not import <dirB>` lines of the guidelines. */
function boundaryRules(guidelines: string): BoundaryRule[] {
  return [...guidelines.matchAll(/(\S+)\s+must\s+not\s+import\s+(?:from\s+)?(\S+)/gi)]
    .map((m) => ({ from: cleanDir(m[1]!), to: cleanDir(m[2]!) }))
    .filter((r) => r.from && r.to);
}

const importSpecifier = [
  /\b(?:import|export)\b[^"'`]*?\bfrom\s*["']([^"']+)["']/,
  /^\s*import\s*["']([^"']+)["']/,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/,
  /\brequire\s*\(\s*["']([^"']+)["']\s*\)/,
];

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
const containsDir = (specifier: string, dir: string) => new RegExp(`(^|/)${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(/|$)`).test(specifier);

function boundaryFindings(files: readonly DiffFile[], rules: readonly BoundaryRule[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const file of files) {
    const seen = new Set<string>();
    for (const added of file.added) {
      const specifier = importSpecifier.map((p) => p.exec(added.text)?.[1]).find((s) => s !== undefined);
      if (!specifier) continue;
      // Relative imports are resolved from the file, so "../db/client" in src/ui is seen as src/db/client.
      const target = specifier.startsWith(".") ? posix.join(posix.dirname(file.path), specifier) : specifier;
      for (const rule of rules) {
        const title = clip(`Crosses a domain boundary: ${rule.from} imports ${rule.to}`, 80);
        if (seen.has(title) || !under(file.path, rule.from) || !containsDir(target, rule.to)) continue;
        seen.add(title);
        findings.push({
          path: file.path,
          startLine: added.line,
          endLine: added.line,
          severity: "major",
          title,
          reason: `The repository guidelines say ${rule.from} must not import ${rule.to}, and this file under ${rule.from} imports "${specifier}".`,
          suggestion: `Reach ${rule.to} through the layer the guidelines allow between ${rule.from} and ${rule.to} instead of importing it directly.`,
        });
      }
    }
  }
  return findings;
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function summarizeDiff(files: readonly DiffFile[]): { whatChanged: string; affects: string; keyDecisions: string[] } {
  const paths = files.map((f) => f.path);
  const tops = [...new Set(paths.map((p) => (p.includes("/") ? p.slice(0, p.indexOf("/")) : "(repository root)")))];
  return {
    whatChanged: paths.length ? `Changes ${paths.length} file${paths.length === 1 ? "" : "s"}: ${paths.join(", ")}` : "Changes no files",
    affects: tops.length ? tops.join(", ") : "nothing",
    keyDecisions: [],
  };
}

/* ---------------------------------------------------------------- explain */

/** "#12 is waiting on <first reason>. Next: <its next step> (<owner>)." from the facts layout explain sends. */
function explainParagraph(facts: string): string {
  const number = /Pull request #(\d+)/.exec(facts)?.[1];
  const reason = /^1\. (.+)$/m.exec(facts)?.[1]?.trim().replace(/\.$/, "");
  const next = /^\s*Next: (.+?)\.? \(owner: ([^)]*)\)$/m.exec(facts);
  const subject = number ? `#${number}` : "This pull request";
  if (!reason) return `${subject} has nothing in the way that the facts show.`;
  const waiting = `${subject} is waiting on this: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}.`;
  return clip(next ? `${waiting} Next: ${next[1]} (${next[2]}).` : waiting, 600);
}

/* ---------------------------------------------------------------- recap */

/**
 * A short post from the figures the recap prompt lays out ("Changes merged: 2", "Issues: 3 opened, 2 closed …") and the
 * fenced titles, cleaned the way the prompt asks: no numbers, links, handles or commit-style prefixes.
 */
function publicUpdatePost(prompt: string, titlesBlock: string): string {
  const merged = Number(/^Changes merged: (\d+)/m.exec(prompt)?.[1] ?? 0);
  const issues = /^Issues: (\d+) opened, (\d+) closed/m.exec(prompt);
  const opened = Number(issues?.[1] ?? 0);
  const closed = Number(issues?.[2] ?? 0);
  const speed = /a proposed change was merged in ([^;(]+?) \(/.exec(prompt)?.[1];
  const titles = titlesBlock
    .split("\n")
    .filter((l) => l.startsWith("- "))
    .map((l) =>
      l
        .slice(2)
        .replace(/https?:\/\/\S+|#\d+|@[\w-]+/g, "")
        .replace(/^\w+(\([^)]*\))?!?:\s*/, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((t) => t.length > 0)
    .map((t) => t.charAt(0).toUpperCase() + t.slice(1));
  const lines: string[] = [];
  if (merged === 0) lines.push("A quiet week: no changes shipped, but we kept an eye on everything you reported.");
  else lines.push(`This week we shipped ${merged} change${merged === 1 ? "" : "s"} to the product${titles.length ? ":" : "."}`, ...titles.slice(0, 4).map((t) => `• ${t}`));
  const reports = [opened ? `took in ${opened} new report${opened === 1 ? "" : "s"}` : "", closed ? `resolved ${closed}` : ""].filter(Boolean);
  if (reports.length) lines.push(`We ${reports.join(" and ")}.`);
  if (speed && merged > 0) lines.push(`A typical change went from proposed to shipped in about ${speed}.`);
  lines.push("Thanks for your reports and feedback — keep them coming.");
  return clip(lines.join("\n"), 1000);
}
