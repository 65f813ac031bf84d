import fc from "fast-check";

/**
 * Text and JSON that break naive handling: right-to-left and other format characters, zero-width joiners, a byte-order
 * mark, lone surrogates (JSON can carry them, UTF-8 cannot), NUL, line separators, combining marks, emoji sequences,
 * Slack's own markup, and characters that mean something in JSON, forms and URLs.
 */
export const ODD_CHARS = [
  "\u202E",
  "\u202D",
  "\u200B",
  "\u200D",
  "\uFEFF",
  "\uD800",
  "\uDFFF",
  "\u0000",
  "\u2028",
  "e\u0301",
  "👩🏽‍💻",
  "🏳️‍🌈",
  "\uFFFD",
  "𝕊",
  "<@U0SHOPBOT>",
  "<!channel>",
  "&amp;",
  "\\",
  '"',
  "%00",
  "&",
  "=",
  "+",
  "\r\n",
] as const;

/** Any text: random code points mixed with the odd characters above. */
export function oddText(maxParts = 12): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom(...ODD_CHARS)), { maxLength: maxParts })
    .map((parts) => parts.join(""));
}

/** Object keys, including the ones that mean something to JavaScript or to Slack's payload kinds. */
export const oddKey: fc.Arbitrary<string> = fc.oneof(
  oddText(3),
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "", "type", "event", "command", "actions", "view", "name", "payload", "id"),
);

/** Any JSON value whose strings and keys are odd. */
export const oddJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    oddText(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(oddKey, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** A text of a little over `bytes` bytes in UTF-8, made of one odd character (or plain `a`) repeated. */
export function hugeText(char: string, bytes: number): string {
  return char.repeat(Math.ceil(bytes / Math.max(1, Buffer.byteLength(char))));
}

/** One change to a JSON document: drop a field, give it another value (any type), add a field, wrap it, or blow it up. */
export type Mutation =
  | { kind: "delete"; at: number }
  | { kind: "set"; at: number; value: unknown }
  | { kind: "extra"; at: number; key: string; value: unknown }
  | { kind: "wrap"; at: number }
  | { kind: "huge"; at: number; char: string; bytes: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: oddJson }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("extra" as const), at: fc.nat(), key: oddKey, value: oddJson }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("wrap" as const), at: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("huge" as const),
      at: fc.nat(),
      char: fc.constantFrom("a", ...ODD_CHARS),
      bytes: fc.integer({ min: 1_050_000, max: 1_200_000 }),
    }),
    weight: 1,
  },
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** Every place in a document that holds a value, depth first. */
function slots(doc: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(doc)) {
    doc.forEach((v, i) => {
      out.push({ parent: doc, key: i });
      slots(v, out);
    });
  } else if (doc !== null && typeof doc === "object") {
    for (const [k, v] of Object.entries(doc)) {
      out.push({ parent: doc as Record<string, unknown>, key: k });
      slots(v, out);
    }
  }
  return out;
}

/** A copy of `doc` with the mutations applied; a mutation's `at` picks its place among the document's values. */
export function mutate<T>(doc: T, changes: readonly Mutation[]): T {
  const copy = structuredClone(doc);
  for (const change of changes) {
    const places = slots(copy);
    if (places.length === 0) continue;
    const { parent, key } = places[change.at % places.length]!;
    const container = parent as Record<string | number, unknown>;
    switch (change.kind) {
      case "delete":
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete container[key];
        break;
      case "set":
        container[key] = change.value;
        break;
      case "extra": {
        const target = container[key];
        if (target !== null && typeof target === "object" && !Array.isArray(target)) Object.defineProperty(target, change.key, { value: change.value, enumerable: true, configurable: true, writable: true });
        else container[key] = { [change.key]: change.value };
        break;
      }
      case "wrap":
        container[key] = [container[key]];
        break;
      case "huge":
        container[key] = hugeText(change.char, change.bytes);
        break;
    }
  }
  return copy;
}
