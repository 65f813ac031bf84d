import { describe, expect, it } from "vitest";
import { fenceUntrusted, stripHidden } from "../../src/core/untrusted-text.js";

describe("outside text as the model sees it", () => {
  it("keeps the one variation selector an emoji carries, so a file the agent read still matches when it edits it", () => {
    expect(stripHidden("// ⚠️ do not remove ✔️")).toBe("// ⚠️ do not remove ✔️");
  });

  it("drops text smuggled in variation selectors and tag characters", () => {
    const smuggled = "ok\u{E0100}\u{E0101}\u{E0102}" + "\uFE00\uFE01\uFE02" + "\u{E0041}\u{E0050}\u{E0050}";
    expect(stripHidden(smuggled)).toBe("ok");
    expect(fenceUntrusted("report", smuggled)).toBe('<untrusted name="report">\nok\n</untrusted>');
  });
});
