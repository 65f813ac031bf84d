import { createCanvas, loadImage } from "@napi-rs/canvas";
import { Chart } from "chart.js";
import { describe, expect, it } from "vitest";
import { createChartJsChartAdapter, TREND_PALETTE } from "../../../src/adapters/chart/chartjs-chart-adapter.js";
import { ErrorCode } from "../../../src/core/errors.js";
import type { TrendChartInput } from "../../../src/core/ports/chart-port.js";

const chart = createChartJsChartAdapter();

const WEEK = ["Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Sat 21", "Sun 22"];

function week(overrides: Partial<TrendChartInput> = {}): TrendChartInput {
  return {
    title: "Shopfloor weekly recap",
    subtitle: "acme/app · 16–22 March",
    labels: WEEK,
    series: [
      { name: "PRs merged", kind: "bar", values: [4, 7, 5, 9, 6, 1, 2] },
      { name: "Issues opened", kind: "bar", values: [6, 3, 8, 4, 5, 2, 1] },
      { name: "Automation rate", kind: "line", unit: "percent", values: [50, 71, 60, 78, 83, 100, 50] },
    ],
    ...overrides,
  };
}

/** Width and height from the IHDR chunk, which the PNG format puts first. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder("latin1").decode(png.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

interface Pixels {
  width: number;
  height: number;
  /** Pixels of exactly this colour (#rrggbb) inside the box given as fractions of the picture. */
  count(hex: string, box: { top: number; bottom: number; left?: number; right?: number }): number;
}

/** Decodes the PNG as any image viewer would and reads its pixels. */
async function decode(png: Uint8Array): Promise<Pixels> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  return {
    width: image.width,
    height: image.height,
    count(hex, box) {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
      const x0 = Math.floor((box.left ?? 0) * image.width);
      const x1 = Math.ceil((box.right ?? 1) * image.width);
      const y0 = Math.floor(box.top * image.height);
      const y1 = Math.ceil(box.bottom * image.height);
      let n = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = (y * image.width + x) * 4;
          if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) n++;
        }
      }
      return n;
    },
  };
}

/** The lower half of the picture, where bars stand and no title or legend is drawn. */
const PLOT = { top: 0.5, bottom: 0.92, left: 0.04, right: 0.96 };
/** Where title, subtitle and legend sit. */
const HEADER = { top: 0, bottom: 0.25 };
const [BLUE, GREEN, ORANGE] = TREND_PALETTE;

describe("trend chart (Chart.js on @napi-rs/canvas)", () => {
  it("is a PNG of the default size, 1200 × 600, on an opaque white background", async () => {
    const png = await chart.renderTrend(week());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(png)).toEqual({ width: 1200, height: 600 });
    const pixels = await decode(png);
    // The corners are outside every axis and label: white, not transparent (Slack's dark theme shows a transparent PNG dark).
    expect(pixels.count("#ffffff", { top: 0, bottom: 0.02, left: 0, right: 0.02 })).toBe(Math.ceil(0.02 * 1200) * Math.ceil(0.02 * 600));
  });

  it("is as large as asked", async () => {
    const png = await chart.renderTrend(week({ width: 800, height: 420 }));
    expect(pngSize(png)).toEqual({ width: 800, height: 420 });
    expect((await decode(png)).count(BLUE!, PLOT)).toBeGreaterThan(500);
  });

  it("draws each series in its own colour: bars in blue and green, the rate as an orange line", async () => {
    const pixels = await decode(await chart.renderTrend(week()));
    expect(pixels.count(BLUE!, PLOT)).toBeGreaterThan(5_000);
    expect(pixels.count(GREEN!, PLOT)).toBeGreaterThan(5_000);
    expect(pixels.count(ORANGE!, { top: 0.15, bottom: 0.95 })).toBeGreaterThan(300);
    // The legend names all three, each with its colour swatch.
    for (const colour of [BLUE!, GREEN!, ORANGE!]) expect(pixels.count(colour, HEADER)).toBeGreaterThan(100);
  });

  it("draws no bar for a series that is zero all week, yet keeps it in the legend", async () => {
    const png = await chart.renderTrend(
      week({
        series: [
          { name: "PRs merged", kind: "bar", values: [4, 7, 5, 9, 6, 1, 2] },
          { name: "Reverts", kind: "bar", values: [0, 0, 0, 0, 0, 0, 0] },
        ],
      }),
    );
    const pixels = await decode(png);
    expect(pixels.count(BLUE!, PLOT)).toBeGreaterThan(5_000);
    expect(pixels.count(GREEN!, { top: 0.25, bottom: 1 })).toBe(0);
    expect(pixels.count(GREEN!, HEADER)).toBeGreaterThan(100);
  });

  it("leaves no chart behind in Chart.js's registry", async () => {
    const before = Object.keys(Chart.instances).length;
    await chart.renderTrend(week());
    await expect(chart.renderTrend(week({ labels: [] }))).rejects.toThrow();
    expect(Object.keys(Chart.instances).length).toBe(before);
  });

  it("refuses a series whose values do not match the days, and says which", async () => {
    const input = week();
    input.series[1] = { name: "Issues opened", kind: "bar", values: [6, 3, 8, 4, 5, 2] };
    await expect(chart.renderTrend(input)).rejects.toMatchObject({
      code: ErrorCode.Internal,
      retryable: false,
      message: 'Cannot draw the trend chart "Shopfloor weekly recap": series "Issues opened" has 6 values for 7 labels',
    });
  });

  it("refuses an empty x axis, a missing number, too many series and an absurd size", async () => {
    const refusal = (input: TrendChartInput) => chart.renderTrend(input).then(
      () => "drawn",
      (e: Error) => e.message,
    );
    expect(await refusal(week({ labels: [], series: [{ name: "PRs merged", kind: "bar", values: [] }] }))).toMatch(/no labels/);
    expect(await refusal(week({ series: [{ name: "PRs merged", kind: "bar", values: [1, 2, Number.NaN, 4, 5, 6, 7] }] }))).toMatch(
      /series "PRs merged" has no number for "Wed 18"/,
    );
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `s${i}`, kind: "bar" as const, values: WEEK.map(() => 1) }));
    expect(await refusal(week({ series: five }))).toMatch(/5 series; at most 4/);
    expect(await refusal(week({ width: 100_000 }))).toMatch(/width 100000 is not a whole number of pixels/);
  });
});
