/**
 * Phrase matching for the rule-based triage: tables of weighted phrases compiled once into case-insensitive,
 * word-bounded regular expressions.
 *
 * Phrase syntax, kept small so the tables stay readable:
 * - words match on word boundaries, case-insensitively ("down" does not match "dropdown");
 * - `*` at the start or end of a word allows any letters there ("crash*" → crashes, crashed; "*exception" →
 *   NullPointerException);
 * - a space matches any run of spaces or a hyphen ("clean up" → "clean-up");
 * - an apostrophe is optional and may be curly ("doesn't" → "doesnt", "doesn’t").
 * A dot between letters or digits joins a word, so "security" does not match `hadoop.security.authorization`
 * or `security.xml`: configuration keys and file names are not signals. A word followed by "n't" is a different
 * word ("can" is not found in "can't").
 */

export interface Signal {
  readonly phrase: string;
  readonly weight: number;
  /** Ignore the match when one of these words directly precedes it ("no workaround" is not a workaround). */
  readonly notAfter?: readonly string[];
}

export interface CompiledSignal extends Signal {
  readonly pattern: RegExp;
}

/** Where a signal was found: the headline (title, or first sentence without one) counts double. */
export interface SignalHit {
  readonly signal: CompiledSignal;
  readonly inHead: boolean;
  /** The matched text, as written by the reporter, for the reason shown to people. */
  readonly text: string;
  readonly source: "head" | "body";
  readonly start: number;
  readonly end: number;
}

/**
 * Word characters: ASCII letters, digits, "_" and non-ASCII letters (everything outside Latin-1 symbols, general
 * punctuation and surrogates). Spelled out rather than `\p{L}` with the `u` flag: the ~300 signal expressions
 * compile about six times faster this way, and compiling is most of the first classification's latency.
 */
const WORD = "[\\w\\u00c0-\\u1fff\\u2070-\\ud7ff\\uf900-\\uffff]";
const BEFORE = `(?<!${WORD}|${WORD}\\.)`;
// "can" must not match the start of "can't" (the apostrophe is not a word character).
const AFTER = `(?!${WORD}|\\.${WORD}|['’]t(?!${WORD}))`;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Turns one phrase of the table syntax into its regular expression source. */
export function phraseSource(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((word) => {
      const lead = word.startsWith("*") ? `${WORD}*` : "";
      const tail = word.endsWith("*") && word.length > 1 ? `${WORD}*` : "";
      const core = word.replace(/^\*|\*$/g, "");
      return lead + escape(core).replace(/'/g, "['’]?") + tail;
    })
    .join("[\\s-]+");
}

export function compileSignal(signal: Signal): CompiledSignal {
  const guard = signal.notAfter?.length ? `(?<!(?:${signal.notAfter.map(phraseSource).join("|")})\\s+)` : "";
  return { ...signal, pattern: new RegExp(`${BEFORE}${guard}(?:${phraseSource(signal.phrase)})${AFTER}`, "gi") };
}

export function compileSignals(signals: readonly Signal[]): readonly CompiledSignal[] {
  return signals.map(compileSignal);
}

/** A phrase list used only for yes/no tests (markers, stop phrases), compiled into one expression. */
export function anyPhrase(phrases: readonly string[]): RegExp {
  return new RegExp(`${BEFORE}(?:${phrases.map(phraseSource).join("|")})${AFTER}`, "i");
}

function firstMatch(pattern: RegExp, text: string): RegExpExecArray | null {
  pattern.lastIndex = 0;
  const m = pattern.exec(text);
  pattern.lastIndex = 0;
  return m;
}

/** Every signal of the table present in head or body; each counts once however often it occurs. */
export function findSignals(table: readonly CompiledSignal[], head: string, body: string): SignalHit[] {
  const hits: SignalHit[] = [];
  for (const signal of table) {
    const inHead = firstMatch(signal.pattern, head);
    const m = inHead ?? firstMatch(signal.pattern, body);
    if (m) hits.push({ signal, inHead: !!inHead, text: m[0], source: inHead ? "head" : "body", start: m.index, end: m.index + m[0].length });
  }
  return hits;
}

/** A headline hit weighs double: the title is what the reporter thinks the problem is; bodies quote logs. */
export function scoreOf(hits: readonly SignalHit[]): number {
  return hits.reduce((sum, h) => sum + h.signal.weight * (h.inHead ? 2 : 1), 0);
}

/**
 * The words that triggered a decision, for a one-line reason: overlapping matches are merged back into the
 * reporter's own wording ("production is" + "is down" → "production is down"), strongest first.
 */
export function evidence(hits: readonly SignalHit[], head: string, body: string, max = 3): string[] {
  const spans: { source: "head" | "body"; start: number; end: number; weight: number }[] = [];
  const sorted = [...hits].sort((a, b) => (a.source === b.source ? a.start - b.start : a.source === "head" ? -1 : 1));
  for (const h of sorted) {
    const last = spans[spans.length - 1];
    if (last && last.source === h.source && h.start <= last.end + 1) {
      last.end = Math.max(last.end, h.end);
      last.weight += h.signal.weight;
    } else {
      spans.push({ source: h.source, start: h.start, end: h.end, weight: h.signal.weight });
    }
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of spans.sort((a, b) => b.weight - a.weight)) {
    const text = (s.source === "head" ? head : body).slice(s.start, s.end).replace(/\s+/g, " ").trim().slice(0, 60);
    const key = text.toLowerCase();
    if (!text || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
    if (out.length === max) break;
  }
  return out;
}

/** Words as a person counts them (numbers included, punctuation not). */
export function wordCount(text: string): number {
  return text.match(/[a-z0-9\u00c0-\u1fff\u2070-\ud7ff\uf900-\uffff][\w\u00c0-\u1fff\u2070-\ud7ff\uf900-\uffff'’.-]*/gi)?.length ?? 0;
}
