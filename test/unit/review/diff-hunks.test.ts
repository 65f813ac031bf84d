import { describe, expect, it } from "vitest";
import { addedLines, parseHunks, parsePatch } from "../../../graphs/review/diff-hunks.js";
import { discountPatch, newFilePatch, removedFilePatch } from "./fixtures.js";

describe("parseHunks", () => {
  it("reads every hunk of a modified file with its new-side range and added lines", () => {
    expect(parseHunks(discountPatch)).toEqual([
      { newStart: 14, newEnd: 24, added: [17, 19, 20, 21] },
      { newStart: 27, newEnd: 32, added: [] },
      { newStart: 38, newEnd: 41, added: [41] },
    ]);
  });

  it("numbers a new file from 1 and gives a deleted file an empty new side", () => {
    expect(parseHunks(newFilePatch)).toEqual([{ newStart: 1, newEnd: 6, added: [1, 2, 3, 4, 5, 6] }]);
    expect(parseHunks(removedFilePatch)).toEqual([{ newStart: 0, newEnd: -1, added: [] }]);
  });

  it("reads headers without counts and zero-context hunks that only delete", () => {
    const patch = ["@@ -3 +3 @@", "-const a = 1;", "+const a = 2;", "@@ -10,2 +9,0 @@", "-gone();", "-gone();"].join("\n");
    expect(parseHunks(patch)).toEqual([
      { newStart: 3, newEnd: 3, added: [3] },
      { newStart: 9, newEnd: 8, added: [] },
    ]);
  });

  it("keeps counting when a blank context line lost its leading space, and ignores the patch's trailing newline", () => {
    const patch = ["@@ -1,3 +1,4 @@", " a", "", "+b", " c", ""].join("\n");
    expect(parseHunks(patch)).toEqual([{ newStart: 1, newEnd: 4, added: [3] }]);
  });

  it("returns nothing for an empty patch", () => {
    expect(parseHunks("")).toEqual([]);
  });
});

describe("parsePatch", () => {
  it("keeps the header verbatim and drops the no-newline notes", () => {
    const last = parsePatch(discountPatch)[2];
    expect(last?.header).toBe("@@ -36,4 +38,4 @@ export function sameCode(a: string, b: string): boolean {");
    expect(last?.lines.map((l) => [l.kind, l.newLine])).toEqual([
      ["context", 38],
      ["context", 39],
      ["context", 40],
      ["removed", null],
      ["added", 41],
    ]);
    expect(last?.lines[4]?.content).toBe('export const DEFAULT_DISCOUNT: Discount = { code: "NONE", percent: 0, expiresAt: null };');
  });
});

describe("addedLines", () => {
  it("lists the added new-side lines of all hunks in order", () => {
    expect(addedLines(discountPatch)).toEqual([17, 19, 20, 21, 41]);
    expect(addedLines(removedFilePatch)).toEqual([]);
  });
});
