import { createCanvas } from "@napi-rs/canvas";
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  SubTitle,
  Title,
  type ChartConfiguration,
  type ChartDataset,
  type ChartItem,
  type Plugin,
} from "chart.js";
import { AppError, ErrorCode } from "../../core/errors.js";
import { checkTrendChartInput, type ChartPort, type TrendChartInput, type TrendSeries } from "../../core/ports/chart-port.js";
import { chartFontFamily, type ChartFontFiles } from "./chart-fonts.js";

// Only what a trend chart draws; the tooltip, animations and DOM events have no place on a server.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Title, SubTitle);

/** Strong blue, green, orange, grey: apart for the usual colour-blindness too, and dark enough to print values on. */
export const TREND_PALETTE = ["#2563eb", "#16a34a", "#ea580c", "#6b7280"] as const;
const TEXT = "#111827";
const MUTED = "#4b5563";
const GRID = "#e5e7eb";
const BACKGROUND = "#ffffff";
const PERCENT_HEADROOM = 12;

export interface ChartJsChartAdapterOptions {
  /** Font files to try, first found wins; DejaVu Sans where Debian and Alpine put it by default. */
  fontFiles?: readonly ChartFontFiles[];
}

/**
 * The ChartPort on Chart.js drawing into an @napi-rs/canvas canvas (Skia, prebuilt: no system libraries).
 * Charts are static pictures for Slack: no animation, no responsiveness, an opaque white background (a
 * transparent PNG turns dark in Slack's dark theme), and the numbers written on the bars so a reader needs
 * no tooltip.
 */
export function createChartJsChartAdapter(opts: ChartJsChartAdapterOptions = {}): ChartPort {
  return {
    async renderTrend(input) {
      const { width, height } = checkTrendChartInput(input);
      const { family } = chartFontFamily(opts.fontFiles);
      const canvas = createCanvas(width, height);
      let chart: Chart | undefined;
      try {
        // Chart.js types its target as a DOM canvas; the Skia canvas implements the 2D context it draws with.
        chart = new Chart(canvas as unknown as ChartItem, trendConfig(input, family, width));
        return new Uint8Array(await canvas.encode("png"));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new AppError(ErrorCode.Internal, `Drawing the trend chart "${input.title}" failed: ${message}`, { cause: e });
      } finally {
        // Chart.js keeps every chart in a registry until destroyed: without this each recap would leak one.
        chart?.destroy();
      }
    },
  };
}

function trendConfig(input: TrendChartInput, family: string, width: number): ChartConfiguration<"bar" | "line", number[], string> {
  // Text scales with the picture so a 600-px thumbnail and a 2400-px chart read alike.
  const scale = Math.max(0.75, Math.min(2, width / 1200));
  const px = (n: number) => Math.round(n * scale);
  const hasPercent = input.series.some((s) => s.unit === "percent");
  const hasCount = input.series.some((s) => s.unit !== "percent");
  const datasets = input.series.map((s, i) => dataset(s, TREND_PALETTE[i] ?? TREND_PALETTE[TREND_PALETTE.length - 1]!, px));

  return {
    type: "bar",
    data: { labels: input.labels, datasets },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      events: [],
      layout: { padding: { top: px(8), right: px(24), bottom: px(12), left: px(16) } },
      plugins: {
        title: { display: true, text: input.title, color: TEXT, font: { family, size: px(26), weight: "bold" }, padding: { top: px(6), bottom: px(4) } },
        subtitle: {
          display: Boolean(input.subtitle),
          text: input.subtitle ?? "",
          color: MUTED,
          font: { family, size: px(16) },
          padding: { bottom: px(10) },
        },
        legend: {
          display: true,
          position: "top",
          // In the order the series were given (Chart.js would sort by drawing order, putting lines first).
          labels: { color: TEXT, font: { family, size: px(16) }, boxWidth: px(28), boxHeight: px(14), padding: px(18), sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) },
        },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          grid: { display: false },
          border: { color: MUTED },
          ticks: { color: TEXT, font: { family, size: px(15) }, maxRotation: 0, autoSkip: false },
        },
        // Counts are whole numbers from zero: a recap never merged 2.5 PRs.
        y: {
          display: hasCount,
          position: "left",
          beginAtZero: true,
          grace: "10%",
          grid: { color: GRID },
          border: { display: false },
          ticks: { color: MUTED, font: { family, size: px(14) }, precision: 0 },
        },
        percent: {
          display: hasPercent,
          position: "right",
          min: 0,
          // Headroom above 100 % keeps a full week's point and its label inside the plot, under the legend.
          max: 100 + PERCENT_HEADROOM,
          afterBuildTicks: (axis) => {
            axis.ticks = axis.ticks.filter((t) => t.value <= 100);
          },
          // Only the left axis draws grid lines: two sets of lines at different steps read as noise.
          grid: { drawOnChartArea: !hasCount, color: GRID },
          border: { display: false },
          ticks: { color: MUTED, font: { family, size: px(14) }, stepSize: 25, callback: (v) => `${v}%` },
        },
      },
    },
    plugins: [whiteBackground, valueLabels(family, px)],
  };
}

function dataset(s: TrendSeries, color: string, px: (n: number) => number): ChartDataset<"bar" | "line", number[]> {
  const yAxisID = s.unit === "percent" ? "percent" : "y";
  if (s.kind === "line") {
    return {
      type: "line",
      label: s.unit === "percent" ? `${s.name} (%)` : s.name,
      data: s.values,
      yAxisID,
      borderColor: color,
      backgroundColor: color,
      borderWidth: px(3),
      pointRadius: px(5),
      pointBackgroundColor: color,
      pointBorderColor: BACKGROUND,
      pointBorderWidth: px(2),
      tension: 0,
      // Drawn over the bars, so a rate stays visible where it crosses them.
      order: 0,
    };
  }
  return {
    type: "bar",
    label: s.name,
    data: s.values,
    yAxisID,
    backgroundColor: color,
    borderWidth: 0,
    borderRadius: px(3),
    categoryPercentage: 0.7,
    barPercentage: 0.9,
    order: 1,
  };
}

/** Fills the canvas before anything is drawn: a PNG without it is transparent. */
const whiteBackground: Plugin<"bar" | "line"> = {
  id: "shopfloorWhiteBackground",
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Writes each bar's value above it (zero bars stay blank), and each point's value of a line above the point. */
function valueLabels(family: string, px: (n: number) => number): Plugin<"bar" | "line"> {
  return {
    id: "shopfloorValueLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";
      ctx.lineJoin = "round";
      ctx.lineWidth = px(4);
      ctx.strokeStyle = BACKGROUND;
      chart.data.datasets.forEach((ds, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        const isPercent = ds.yAxisID === "percent";
        ctx.font = `bold ${px(13)}px "${family}"`;
        ctx.fillStyle = typeof ds.backgroundColor === "string" ? ds.backgroundColor : TEXT;
        meta.data.forEach((el, j) => {
          const value = ds.data[j];
          if (typeof value !== "number" || (value === 0 && meta.type === "bar")) return;
          const text = isPercent ? `${Math.round(value)}%` : formatCount(value);
          const gap = meta.type === "line" ? px(9) : px(4);
          // A white halo keeps a label readable where a line crosses a bar.
          ctx.strokeText(text, el.x, el.y - gap);
          ctx.fillText(text, el.x, el.y - gap);
        });
      });
      ctx.restore();
    },
  };
}

function formatCount(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
