import { describe, expect, it } from "vitest";
import { chartFontFamily } from "../../../src/adapters/chart/chart-fonts.js";
import { createChartJsChartAdapter } from "../../../src/adapters/chart/chartjs-chart-adapter.js";

// Its own file: font registration is global to the native canvas library, and a test file runs in a process
// of its own, so here nothing was registered before.
describe("chart fonts", () => {
  it("still draws when no font file is found, then uses the first file it finds", async () => {
    const missing = [{ regular: "/nonexistent/fonts/NoSuchSans.ttf" }];
    expect(chartFontFamily(missing)).toEqual({ family: "sans-serif", registered: false });

    const png = await createChartJsChartAdapter({ fontFiles: missing }).renderTrend({
      title: "Without a font",
      labels: ["Mon", "Tue"],
      series: [{ name: "PRs merged", kind: "bar", values: [1, 2] }],
    });
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");

    const dejavu = [{ regular: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", bold: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf" }];
    expect(chartFontFamily([...missing, ...dejavu])).toEqual({ family: "Shopfloor Chart Sans", registered: true });
  });
});
