/**
 * Tokens for text similarity and area matching: lower-cased words without stop words, lightly stemmed so
 * "crashes", "crashed" and "crashing" meet. Version numbers (4.17.21), status codes (500) and identifiers
 * (NullPointerException, checkout_total) stay whole: they are often the most telling part of a bug report.
 */

/**
 * English function words, plus the pleasantries of chat reports ("hi", "thanks", "please"): frequent in every
 * report, so they would make unrelated reports look alike.
 */
const STOP_WORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between both but by " +
    "can could did do does doing done down during each few for from further had has have having he her here hers herself him " +
    "himself his how i if in into is it its itself just let me more most my myself no nor not now of off on once only or other " +
    "our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these " +
    "they this those through to too under until up very was we were what when where which while who whom why will with would " +
    "you your yours yourself yourselves im ive id dont doesnt didnt isnt arent wasnt werent cant couldnt wont wouldnt shouldnt " +
    "thats theres whats lets its get got getting gets still even really like one way may might must shall " +
    "hi hello hey thanks thank please pls team guys folks anyone someone"
  ).split(" "),
);

/**
 * Word characters: ASCII letters, digits and "_", and every non-ASCII character outside Latin-1 symbols, general
 * punctuation, surrogates (emoji) and private use, so accented and non-Latin words count and "’" or "…" do not.
 */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);
  return (c >= 0xc0 && c < 0x2000) || (c >= 0x2070 && c < 0xd800) || c >= 0xf900;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Letters only: stemming numbers or identifiers with digits would merge things that differ ("v2s"). */
const ALPHA = /^[a-z]+$/;

/** Doubled final consonants left by "-ing"/"-ed" ("stopping" → "stopp" → "stop"); l, s, z double in stems (install). */
function undouble(stem: string): string {
  const last = stem[stem.length - 1];
  return stem.length > 2 && last === stem[stem.length - 2] && last !== undefined && !"aeiouylsz".includes(last) ? stem.slice(0, -1) : stem;
}

/**
 * Light suffix stripping, enough for bug reports: plural -s/-es/-ies, -ing, -ed, and a final -e so "create",
 * "creates", "created" and "creating" all become "creat". Short words are left alone ("bus", "used").
 */
export function stem(word: string): string {
  if (word.length <= 3 || !ALPHA.test(word)) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length - 3 >= 3) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ed") && w.length - 2 >= 3) w = undouble(w.slice(0, -2));
  if (w.endsWith("e") && w.length - 1 >= 4) w = w.slice(0, -1);
  return w;
}

/**
 * Word → token (or null for a stop word), remembered: reports repeat a small vocabulary, and stemming every
 * occurrence was most of the time spent ranking 500 issues. Bounded so a flood of unique words cannot grow it.
 */
const memo = new Map<string, string | null>();
const MEMO_MAX = 50_000;

/** The token for one lower-cased word as the scanner found it, or null when it carries no meaning. */
export function normaliseWord(raw: string): string | null {
  let token = memo.get(raw);
  if (token !== undefined) return token;
  const word = raw.replace(/['’]/g, "");
  token = word.length < 2 || STOP_WORDS.has(word) ? null : stem(word);
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(raw, token);
  return token;
}

/**
 * Calls `onWord` with every lower-cased word of the text, before stop words and stemming: runs of word characters,
 * with dots inside a number kept (4.17.21) and an apostrophe inside a word kept (don't). A hand-written scanner
 * rather than a regular expression: ranking 500 issues of a few hundred words spent most of its time allocating
 * regular-expression matches.
 */
export function scanWords(text: string, onWord: (raw: string) => void): void {
  const s = text.toLowerCase();
  const n = s.length;
  let start = -1;
  let numeric = true;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      if (start < 0) {
        start = i;
        numeric = true;
      }
      if (!isDigit(c)) numeric = false;
      continue;
    }
    if (start < 0) continue;
    const next = i + 1 < n ? s.charCodeAt(i + 1) : 32;
    if (c === 46 && numeric && isDigit(next)) continue;
    if ((c === 39 || c === 0x2019) && !numeric && isWordChar(next)) continue;
    onWord(s.slice(start, i));
    start = -1;
  }
}

export function tokenize(text: string): string[] {
  const out: string[] = [];
  scanWords(text, (raw) => {
    const token = normaliseWord(raw);
    if (token !== null) out.push(token);
  });
  return out;
}
