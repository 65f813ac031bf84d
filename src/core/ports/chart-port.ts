import { AppError, ErrorCode } from "../errors.js";

/**
 * Charts drawn on the server, for messages that show a trend (the weekly recap). Shaped by what a recap
 * says, not by a charting library: days on the x axis, a few named series, bars or a line.
 */
export interface TrendSeries {
  name: string;
  /** One value per label. */
  values: number[];
  kind: "bar" | "line";
  /**
   * What the values measure: counts (the default) share the left axis, whole numbers from zero; a percentage
   * (an automation rate) gets its own 0–100 % axis on the right, so it does not flatten the counts beside it.
   */
  unit?: "count" | "percent";
}

export interface TrendChartInput {
  title: string;
  subtitle?: string;
  /** The x axis, e.g. "Mon 16", one per day. */
  labels: string[];
  /** Each series has one value per label. At most TREND_MAX_SERIES, so every series keeps a colour of its own. */
  series: TrendSeries[];
  /** Pixels; 1200 × 600 by default. */
  width?: number;
  height?: number;
}

export interface ChartPort {
  /** The chart as PNG bytes. */
  renderTrend(input: TrendChartInput): Promise<Uint8Array>;
}

export const TREND_DEFAULT_WIDTH = 1200;
export const TREND_DEFAULT_HEIGHT = 600;
/** Series beyond this would have to share colours and could no longer be told apart. */
export const TREND_MAX_SERIES = 4;
/** Large enough for any screen Slack shows an image on, small enough to keep a render's memory bounded. */
const MAX_SIDE = 4000;
const MIN_SIDE = 200;

/**
 * Refuse a chart that cannot be drawn truthfully. A malformed request is a bug in the caller, so the error is
 * INTERNAL and not retried; the message names what is wrong.
 */
export function checkTrendChartInput(input: TrendChartInput): { width: number; height: number } {
  const refuse = (why: string): never => {
    throw new AppError(ErrorCode.Internal, `Cannot draw the trend chart "${input.title}": ${why}`, { details: { title: input.title } });
  };
  if (input.labels.length === 0) refuse("it has no labels (the x axis is empty)");
  if (input.series.length === 0) refuse("it has no series");
  if (input.series.length > TREND_MAX_SERIES) refuse(`it has ${input.series.length} series; at most ${TREND_MAX_SERIES} stay readable`);
  for (const s of input.series) {
    if (s.values.length !== input.labels.length) {
      refuse(`series "${s.name}" has ${s.values.length} values for ${input.labels.length} labels`);
    }
    const bad = s.values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) refuse(`series "${s.name}" has no number for "${input.labels[bad]}" (${String(s.values[bad])})`);
  }
  const width = input.width ?? TREND_DEFAULT_WIDTH;
  const height = input.height ?? TREND_DEFAULT_HEIGHT;
  for (const [name, side] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(side) || side < MIN_SIDE || side > MAX_SIDE) refuse(`${name} ${side} is not a whole number of pixels from ${MIN_SIDE} to ${MAX_SIDE}`);
  }
  return { width, height };
}
